# The HTTP client against a real HTTP app on 127.0.0.1 (webfakes).
web <- webfakes::new_app_process(test_app(), port = NULL)
withr::defer(web$stop(), teardown_env())

api <- function(...) {
  spec <- test_spec()
  spec$default_base_url <- sub("/$", "", web$url())
  spec
}
hits <- function(key) jsonlite::fromJSON(web$url(paste0("/count/", key)))$hits

test_that("a call returns the parsed JSON body", {
  thing <- bd_call(api(), "getThing", list(thing_id = "abc"))
  expect_identical(thing, list(id = "abc", tags = list("a", "b")))
})

test_that("a failed response is a typed condition with status, problem and request id", {
  error <- tryCatch(bd_call(api(), "getThing", list(thing_id = "missing"), call = quote(get_thing("missing"))), error = identity)
  expect_s3_class(error, c("bd_not_found", "bd_error", "error", "condition"), exact = TRUE)
  expect_identical(error$status, 404L)
  expect_identical(error$request_id, "req-404")
  expect_identical(error$problem$detail, "thing missing does not exist")
  expect_identical(error$attempts, 1L)
  expect_identical(conditionMessage(error), "404 Not found: thing missing does not exist (GET /things/missing, request id req-404)")
  expect_identical(conditionCall(error), quote(get_thing("missing")))
})

test_that("an answer without a body is read as empty, and an error without one is still its typed condition", {
  expect_null(bd_call(api(), "emptyJson", list(status = 200)))
  expect_identical(bd_call(api(), "emptyBinary", list(status = 200)), raw(0))
  expect_identical(bd_call(api(), "emptyText", list(status = 200)), "")
  error <- tryCatch(bd_call(api(), "emptyJson", list(status = 404)), error = identity)
  expect_s3_class(error, "bd_not_found")
  expect_identical(error$status, 404L)
  expect_null(error$problem)
  expect_s3_class(tryCatch(bd_call(api(), "emptyBinary", list(status = 403)), error = identity), "bd_access_denied")
})

test_that("a bad argument is refused before any request", {
  expect_error(bd_call(api(), "getThing", list(thing_id = "x; DROP")), class = "bd_validation")
  expect_error(bd_call(api(), "getThing", list(thing_id = "../x")), class = "bd_validation")
})

test_that("retryable statuses are retried as the policy says, honouring Retry-After", {
  waits <- numeric()
  got <- bd_call(api(), "flaky", list(key = "r1", fail = 503, times = 2, retry_after = "0.02"), options = list(sleep = function(s) waits <<- c(waits, s)))
  expect_identical(got$tries, 3L)
  expect_equal(waits, c(0.02, 0.02))
  error <- tryCatch(bd_call(api(), "flaky", list(key = "r2", fail = 500, times = 9), options = quick), error = identity)
  expect_s3_class(error, "bd_server")
  expect_identical(error$attempts, 4L)
  expect_identical(hits("r2"), 4L)
  expect_match(conditionMessage(error), "after 4 attempts", fixed = TRUE)
  expect_error(bd_call(api(), "flaky", list(key = "r3", fail = 404, times = 9), options = quick), class = "bd_not_found")
  expect_identical(hits("r3"), 1L)
})

test_that("429 becomes bd_rate_limited carrying Retry-After; retry settings come from the option", {
  withr::local_options(bdruntimetest.retry = list(max_attempts = 1))
  error <- tryCatch(bd_call(api(), "flaky", list(key = "r4", fail = 429, times = 9, retry_after = "7")), error = identity)
  expect_s3_class(error, "bd_rate_limited")
  expect_identical(error$attempts, 1L)
  expect_equal(error$retry_after, 7)
})

test_that("network errors: retried for GET, not for POST; bd_connection in the end", {
  spec <- test_spec()
  spec$default_base_url <- "http://127.0.0.1:9" # discard port: nothing listens
  tries <- 0L
  counting <- list(sleep = function(s) tries <<- tries + 1L)
  error <- tryCatch(bd_call(spec, "getThing", list(thing_id = "a"), options = counting), error = identity)
  expect_s3_class(error, "bd_connection")
  expect_identical(error$attempts, 4L)
  expect_identical(tries, 3L)
  error <- tryCatch(bd_call(spec, "postFlaky", list(key = "a"), options = counting), error = identity)
  expect_s3_class(error, "bd_connection")
  expect_identical(error$attempts, 1L)
})

test_that("a try longer than the timeout is bd_timeout", {
  withr::local_options(bdruntimetest.retry = list(max_attempts = 1))
  error <- tryCatch(bd_call(api(), "slow", options = list(timeout = 0.3)), error = identity)
  expect_s3_class(error, "bd_timeout")
  expect_match(conditionMessage(error), "timed out")
})

test_that("bodies: json, form, text, binary; header and cookie parameters; array path", {
  echo <- function(body, type = NULL) bd_call(api(), "echo", list(p = c("a", "b"), q = c("x", "y"), `X-Trace` = "t-1", session = "s1", body = body), options = list(content_type = type))
  got <- echo(list(name = "S\u00e3o Paulo", n = 3, ok = TRUE, tags = list("a")))
  expect_identical(got$body, "{\"name\":\"S\u00e3o Paulo\",\"n\":3,\"ok\":true,\"tags\":[\"a\"]}")
  expect_identical(got$type, "application/json")
  expect_identical(got$path, "/echo/a,b")
  expect_identical(got$query, "q=x&q=y")
  expect_identical(got$trace, "t-1")
  expect_identical(got$cookie, "session=s1")
  expect_identical(echo(list(a = "1 2", b = "&"), "application/x-www-form-urlencoded")$body, "a=1%202&b=%26")
  expect_identical(echo("plain", "text/plain")$body, "plain")
  expect_identical(echo(charToRaw("raw!"), "application/octet-stream")$type, "application/octet-stream")
  expect_error(echo(list(a = 1), "image/png"), class = "bd_validation")
  expect_error(bd_call(api(), "echo", list(p = "a", `X-Trace` = "a\r\nX-Evil: 1")), class = "bd_validation")
})

test_that("a 2xx answer whose JSON does not parse is bd_server naming the content type, not retried", {
  error <- tryCatch(bd_call(api(), "brokenJson", options = quick), error = identity)
  expect_s3_class(error, "bd_server")
  expect_identical(error$attempts, 1L)
  expect_identical(hits("broken-json"), 1L)
  expect_match(conditionMessage(error), "application/json", fixed = TRUE)
})

test_that("responses: text and binary kinds", {
  expect_identical(bd_call(api(), "text"), "plain text \u00e9")
  expect_identical(bd_call(api(), "binary"), as.raw(c(0, 1, 255)))
})

test_that("base URL: argument, then option, then BASEDOSDADOS_API_URL, then the spec", {
  spec <- test_spec()
  withr::local_envvar(BASEDOSDADOS_API_URL = "http://127.0.0.1:1/env")
  expect_identical(bd_resolve_base_url(spec), "http://127.0.0.1:1/env")
  withr::local_options(bdruntimetest.api_url = "http://127.0.0.1:2/option/")
  expect_identical(bd_resolve_base_url(spec), "http://127.0.0.1:2/option")
  expect_identical(bd_resolve_base_url(spec, "http://127.0.0.1:3"), "http://127.0.0.1:3")
  expect_error(bd_resolve_base_url(spec, "ftp://x"), class = "bd_validation")
})

test_that("base URL by environment: after BASEDOSDADOS_API_URL, the api_url of the option's environment, else BASEDOSDADOS_ENVIRONMENT's, else the default's", {
  spec <- test_spec()
  spec$environments[[1L]]$api_url <- "https://prod.example.invalid"
  spec$environments[[2L]]$api_url <- "https://staging.example.invalid/"
  withr::local_envvar(BASEDOSDADOS_API_URL = NA, BASEDOSDADOS_ENVIRONMENT = NA)
  expect_identical(bd_resolve_base_url(spec), "https://prod.example.invalid")
  withr::local_envvar(BASEDOSDADOS_ENVIRONMENT = "staging")
  expect_identical(bd_resolve_base_url(spec), "https://staging.example.invalid")
  withr::local_options(bdruntimetest.environment = "prod")
  expect_identical(bd_resolve_base_url(spec), "https://prod.example.invalid")
  withr::local_envvar(BASEDOSDADOS_API_URL = "http://127.0.0.1:1/env")
  expect_identical(bd_resolve_base_url(spec), "http://127.0.0.1:1/env")
  withr::local_envvar(BASEDOSDADOS_API_URL = NA)
  withr::local_options(bdruntimetest.environment = "moon")
  error <- tryCatch(bd_resolve_base_url(spec), error = identity)
  expect_s3_class(error, "bd_validation")
  expect_match(conditionMessage(error), 'option bdruntimetest.environment names the environment "moon"; choose one of "prod", "staging"', fixed = TRUE)
  # An environment without an api_url leaves the spec's first server.
  spec$environments[[1L]]$api_url <- ""
  withr::local_options(bdruntimetest.environment = NULL)
  withr::local_envvar(BASEDOSDADOS_ENVIRONMENT = NA)
  expect_identical(bd_resolve_base_url(spec), "http://127.0.0.1:9")
})
