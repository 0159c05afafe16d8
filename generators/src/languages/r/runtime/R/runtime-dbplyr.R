# bdgen R runtime: hand-written, copied verbatim into every generated R package
# by `bdgen generate --lang r`. Edit generators/src/languages/r/runtime/ in the
# bdgen repository, never the copy.
#
# dbplyr's view of a BdConnection (runtime-dbi.R): the second edition of its
# backend API, and R -> BigQuery standard SQL where BigQuery differs from
# dbplyr's ANSI defaults (names in backticks come from dbQuoteIdentifier(),
# strings from dbQuoteString()). dbplyr is suggested, not imported: these
# methods are registered when dbplyr is loaded (NAMESPACE's delayed
# S3method(dbplyr::<generic>, BdConnection)), and only bdplyr() and
# dplyr::tbl(<BdConnection>, ...) need it.

# A whole number given literally, for arguments BigQuery needs as numbers.
bd_sql_literal_number <- function(x, what) {
  if (!is.numeric(x) || length(x) != 1L || is.na(x)) stop(sprintf("%s must be a number written in the call, got %s", what, format(x)), call. = FALSE)
  x
}

# R functions on values, as BigQuery functions (the scalar translation).
# dbplyr::sql_expr() writes its call as SQL, each !!value escaped for the connection.
bd_bigquery_scalar <- function() {
  cast <- function(type) function(x) dbplyr::sql_expr(CAST(!!x %as% !!dbplyr::sql(type)))
  regex_contains <- function(x, pattern, ignore_case = FALSE, fixed = FALSE) {
    if (isTRUE(fixed) && !isTRUE(ignore_case)) return(dbplyr::sql_expr(STRPOS(!!x, !!pattern) > 0L))
    if (isTRUE(fixed)) return(dbplyr::sql_expr(STRPOS(LOWER(!!x), LOWER(!!pattern)) > 0L))
    if (isTRUE(ignore_case)) pattern <- if (is.character(pattern)) paste0("(?i)", pattern) else dbplyr::sql_call2("CONCAT", "(?i)", pattern)
    dbplyr::sql_call2("REGEXP_CONTAINS", x, pattern)
  }
  regex_replace <- function(x, pattern, replacement, fixed = FALSE) {
    dbplyr::sql_call2(if (isTRUE(fixed)) "REPLACE" else "REGEXP_REPLACE", x, pattern, replacement)
  }
  # paste() and paste0() as CONCAT: BigQuery has no CONCAT_WS.
  concat <- function(default_sep) function(..., sep = default_sep, collapse = NULL) {
    if (!is.null(collapse)) stop("collapse = is not available in a row-wise paste(); use str_flatten() in summarise()", call. = FALSE)
    args <- list(...)
    if (nzchar(sep) && length(args) > 1L) args <- utils::head(unlist(lapply(args, function(a) list(a, sep)), recursive = FALSE), -1L)
    do.call(dbplyr::sql_call2, c(list("CONCAT"), args))
  }
  extract <- function(part) function(x) dbplyr::sql_expr(EXTRACT(!!dbplyr::sql(part) %FROM% !!x))
  list(
    as.integer = cast("INT64"), as.integer64 = cast("INT64"), as.numeric = cast("FLOAT64"), as.double = cast("FLOAT64"),
    as.character = cast("STRING"), as.logical = cast("BOOL"), as.Date = cast("DATE"), as.POSIXct = cast("TIMESTAMP"),
    as_date = cast("DATE"), as_datetime = cast("TIMESTAMP"),
    nchar = function(x) dbplyr::sql_call2("LENGTH", x), str_length = function(string) dbplyr::sql_call2("LENGTH", string),
    tolower = function(x) dbplyr::sql_call2("LOWER", x), str_to_lower = function(string) dbplyr::sql_call2("LOWER", string),
    toupper = function(x) dbplyr::sql_call2("UPPER", x), str_to_upper = function(string) dbplyr::sql_call2("UPPER", string),
    trimws = function(x) dbplyr::sql_call2("TRIM", x), str_trim = function(string) dbplyr::sql_call2("TRIM", string),
    substr = function(x, start, stop) {
      start <- bd_sql_literal_number(start, "substr()'s start")
      stop <- bd_sql_literal_number(stop, "substr()'s stop")
      dbplyr::sql_call2("SUBSTR", x, as.integer(max(start, 1)), as.integer(max(stop - max(start, 1) + 1, 0)))
    },
    paste = concat(" "), paste0 = concat(""),
    grepl = function(pattern, x, ignore.case = FALSE, fixed = FALSE) regex_contains(x, pattern, ignore.case, fixed),
    str_detect = function(string, pattern, negate = FALSE) {
      found <- dbplyr::sql_call2("REGEXP_CONTAINS", string, pattern)
      if (isTRUE(negate)) dbplyr::sql_expr(NOT(!!found)) else found
    },
    gsub = function(pattern, replacement, x, fixed = FALSE) regex_replace(x, pattern, replacement, fixed),
    str_replace_all = function(string, pattern, replacement) regex_replace(string, pattern, replacement),
    str_extract = function(string, pattern) dbplyr::sql_call2("REGEXP_EXTRACT", string, pattern),
    startsWith = function(x, prefix) dbplyr::sql_call2("STARTS_WITH", x, prefix),
    endsWith = function(x, suffix) dbplyr::sql_call2("ENDS_WITH", x, suffix),
    # R's %/% floors; BigQuery's `/` always divides as FLOAT64.
    `%/%` = function(x, y) dbplyr::sql_expr(CAST(FLOOR(!!x / !!y) %as% !!dbplyr::sql("INT64"))),
    `%%` = function(x, y) dbplyr::sql_call2("MOD", x, y),
    `^` = function(x, y) dbplyr::sql_call2("POW", x, y),
    log = function(x, base = exp(1)) if (isTRUE(all.equal(base, exp(1)))) dbplyr::sql_call2("LN", x) else dbplyr::sql_call2("LOG", x, base),
    log2 = function(x) dbplyr::sql_call2("LOG", x, 2L),
    ceiling = function(x) dbplyr::sql_call2("CEIL", x),
    Sys.Date = function() dbplyr::sql("CURRENT_DATE()"), today = function() dbplyr::sql("CURRENT_DATE()"),
    Sys.time = function() dbplyr::sql("CURRENT_TIMESTAMP()"), now = function() dbplyr::sql("CURRENT_TIMESTAMP()"),
    year = extract("YEAR"), month = extract("MONTH"), day = extract("DAY"), mday = extract("DAY"), yday = extract("DAYOFYEAR"),
    wday = extract("DAYOFWEEK"), quarter = extract("QUARTER"), isoweek = extract("ISOWEEK"),
    hour = extract("HOUR"), minute = extract("MINUTE"), second = extract("SECOND"),
    runif = function(n = dbplyr::sql("1"), min = 0, max = 1) dbplyr::sql("RAND()")
  )
}

# Aggregates (summarise()), and the same as window functions (mutate() on groups).
bd_bigquery_aggregates <- function(window) {
  aggregate <- function(f) if (window) dbplyr::win_aggregate(f) else dbplyr::sql_aggregate(f)
  flatten <- function(x, collapse = "") {
    agg <- dbplyr::sql_call2("STRING_AGG", x, collapse)
    if (window) dbplyr::win_over(agg, partition = dbplyr::win_current_group()) else agg
  }
  list(sd = aggregate("STDDEV_SAMP"), var = aggregate("VAR_SAMP"), any = aggregate("LOGICAL_OR"), all = aggregate("LOGICAL_AND"),
    str_flatten = flatten)
}

# The BigQuery translation dbplyr uses for this connection.
bd_sql_translation <- function() {
  dbplyr::sql_variant(
    scalar = dbplyr::sql_translator(.parent = dbplyr::base_scalar, .funs = bd_bigquery_scalar()),
    aggregate = dbplyr::sql_translator(.parent = dbplyr::base_agg, .funs = bd_bigquery_aggregates(window = FALSE)),
    window = dbplyr::sql_translator(.parent = dbplyr::base_win, .funs = bd_bigquery_aggregates(window = TRUE))
  )
}

#' @exportS3Method dbplyr::dbplyr_edition
dbplyr_edition.BdConnection <- function(con) 2L

#' @exportS3Method dbplyr::sql_translation
sql_translation.BdConnection <- function(con) bd_sql_translation()

#' @exportS3Method dbplyr::db_connection_describe
db_connection_describe.BdConnection <- function(con) sprintf("BigQuery (Base dos Dados), billed to %s", con@billing_project_id)

# BigQuery answers a LIMIT 0 query from the schema alone, scanning (and billing) nothing.
#' @exportS3Method dbplyr::sql_query_fields
sql_query_fields.BdConnection <- function(con, sql, ...) {
  dbplyr::sql_query_select(con, dbplyr::sql("*"), dbplyr::sql_query_wrap(con, sql), limit = 0L)
}

# Joins name each table by an alias: dbplyr would qualify columns with the
# whole `project.dataset.table`, which BigQuery reads as one unknown name
# (and two tables called `municipio` would share their implicit alias). The
# alias is the table id, made unique (`municipio`, `municipio_1`).
bd_join_aliases <- function(names) {
  plain <- vapply(as.character(names), function(n) if (grepl(".", n, fixed = TRUE)) sub("^.*\\.", "", n) else n, "", USE.NAMES = FALSE)
  stats::setNames(make.unique(plain, sep = "_"), as.character(names))
}

# `x_as` names the table of each key column (a multi-table join may use several).
bd_alias_by <- function(by, aliases) {
  by$x_as <- dbplyr::ident(unname(aliases[as.character(by$x_as)]))
  by$y_as <- dbplyr::ident(unname(aliases[as.character(by$y_as)]))
  by
}

# Each method renames the tables, then dbplyr's own writes the join with those names.
#' @exportS3Method dbplyr::sql_query_multi_join
sql_query_multi_join.BdConnection <- function(con, x, joins, table_vars, vars, ..., lvl = 0) {
  aliases <- bd_join_aliases(names(table_vars))
  names(table_vars) <- unname(aliases)
  joins$by <- lapply(joins$by, bd_alias_by, aliases = aliases)
  NextMethod()
}

#' @exportS3Method dbplyr::sql_query_join
sql_query_join.BdConnection <- function(con, x, y, vars, type = "inner", by = NULL, na_matches = FALSE, ..., lvl = 0) {
  by <- bd_alias_by(by, bd_join_aliases(c(as.character(by$x_as), as.character(by$y_as))))
  NextMethod()
}

#' @exportS3Method dbplyr::sql_query_semi_join
sql_query_semi_join.BdConnection <- function(con, x, y, anti, by, vars, ..., lvl = 0) {
  by <- bd_alias_by(by, bd_join_aliases(c(as.character(by$x_as), as.character(by$y_as))))
  NextMethod()
}

# Joined columns named alike get these suffixes: BigQuery names cannot hold dbplyr's ".x".
#' @exportS3Method dbplyr::sql_join_suffix
sql_join_suffix.BdConnection <- function(con, ...) c("_x", "_y")

#' @exportS3Method dbplyr::sql_escape_date
sql_escape_date.BdConnection <- function(con, x) ifelse(is.na(x), "NULL", paste0("DATE '", format(x, "%Y-%m-%d"), "'"))

#' @exportS3Method dbplyr::sql_escape_datetime
sql_escape_datetime.BdConnection <- function(con, x) {
  ifelse(is.na(x), "NULL", paste0("TIMESTAMP '", format(x, "%Y-%m-%d %H:%M:%OS6", tz = "UTC"), "+00'"))
}
