# Conditions: one class per kind of the error table, the fields they carry,
# and never a credential (message, fields, call, traceback).
web <- webfakes::new_app_process(test_app(), port = NULL)
withr::defer(web$stop(), teardown_env())

test_that("every kind of the table is its own class under bd_error", {
  spec <- test_spec()
  for (entry in spec$errors) {
    error <- bd_condition(spec, entry$kind, "m")
    expect_identical(class(error), c(paste0("bd_", entry$kind), "bd_error", "error", "condition"))
  }
  expect_identical(class(bd_condition(spec, "something_else", "m"))[[1L]], "bd_unknown")
  expect_identical(bd_error_kind_for_status(spec, 404), "not_found")
  expect_identical(bd_error_kind_for_status(spec, 418), "unknown")
  expect_identical(bd_error_kind_for_reason(spec, "responseTooLarge"), "invalid_query")
  expect_identical(bd_error_kind_for_reason(spec, NULL), "unknown")
})

test_that("conditions are caught by kind or as bd_error with tryCatch", {
  spec <- test_spec()
  caught <- tryCatch(bd_abort(spec, "timeout", "late", attempts = 2L), bd_timeout = function(e) "timeout")
  expect_identical(caught, "timeout")
  caught <- tryCatch(bd_abort(spec, "server", "down", status = 503), bd_error = function(e) e$status)
  expect_identical(caught, 503L)
})

test_that("failure messages: title, detail or the body's start, request, request id, tries", {
  expect_identical(bd_describe_failure(500, "GET /x", body_text = strrep("y", 300), attempts = 3L),
    paste0("500: ", strrep("y", 200), "\u2026 (GET /x, after 3 attempts)"))
  expect_identical(bd_describe_failure(400, problem = list(title = "Bad", request_id = "r1")), "400 Bad (request id r1)")
})

leaks <- function(error, secret) {
  texts <- c(conditionMessage(error), utils::capture.output(str(unclass(error))), deparse(conditionCall(error)))
  any(grepl(secret, texts, fixed = TRUE))
}

test_that("a server echoing the credential never gets it into a BigQuery condition", {
  withr::local_envvar(BASEDOSDADOS_ACCESS_TOKEN = fake_token, BASEDOSDADOS_BIGQUERY_ENDPOINT = sub("/$", "", web$url()))
  frames <- NULL
  error <- tryCatch(
    withCallingHandlers(bd_read_sql(test_spec(), list(query = "hostile", billing_project_id = "my-project"), call = quote(read_sql("hostile"))),
      error = function(e) frames <<- sys.calls()),
    error = identity
  )
  expect_s3_class(error, "bd_access_denied")
  # The token was sent ...
  expect_identical(jsonlite::fromJSON(web$url("/__last"))$auth, paste("Bearer", fake_token))
  # ... the server echoed it, and no part of the condition nor of the traceback holds it.
  expect_match(conditionMessage(error), "denied for Bearer <redacted>", fixed = TRUE)
  expect_false(leaks(error, fake_token))
  expect_false(any(grepl(fake_token, unlist(lapply(frames, deparse)), fixed = TRUE)))
  expect_identical(conditionCall(error), quote(read_sql("hostile")))
})

test_that("a credential sent as a header and echoed by the catalogue API is redacted too", {
  spec <- test_spec()
  spec$default_base_url <- sub("/$", "", web$url())
  withr::local_options(bdruntimetest.headers = list(Authorization = paste("Bearer", fake_token)),
    bdruntimetest.retry = list(max_attempts = 1))
  error <- tryCatch(bd_call(spec, "hostile"), error = identity)
  expect_s3_class(error, "bd_server")
  expect_false(leaks(error, fake_token))
  expect_false(leaks(error, "FAKE-SECRET"))
})

test_that("redaction covers registered secrets, bearer tokens and OAuth tokens, in lists too", {
  bd_register_secret("s3cr3t-value-123")
  expect_identical(bd_redact("key s3cr3t-value-123 and bearer abc.def and ya29.zzz"), "key <redacted> and bearer <redacted> and <redacted>")
  expect_identical(bd_redact(list(a = list(b = "Bearer x1"))), list(a = list(b = "Bearer <redacted>")))
})
