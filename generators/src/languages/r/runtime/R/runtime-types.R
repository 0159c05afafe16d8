# bdgen R runtime: hand-written, copied verbatim into every generated R package
# by `bdgen generate --lang r`. Edit generators/src/languages/r/runtime/ in the
# bdgen repository, never the copy.
#
# BigQuery's wire values -> R columns (documented in the package README):
#
# | BigQuery             | R                                                          |
# |----------------------|------------------------------------------------------------|
# | INT64                | double when every value of the column is within +-(2^53-1), |
# |                      | else character (never integer64)                           |
# | FLOAT64              | double (NaN, Inf, -Inf kept)                               |
# | NUMERIC, BIGNUMERIC  | character, plain decimal notation ("1234.5"): exact        |
# | BOOL                 | logical                                                    |
# | STRING, GEOGRAPHY (WKT), JSON, BYTES (base64), TIME | character                   |
# | DATE                 | Date                                                       |
# | TIMESTAMP            | POSIXct, tz "UTC" (microseconds kept in the double)        |
# | DATETIME             | POSIXct, tz "UTC" holding the wall clock: no zone shift    |
# | RECORD, REPEATED     | list column                                                |
# | NULL                 | NA of the column's type                                    |
#
# The BigQuery type of every column is kept in attr(result, "bigquery_types").

# One column from its wire values (a character vector, NA for NULL; a list for
# RECORD and REPEATED columns).
bd_convert_column <- function(field, values) {
  if (field$mode == "REPEATED" || field$type == "RECORD") {
    return(lapply(values, function(v) bd_convert_nested(field, v)))
  }
  switch(field$type,
    INT64 = {
      numbers <- as.double(values)
      if (all(is.na(numbers) | abs(numbers) <= bd_max_safe_integer)) numbers else values
    },
    FLOAT64 = as.double(values),
    NUMERIC = ,
    BIGNUMERIC = bd_normalize_decimal(values),
    BOOL = ifelse(is.na(values), NA, values == "true"),
    DATE = as.Date(values, format = "%Y-%m-%d"),
    DATETIME = bd_datetime_column(values),
    TIMESTAMP = structure(bd_timestamp_micros(values) / 1e6, class = c("POSIXct", "POSIXt"), tzone = "UTC"),
    values
  )
}

# DATETIME "YYYY-MM-DDTHH:MM:SS[.ffffff]" as POSIXct in UTC holding the wall clock.
bd_datetime_column <- function(values) {
  plain <- bd_normalize_datetime(values)
  base <- as.POSIXct(sub("\\..*$", "", plain), format = "%Y-%m-%dT%H:%M:%S", tz = "UTC")
  dotted <- !is.na(plain) & grepl(".", plain, fixed = TRUE)
  frac <- numeric(length(plain))
  frac[dotted] <- as.double(paste0("0.", sub("^[^.]*\\.", "", plain[dotted])))
  structure(as.double(base) + frac, class = c("POSIXct", "POSIXt"), tzone = "UTC")
}

# A RECORD or REPEATED cell: a named list (RECORD) or a vector/list (REPEATED).
bd_convert_nested <- function(field, value) {
  if (is.null(value)) return(NULL)
  if (field$mode == "REPEATED") {
    item <- utils::modifyList(field, list(mode = "NULLABLE"))
    items <- lapply(value, function(cell) cell$v)
    if (field$type == "RECORD") return(lapply(items, function(v) bd_convert_nested(item, v)))
    return(bd_convert_column(item, vapply(items, function(v) if (is.character(v)) v else NA_character_, "")))
  }
  cells <- value$f
  out <- lapply(seq_along(field$fields), function(i) {
    sub <- field$fields[[i]]
    v <- if (i <= length(cells)) cells[[i]]$v else NULL
    if (sub$type == "RECORD" || sub$mode == "REPEATED") bd_convert_nested(sub, v) else bd_convert_column(sub, if (is.character(v)) v else NA_character_)
  })
  names(out) <- vapply(field$fields, function(f) f$name, "")
  out
}

# Collects the pages of a read (bd_bigquery_read()'s on_page) and makes the tibble.
bd_rows_collector <- function() {
  pages <- list()
  fields <- NULL
  list(
    on_page = function(page_fields, columns) {
      fields <<- page_fields
      pages[[length(pages) + 1L]] <<- columns
    },
    result = function() {
      if (is.null(fields)) fields <- list()
      columns <- lapply(seq_along(fields), function(j) {
        values <- lapply(pages, function(page) page[[j]])
        nested <- fields[[j]]$type == "RECORD" || fields[[j]]$mode == "REPEATED"
        joined <- if (nested) unlist(values, recursive = FALSE) else unlist(values, use.names = FALSE)
        if (is.null(joined)) joined <- if (nested) list() else character()
        bd_convert_column(fields[[j]], joined)
      })
      names(columns) <- vapply(fields, function(f) f$name, "")
      result <- tibble::as_tibble(columns, .name_repair = "minimal")
      attr(result, "bigquery_types") <- stats::setNames(vapply(fields, function(f) f$type, ""), names(columns))
      result
    }
  )
}
