# bdgen R runtime: hand-written, copied verbatim into every generated R package
# by `bdgen generate --lang r`. Edit generators/src/languages/r/runtime/ in the
# bdgen repository, never the copy.
#
# A DBI backend on the runtime's BigQuery path: DBI::dbConnect(bd_driver())
# gives a connection whose queries run through runtime-bigquery.R (the spec's
# retries and errors, the billing project, the environment, the endpoint), so
# dplyr::tbl(con, ...) and bdplyr() read BigQuery like read_sql() does. The
# classes extend DBI's, which is why DBI is imported (an S4 class needs its
# parent when the package is installed); dbplyr and dplyr stay suggested
# (runtime-dbplyr.R). The connection only reads: BigQuery's public data is
# queried, never written.

#' @importClassesFrom DBI DBIDriver DBIConnection DBIResult
#' @importFrom DBI dbConnect dbDisconnect dbIsValid dbQuoteIdentifier dbQuoteString dbSendQuery dbGetQuery
#' @importFrom DBI dbFetch dbClearResult dbHasCompleted dbGetRowCount dbGetStatement dbColumnInfo dbDataType dbGetInfo
#' @importFrom methods new show
NULL

methods::setClass("BdDriver", contains = "DBIDriver", slots = c(spec = "list"))

# `state` is an environment so dbDisconnect() can mark the connection closed.
methods::setClass("BdConnection", contains = "DBIConnection",
  slots = c(spec = "list", billing_project_id = "character", environment = "character", page_size = "numeric",
    timeout = "numeric", state = "environment"))

# A query runs when it is sent (errors surface at dbSendQuery(), as DBI asks);
# its rows wait in `state` until fetched.
methods::setClass("BdResult", contains = "DBIResult",
  slots = c(connection = "BdConnection", statement = "character", state = "environment"))

# The spec of the package the runtime was copied into (R/spec.R's `.bd_spec`).
bd_package_spec <- function() get(".bd_spec", envir = topenv(environment(bd_package_spec)))

# A connection billed to `billing_project_id` (else set_billing_id(), the
# environment variables), reading the BigQuery project of `environment`;
# `timeout` is seconds per try of each request, `page_size` rows per page.
bd_connect <- function(spec, billing_project_id = NULL, environment = NULL, timeout = NULL, page_size = bd_default_page_size) {
  fn <- bd_data_function(spec, "read_sql")
  checked <- Filter(function(p) p$name %in% c("environment", "page_size"), fn$params)
  bd_validate_args(spec, "the connection", checked, list(environment = environment, page_size = page_size))
  project <- bd_billing_project(spec, fn, billing_project_id)
  env <- bd_environment_in_use(spec, environment)
  seconds <- if (is.null(timeout)) NA_real_ else bd_resolve_timeout(spec, timeout)
  state <- new.env(parent = emptyenv())
  state$valid <- TRUE
  methods::new("BdConnection", spec = spec, billing_project_id = project, environment = env$name %||% NA_character_,
    page_size = page_size, timeout = seconds, state = state)
}

# The connections bdplyr() made, by their settings: tables of one connection
# can be joined (dplyr requires one source), so equal settings share one.
bd_connections <- new.env(parent = emptyenv())

bd_shared_connection <- function(spec, billing_project_id = NULL, environment = NULL, timeout = NULL) {
  made <- bd_connect(spec, billing_project_id, environment, timeout)
  key <- paste(spec$package, made@billing_project_id, made@environment, made@timeout, made@page_size, sep = "\r")
  known <- get0(key, envir = bd_connections, inherits = FALSE)
  if (!is.null(known) && isTRUE(known@state$valid)) return(known)
  assign(key, made, envir = bd_connections)
  made
}

# Reads every row of `sql` on `conn`'s billing project, as read_sql() does.
bd_connection_rows <- function(conn, sql) {
  if (!isTRUE(conn@state$valid)) bd_abort(conn@spec, "validation", "This Base dos Dados connection was closed (dbDisconnect()); connect again.", attempts = 0L)
  if (!is.character(sql) || length(sql) != 1L || is.na(sql) || !nzchar(sql)) {
    bd_abort(conn@spec, "validation", sprintf("A query must be one string of SQL, got %s", bd_describe_value(sql)), attempts = 0L)
  }
  options <- if (is.na(conn@timeout)) list() else list(timeout = conn@timeout)
  rows <- bd_read_rows(conn@spec, conn@billing_project_id, sql, conn@page_size, options)
  attr(rows, "bigquery_types") <- NULL
  rows
}

# BigQuery quotes names in backticks; a backslash escapes a backtick or a backslash inside.
bd_quote_identifier <- function(x) {
  escaped <- gsub("`", "\\`", gsub("\\", "\\\\", x, fixed = TRUE), fixed = TRUE)
  ifelse(is.na(x), "NULL", paste0("`", escaped, "`"))
}

# BigQuery string literals: single quotes, backslash escapes (never doubled
# quotes), and no raw line break, which a quoted string may not hold.
bd_quote_string <- function(x) {
  escaped <- gsub("\\", "\\\\", x, fixed = TRUE)
  escaped <- gsub("'", "\\'", escaped, fixed = TRUE)
  escaped <- gsub("\n", "\\n", gsub("\r", "\\r", escaped, fixed = TRUE), fixed = TRUE)
  ifelse(is.na(x), "NULL", paste0("'", escaped, "'"))
}

# The BigQuery type of an R value (dbDataType()).
bd_bigquery_type_of <- function(obj) {
  if (inherits(obj, "Date")) return("DATE")
  if (inherits(obj, "POSIXt")) return("TIMESTAMP")
  if (inherits(obj, "integer64")) return("INT64")
  if (is.factor(obj) || is.character(obj)) return("STRING")
  if (is.logical(obj)) return("BOOL")
  if (is.integer(obj)) return("INT64")
  if (is.numeric(obj)) return("FLOAT64")
  if (is.raw(obj) || inherits(obj, "blob")) return("BYTES")
  "STRING"
}

methods::setMethod("show", "BdDriver", function(object) cat("<BdDriver> BigQuery through Base dos Dados\n"))
methods::setMethod("show", "BdConnection", function(object) {
  cat(sprintf("<BdConnection> BigQuery billed to %s, environment %s%s\n", object@billing_project_id, object@environment,
    if (isTRUE(object@state$valid)) "" else " (closed)"))
})

methods::setMethod("dbConnect", "BdDriver", function(drv, billing_project_id = NULL, environment = NULL, timeout = NULL,
                                                      page_size = bd_default_page_size, ...) {
  bd_connect(drv@spec, billing_project_id, environment, timeout, page_size)
})
methods::setMethod("dbIsValid", "BdDriver", function(dbObj, ...) TRUE)
methods::setMethod("dbDataType", "BdDriver", function(dbObj, obj, ...) bd_bigquery_type_of(obj))
methods::setMethod("dbGetInfo", "BdDriver", function(dbObj, ...) list(driver.version = utils::packageVersion("DBI"), client.version = dbObj@spec$version))

methods::setMethod("dbDisconnect", "BdConnection", function(conn, ...) {
  conn@state$valid <- FALSE
  invisible(TRUE)
})
methods::setMethod("dbIsValid", "BdConnection", function(dbObj, ...) isTRUE(dbObj@state$valid))
methods::setMethod("dbDataType", "BdConnection", function(dbObj, obj, ...) bd_bigquery_type_of(obj))
methods::setMethod("dbGetInfo", "BdConnection", function(dbObj, ...) {
  list(dbname = dbObj@billing_project_id, db.version = "BigQuery standard SQL", username = NA_character_,
    host = bd_bigquery_base_url(dbObj@spec), port = NA_integer_, environment = dbObj@environment)
})
methods::setMethod("dbQuoteIdentifier", c("BdConnection", "character"), function(conn, x, ...) DBI::SQL(bd_quote_identifier(x), names = names(x)))
methods::setMethod("dbQuoteIdentifier", c("BdConnection", "SQL"), function(conn, x, ...) x)
methods::setMethod("dbQuoteString", c("BdConnection", "character"), function(conn, x, ...) DBI::SQL(bd_quote_string(x), names = names(x)))
methods::setMethod("dbQuoteString", c("BdConnection", "SQL"), function(conn, x, ...) x)
methods::setMethod("dbGetQuery", c("BdConnection", "character"), function(conn, statement, n = -1, ...) {
  rows <- bd_connection_rows(conn, statement)
  if (n >= 0 && n < nrow(rows)) rows[seq_len(n), , drop = FALSE] else rows
})
methods::setMethod("dbSendQuery", c("BdConnection", "character"), function(conn, statement, ...) {
  state <- new.env(parent = emptyenv())
  state$rows <- bd_connection_rows(conn, statement)
  state$fetched <- 0L
  state$valid <- TRUE
  methods::new("BdResult", connection = conn, statement = statement, state = state)
})

methods::setMethod("dbFetch", "BdResult", function(res, n = -1, ...) {
  state <- res@state
  if (!isTRUE(state$valid)) bd_abort(res@connection@spec, "validation", "This result was cleared (dbClearResult()).", attempts = 0L)
  total <- nrow(state$rows)
  take <- if (is.infinite(n) || n < 0) total - state$fetched else min(n, total - state$fetched)
  chosen <- state$rows[state$fetched + seq_len(take), , drop = FALSE]
  state$fetched <- state$fetched + take
  chosen
})
methods::setMethod("dbClearResult", "BdResult", function(res, ...) {
  res@state$valid <- FALSE
  res@state$rows <- NULL
  invisible(TRUE)
})
methods::setMethod("dbHasCompleted", "BdResult", function(res, ...) is.null(res@state$rows) || res@state$fetched >= nrow(res@state$rows))
methods::setMethod("dbIsValid", "BdResult", function(dbObj, ...) isTRUE(dbObj@state$valid))
methods::setMethod("dbGetRowCount", "BdResult", function(res, ...) as.integer(res@state$fetched))
methods::setMethod("dbGetStatement", "BdResult", function(res, ...) res@statement)
methods::setMethod("dbColumnInfo", "BdResult", function(res, ...) {
  rows <- res@state$rows
  data.frame(name = names(rows), type = vapply(rows, function(column) class(column)[[1L]], ""), stringsAsFactors = FALSE)
})
