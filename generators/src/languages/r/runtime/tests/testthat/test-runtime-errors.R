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

# Every way R shows a condition: its message, print() and str().
dump_of <- function(error) c(conditionMessage(error), utils::capture.output(print(error)), utils::capture.output(str(error)))

test_that("credentials a failing server echoes are redacted from every rendering of bd_access_denied, bd_validation and bd_server", {
  spec <- test_spec()
  spec$default_base_url <- sub("/$", "", web$url())
  secrets <- c(api_key = "key-FAKE-0123456789", basic = "dXNlcjpGQUtFLXBhc3N3b3Jk", trace = "trace-FAKE-9876",
    cookie = "sess-FAKE-cookie-42", call_header = "call-FAKE-header-77", set_cookie = "cookie-FAKE-set-on-the-error")
  withr::local_options(bdruntimetest.headers = list(`X-Api-Key` = secrets[["api_key"]], Authorization = paste("Basic", secrets[["basic"]])),
    bdruntimetest.retry = list(max_attempts = 1))
  for (case in list(c("403", "problem", "bd_access_denied"), c("422", "problem", "bd_validation"), c("500", "text", "bd_server"))) {
    error <- tryCatch(bd_call(spec, "echoFail", list(status = as.integer(case[[1L]]), type = case[[2L]], `X-Trace` = secrets[["trace"]],
      session = secrets[["cookie"]]), options = list(headers = list(`X-Call` = secrets[["call_header"]])),
      call = call("echo_fail", x_trace = secrets[["trace"]])), error = identity)
    expect_s3_class(error, case[[3L]])
    # The server got every value and quoted it back, so the checks below can fail ...
    echoed <- unlist(jsonlite::fromJSON(web$url("/__echoed"))$values)
    expect_true(all(setdiff(secrets, secrets[["set_cookie"]]) %in% c(echoed, sub("^Basic ", "", echoed))), label = "every secret was echoed")
    # ... and no rendering of the condition holds any of them.
    dump <- dump_of(error)
    for (name in names(secrets)) expect_false(any(grepl(secrets[[name]], dump, fixed = TRUE)), label = paste(case[[3L]], "shows", name))
    expect_match(paste(dump, collapse = "\n"), "X-Trace: [redacted", fixed = TRUE)
    expect_identical(conditionCall(error), call("echo_fail", x_trace = "[redacted]"))
    expect_match(conditionMessage(error), "bdruntimetest/9.9.9", fixed = TRUE) # the User-Agent is no credential
  }
})

test_that("a cookie a server set is never sent back, nor shown", {
  spec <- test_spec()
  spec$default_base_url <- sub("/$", "", web$url())
  error <- tryCatch(bd_call(spec, "echoFail", list(status = 403L, key = "cookie-1"), options = quick), error = identity)
  expect_s3_class(error, "bd_access_denied")
  expect_identical(error$attempts, 2L) # the 503 that set the cookie, then the echo
  expect_false("cookie-FAKE-set-on-a-503" %in% unlist(jsonlite::fromJSON(web$url("/__echoed"))$values))
  expect_false(any(grepl("cookie-FAKE", dump_of(error), fixed = TRUE)))
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
  expect_match(conditionMessage(error), "denied for [redacted]", fixed = TRUE)
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

test_that("redaction covers registered secrets, the call's secrets, and anything shaped like a credential, in lists and calls too", {
  bd_register_secret("s3cr3t-value-123")
  expect_identical(bd_redact("key s3cr3t-value-123 and bearer abc.def and ya29.zzz"), "key [redacted] and bearer [redacted] and [redacted]")
  expect_identical(bd_redact(list(a = list(b = "Bearer x1"))), list(a = list(b = "Bearer [redacted]")))
  expect_identical(bd_redact("sent abcd and abc", secrets = c("abcd", "abc")), "sent [redacted] and abc") # under 4 characters: left alone
  expect_identical(bd_redact(quote(f(x = "abcd", y = g("abcd"))), secrets = "abcd"), quote(f(x = "[redacted]", y = g("[redacted]"))))
  shaped <- c(
    "Authorization: Basic dXNlcjpwYXNz", "Proxy-Authorization: Digest username=x", "key AIzaSyA-FAKE-0123456789abcdefghijklmnop",
    "jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJGQUtFIn0.c2lnbmF0dXJl", "GET /x?token=FAKE-tok&page=2&api_key=FAKE-key",
    "-----BEGIN PRIVATE KEY-----\nMIIFAKE\n-----END PRIVATE KEY-----", "Cookie: a=FAKE-one; b=FAKE-two", "Set-Cookie: s=FAKE-three; Path=/"
  )
  redacted <- bd_redact(shaped)
  expect_false(any(grepl("dXNlcjpwYXNz|username=x|AIza|eyJ|FAKE-tok|FAKE-key|MIIFAKE|FAKE-one|FAKE-two|FAKE-three", redacted)), label = paste(redacted, collapse = " | "))
  expect_match(redacted[[5L]], "page=2", fixed = TRUE)
})
