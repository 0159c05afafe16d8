# bdgen R runtime: hand-written, copied verbatim into every generated R package
# by `bdgen generate --lang r`. Edit generators/src/languages/r/runtime/ in the
# bdgen repository, never the copy.
#
# The HTTP client the generated catalogue functions delegate to, on httr2:
# check the arguments, build the request, send it under the spec's retry
# policy (the one loop of runtime-retry.R), turn failures into bd_ conditions.

# Network errors and timeouts are only retried for methods safe to repeat.
bd_idempotent_methods <- c("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE")

# Redirect statuses followed within the request's origin, and how many per try
# (docs/architecture.md, "Transport and file rules"). curl never follows one
# itself: it would carry the headers, credentials included, to any host.
bd_redirect_statuses <- c(301L, 302L, 303L, 307L, 308L)
bd_max_redirects <- 5L

# scheme://host:port of an absolute http(s) URL, lower case, the default port
# filled in; NULL when the URL names no host.
bd_origin <- function(url) {
  parts <- tryCatch(httr2::url_parse(url), error = function(e) NULL)
  if (is.null(parts$scheme) || is.null(parts$hostname) || !nzchar(parts$hostname)) return(NULL)
  scheme <- tolower(parts$scheme)
  port <- parts$port %||% switch(scheme, http = "80", https = "443", "")
  sprintf("%s://%s:%s", scheme, tolower(parts$hostname), port)
}

# The absolute URL a Location header points to from `url` (RFC 3986 reference
# forms: absolute, //host, /path, ?query, relative path), or NULL when absent.
bd_resolve_location <- function(url, location) {
  if (is.null(location) || !nzchar(trimws(location))) return(NULL)
  location <- trimws(location)
  if (grepl("^[A-Za-z][A-Za-z0-9+.-]*:", location)) return(location)
  authority <- regmatches(url, regexpr("^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*", url))
  if (startsWith(location, "//")) return(paste0(sub("//.*$", "", authority), location))
  if (startsWith(location, "/")) return(paste0(authority, location))
  path <- sub("[?#].*$", "", substring(url, nchar(authority) + 1L))
  if (startsWith(location, "?")) return(paste0(authority, path, location))
  paste0(authority, sub("[^/]*$", "", path), location)
}

# The request a followed redirect makes: same headers; 307 and 308 keep the
# method and body, 303 (but for HEAD) and 301/302 of a POST continue as a GET
# without a body, as the Fetch standard does.
bd_redirected_request <- function(req, status, url) {
  req <- httr2::req_url(req, url)
  method <- toupper(req$method %||% "GET")
  if ((status == 303L && method != "HEAD") || (status %in% c(301L, 302L) && method == "POST")) {
    req$body <- NULL
    req$fields <- NULL
    req$headers <- req$headers[tolower(names(req$headers)) != "content-type"]
    req <- httr2::req_method(req, "GET")
  }
  req
}

# One request as sent, no redirect followed: list(type = "response", resp) or
# list(type = "network" | "timeout", message). curl turns a user interrupt into
# an ordinary error ("aborted by an application callback"): it is raised again
# as an interrupt, so Ctrl-C stops the call instead of being retried.
bd_http_send <- function(req) {
  tryCatch(
    list(type = "response", resp = httr2::req_perform(req, verbosity = 0L)),
    error = function(error) bd_http_failure(conditionMessage(error))
  )
}

# A transfer that failed with curl's `message`: list(type = "network" | "timeout", message).
bd_http_failure <- function(message) {
  message <- bd_redact(message)
  if (grepl("aborted by an application callback", message, fixed = TRUE)) bd_interrupt()
  timeout <- grepl("Timeout was reached|timed out", message, ignore.case = TRUE)
  list(type = if (timeout) "timeout" else "network", message = message)
}

# The request one try sends: no redirect followed by curl, no status an error.
bd_try_request <- function(req) {
  req <- httr2::req_options(req, followlocation = FALSE)
  httr2::req_error(req, is_error = function(resp) FALSE)
}

# Sends a bodyless request on curl's multi interface and returns at once, so
# the server works on it while R does something else (R has one thread);
# bd_http_attempt(req, started) collects the answer as its first hop. The
# handle is made as httr2 0.2.2's req_perform() makes it (headers, options,
# the method as customrequest), which has no exported way to start a request
# without waiting for it.
bd_http_start <- function(req) {
  sent <- bd_try_request(req)
  handle <- curl::new_handle()
  curl::handle_setheaders(handle, .list = lapply(sent$headers, as.character))
  curl::handle_setopt(handle, .list = c(sent$options, list(customrequest = sent$method %||% "GET")))
  transfer <- new.env(parent = emptyenv())
  transfer$pool <- curl::new_pool()
  transfer$handle <- handle
  transfer$result <- NULL
  curl::curl_fetch_multi(sent$url, pool = transfer$pool, handle = handle,
    done = function(res) {
      transfer$result <- list(type = "response", resp = httr2::response(status_code = res$status_code, url = res$url,
        method = sent$method %||% "GET", headers = res$headers, body = res$content))
    },
    fail = function(message) transfer$result <- list(type = "failed", message = message))
  # Driven until the request is on the wire (connected, TLS done, written),
  # or over: only then can the server work while R does not drive curl.
  wait <- 0
  repeat {
    curl::multi_run(timeout = wait, pool = transfer$pool)
    if (!is.null(transfer$result)) break
    on_wire <- curl::handle_data(handle)$times[["pretransfer"]] > 0 && length(curl::multi_fdset(transfer$pool)$writes) == 0L
    if (on_wire) break
    wait <- 0.001
  }
  transfer
}

# The outcome of a started transfer, waiting for it: bd_http_send()'s form.
bd_http_collect <- function(transfer) {
  while (is.null(transfer$result)) curl::multi_run(timeout = 1, pool = transfer$pool)
  if (transfer$result$type == "failed") bd_http_failure(transfer$result$message) else transfer$result
}

# Stops a started transfer that will not be collected (NULL: nothing to stop).
bd_http_cancel <- function(transfer) {
  if (!is.null(transfer) && is.null(transfer$result)) try(curl::multi_cancel(transfer$handle), silent = TRUE)
  invisible(NULL)
}

# Signals an interrupt as R does on Ctrl-C: handlers for "interrupt" see it;
# unhandled, it returns to the top level (Rscript halts), running on.exit code.
bd_interrupt <- function() {
  signalCondition(structure(class = c("interrupt", "condition"), list(message = "", call = NULL)))
  invokeRestart("abort")
}

# One try of a prepared httr2 request, following same-origin redirects:
# list(type = "response", resp), list(type = "network" | "timeout", message),
# or list(type = "redirect", status, message) for one that is not followed.
# Never retries by itself. `started`: the transfer bd_http_start(req) began,
# whose answer is this try's first hop; one that timed out is sent again at
# once, as its clock ran while R was busy elsewhere and could not read it.
bd_http_attempt <- function(req, started = NULL) {
  req <- bd_try_request(req)
  origin <- bd_origin(req$url)
  for (hop in 0:bd_max_redirects) {
    result <- if (hop == 0L && !is.null(started)) bd_http_collect(started) else bd_http_send(req)
    if (hop == 0L && !is.null(started) && result$type == "timeout") result <- bd_http_send(req)
    if (result$type != "response" || !(httr2::resp_status(result$resp) %in% bd_redirect_statuses)) return(result)
    status <- httr2::resp_status(result$resp)
    target <- bd_resolve_location(req$url, bd_header(result$resp, "location"))
    elsewhere <- if (is.null(target)) NULL else bd_origin(target)
    why <- if (is.null(elsewhere)) {
      sprintf("redirected (%d) without a usable Location", status)
    } else if (!identical(elsewhere, origin)) {
      sprintf("redirected (%d) to another origin, %s; not followed, so no credential leaves %s. To use a moved API, configure its new address", status, elsewhere, origin)
    } else if (hop == bd_max_redirects) {
      sprintf("redirected (%d) more than %d times in one try (more than %d redirects)", status, bd_max_redirects, bd_max_redirects)
    }
    if (!is.null(why)) return(list(type = "redirect", status = status, message = why))
    req <- bd_redirected_request(req, status, target)
  }
}

# The bd_redirect condition of a redirect that was not followed.
bd_redirect_condition <- function(spec, result, request, attempts) {
  bd_condition(spec, "redirect", sprintf("%s was %s", request, result$message), status = result$status, attempts = attempts)
}

bd_is_json_type <- function(content_type) {
  media <- tolower(trimws(sub(";.*$", "", content_type)))
  length(media) == 1L && (media == "application/json" || endsWith(media, "+json"))
}

bd_header <- function(resp, name) {
  value <- httr2::resp_header(resp, name)
  if (is.null(value) || !nzchar(value)) NULL else value
}

# The first of several Retry-After values (a server may repeat the header).
bd_retry_after_header <- function(resp) {
  value <- bd_header(resp, "retry-after")
  if (is.null(value)) NULL else trimws(strsplit(value, ",", fixed = TRUE)[[1L]][[1L]])
}

# The Set-Cookie headers of a response (their values are credentials too).
bd_response_cookies <- function(resp) resp$headers[tolower(names(resp$headers)) == "set-cookie"]

bd_parse_json <- function(text) jsonlite::parse_json(text, simplifyVector = FALSE)

# A response's bytes; raw(0) for an empty body (httr2 0.2.2's resp_body_raw()
# refuses one, and a 204 or an error answered with no body is ordinary).
bd_body_raw <- function(resp) {
  if (!is.raw(resp$body) || length(resp$body) > 0L) httr2::resp_body_raw(resp) else raw(0)
}

# The response body of a failed try, as problem details when it is one.
bd_problem_of <- function(resp) {
  type <- bd_header(resp, "content-type")
  if (is.null(type) || !bd_is_json_type(type)) return(NULL)
  parsed <- tryCatch(bd_parse_json(bd_body_text(resp)), error = function(e) NULL)
  if (!is.list(parsed) || is.null(names(parsed))) return(NULL)
  looks_like_problem <- any(c("type", "title", "status", "detail") %in% names(parsed))
  if (startsWith(tolower(type), "application/problem+json") || looks_like_problem) parsed else NULL
}

bd_body_text <- function(resp) {
  raw <- bd_body_raw(resp)
  if (length(raw) == 0L) return("")
  text <- rawToChar(raw)
  Encoding(text) <- "UTF-8"
  if (validUTF8(text)) text else iconv(text, "latin1", "UTF-8")
}

# The success body by the operation's response kind: json (lists; NULL for an
# empty body; the text for a non-JSON one), binary (raw), text, empty (NULL).
bd_parse_success <- function(spec, op, resp, request, attempts) {
  kind <- if (is.null(op$response)) "json" else op$response
  if (kind == "binary") return(bd_body_raw(resp))
  if (kind == "empty") return(invisible(NULL))
  text <- bd_body_text(resp)
  if (kind == "text") return(text)
  if (!nzchar(text)) return(NULL)
  type <- bd_header(resp, "content-type")
  if (!is.null(type) && !bd_is_json_type(type)) return(text)
  parsed <- tryCatch(bd_parse_json(text), error = function(e) NULL)
  if (is.null(parsed) && !identical(trimws(text), "null")) {
    bd_abort(spec, "server",
      sprintf("%s answered %d with a %s body that is not valid JSON", request, httr2::resp_status(resp), type %||% "untyped"),
      status = httr2::resp_status(resp), request_id = bd_header(resp, "x-request-id"), attempts = attempts
    )
  }
  parsed
}

# The condition for a try that failed, after `attempts` tries.
bd_http_error <- function(spec, result, request, origin, timeout, attempts, problem_of = bd_problem_of) {
  tries <- if (attempts > 1L) sprintf(" after %d attempts", attempts) else ""
  if (result$type == "timeout") {
    return(bd_condition(spec, "timeout", sprintf("%s to %s timed out (%s s per attempt)%s", request, origin, format(timeout), tries), attempts = attempts))
  }
  if (result$type == "redirect") return(bd_redirect_condition(spec, result, request, attempts))
  if (result$type == "network") {
    return(bd_condition(spec, "connection", sprintf("%s to %s failed: %s%s", request, origin, result$message, tries), attempts = attempts))
  }
  resp <- result$resp
  spec <- bd_with_secrets(spec, bd_response_cookies(resp))
  problem <- problem_of(resp)
  retry_after <- bd_parse_retry_after(bd_retry_after_header(resp))
  bd_error_from_response(spec, httr2::resp_status(resp),
    request = request, problem = problem, request_id = bd_header(resp, "x-request-id"),
    body_text = if (is.null(problem)) bd_redact(bd_body_text(resp), spec$secrets) else NULL, attempts = attempts,
    retry_after = if (is.na(retry_after)) NULL else retry_after / 1000
  )
}

# Adds the request body: `value` of the media type `media` (list(type, kind)).
# json: any R value (jsonlite, auto_unbox); form: a named list; multipart: a
# named list whose file parts are curl::form_file(); binary: raw or a file
# path; text: one string.
bd_add_body <- function(spec, req, media, value, where) {
  switch(media$kind,
    json = httr2::req_body_raw(req, bd_json_text(value), type = media$type),
    form = {
      if (!is.list(value) || is.null(names(value))) bd_abort(spec, "validation", sprintf("%s: a form body must be a named list", where), attempts = 0L)
      httr2::req_body_raw(req, paste0(bd_percent_encode(names(value)), "=", bd_percent_encode(vapply(value, bd_wire_scalar, "")), collapse = "&"), type = media$type)
    },
    multipart = {
      if (!is.list(value) || is.null(names(value))) bd_abort(spec, "validation", sprintf("%s: a multipart body must be a named list", where), attempts = 0L)
      do.call(httr2::req_body_multipart, c(list(req), lapply(value, function(part) if (inherits(part, "form_file")) part else bd_wire_scalar(part))))
    },
    binary = {
      if (is.raw(value)) httr2::req_body_raw(req, value, type = media$type)
      else if (is.character(value) && length(value) == 1L && file.exists(value)) httr2::req_body_file(req, value, type = media$type)
      else bd_abort(spec, "validation", sprintf("%s: a binary body must be a raw vector or an existing file path", where), attempts = 0L)
    },
    text = {
      if (!is.character(value) || length(value) != 1L || is.na(value)) bd_abort(spec, "validation", sprintf("%s: a text body must be one string", where), attempts = 0L)
      httr2::req_body_raw(req, enc2utf8(value), type = media$type)
    },
    stop(sprintf("%s: unknown body kind %s", where, media$kind), call. = FALSE)
  )
}

bd_pick_media <- function(spec, op, content_type) {
  media <- op$body$media
  if (is.null(content_type)) return(media[[1L]])
  for (one in media) if (identical(tolower(one$type), tolower(content_type))) return(one)
  bd_abort(spec, "validation", sprintf("%s: content_type must be one of %s, got %s", op$id,
    paste(vapply(media, function(m) m$type, ""), collapse = ", "), content_type), attempts = 0L)
}

# Calls one operation and returns its parsed body. `args` are keyed by wire
# name (the body, if any, under op$body$label). `options`: base_url, timeout
# (seconds per try), headers (named list), content_type, sleep (tests). A
# function of x-bd-graphql is sent as its document (runtime-graphql.R).
bd_call <- function(spec, op_id, args = list(), options = list(), call = NULL) {
  spec <- bd_with_call(spec, call)
  op <- spec$operations[[op_id]]
  if (is.null(op)) stop(sprintf("the spec has no operation %s", op_id), call. = FALSE)
  body_label <- if (is.null(op$body)) character() else op$body$label
  bd_validate_args(spec, op$id, op$params, args, extra = body_label)
  if (!is.null(op$graphql)) return(bd_graphql_call(spec, op, args, options))
  body <- if (length(body_label) == 1L) args[[body_label]] else NULL
  if (!is.null(op$body) && isTRUE(op$body$required) && is.null(body)) {
    bd_abort(spec, "validation", sprintf("Invalid argument for %s: %s is required", op$id, body_label), attempts = 0L)
  }
  parts <- bd_build_request_parts(op, args)
  given <- Filter(function(p) p[["in"]] %in% c("header", "cookie") && !is.null(args[[bd_arg_key(p)]]), op$params)
  bd_send(spec, op, parts$path, options,
    headers = parts$headers, secrets = lapply(given, function(p) as.character(unlist(args[[bd_arg_key(p)]]))),
    body = body, media = if (is.null(body)) NULL else bd_pick_media(spec, op, options$content_type),
    parse = function(spec, resp, request, attempts) bd_parse_success(spec, op, resp, request, attempts))
}

# Sends one request of `op` to the catalogue API at `path` (with its query
# string) under the retry policy: the one request path of every catalogue call.
# `parse(spec, resp, request, attempts)` turns a 2xx answer into the result;
# `problem_of(resp)` reads a failed answer's body (bd_problem_of());
# `idempotent` says whether a network failure may be retried; `authenticate`
# whether each try sends the credentials op$security asks for and the headers
# hook's (runtime-security.R; `security: []` sends nothing).
bd_send <- function(spec, op, path, options, headers = list(), secrets = list(), body = NULL, media = NULL,
                    parse, problem_of = bd_problem_of, idempotent = op$method %in% bd_idempotent_methods,
                    authenticate = is.null(op$security) || length(op$security) > 0L) {
  base_url <- bd_resolve_base_url(spec, options$base_url)
  timeout <- bd_resolve_timeout(spec, options$timeout)
  extra_headers <- c(headers, as.list(options$headers), as.list(bd_option(spec, "headers")))
  spec <- bd_with_secrets(spec, c(extra_headers, secrets))
  for (name in names(extra_headers)) {
    if (grepl("[\r\n]", extra_headers[[name]]) || grepl("[^!#$%&'*+.^_`|~0-9A-Za-z-]", name)) {
      bd_abort(spec, "validation", sprintf("Invalid header %s for %s: names are tokens and values hold no line break", name, op$id), attempts = 0L)
    }
  }
  origin <- regmatches(base_url, regexpr("^https?://[^/?#]+", base_url))
  request <- sprintf("%s %s%s", op$method, sub("^https?://[^/?#]+", "", base_url), sub("\\?.*$", "", path))
  req <- httr2::request(paste0(base_url, path))
  req <- httr2::req_method(req, op$method)
  req <- httr2::req_timeout(req, timeout)
  req <- httr2::req_user_agent(req, sprintf("%s/%s (R %s; httr2 %s)", spec$package, spec$version,
    format(getRversion()), format(utils::packageVersion("httr2"))))
  req <- httr2::req_headers(req, Accept = "application/json, application/problem+json")
  if (length(extra_headers) > 0L) req <- do.call(httr2::req_headers, c(list(req), extra_headers))
  if (!is.null(body)) req <- bd_add_body(spec, req, media, body, op$id)
  policy <- bd_active_retry_policy(spec)
  attempt <- function(n) {
    auth <- if (authenticate) bd_authenticate(spec, op, req, base_url, timeout) else list(req = req, fetched = FALSE)
    result <- bd_http_attempt(auth$req)
    # A fetched OAuth2 token the server no longer takes: one new token, one resend.
    if (auth$fetched && result$type == "response" && httr2::resp_status(result$resp) == 401L) {
      auth <- bd_authenticate(spec, op, req, base_url, timeout, fresh = TRUE)
      result <- bd_http_attempt(auth$req)
    }
    spec <- bd_with_secret_values(spec, auth$secrets)
    if (result$type == "response" && httr2::resp_status(result$resp) < 300L && httr2::resp_status(result$resp) >= 200L) {
      return(list(ok = TRUE, value = parse(spec, result$resp, request, n)))
    }
    failure <- if (result$type == "response") list(type = "status", status = httr2::resp_status(result$resp)) else list(type = result$type)
    list(
      ok = FALSE, failure = failure,
      retry_after = if (result$type == "response") bd_retry_after_header(result$resp) else NULL,
      repeatable = result$type == "response" || (result$type != "redirect" && idempotent),
      error = function(attempts) {
        condition <- bd_http_error(spec, result, request, origin, timeout, attempts, problem_of)
        if (length(auth$unmet) > 0L && isTRUE(condition$status %in% c(401L, 403L))) condition$message <- paste0(condition$message, bd_unmet_hint(spec, auth$unmet))
        condition
      }
    )
  }
  sleep <- if (is.null(options$sleep)) Sys.sleep else options$sleep
  bd_retry_loop(policy, attempt, sleep = sleep)
}
