# bdgen R runtime: hand-written, copied verbatim into every generated R package
# by `bdgen generate --lang r`. Edit generators/src/languages/r/runtime/ in the
# bdgen repository, never the copy.
#
# Authentication from the spec's securitySchemes (docs/architecture.md,
# "Authentication"): spec$security_schemes (by name) and each operation's
# op$security (a list of requirements, each a list of list(scheme, scopes)).
# Credentials come from options(<package>.credentials = list(<scheme> = ...)),
# else the scheme's environment variables, read at each call; the headers hook
# is options(<package>.auth_headers = function(request) ...). Every credential
# is registered with bd_register_secret() before it is sent.

# Seconds of life below which a cached OAuth2 token is fetched again.
bd_token_refresh_margin <- 30

# Fetched OAuth2 tokens, per scheme, client and scopes: list(value, expires).
bd_token_cache <- new.env(parent = emptyenv())

# Seconds since the epoch; the option `<package>.clock` (a function) replaces
# the system clock, so tests can prove refreshing without waiting.
bd_security_now <- function(spec) {
  clock <- bd_option(spec, "clock")
  if (is.function(clock)) clock() else as.numeric(Sys.time())
}

bd_one_string <- function(x) is.character(x) && length(x) == 1L && !is.na(x) && nzchar(x)

# An environment variable's value, or NULL when unset, empty or not named.
bd_env_of <- function(name) if (is.null(name)) NULL else bd_env(name)

# The credential of one scheme: the option's entry, else its environment
# variables; NULL when neither gives one. A malformed option is bd_validation.
bd_scheme_credential <- function(spec, scheme) {
  given <- bd_option(spec, "credentials")[[scheme$name]]
  env <- scheme$env
  pair <- function(a, b, names) {
    if (!is.null(bd_env_of(a)) && !is.null(bd_env_of(b))) stats::setNames(list(bd_env_of(a), bd_env_of(b)), names)
  }
  value <- if (!is.null(given)) given else switch(scheme$kind,
    basic = unlist(pair(env$username, env$password, c("username", "password"))),
    oauth2 = bd_env_of(env$token) %||% pair(env$client_id, env$client_secret, c("client_id", "client_secret")),
    other = NULL,
    bd_env_of(env$token)
  )
  if (is.null(value)) return(NULL)
  parts <- as.list(value)
  ok <- switch(scheme$kind,
    basic = bd_one_string(parts$username) && is.character(parts$password) && length(parts$password) == 1L,
    oauth2 = bd_one_string(value) || (bd_one_string(parts$client_id) && bd_one_string(parts$client_secret) && !is.null(scheme$token_url)),
    bd_one_string(value)
  )
  if (!isTRUE(ok)) {
    want <- switch(scheme$kind, basic = "c(username = , password = )",
      oauth2 = if (is.null(scheme$token_url)) "an access token (one string)" else "an access token (one string) or list(client_id = , client_secret = , scopes = )",
      "one string")
    bd_abort(spec, "validation", sprintf("The credentials for %s must be %s", scheme$name, want), attempts = 0L)
  }
  for (secret in c(if (is.character(value) && length(value) == 1L) value, parts$password, parts$client_secret)) bd_register_secret(secret)
  value
}

# Where a scheme's credentials are read from, in words (for a 401 or 403).
bd_scheme_sources <- function(scheme) {
  vars <- unlist(scheme$env[c("token", "username", "password", "client_id", "client_secret")])
  if (length(vars) == 0L) return(sprintf("%s (the auth_headers hook)", scheme$name))
  sprintf("%s (%s)", scheme$name, paste(vars, collapse = ", "))
}

# The first requirement of `op` whose every scheme has credentials, as a list
# of list(scheme, scopes, credential); list() for an empty one; NULL when none
# is met (nothing of the schemes is sent).
bd_satisfied_requirement <- function(spec, op, hook) {
  for (requirement in op$security) {
    chosen <- list()
    for (need in requirement) {
      scheme <- spec$security_schemes[[need$scheme]]
      credential <- if (identical(scheme$kind, "other")) NULL else bd_scheme_credential(spec, scheme)
      met <- !is.null(credential) || (identical(scheme$kind, "other") && is.function(hook))
      if (!met) {
        chosen <- NULL
        break
      }
      chosen[[length(chosen) + 1L]] <- list(scheme = scheme, scopes = unlist(need$scopes), credential = credential)
    }
    if (!is.null(chosen)) return(chosen)
  }
  NULL
}

# An OAuth2 access token for the client credentials: cached per scheme, client
# and scopes; fetched again when less than bd_token_refresh_margin seconds of
# its life are left, or when `fresh`.
bd_oauth_token <- function(spec, scheme, credential, scopes, base_url, timeout, fresh = FALSE) {
  scopes <- if (length(scopes) > 0L) scopes else unlist(credential$scopes)
  key <- paste(scheme$name, credential$client_id, paste(sort(unique(scopes)), collapse = " "), sep = "\u001f")
  cached <- get0(key, bd_token_cache, inherits = FALSE)
  if (!fresh && !is.null(cached) && cached$expires - bd_security_now(spec) >= bd_token_refresh_margin) return(cached$value)
  url <- bd_resolve_location(paste0(base_url, "/"), scheme$token_url)
  origin <- regmatches(url, regexpr("^https?://[^/?#]+", url))
  if (length(origin) != 1L) bd_abort(spec, "validation", sprintf("The token URL of %s is not an http or https URL", scheme$name), attempts = 0L)
  basic <- paste("Basic", jsonlite::base64_enc(charToRaw(enc2utf8(paste0(credential$client_id, ":", credential$client_secret)))))
  bd_register_secret(sub("^Basic ", "", basic))
  form <- c(list(grant_type = "client_credentials"), if (length(scopes) > 0L) list(scope = paste(scopes, collapse = " ")))
  token_op <- list(id = sprintf("the token request of %s", scheme$name), method = "POST")
  answer <- tryCatch(
    bd_send(spec, token_op, substring(url, nchar(origin) + 1L), list(base_url = origin, timeout = timeout),
      headers = list(Authorization = basic), body = form, media = list(type = "application/x-www-form-urlencoded", kind = "form"),
      parse = function(spec, resp, request, attempts) bd_parse_json(bd_body_text(resp)),
      problem_of = function(resp) tryCatch(bd_parse_json(bd_body_text(resp)), error = function(e) NULL),
      authenticate = FALSE),
    error = function(e) {
      if (!inherits(e, paste0(spec$short, "_error")) || !isTRUE(e$status %in% c(400L, 401L, 403L))) stop(e)
      said <- if (is.list(e$problem)) paste(c(e$problem$error, e$problem$error_description), collapse = ": ") else ""
      bd_abort(spec, "access_denied", sprintf("The token endpoint refused the client credentials of %s (%d%s)", scheme$name, e$status,
        if (nzchar(said)) paste0(", ", said) else ""), status = e$status, attempts = e$attempts)
    }
  )
  value <- if (is.list(answer)) answer$access_token
  if (!bd_one_string(value)) bd_abort(spec, "server", sprintf("The token endpoint of %s answered without an access_token", scheme$name))
  bd_register_secret(value)
  lifetime <- suppressWarnings(as.numeric(answer$expires_in %||% NA))
  expires <- if (length(lifetime) == 1L && !is.na(lifetime)) bd_security_now(spec) + lifetime else Inf
  assign(key, list(value = value, expires = expires), envir = bd_token_cache)
  value
}

# What one try sends to authenticate: list(req, secrets, fetched, unmet).
# `fetched` says a fetched OAuth2 token went out (a 401 then fetches a new one
# and resends once, with fresh = TRUE); `unmet` lists the schemes the
# operation accepts, in words, when no requirement was met.
bd_authenticate <- function(spec, op, req, base_url, timeout, fresh = FALSE) {
  unknown <- setdiff(names(bd_option(spec, "credentials")), names(spec$security_schemes))
  if (length(unknown) > 0L) {
    declared <- if (length(spec$security_schemes) > 0L) paste(names(spec$security_schemes), collapse = ", ") else "none"
    bd_abort(spec, "validation", sprintf("options(%s.credentials) names %s, which the spec does not declare (its schemes: %s)",
      spec$package, paste(unknown, collapse = ", "), declared), attempts = 0L)
  }
  hook <- bd_option(spec, "auth_headers")
  headers <- list()
  query <- character()
  cookies <- character()
  fetched <- FALSE
  chosen <- bd_satisfied_requirement(spec, op, hook)
  for (one in chosen) {
    scheme <- one$scheme
    value <- one$credential
    switch(scheme$kind,
      apiKey = switch(scheme[["in"]],
        header = headers[[scheme$param_name]] <- value,
        query = query <- c(query, paste0(bd_percent_encode(scheme$param_name), "=", bd_percent_encode(value))),
        cookie = cookies <- c(cookies, paste0(scheme$param_name, "=", value))),
      bearer = headers$Authorization <- paste("Bearer", value),
      basic = {
        parts <- as.list(value)
        encoded <- jsonlite::base64_enc(charToRaw(enc2utf8(paste0(parts$username, ":", parts$password))))
        bd_register_secret(encoded)
        headers$Authorization <- paste("Basic", encoded)
      },
      oauth2 = if (is.character(value)) headers$Authorization <- paste("Bearer", value) else {
        headers$Authorization <- paste("Bearer", bd_oauth_token(spec, scheme, value, one$scopes, base_url, timeout, fresh))
        fetched <- TRUE
      },
      NULL
    )
  }
  if (is.function(hook)) headers <- c(headers, bd_hook_headers(spec, op, hook, req))
  if (length(query) > 0L) req <- httr2::req_url(req, paste0(req$url, if (grepl("?", req$url, fixed = TRUE)) "&" else "?", paste(query, collapse = "&")))
  if (length(cookies) > 0L) {
    before <- req$headers[["Cookie"]]
    headers$Cookie <- paste(c(before, cookies), collapse = "; ")
  }
  if (length(headers) > 0L) req <- do.call(httr2::req_headers, c(list(req), headers))
  unmet <- if (is.null(chosen) && length(op$security) > 0L) {
    names <- unique(unlist(lapply(op$security, function(r) vapply(r, function(need) need$scheme, ""))))
    vapply(spec$security_schemes[names], bd_scheme_sources, "")
  }
  list(req = req, secrets = bd_header_secrets(headers), fetched = fetched, unmet = unmet)
}

# The headers the hook returns for one try (a named list or character vector
# of strings), given list(method, url, operation_id).
bd_hook_headers <- function(spec, op, hook, req) {
  given <- hook(list(method = op$method, url = req$url, operation_id = op$id))
  if (is.null(given) || length(given) == 0L) return(list())
  headers <- as.list(given)
  if (is.null(names(headers)) || any(!nzchar(names(headers))) || !all(vapply(headers, bd_one_string, TRUE))) {
    bd_abort(spec, "validation", "auth_headers must return a named list of header values (strings)", attempts = 0L)
  }
  for (value in headers) bd_register_secret(value)
  headers
}

# The sentence a 401 or 403 gains when no requirement was met.
bd_unmet_hint <- function(spec, unmet) {
  sprintf("; no credentials were sent: this operation accepts %s. Give them with options(%s.credentials = list(<scheme> = ...)) or those environment variables",
    paste(unmet, collapse = " or "), spec$package)
}
