# bdgen R runtime: hand-written, copied verbatim into every generated R package
# by `bdgen generate --lang r`. Edit generators/src/languages/r/runtime/ in the
# bdgen repository, never the copy.
#
# Parameters on the wire, following OpenAPI 3.1 section 4.8.12.4 (style
# values): path `simple` by default, query and cookie `form` with explode
# true, headers `simple`. Values: strings as they are, whole numbers without
# a decimal point, other numbers as ECMAScript writes them, logicals
# true/false; arrays are vectors or unnamed lists, objects named lists.

# Percent-encodes every byte but RFC 3986's unreserved characters
# (`keep` adds more, e.g. "," for already-joined lists).
bd_percent_encode <- function(text, keep = "") {
  vapply(enc2utf8(as.character(text)), function(one) {
    bytes <- charToRaw(one)
    if (length(bytes) == 0L) return("")
    chars <- rawToChar(bytes, multiple = TRUE)
    plain <- grepl("^[A-Za-z0-9._~-]$", chars) | (nzchar(keep) & chars %in% strsplit(keep, "")[[1L]])
    paste0(ifelse(plain, chars, sprintf("%%%02X", as.integer(bytes))), collapse = "")
  }, "", USE.NAMES = FALSE)
}

bd_wire_scalar <- function(value) {
  if (is.logical(value)) return(if (isTRUE(value)) "true" else "false")
  if (is.numeric(value)) return(bd_number_text(value))
  as.character(value)
}

bd_param_style <- function(param) {
  style <- param$style
  if (!is.null(style)) return(style)
  switch(param[["in"]], query = "form", cookie = "form", "simple")
}

bd_param_explode <- function(param) {
  if (!is.null(param$explode)) return(isTRUE(param$explode))
  bd_param_style(param) == "form"
}

# The shape of a value: "object" (named list), "array" (longer than one, an
# unnamed list, or a parameter typed array) or "primitive".
bd_value_shape <- function(param, value) {
  if (is.list(value) && !is.null(names(value)) && length(value) > 0L) return("object")
  if (identical(param$type, "object")) return("object")
  if (identical(param$type, "array") || is.list(value) || length(value) != 1L) return("array")
  "primitive"
}

# One path segment's text for `{name}`, already percent-encoded.
bd_serialize_path <- function(param, value) {
  style <- bd_param_style(param)
  explode <- bd_param_explode(param)
  shape <- bd_value_shape(param, value)
  name <- param$name
  encode <- function(x) bd_percent_encode(vapply(x, bd_wire_scalar, ""))
  values <- if (shape == "object") unlist(lapply(value, bd_wire_scalar)) else vapply(as.list(value), bd_wire_scalar, "")
  keys <- if (shape == "object") bd_percent_encode(names(value)) else NULL
  pairs <- function(sep) if (explode) paste0(keys, "=", encode(values), collapse = sep) else paste(c(rbind(keys, encode(values))), collapse = ",")
  switch(style,
    simple = if (shape == "object") pairs(",") else paste(encode(values), collapse = ","),
    label = {
      if (shape == "object") paste0(".", pairs(if (explode) "." else ","))
      else paste0(".", paste(encode(values), collapse = if (explode) "." else ","))
    },
    matrix = {
      if (shape == "object") {
        if (explode) paste0(";", paste0(keys, "=", encode(values), collapse = ";")) else paste0(";", name, "=", pairs(","))
      } else if (shape == "array" && explode) {
        paste0(";", name, "=", encode(values), collapse = "")
      } else {
        paste0(";", name, "=", paste(encode(values), collapse = ","))
      }
    },
    stop(sprintf("path parameter %s: style %s is not a path style", name, style), call. = FALSE)
  )
}

# The query pairs ("name=value", encoded) of one parameter.
bd_serialize_query <- function(param, value) {
  style <- bd_param_style(param)
  explode <- bd_param_explode(param)
  shape <- bd_value_shape(param, value)
  name <- bd_percent_encode(param$name)
  if (shape == "object") {
    values <- unlist(lapply(value, bd_wire_scalar))
    keys <- names(value)
    if (style == "deepObject") return(paste0(name, "%5B", bd_percent_encode(keys), "%5D=", bd_percent_encode(values)))
    if (explode) return(paste0(bd_percent_encode(keys), "=", bd_percent_encode(values)))
    return(paste0(name, "=", paste(bd_percent_encode(c(rbind(keys, values))), collapse = ",")))
  }
  values <- vapply(as.list(value), bd_wire_scalar, "")
  if (shape == "primitive" || (style == "form" && explode)) return(paste0(name, "=", bd_percent_encode(values)))
  separator <- switch(style, spaceDelimited = "%20", pipeDelimited = "%7C", ",")
  paste0(name, "=", paste(bd_percent_encode(values), collapse = separator))
}

# A header's value (style simple): lists joined with commas, objects as k,v or k=v.
bd_serialize_header <- function(param, value) {
  shape <- bd_value_shape(param, value)
  if (shape == "object") {
    values <- unlist(lapply(value, bd_wire_scalar))
    if (bd_param_explode(param)) return(paste0(names(value), "=", values, collapse = ","))
    return(paste(c(rbind(names(value), values)), collapse = ","))
  }
  paste(vapply(as.list(value), bd_wire_scalar, ""), collapse = ",")
}

# The cookie pairs of one parameter (style form): exploded arrays repeat the name.
bd_serialize_cookie <- function(param, value) {
  shape <- bd_value_shape(param, value)
  if (shape == "object") {
    values <- unlist(lapply(value, bd_wire_scalar))
    if (bd_param_explode(param)) return(paste0(names(value), "=", bd_percent_encode(values)))
    return(paste0(param$name, "=", paste(bd_percent_encode(c(rbind(names(value), values))), collapse = ",")))
  }
  values <- vapply(as.list(value), bd_wire_scalar, "")
  if (shape == "array" && bd_param_explode(param)) return(paste0(param$name, "=", bd_percent_encode(values)))
  paste0(param$name, "=", paste(bd_percent_encode(values), collapse = ","))
}

# The headers the runtime owns: never taken from parameters.
bd_owned_headers <- c("accept", "content-type", "authorization")

# Path (with query string), headers and cookies of one call. Call
# bd_validate_args() first: this does not check the values.
bd_build_request_parts <- function(op, args) {
  params <- op$params
  path <- op$path
  placeholders <- regmatches(path, gregexpr("\\{[^}]+\\}", path))[[1L]]
  for (placeholder in placeholders) {
    wire <- substr(placeholder, 2L, nchar(placeholder) - 1L)
    param <- Find(function(p) identical(p[["in"]], "path") && identical(p$name, wire), params)
    if (is.null(param)) stop(sprintf("%s: the path %s names %s but no path parameter has that name", op$id, op$path, placeholder), call. = FALSE)
    value <- args[[bd_arg_key(param)]]
    if (is.null(value)) stop(sprintf("%s: the path parameter %s is required", op$id, wire), call. = FALSE)
    path <- sub(placeholder, bd_serialize_path(param, value), path, fixed = TRUE)
  }
  query <- character()
  headers <- list()
  cookies <- character()
  for (param in params) {
    value <- args[[bd_arg_key(param)]]
    if (is.null(value)) next
    switch(param[["in"]],
      query = query <- c(query, bd_serialize_query(param, value)),
      header = if (!(tolower(param$name) %in% bd_owned_headers)) headers[[param$name]] <- bd_serialize_header(param, value),
      cookie = cookies <- c(cookies, bd_serialize_cookie(param, value)),
      NULL
    )
  }
  if (length(cookies) > 0L) headers[["Cookie"]] <- paste(cookies, collapse = "; ")
  list(
    path = if (length(query) > 0L) paste0(path, "?", paste(query, collapse = "&")) else path,
    headers = headers
  )
}
