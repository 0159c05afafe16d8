# bdgen R runtime: hand-written, copied verbatim into every generated R package
# by `bdgen generate --lang r`. Edit generators/src/languages/r/runtime/ in the
# bdgen repository, never the copy.
#
# Credentials for BigQuery: <PREFIX>_ACCESS_TOKEN when set (sent to any
# endpoint: the user asked for it); else none against a local endpoint (the
# datalake); else gargle: application default
# credentials (GOOGLE_APPLICATION_CREDENTIALS, a service account or user key
# file, or gcloud's own file). Every token is registered with bd_redact()
# before it is used, so no condition can ever carry it.

bd_bigquery_scope <- "https://www.googleapis.com/auth/bigquery"

# Seconds before expiry at which a cached Google token is refreshed.
bd_token_margin <- 60

bd_forget_token <- function() {
  if (exists("google_token", envir = bd_state, inherits = FALSE)) rm("google_token", envir = bd_state)
  invisible(NULL)
}

# The access token from gargle, or a bd_access_denied condition saying how to get one.
bd_gargle_token <- function(spec) {
  cached <- get0("google_token", bd_state, inherits = FALSE)
  if (!is.null(cached) && cached$expires > as.numeric(Sys.time())) return(cached$value)
  token <- tryCatch(
    gargle::credentials_app_default(scopes = bd_bigquery_scope),
    error = function(error) structure(list(message = bd_redact(conditionMessage(error))), class = "bd_auth_failure")
  )
  value <- NULL
  if (!is.null(token) && !inherits(token, "bd_auth_failure")) {
    if (is.function(token$refresh) && is.null(token$credentials$access_token)) try(token$refresh(), silent = TRUE)
    value <- token$credentials$access_token
  }
  if (!is.character(value) || length(value) != 1L || !nzchar(value)) {
    why <- if (inherits(token, "bd_auth_failure")) paste0(" (", token$message, ")") else ""
    bd_abort(spec, "access_denied", paste0(
      "No Google Cloud credentials found", why, ". Run `gcloud auth application-default login`, ",
      "set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, or set ", bd_env_name(spec, "ACCESS_TOKEN"),
      " to an access token. To use the local datalake instead, set ", bd_env_name(spec, "BIGQUERY_ENDPOINT"),
      " (or options(", spec$package, ".bigquery_endpoint = \"http://127.0.0.1:8787\"))."
    ))
  }
  bd_register_secret(value)
  lifetime <- suppressWarnings(as.numeric(token$credentials$expires_in))
  if (length(lifetime) != 1L || is.na(lifetime)) lifetime <- 3000
  assign("google_token", list(value = value, expires = as.numeric(Sys.time()) + lifetime - bd_token_margin), envir = bd_state)
  value
}

# The bearer token for BigQuery requests, or NULL (a local endpoint).
bd_bigquery_token <- function(spec) {
  explicit <- bd_env(bd_env_name(spec, "ACCESS_TOKEN"))
  if (!is.null(explicit)) {
    bd_register_secret(explicit)
    return(explicit)
  }
  if (!is.null(bd_resolve_bigquery_endpoint(spec))) return(NULL)
  bd_gargle_token(spec)
}
