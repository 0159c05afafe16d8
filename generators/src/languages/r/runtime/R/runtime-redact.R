# bdgen R runtime: hand-written, copied verbatim into every generated R package
# by `bdgen generate --lang r`. Edit generators/src/languages/r/runtime/ in the
# bdgen repository, never the copy.
#
# Keeping credentials out of conditions (docs/architecture.md, "Transport and
# file rules"): a server may quote back any header it received, so every
# condition passes its message, fields and call through bd_redact(), the one
# redaction function, with the secrets of the request that failed.

# What replaces a credential.
bd_redacted <- "[redacted]"

# Headers whose values are not credentials; any other header the caller sets is one.
bd_public_headers <- c("accept", "content-type", "user-agent")

# Shorter values are left alone: redacting "1" or "yes" would garble every message.
bd_min_secret_chars <- 4L

# Tokens the authentication code uses (the BigQuery access token), for the session.
bd_secrets <- new.env(parent = emptyenv())

bd_register_secret <- function(value) {
  if (is.character(value) && length(value) == 1L && !is.na(value) && nchar(value) >= bd_min_secret_chars) {
    assign("values", unique(c(get0("values", bd_secrets, inherits = FALSE), value)), envir = bd_secrets)
  }
  invisible(NULL)
}

# The credential values among request (or response) headers: each value but
# those of bd_public_headers, the token after a scheme ("Basic xyz" -> "xyz"),
# and each cookie's value (of Set-Cookie, the first pair's).
bd_header_secrets <- function(headers) {
  values <- character()
  for (i in seq_along(headers)) {
    name <- tolower(names(headers)[[i]])
    if (name %in% bd_public_headers) next
    value <- as.character(unlist(headers[[i]]))
    values <- c(values, value, sub("^\\S+\\s+", "", value[grepl("^\\S+\\s+\\S", value)]))
    if (name %in% c("cookie", "set-cookie")) {
      pairs <- unlist(strsplit(value, ";", fixed = TRUE))
      if (name == "set-cookie") pairs <- vapply(strsplit(value, ";", fixed = TRUE), function(p) p[[1L]], "")
      values <- c(values, trimws(sub("^[^=]*=", "", pairs[grepl("=", pairs, fixed = TRUE)])))
    }
  }
  values <- unique(values[!is.na(values) & nchar(values) >= bd_min_secret_chars])
  values[order(nchar(values), decreasing = TRUE)]
}

# The spec record carrying the secrets of the request being made, so every
# condition built from it is redacted with them (bd_condition()).
bd_with_secrets <- function(spec, headers) {
  spec$secrets <- unique(c(spec$secrets, bd_header_secrets(headers)))
  spec
}

# The spec record with more secret values (credentials a try sent).
bd_with_secret_values <- function(spec, values) {
  spec$secrets <- unique(c(spec$secrets, values))
  spec
}

# Text shaped like a credential, wherever it appears: pattern -> replacement.
bd_credential_patterns <- c(
  "(?i)\\b((?:proxy-)?authorization\"?\\s*[:=]\\s*\"?)[A-Za-z]+\\s+[^\\s\",;]+" = "\\1[redacted]",
  "(?i)\\b(bearer|basic)(\\s+)[A-Za-z0-9._~+/=-]+" = "\\1\\2[redacted]",
  "(?i)\\b(access_token|refresh_token|id_token|client_secret|api_key|apikey|key|token|password|assertion)=[^&\\s\"']+" = "\\1=[redacted]",
  "(?i)(\"(?:access_token|refresh_token|id_token|client_secret|private_key|password|assertion)\"\\s*:\\s*)\"[^\"]*\"" = "\\1\"[redacted]\"",
  "\\bya29\\.[A-Za-z0-9._~+/=-]+" = "[redacted]",
  "\\bAIza[A-Za-z0-9_-]{20,}" = "[redacted]",
  "\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*" = "[redacted]",
  "-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)" = "[redacted]"
)

# Each cookie value in "Cookie: a=1; b=2" and "Set-Cookie: s=3; Path=/" text.
bd_redact_cookie_text <- function(x) {
  found <- gregexpr("(?i)\\b(?:set-)?cookie\"?\\s*[:=]\\s*[^\\r\\n\"]*", x, perl = TRUE)
  regmatches(x, found) <- lapply(regmatches(x, found), function(parts) {
    gsub("(?i)((?:cookie\"?\\s*[:=]|;)\\s*[^=;\\s]+)=[^;]*", "\\1=[redacted]", parts, perl = TRUE)
  })
  x
}

# `x` without credentials: the session's registered tokens, `secrets` (the
# request's, see bd_header_secrets()) and anything shaped like a credential are
# replaced by "[redacted]". Lists are redacted item by item, calls argument by
# argument; other values are returned as they are.
bd_redact <- function(x, secrets = NULL) {
  if (is.call(x)) return(as.call(lapply(as.list(x), bd_redact, secrets = secrets)))
  if (is.list(x)) return(lapply(x, bd_redact, secrets = secrets))
  if (!is.character(x)) return(x)
  known <- unique(c(secrets, get0("values", bd_secrets, inherits = FALSE)))
  known <- known[!is.na(known) & nchar(known) >= bd_min_secret_chars]
  for (secret in known[order(nchar(known), decreasing = TRUE)]) x <- gsub(secret, bd_redacted, x, fixed = TRUE)
  for (pattern in names(bd_credential_patterns)) x <- gsub(pattern, bd_credential_patterns[[pattern]], x, perl = TRUE)
  bd_redact_cookie_text(x)
}
