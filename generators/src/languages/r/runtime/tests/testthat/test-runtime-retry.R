# The retry policy, checked with the same given/want tables as the TypeScript
# and Python runtimes (tests/shared/retry-cases.json, shipped as a copy).
cases <- jsonlite::read_json(test_path("retry-cases.json"))
policy_with <- function(overrides) bd_resolve_retry_policy(cases$policy, overrides)
now <- function() as.numeric(as.POSIXct(cases$now, format = "%Y-%m-%dT%H:%M:%SZ", tz = "UTC")) * 1000

test_that("should_retry follows the shared table", {
  for (case in cases$should_retry) {
    failure <- case$failure
    expect_identical(bd_should_retry(policy_with(case$overrides), failure, case$attempts_made), case$want, label = case$name)
  }
  expect_gt(length(cases$should_retry), 10)
})

test_that("backoff_delay_ms follows the shared table", {
  for (case in cases$backoff_delay_ms) {
    got <- bd_backoff_delay_ms(policy_with(case$overrides), case$retry, random = function(n) case$random)
    expect_equal(got, case$want, label = case$name)
  }
})

test_that("backoff stays within (1 - jitter) of the computed delay and varies", {
  bounds <- cases$backoff_bounds
  delays <- vapply(1:300, function(i) bd_backoff_delay_ms(cases$policy, bounds$retry), 0)
  expect_gte(min(delays), bounds$min)
  expect_lte(max(delays), bounds$max)
  expect_gt(length(unique(delays)), 10)
})

test_that("parse_retry_after follows the shared table", {
  for (case in cases$parse_retry_after) {
    header <- if (is.list(case$header)) unlist(case$header) else case$header
    got <- bd_parse_retry_after(header, now = now)
    if (is.null(case$want)) expect_true(is.na(got), label = case$name) else expect_equal(got, case$want, label = case$name)
  }
})

test_that("retry_delay_ms follows the shared table", {
  for (case in cases$retry_delay_ms) {
    got <- bd_retry_delay_ms(policy_with(case$overrides), case$retry, case$header, random = function(n) case$random, now = now)
    expect_equal(got, case$want, label = case$name)
  }
})

test_that("round_half_up rounds like Math.round", {
  for (case in cases$round_half_up) expect_equal(bd_round_half_up(case$given), case$want, label = format(case$given))
})

test_that("resolve_retry_policy applies overrides and refuses nonsense", {
  applies <- cases$resolve_retry_policy$applies
  resolved <- bd_resolve_retry_policy(cases$policy, applies$overrides)
  for (name in names(applies$want)) expect_equal(unlist(resolved[[name]]), unlist(applies$want[[name]]), label = name)
  for (case in cases$resolve_retry_policy$rejects) {
    expect_error(bd_resolve_retry_policy(cases$policy, case$overrides), case$message, label = case$message)
  }
})

test_that("the retry loop retries what the policy says, waits, and raises the last try's condition", {
  spec <- test_spec()
  waits <- numeric()
  tries <- 0L
  attempt <- function(n) {
    tries <<- tries + 1L
    list(ok = FALSE, failure = list(type = "status", status = 503), retry_after = if (n == 2L) "0.01" else NULL,
      error = function(attempts) bd_condition(spec, "server", "still failing", attempts = attempts))
  }
  error <- tryCatch(bd_retry_loop(spec$retry, attempt, sleep = function(s) waits <<- c(waits, s)), bd_error = identity)
  expect_s3_class(error, "bd_server")
  expect_identical(error$attempts, 4L)
  expect_identical(tries, 4L)
  expect_equal(waits, c(0.001, 0.01, 0.002))
})

test_that("the retry loop stops at once for what is not retryable or not repeatable", {
  spec <- test_spec()
  for (result in list(list(failure = list(type = "status", status = 404)), list(failure = list(type = "network"), repeatable = FALSE))) {
    tries <- 0L
    attempt <- function(n) {
      tries <<- tries + 1L
      c(list(ok = FALSE, error = function(attempts) bd_condition(spec, "not_found", "no", attempts = attempts)), result)
    }
    expect_error(bd_retry_loop(spec$retry, attempt, sleep = function(s) stop("no wait expected")), class = "bd_not_found")
    expect_identical(tries, 1L)
  }
  expect_identical(bd_retry_loop(spec$retry, function(n) list(ok = TRUE, value = 42)), 42)
})
