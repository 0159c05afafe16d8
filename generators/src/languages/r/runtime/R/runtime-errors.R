# bdgen R runtime: hand-written, copied verbatim into every generated R package
# by `bdgen generate --lang r`. Edit generators/src/languages/r/runtime/ in the
# bdgen repository, never the copy.
#
# Errors of the package: R conditions of class c("<short>_<kind>",
# "<short>_error", "error", "condition"), where <short> is the brand's short
# prefix (spec$short: bd for Base dos Dados), one kind per entry of the
# spec's x-bd-errors table (handed in as spec$errors). Which statuses and
# BigQuery reasons mean which kind is that table's business, not this file's.

# The kind of a failure no entry of the table claims.
bd_unknown_kind <- "unknown"

# Text quoted from an error body is cut to this many characters.
bd_max_quoted_body <- 200L

# The entry of the table for a kind, or NULL.
bd_error_entry <- function(spec, kind) {
  for (entry in spec$errors) if (identical(entry$kind, kind)) return(entry)
  NULL
}

# The kind an HTTP status means; the first entry listing it wins.
bd_error_kind_for_status <- function(spec, status) {
  for (entry in spec$errors) if (status %in% entry$statuses) return(entry$kind)
  bd_unknown_kind
}

# The kind a BigQuery error reason means; the first entry listing it wins.
bd_error_kind_for_reason <- function(spec, reason) {
  if (is.null(reason) || is.na(reason)) return(bd_unknown_kind)
  for (entry in spec$errors) if (reason %in% entry$bigquery_reasons) return(entry$kind)
  bd_unknown_kind
}

# Builds (does not signal) the condition of one kind.
#
# Fields: kind, status, reason (BigQuery's), request_id, problem (RFC 9457
# problem details as a list), attempts (0: raised before any request),
# invalid_params (list of list(name, label, location, reason)), retry_after
# (seconds). `call` is the user's call (never an internal frame holding a
# request), or NULL. Every text, and the call, is redacted (runtime-redact.R)
# with the secrets of the request (spec$secrets, see bd_with_secrets()).
bd_condition <- function(spec, kind, message, status = NULL, reason = NULL, request_id = NULL,
                         problem = NULL, attempts = 0L, invalid_params = NULL, retry_after = NULL,
                         call = NULL) {
  if (is.null(invalid_params) && is.list(problem) && is.list(problem$invalid_params)) {
    invalid_params <- problem$invalid_params
  }
  if (is.null(request_id) && is.list(problem) && is.character(problem$request_id)) {
    request_id <- problem$request_id
  }
  if (is.null(call)) call <- spec$call
  secrets <- spec$secrets
  known <- !is.null(bd_error_entry(spec, kind))
  classes <- unique(c(paste0(spec$short, "_", if (known) kind else bd_unknown_kind), paste0(spec$short, "_error"), "error", "condition"))
  structure(
    class = classes,
    list(
      message = bd_redact(message, secrets),
      call = bd_redact(call, secrets),
      kind = kind,
      status = if (is.null(status)) NA_integer_ else as.integer(status),
      reason = if (is.null(reason)) NA_character_ else bd_redact(reason, secrets),
      request_id = if (is.null(request_id)) NA_character_ else bd_redact(request_id, secrets),
      problem = bd_redact(problem, secrets),
      attempts = as.integer(attempts),
      invalid_params = bd_redact(invalid_params, secrets),
      retry_after = if (is.null(retry_after)) NA_real_ else retry_after
    )
  )
}

# Signals the condition of one kind (see bd_condition()).
bd_abort <- function(spec, kind, message, ..., call = NULL) {
  stop(bd_condition(spec, kind, message, ..., call = call))
}

# A one-line message for a failed response: status, the problem's title and
# detail (or the start of the body), then the request, request id and tries,
# e.g. "404 Not found: dataset x does not exist (GET /datasets/x, request id 7c9d)".
bd_describe_failure <- function(status, request = NULL, problem = NULL, request_id = NULL,
                                body_text = NULL, attempts = 1L) {
  title <- if (is.list(problem) && is.character(problem$title)) problem$title else ""
  detail <- if (is.list(problem) && is.character(problem$detail)) problem$detail else ""
  summary <- as.character(status)
  if (nzchar(title)) summary <- paste0(summary, " ", title)
  if (nzchar(detail)) summary <- paste0(summary, ": ", detail)
  if (!nzchar(title) && !nzchar(detail) && length(body_text) == 1L && !is.na(body_text)) {
    text <- trimws(gsub("\\s+", " ", body_text, perl = TRUE))
    if (nzchar(text)) {
      cut <- nchar(text) > bd_max_quoted_body
      summary <- paste0(summary, ": ", if (cut) paste0(substr(text, 1L, bd_max_quoted_body), "\u2026") else text)
    }
  }
  context <- character()
  if (length(request) == 1L && nzchar(request)) context <- c(context, request)
  if (is.null(request_id) && is.list(problem) && is.character(problem$request_id)) request_id <- problem$request_id
  if (length(request_id) == 1L && !is.na(request_id) && nzchar(request_id)) {
    context <- c(context, paste("request id", request_id))
  }
  if (attempts > 1L) context <- c(context, paste("after", attempts, "attempts"))
  if (length(context) > 0L) paste0(summary, " (", paste(context, collapse = ", "), ")") else summary
}

# The condition for a failed HTTP response, its kind chosen by status.
bd_error_from_response <- function(spec, status, request = NULL, problem = NULL, request_id = NULL,
                                   body_text = NULL, attempts = 1L, retry_after = NULL, call = NULL) {
  message <- bd_describe_failure(status, request, problem, request_id, body_text, attempts)
  bd_condition(spec, bd_error_kind_for_status(spec, status), message,
    status = status, problem = problem, request_id = request_id, attempts = attempts,
    retry_after = retry_after, call = call
  )
}

# The spec record with the user's call attached: every condition built from it
# names that call (the generated function's, never an internal frame that may
# hold a request and its credential).
bd_with_call <- function(spec, call) {
  spec$call <- call
  spec
}
