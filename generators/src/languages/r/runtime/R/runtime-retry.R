# bdgen R runtime: hand-written, copied verbatim into every generated R package
# by `bdgen generate --lang r`. Edit generators/src/languages/r/runtime/ in the
# bdgen repository, never the copy.
#
# The spec's retry policy (x-bd-retry, handed in as spec$retry) and the one
# retry loop both the HTTP client and BigQuery use. Same semantics as the
# TypeScript and Python runtimes: delays in milliseconds, rounded half up,
# max_attempts counts the first try. Checked with tests/shared/retry-cases.json.

bd_retry_fields <- c(
  "max_attempts", "statuses", "network_errors", "initial_delay_ms", "multiplier",
  "max_delay_ms", "jitter", "retry_after", "max_retry_after_ms", "bigquery_reasons"
)

# The policy with `overrides` applied (list(max_attempts = 1) turns retries
# off); NULL overrides are ignored. Nonsense stops with a message naming the field.
bd_resolve_retry_policy <- function(base, overrides = NULL) {
  overrides <- Filter(Negate(is.null), as.list(overrides))
  unknown <- setdiff(names(overrides), bd_retry_fields)
  if (length(unknown) > 0L) {
    stop(sprintf("retry has no setting %s; known: %s",
      paste(sort(unknown), collapse = ", "), paste(sort(bd_retry_fields), collapse = ", ")), call. = FALSE)
  }
  policy <- as.list(base)
  policy[names(overrides)] <- overrides
  for (name in c("statuses", "bigquery_reasons")) policy[[name]] <- unlist(policy[[name]])
  check <- function(ok, name, rule) {
    if (!isTRUE(ok)) {
      stop(sprintf("retry.%s %s, got %s", name, rule, format(policy[[name]])), call. = FALSE)
    }
  }
  number <- function(x) is.numeric(x) && length(x) == 1L && !is.na(x)
  check(number(policy$max_attempts) && policy$max_attempts >= 1 && policy$max_attempts == round(policy$max_attempts),
    "max_attempts", "must be an integer >= 1")
  check(number(policy$initial_delay_ms) && policy$initial_delay_ms >= 0, "initial_delay_ms", "must be >= 0")
  check(number(policy$multiplier) && policy$multiplier >= 1, "multiplier", "must be >= 1")
  check(number(policy$max_delay_ms) && policy$max_delay_ms >= 0, "max_delay_ms", "must be >= 0")
  check(number(policy$jitter) && policy$jitter >= 0 && policy$jitter <= 1, "jitter", "must be between 0 and 1")
  check(number(policy$max_retry_after_ms) && policy$max_retry_after_ms >= 0, "max_retry_after_ms", "must be >= 0")
  policy
}

# A failure, as far as the retry decision cares:
#   list(type = "status", status = 503), list(type = "network"),
#   list(type = "timeout"), list(type = "bigquery", reason = "backendError").
bd_should_retry <- function(policy, failure, attempts_made) {
  if (attempts_made >= policy$max_attempts) return(FALSE)
  switch(failure$type,
    status = failure$status %in% policy$statuses,
    bigquery = failure$reason %in% policy$bigquery_reasons,
    network = isTRUE(policy$network_errors),
    timeout = isTRUE(policy$network_errors),
    FALSE
  )
}

# Rounds halves up, like JavaScript's Math.round (R's round() rounds halves to even).
bd_round_half_up <- function(x) floor(x + 0.5)

# The computed wait before retry number `retry` (1 for the first), in ms:
# min(max_delay_ms, initial_delay_ms * multiplier^(retry - 1)), minus a random
# part of up to `jitter` of it, so clients that failed together do not retry together.
bd_backoff_delay_ms <- function(policy, retry, random = stats::runif) {
  exponent <- max(0, retry - 1)
  base <- min(policy$max_delay_ms, policy$initial_delay_ms * policy$multiplier^exponent)
  fraction <- min(1, max(0, random(1)))
  max(0, bd_round_half_up(base * (1 - policy$jitter * fraction)))
}

bd_now_ms <- function() as.numeric(Sys.time()) * 1000

# An HTTP-date (IMF-fixdate, RFC 850 or asctime; always GMT) as ms since the epoch, or NA.
bd_parse_http_date <- function(text) {
  old <- Sys.getlocale("LC_TIME")
  on.exit(Sys.setlocale("LC_TIME", old), add = TRUE)
  Sys.setlocale("LC_TIME", "C")
  bare <- trimws(sub("\\s+(GMT|UTC)$", "", text, ignore.case = TRUE))
  bare <- gsub("\\s+", " ", bare)
  for (format in c("%a, %d %b %Y %H:%M:%S", "%A, %d-%b-%y %H:%M:%S", "%a %b %d %H:%M:%S %Y")) {
    at <- strptime(bare, format, tz = "UTC")
    if (!is.na(at)) return(as.numeric(as.POSIXct(at)) * 1000)
  }
  NA_real_
}

# How long a Retry-After header asks to wait, in ms: delta-seconds ("120",
# "0.5") or an HTTP-date (compared with `now`; a past date means 0). NA when
# absent or unreadable. Of several values, the first counts.
bd_parse_retry_after <- function(value, now = bd_now_ms) {
  if (is.null(value) || length(value) == 0L || is.na(value[[1L]])) return(NA_real_)
  text <- trimws(as.character(value[[1L]]))
  if (!nzchar(text)) return(NA_real_)
  if (grepl("^[0-9]+(\\.[0-9]+)?$", text)) return(bd_round_half_up(as.numeric(text) * 1000))
  # A date must at least name a month or a day; bare numbers such as "-1" are not dates.
  if (!grepl("[A-Za-z]", text)) return(NA_real_)
  at <- bd_parse_http_date(text)
  if (is.na(at)) return(NA_real_)
  max(0, bd_round_half_up(at - now()))
}

# The wait before retry number `retry`, in ms: the server's Retry-After when
# the policy honours it and it is readable (cut to max_retry_after_ms), else backoff.
bd_retry_delay_ms <- function(policy, retry, retry_after_header = NULL, random = stats::runif, now = bd_now_ms) {
  if (isTRUE(policy$retry_after)) {
    asked <- bd_parse_retry_after(retry_after_header, now)
    if (!is.na(asked)) return(min(asked, bd_round_half_up(policy$max_retry_after_ms)))
  }
  bd_backoff_delay_ms(policy, retry, random)
}

# The one retry loop. `attempt(n)` makes try number n and returns either
#   list(ok = TRUE, value = <result>)
# or
#   list(ok = FALSE, failure = <see bd_should_retry>, retry_after = <header or NULL>,
#        repeatable = <may this try be repeated>, error = function(attempts) <condition>)
# The loop returns the first value, or signals the last try's condition once
# the policy says stop. `sleep` takes seconds (tests pass a recorder).
bd_retry_loop <- function(policy, attempt, sleep = Sys.sleep, random = stats::runif) {
  n <- 1L
  repeat {
    result <- attempt(n)
    if (isTRUE(result$ok)) return(result$value)
    repeatable <- !identical(result$repeatable, FALSE)
    if (!repeatable || is.null(result$failure) || !bd_should_retry(policy, result$failure, n)) {
      stop(result$error(n))
    }
    sleep(bd_retry_delay_ms(policy, n, result$retry_after, random = random) / 1000)
    n <- n + 1L
  }
}

# The policy in force: the spec's, changed by option `<package>.retry` (a list).
bd_active_retry_policy <- function(spec) {
  bd_resolve_retry_policy(spec$retry, bd_option(spec, "retry"))
}
