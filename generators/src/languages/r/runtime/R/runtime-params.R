# bdgen R runtime: hand-written, copied verbatim into every generated R package
# by `bdgen generate --lang r`. Edit generators/src/languages/r/runtime/ in the
# bdgen repository, never the copy.
#
# Checking arguments against the spec before any request. A parameter record
# (see README.md) carries `name` (wire), `label` (the R argument), `in`,
# `required`, `type` and the value rules (pattern, minimum, maximum,
# exclusive_minimum, exclusive_maximum, min_length, max_length, enum,
# min_items, max_items, items). Arguments are keyed by wire name; NULL means
# "not given".

bd_pattern_cache <- new.env(parent = emptyenv())

# An ECMA-262 pattern as PCRE: `$` ends the input only (PCRE's also matches
# before a final newline, so "abc\n" would pass "^[a-z]+$"). \d and \w stay
# ASCII, as in JavaScript's `u` mode.
bd_translate_pattern <- function(pattern) {
  chars <- strsplit(pattern, "", fixed = TRUE)[[1L]]
  out <- character(length(chars))
  in_class <- FALSE
  i <- 1L
  while (i <= length(chars)) {
    char <- chars[[i]]
    if (char == "\\" && i < length(chars)) {
      out[[i]] <- paste0(char, chars[[i + 1L]])
      i <- i + 2L
      next
    }
    if (in_class) {
      in_class <- char != "]"
      out[[i]] <- char
    } else if (char == "[") {
      in_class <- TRUE
      out[[i]] <- char
    } else if (char == "$") {
      out[[i]] <- "\\z"
    } else {
      out[[i]] <- char
    }
    i <- i + 1L
  }
  paste(out, collapse = "")
}

bd_matches_pattern <- function(pattern, value) {
  translated <- get0(pattern, bd_pattern_cache, inherits = FALSE)
  if (is.null(translated)) {
    translated <- bd_translate_pattern(pattern)
    assign(pattern, translated, envir = bd_pattern_cache)
  }
  grepl(translated, enc2utf8(value), perl = TRUE)
}

bd_describe_value <- function(value) {
  if (is.character(value) && length(value) == 1L) {
    text <- if (nchar(value) > 60L) paste0(substr(value, 1L, 60L), "\u2026") else value
    return(encodeString(text, quote = "\""))
  }
  if (is.null(value)) return("NULL")
  if (is.list(value)) return("a list")
  if (length(value) != 1L) return(sprintf("%d values", length(value)))
  format(value)
}

bd_type_name <- function(value) {
  if (is.null(value)) return("NULL")
  if (length(value) != 1L && !is.list(value)) return(sprintf("a %s vector of length %d", class(value)[[1L]], length(value)))
  class(value)[[1L]]
}

bd_number_text <- function(x) {
  if (x == round(x) && abs(x) < 1e15) sprintf("%.0f", x) else bd_format_float(x)
}

bd_is_scalar <- function(value) is.atomic(value) && length(value) == 1L

bd_is_whole <- function(value) {
  is.numeric(value) && bd_is_scalar(value) && !is.na(value) && is.finite(value) && value == round(value)
}

# Why a single value breaks the number/string/enum rules, or NULL.
bd_check_scalar <- function(rules, value) {
  if (is.numeric(value)) {
    if (!is.finite(value)) return(sprintf("must be a finite number, got %s", format(value)))
    shown <- bd_number_text(value)
    if (!is.null(rules$minimum) && value < rules$minimum) return(sprintf("must be >= %s, got %s", bd_number_text(rules$minimum), shown))
    if (!is.null(rules$maximum) && value > rules$maximum) return(sprintf("must be <= %s, got %s", bd_number_text(rules$maximum), shown))
    if (!is.null(rules$exclusive_minimum) && value <= rules$exclusive_minimum) return(sprintf("must be > %s, got %s", bd_number_text(rules$exclusive_minimum), shown))
    if (!is.null(rules$exclusive_maximum) && value >= rules$exclusive_maximum) return(sprintf("must be < %s, got %s", bd_number_text(rules$exclusive_maximum), shown))
  }
  if (is.character(value)) {
    if (!validUTF8(enc2utf8(value))) return("must be valid UTF-8 text")
    length <- nchar(enc2utf8(value), type = "chars") # code points, as JSON Schema counts
    if (!is.null(rules$min_length) && length < rules$min_length) {
      return(sprintf("must be at least %d character%s long, got %d", as.integer(rules$min_length), if (rules$min_length == 1) "" else "s", length))
    }
    if (!is.null(rules$max_length) && length > rules$max_length) {
      return(sprintf("must be at most %d characters long, got %d", as.integer(rules$max_length), length))
    }
    if (!is.null(rules$pattern) && !bd_matches_pattern(rules$pattern, value)) {
      return(sprintf("must match the pattern %s, got %s", rules$pattern, bd_describe_value(value)))
    }
  }
  if (!is.null(rules$enum)) {
    allowed <- unlist(rules$enum)
    same_kind <- (is.character(value) && is.character(allowed)) || (is.numeric(value) && is.numeric(allowed)) ||
      (is.logical(value) && is.logical(allowed))
    if (!same_kind || !(value %in% allowed)) {
      shown <- if (is.character(allowed)) encodeString(allowed, quote = "\"") else format(allowed)
      return(sprintf("must be one of %s, got %s", paste(shown, collapse = ", "), bd_describe_value(value)))
    }
  }
  NULL
}

# Why `value` breaks `rules`, in words ("must be <= 100, got 500"), or NULL when valid.
bd_check_value <- function(rules, value) {
  type <- rules$type
  if (identical(type, "array")) return(bd_check_array(rules, value))
  if (identical(type, "object")) {
    if (!is.list(value) || (length(value) > 0L && is.null(names(value)))) return(sprintf("must be a named list, got %s", bd_type_name(value)))
    return(NULL)
  }
  if (!bd_is_scalar(value)) return(sprintf("must be a single value, got %s", bd_type_name(value)))
  if (is.na(value)) return("must not be NA")
  reason <- switch(type,
    string = if (!is.character(value)) sprintf("must be a string, got %s", bd_type_name(value)),
    integer = if (!bd_is_whole(value)) {
      if (is.numeric(value) && is.finite(value)) sprintf("must be a whole number, got %s", format(value)) else sprintf("must be an integer, got %s", bd_type_name(value))
    },
    number = if (!is.numeric(value)) sprintf("must be a number, got %s", bd_type_name(value)),
    boolean = if (!is.logical(value)) sprintf("must be TRUE or FALSE, got %s", bd_type_name(value)),
    NULL
  )
  if (!is.null(reason)) return(reason)
  bd_check_scalar(rules, value)
}

bd_check_array <- function(rules, value) {
  if (is.null(value) || !(is.atomic(value) || (is.list(value) && is.null(names(value))))) {
    return(sprintf("must be a vector or an unnamed list, got %s", bd_type_name(value)))
  }
  if (!is.null(rules$min_items) && length(value) < rules$min_items) {
    return(sprintf("must have at least %d item%s, got %d", as.integer(rules$min_items), if (rules$min_items == 1) "" else "s", length(value)))
  }
  if (!is.null(rules$max_items) && length(value) > rules$max_items) {
    return(sprintf("must have at most %d items, got %d", as.integer(rules$max_items), length(value)))
  }
  item_rules <- rules$items
  for (index in seq_along(value)) {
    item <- value[[index]]
    reason <- if (!is.null(item_rules)) {
      bd_check_value(item_rules, item)
    } else if (bd_is_scalar(item) && !is.na(item)) {
      bd_check_scalar(rules, item)
    } else {
      "must be a string, number or logical"
    }
    if (!is.null(reason)) return(sprintf("item %d %s", index, reason))
  }
  NULL
}

# Why `value` is not a valid argument for `param`, or NULL; NULL means "not given".
bd_check_param <- function(param, value) {
  if (is.null(value)) return(if (isTRUE(param$required)) "is required" else NULL)
  if (identical(param[["in"]], "path") && is.character(value) && length(value) == 1L && !is.na(value)) {
    if (value == "") return("must not be empty")
    # URL parsers resolve these segments (even percent-encoded), which would change the path.
    if (value %in% c(".", "..")) return(sprintf("must not be \"%s\"", value))
  }
  bd_check_value(param, value)
}

# The key a parameter's value is given under: its wire name, or the record's
# `key` when another parameter of the operation has that wire name (a path
# and a query `path`).
bd_arg_key <- function(param) if (is.null(param$key)) param$name else param$key

# Checks every argument before anything is sent; signals one bd_validation
# condition listing every broken parameter (label and wire name), attempts 0.
# Arguments naming no parameter (a typo) are refused too.
bd_validate_args <- function(spec, where, params, args, extra = character()) {
  problems <- list()
  for (param in params) {
    reason <- bd_check_param(param, args[[bd_arg_key(param)]])
    if (!is.null(reason)) {
      problems[[length(problems) + 1L]] <- list(name = param$name, label = param$label, location = param[["in"]], reason = reason)
    }
  }
  known <- c(vapply(params, bd_arg_key, ""), extra)
  for (name in setdiff(names(Filter(Negate(is.null), args)), known)) {
    problems[[length(problems) + 1L]] <- list(name = name, label = name, location = "argument",
      reason = sprintf("is not a parameter of %s (expected: %s)", where, paste(known, collapse = ", ")))
  }
  if (length(problems) == 0L) return(invisible(NULL))
  parts <- vapply(problems, function(p) {
    shown <- if (is.null(p$label) || identical(p$label, p$name)) p$name else sprintf("%s (%s)", p$label, p$name)
    paste(shown, p$reason)
  }, "")
  bd_abort(spec, "validation",
    sprintf("Invalid argument%s for %s: %s", if (length(problems) > 1L) "s" else "", where, paste(parts, collapse = "; ")),
    invalid_params = problems, attempts = 0L
  )
}
