# bdgen R runtime: hand-written, copied verbatim into every generated R package
# by `bdgen generate --lang r`. Edit generators/src/languages/r/runtime/ in the
# bdgen repository, never the copy.
#
# BigQuery over its REST API v2 (bigrquery is not needed): jobs.query, then
# jobs.getQueryResults page by page. Every request is one call of the retry
# loop (runtime-retry.R), so a failed page is retried alone and no row is lost
# or repeated; jobs.query carries a requestId, so a retried query finds the
# job its first try made instead of running twice. Errors are mapped by
# BigQuery's reason, then status, through the spec's error table.

# Milliseconds BigQuery may hold a jobs.query or getQueryResults call open
# waiting for the job (it then answers jobComplete: false and is asked again).
bd_bigquery_wait_ms <- 10000

# Seconds a query may run in all before the read gives up (option `<package>.query_timeout`).
bd_default_query_timeout <- 6 * 3600

# A random 32-hex-digit id (jobs.query's requestId).
bd_request_id <- function() paste(sprintf("%02x", as.integer(sample.int(256L, 16L, replace = TRUE) - 1L)), collapse = "")

# What each BigQuery call needs: the spec, the billed project, where BigQuery is,
# the retry policy, how to wait, and the seconds each try may take: the
# call's `timeout`, else the server's wait plus the option `<package>.timeout`
# (30 s). BigQuery is asked to answer a wait within half a try.
bd_bigquery_context <- function(spec, project, sleep = Sys.sleep, timeout = NULL) {
  seconds <- if (is.null(timeout)) bd_bigquery_wait_ms / 1000 + bd_resolve_timeout(spec) else bd_resolve_timeout(spec, timeout)
  token <- bd_bigquery_token(spec)
  list(spec = bd_with_secrets(spec, if (!is.null(token)) list(Authorization = paste("Bearer", token))), project = project,
    base_url = bd_bigquery_base_url(spec), policy = bd_active_retry_policy(spec), sleep = sleep, token = token,
    timeout = seconds, wait_ms = min(bd_bigquery_wait_ms, floor(seconds * 500)))
}

# BigQuery's error answer {error: {code, message, errors: [{reason, message, location}]}}.
bd_bigquery_error_body <- function(resp) {
  parsed <- tryCatch(bd_parse_json(bd_body_text(resp)), error = function(e) NULL)
  error <- if (is.list(parsed)) parsed$error else NULL
  first <- if (is.list(error) && is.list(error$errors) && length(error$errors) > 0L) error$errors[[1L]] else list()
  list(
    reason = if (is.character(first$reason)) first$reason else NULL,
    message = if (is.character(error$message)) error$message else if (is.character(first$message)) first$message else NULL,
    location = if (is.character(first$location)) first$location else NULL
  )
}

# The condition for a failed BigQuery try, its kind by reason, then status.
bd_bigquery_error <- function(spec, result, what, attempts, timeout = NA) {
  tries <- if (attempts > 1L) sprintf(" (after %d attempts)", attempts) else ""
  if (result$type == "timeout") {
    return(bd_condition(spec, "timeout", sprintf("BigQuery did not answer %s within %s s (the timeout of each try)%s", what, format(timeout), tries), attempts = attempts))
  }
  if (result$type == "redirect") return(bd_redirect_condition(spec, result, sprintf("BigQuery (%s)", what), attempts))
  if (result$type == "network") return(bd_condition(spec, "connection", sprintf("BigQuery could not be reached (%s): %s%s", what, result$message, tries), attempts = attempts))
  spec <- bd_with_secrets(spec, bd_response_cookies(result$resp))
  status <- httr2::resp_status(result$resp)
  body <- bd_bigquery_error_body(result$resp)
  kind <- bd_error_kind_for_reason(spec, body$reason)
  if (kind == bd_unknown_kind) kind <- bd_error_kind_for_status(spec, status)
  label <- if (is.null(body$reason)) as.character(status) else paste(status, body$reason)
  text <- if (is.null(body$message)) substr(gsub("\\s+", " ", bd_redact(bd_body_text(result$resp), spec$secrets)), 1L, bd_max_quoted_body) else body$message
  where <- if (is.null(body$location)) "" else sprintf(" (location: %s)", body$location)
  retry_after <- bd_parse_retry_after(bd_retry_after_header(result$resp))
  bd_condition(spec, kind, sprintf("BigQuery %s: %s%s%s", label, text, where, tries),
    status = status, reason = body$reason, request_id = bd_header(result$resp, "x-request-id") %||% bd_header(result$resp, "x-goog-request-id"),
    attempts = attempts, retry_after = if (is.na(retry_after)) NULL else retry_after / 1000
  )
}

`%||%` <- function(a, b) if (is.null(a)) b else a

# The request of one BigQuery REST call. `query` is a named list of query
# parameters, `body` any R value sent as JSON.
bd_bigquery_request <- function(ctx, method, path, query = list(), body = NULL) {
  spec <- ctx$spec
  query <- Filter(Negate(is.null), query)
  url <- paste0(ctx$base_url, path)
  if (length(query) > 0L) {
    url <- paste0(url, "?", paste0(bd_percent_encode(names(query)), "=", bd_percent_encode(vapply(query, bd_wire_scalar, "")), collapse = "&"))
  }
  req <- httr2::request(url)
  req <- httr2::req_method(req, method)
  req <- httr2::req_timeout(req, ctx$timeout)
  req <- httr2::req_user_agent(req, sprintf("%s/%s (R %s)", spec$package, spec$version, format(getRversion())))
  if (!is.null(ctx$token)) req <- httr2::req_auth_bearer_token(req, ctx$token)
  if (!is.null(body)) req <- httr2::req_body_raw(req, bd_json_text(body), type = "application/json")
  req
}

# Sends a bodyless BigQuery request now, without waiting for its answer: the
# `started` of a later bd_bigquery_call().
bd_bigquery_start <- function(ctx, method, path, query = list()) {
  req <- bd_bigquery_request(ctx, method, path, query)
  list(req = req, transfer = bd_http_start(req))
}

# One BigQuery REST call under the retry policy; returns the parsed JSON answer.
# `started` (bd_bigquery_start() of the same call): its answer is the first
# try's, so a prefetched page is retried, typed and redacted like any other.
bd_bigquery_call <- function(ctx, method, path, query = list(), body = NULL, what = path, started = NULL) {
  spec <- ctx$spec
  req <- if (is.null(started)) bd_bigquery_request(ctx, method, path, query, body) else started$req
  attempt <- function(n) {
    result <- bd_http_attempt(req, if (n == 1L) started$transfer)
    if (result$type == "response") {
      status <- httr2::resp_status(result$resp)
      if (status >= 200L && status < 300L) {
        parsed <- tryCatch(bd_parse_json(bd_body_text(result$resp)), error = function(e) NULL)
        if (is.list(parsed)) return(list(ok = TRUE, value = parsed))
        # curl reports a body cut short as a transfer error (a network failure, retried);
        # a whole answer that is not JSON is the server's fault, and asking again changes nothing.
        type <- bd_header(result$resp, "content-type") %||% "untyped"
        return(list(ok = FALSE, failure = NULL, repeatable = FALSE, error = function(attempts) {
          bd_condition(spec, "server", sprintf("BigQuery answered %d with a %s body that is not valid JSON (%s)", status, type, what),
            status = status, attempts = attempts)
        }))
      }
    }
    failure <- if (result$type != "response") {
      list(type = result$type)
    } else {
      reason <- bd_bigquery_error_body(result$resp)$reason
      if (is.null(reason)) list(type = "status", status = httr2::resp_status(result$resp)) else list(type = "bigquery", reason = reason)
    }
    list(ok = FALSE, failure = failure, repeatable = result$type != "redirect",
      retry_after = if (result$type == "response") bd_retry_after_header(result$resp) else NULL,
      error = function(attempts) bd_bigquery_error(spec, result, what, attempts, ctx$timeout))
  }
  bd_retry_loop(ctx$policy, attempt, sleep = ctx$sleep)
}

# BigQuery's REST type names (INTEGER) -> standard SQL names (INT64).
bd_standard_type <- function(type) {
  type <- toupper(type)
  map <- c(INTEGER = "INT64", FLOAT = "FLOAT64", BOOLEAN = "BOOL", STRUCT = "RECORD")
  ifelse(type %in% names(map), map[type], type)
}

# The schema's fields as list(name, type (standard), mode, fields).
bd_schema_fields <- function(schema) {
  lapply(schema$fields, function(f) list(
    name = f$name, type = unname(bd_standard_type(if (is.null(f$type)) "STRING" else f$type)),
    mode = if (is.null(f$mode)) "NULLABLE" else toupper(f$mode),
    fields = if (is.null(f$fields)) list() else bd_schema_fields(list(fields = f$fields))
  ))
}

# A page's rows as one list per column: character vectors for scalar columns
# (NA for NULL), lists of the wire values for RECORD and REPEATED ones.
# One pass over the page's cells in row order, with the primitive `[[`: a
# closure called per cell made this the slowest step of a read.
bd_page_columns <- function(fields, rows) {
  width <- length(fields)
  cells <- lapply(rows, `[[`, "f")
  # A row of another width (BigQuery sends none) is cut or padded with empty cells.
  if (any(lengths(cells) != width)) cells <- lapply(cells, function(row) c(row, rep(list(list()), width))[seq_len(width)])
  values <- lapply(unlist(cells, recursive = FALSE, use.names = FALSE), `[[`, "v")
  scalar <- vapply(values, is.character, NA) & lengths(values) == 1L
  text <- rep(NA_character_, length(values))
  text[scalar] <- unlist(values[scalar], use.names = FALSE)
  lapply(seq_len(width), function(j) {
    at <- seq.int(j, by = width, length.out = length(rows))
    if (fields[[j]]$type == "RECORD" || fields[[j]]$mode == "REPEATED") values[at] else text[at]
  })
}

# Runs `sql` and hands every page to `on_page(fields, columns)` as it arrives
# (columns: see bd_page_columns()). At most `max_rows` rows are handed over.
# Returns list(fields, total_rows, rows).
bd_bigquery_read <- function(ctx, sql, page_size, on_page, max_rows = NULL) {
  project <- ctx$project
  body <- list(query = sql, useLegacySql = FALSE, formatOptions = list(useInt64Timestamp = TRUE),
    requestId = bd_request_id(), maxResults = page_size, timeoutMs = ctx$wait_ms)
  answer <- bd_bigquery_call(ctx, "POST", sprintf("/projects/%s/queries", bd_percent_encode(project)), body = body, what = "jobs.query")
  job <- answer$jobReference
  results_path <- sprintf("/projects/%s/queries/%s", bd_percent_encode(if (is.null(job$projectId)) project else job$projectId), bd_percent_encode(job$jobId))
  results_query <- function(page_token) {
    list(maxResults = page_size, pageToken = page_token, location = job$location, timeoutMs = ctx$wait_ms, formatOptions.useInt64Timestamp = TRUE)
  }
  fetch <- function(page_token, started = NULL) {
    bd_bigquery_call(ctx, "GET", results_path, query = results_query(page_token), what = "jobs.getQueryResults", started = started)
  }
  deadline <- as.numeric(Sys.time()) + (bd_option(ctx$spec, "query_timeout") %||% bd_default_query_timeout)
  while (!isTRUE(answer$jobComplete)) {
    if (as.numeric(Sys.time()) > deadline) {
      bd_abort(ctx$spec, "timeout", sprintf("BigQuery job %s did not finish within %s s (option %s.query_timeout)", job$jobId,
        format(bd_option(ctx$spec, "query_timeout") %||% bd_default_query_timeout), ctx$spec$package))
    }
    if (is.null(job$jobId)) bd_abort(ctx$spec, bd_unknown_kind, "BigQuery answered jobs.query without a job id")
    answer <- fetch(NULL)
  }
  fields <- bd_schema_fields(answer$schema)
  handed <- 0
  # The next page is asked for before this one's rows are converted and
  # handed over, so BigQuery reads it meanwhile; its answer (or its failure)
  # is taken only once this page is done. A read that stops early drops it.
  prefetched <- NULL
  on.exit(bd_http_cancel(prefetched$transfer), add = TRUE)
  repeat {
    rows <- if (is.null(answer$rows)) list() else answer$rows
    if (!is.null(max_rows) && handed + length(rows) > max_rows) rows <- rows[seq_len(max_rows - handed)]
    token <- answer$pageToken
    last <- is.null(token) || !nzchar(token) || (!is.null(max_rows) && handed + length(rows) >= max_rows)
    if (!last) prefetched <- bd_bigquery_start(ctx, "GET", results_path, results_query(token))
    on_page(fields, bd_page_columns(fields, rows))
    handed <- handed + length(rows)
    if (last) break
    repeat {
      answer <- fetch(token, prefetched)
      prefetched <- NULL
      if (isTRUE(answer$jobComplete) || is.null(answer$jobComplete)) break
    }
  }
  list(fields = fields, total_rows = as.numeric(answer$totalRows %||% handed), rows = handed)
}

# A dry run: the bytes the query would scan.
bd_bigquery_dry_run <- function(ctx, sql) {
  body <- list(query = sql, useLegacySql = FALSE, dryRun = TRUE, useQueryCache = FALSE, requestId = bd_request_id())
  answer <- bd_bigquery_call(ctx, "POST", sprintf("/projects/%s/queries", bd_percent_encode(ctx$project)), body = body, what = "jobs.query (dry run)")
  bytes <- answer$totalBytesProcessed %||% answer$statistics$totalBytesProcessed %||% "0"
  as.numeric(bytes)
}
