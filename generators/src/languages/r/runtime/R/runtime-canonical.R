# bdgen R runtime: hand-written, copied verbatim into every generated R package
# by `bdgen generate --lang r`. Edit generators/src/languages/r/runtime/ in the
# bdgen repository, never the copy.
#
# The canonical text of values, the same bytes in every language
# (tests/conformance/README.md, "Downloaded files"; the TypeScript SDK's
# sdk-ts/src/data/formats.ts is the reference). Every function is vectorised.

bd_max_safe_integer <- 2^53 - 1

# Doubles as ECMAScript's Number::toString writes them: the shortest digits
# that round-trip, plain notation for 1e-7 <= |x| < 1e21, else d[.ddd]e+-n.
# R's own formatting differs (1e-07, 1e+05), so the digits come from
# sprintf("%.*e") at the smallest precision that reads back exactly.
bd_format_float <- function(x) {
  x <- as.double(x)
  out <- character(length(x))
  out[is.nan(x)] <- "NaN"
  out[!is.nan(x) & is.na(x)] <- NA_character_
  out[x %in% Inf] <- "Infinity"
  out[x %in% -Inf] <- "-Infinity"
  out[x %in% 0] <- "0" # -0 too, as ECMAScript writes it
  todo <- which(is.finite(x) & x != 0)
  if (length(todo) == 0L) return(out)
  value <- abs(x[todo])
  text <- character(length(value))
  open <- seq_along(value)
  for (digits in 1:17) {
    candidate <- sprintf("%.*e", digits - 1L, value[open])
    exact <- as.double(candidate) == value[open]
    text[open[exact]] <- candidate[exact]
    open <- open[!exact]
    if (length(open) == 0L) break
  }
  mantissa <- sub("e.*$", "", text)
  exponent <- as.integer(sub("^.*e", "", text))
  significant <- sub("0+$", "", sub(".", "", mantissa, fixed = TRUE))
  significant[!nzchar(significant)] <- "0"
  k <- nchar(significant)
  n <- exponent + 1L # the value is 0.<digits> x 10^n
  formatted <- ifelse(
    k <= n & n <= 21L,
    paste0(significant, strrep("0", pmax(0L, n - k))),
    ifelse(
      0L < n & n <= 21L,
      paste0(substr(significant, 1L, n), ".", substr(significant, n + 1L, k)),
      ifelse(
        -6L < n & n <= 0L,
        paste0("0.", strrep("0", pmax(0L, -n)), significant),
        paste0(substr(significant, 1L, 1L), ifelse(k > 1L, paste0(".", substr(significant, 2L, k)), ""),
          "e", ifelse(n - 1L >= 0L, "+", "-"), abs(n - 1L))
      )
    )
  )
  out[todo] <- ifelse(x[todo] < 0, paste0("-", formatted), formatted)
  out
}

# Decimal text in plain notation without exponent or trailing zeros
# ("1.50E+2" -> "150", "-1E-9" -> "-0.000000001"); exact, whatever its digits.
bd_normalize_decimal <- function(text) {
  value <- trimws(as.character(text))
  out <- value
  ok <- !is.na(value)
  exp <- ok & grepl("^[+-]?[0-9]*(\\.[0-9]*)?[eE][+-]?[0-9]+$", value)
  if (any(exp)) {
    parts <- regmatches(value[exp], regexec("^([+-]?)([0-9]*)(?:\\.([0-9]*))?[eE]([+-]?[0-9]+)$", value[exp], perl = TRUE))
    value[exp] <- vapply(parts, function(p) {
      digits <- paste0(p[[3L]], p[[4L]])
      point <- nchar(p[[3L]]) + as.integer(p[[5L]])
      body <- if (point <= 0L) {
        paste0("0.", strrep("0", -point), digits)
      } else if (point >= nchar(digits)) {
        paste0(digits, strrep("0", point - nchar(digits)))
      } else {
        paste0(substr(digits, 1L, point), ".", substr(digits, point + 1L, nchar(digits)))
      }
      paste0(p[[2L]], body)
    }, "")
  }
  negative <- ok & startsWith(value, "-")
  unsigned <- sub("^[+-]", "", value)
  int <- sub("\\..*$", "", unsigned)
  frac <- ifelse(grepl(".", unsigned, fixed = TRUE), sub("^[^.]*\\.", "", unsigned), "")
  int <- sub("^0+(?=[0-9])", "", int, perl = TRUE)
  int[!nzchar(int)] <- "0"
  frac <- sub("0+$", "", frac)
  body <- ifelse(nzchar(frac), paste0(int, ".", frac), int)
  out[ok] <- ifelse(negative[ok] & body[ok] != "0", paste0("-", body[ok]), body[ok])
  out
}

# "YYYY-MM-DD[ T]HH:MM:SS[.f]" -> "YYYY-MM-DDTHH:MM:SS[.ffffff]", the fraction
# six digits, or none when it is zero.
bd_normalize_datetime <- function(text) {
  value <- sub(" ", "T", as.character(text), fixed = TRUE)
  base <- sub("\\..*$", "", value)
  frac <- ifelse(grepl(".", value, fixed = TRUE), sub("^[^.]*\\.", "", value), "")
  digits <- substr(paste0(frac, "000000"), 1L, 6L)
  out <- ifelse(grepl("^0*$", digits), base, paste0(base, ".", digits))
  out[is.na(text)] <- NA_character_
  out
}

# Whole seconds since the epoch -> "YYYY-MM-DDTHH:MM:SS" (years padded to four digits).
bd_seconds_text <- function(seconds) {
  lt <- as.POSIXlt(as.POSIXct(seconds, origin = "1970-01-01", tz = "UTC"), tz = "UTC")
  sprintf("%04d-%02d-%02dT%02d:%02d:%02d", lt$year + 1900L, lt$mon + 1L, lt$mday, lt$hour, lt$min, as.integer(floor(lt$sec)))
}

# Microseconds since the epoch (doubles holding whole numbers, exact below
# 2^53, i.e. up to the year 2255) -> "YYYY-MM-DDTHH:MM:SS[.ffffff]Z".
bd_timestamp_from_micros <- function(micros) {
  seconds <- floor(micros / 1e6)
  fraction <- micros - seconds * 1e6
  low <- !is.na(fraction) & fraction < 0
  seconds[low] <- seconds[low] - 1
  fraction[low] <- fraction[low] + 1e6
  high <- !is.na(fraction) & fraction >= 1e6
  seconds[high] <- seconds[high] + 1
  fraction[high] <- fraction[high] - 1e6
  out <- paste0(bd_seconds_text(seconds), ifelse(fraction == 0, "", sprintf(".%06.0f", fraction)), "Z")
  out[is.na(micros)] <- NA_character_
  out
}

# TIMESTAMP on the wire -> microseconds: int64 microseconds
# (formatOptions.useInt64Timestamp), or float seconds ("1.6225614455E9").
bd_timestamp_micros <- function(text) {
  micros <- rep(NA_real_, length(text))
  integer <- !is.na(text) & grepl("^-?[0-9]+$", text)
  micros[integer] <- as.double(text[integer])
  other <- !is.na(text) & !integer
  if (any(other)) {
    plain <- bd_normalize_decimal(text[other])
    negative <- startsWith(plain, "-")
    unsigned <- sub("^-", "", plain)
    int <- as.double(sub("\\..*$", "", unsigned))
    frac <- ifelse(grepl(".", unsigned, fixed = TRUE), sub("^[^.]*\\.", "", unsigned), "")
    frac_micros <- as.double(substr(paste0(frac, "000000"), 1L, 6L))
    micros[other] <- ifelse(negative, -1, 1) * (int * 1e6 + frac_micros)
  }
  micros
}

# Strings as JSON.stringify writes them: quotes, backslashes and control
# characters escaped, everything else (non-ASCII included) as it is.
bd_json_string <- function(text) {
  value <- enc2utf8(as.character(text))
  value <- gsub("\\", "\\\\", value, fixed = TRUE)
  value <- gsub("\"", "\\\"", value, fixed = TRUE)
  value <- gsub("\n", "\\n", value, fixed = TRUE)
  value <- gsub("\r", "\\r", value, fixed = TRUE)
  value <- gsub("\t", "\\t", value, fixed = TRUE)
  value <- gsub("\b", "\\b", value, fixed = TRUE)
  value <- gsub("\f", "\\f", value, fixed = TRUE)
  control <- grepl("[\001-\037]", value, perl = TRUE)
  if (any(control)) {
    value[control] <- vapply(value[control], function(one) {
      codes <- utf8ToInt(one)
      pieces <- intToUtf8(codes, multiple = TRUE)
      low <- codes < 32L
      pieces[low] <- sprintf("\\u%04x", codes[low])
      paste(pieces, collapse = "")
    }, "", USE.NAMES = FALSE)
  }
  paste0("\"", value, "\"")
}

# RFC 4180: quoted (quotes doubled) when empty or holding a comma, a quote, CR or LF.
bd_csv_field <- function(text) {
  value <- enc2utf8(as.character(text))
  quote <- !is.na(value) & (!nzchar(value) | grepl("[\",\r\n]", value, perl = TRUE))
  value[quote] <- paste0("\"", gsub("\"", "\"\"", value[quote], fixed = TRUE), "\"")
  value
}

# Any R value as JSON the way JSON.stringify writes it (no spaces, UTF-8 as is,
# doubles the ECMAScript way, non-finite numbers as null). Named lists are
# objects, unnamed lists and vectors longer than one are arrays; length-one
# vectors are scalars; NULL and NA are null.
bd_json_text <- function(value) {
  if (is.null(value)) return("null")
  if (inherits(value, "bd_json_literal")) return(as.character(unclass(value)))
  if (is.list(value)) {
    if (length(value) == 0L) return(if (is.null(names(value))) "[]" else "{}")
    items <- vapply(value, bd_json_text, "", USE.NAMES = FALSE)
    if (!is.null(names(value))) {
      return(paste0("{", paste0(bd_json_string(names(value)), ":", items, collapse = ","), "}"))
    }
    return(paste0("[", paste(items, collapse = ","), "]"))
  }
  if (inherits(value, c("Date", "POSIXt"))) value <- as.character(value)
  scalars <- if (is.logical(value)) {
    ifelse(is.na(value), "null", ifelse(value, "true", "false"))
  } else if (is.numeric(value)) {
    ifelse(is.finite(value), bd_format_float(value), "null")
  } else {
    ifelse(is.na(value), "null", bd_json_string(value))
  }
  if (length(value) == 1L && is.null(attr(value, "bd_array"))) scalars else paste0("[", paste(scalars, collapse = ","), "]")
}
