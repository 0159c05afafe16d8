# bdgen R runtime: hand-written, copied verbatim into every generated R package
# by `bdgen generate --lang r`. Edit generators/src/languages/r/runtime/ in the
# bdgen repository, never the copy.
#
# The dplyr flow of basedosdados 0.2.3: bdplyr("dataset.table") is a lazy
# table on a BdConnection (runtime-dbi.R), dplyr verbs become BigQuery SQL
# (runtime-dbplyr.R), bd_collect() reads the rows, bd_write_csv(),
# bd_write_rds() and bd_write() save them. dplyr and dbplyr are suggested:
# only these functions need them, and say so when they are missing.

bd_require_dplyr <- function(spec, what) {
  missing <- Filter(function(p) !requireNamespace(p, quietly = TRUE), c("dplyr", "dbplyr"))
  if (length(missing) > 0L) {
    bd_abort(spec, "validation", sprintf("%s needs the packages %s (install.packages(c(%s))).", what,
      paste(missing, collapse = " and "), paste(sprintf("\"%s\"", missing), collapse = ", ")), attempts = 0L)
  }
}

# "dataset.table" (in the environment's project) or "project.dataset.table",
# checked part by part: only plain BigQuery names reach the SQL.
bd_full_table_name <- function(spec, table, query_project_id, env) {
  parts <- if (is.character(table) && length(table) == 1L && !is.na(table)) strsplit(table, ".", fixed = TRUE)[[1L]] else character()
  if (!length(parts) %in% c(2L, 3L)) {
    bd_abort(spec, "validation", sprintf(paste0("table must be \"<dataset_id>.<table_id>\" (in the project of query_project_id, ",
      "default the environment's) or \"<project>.<dataset_id>.<table_id>\", got %s"), bd_describe_value(table)), attempts = 0L)
  }
  if (length(parts) == 2L) {
    suffix <- env$dataset_suffix %||% ""
    dataset <- if (nzchar(suffix) && !endsWith(parts[[1L]], suffix)) paste0(parts[[1L]], suffix) else parts[[1L]]
    parts <- c(query_project_id %||% env$project, dataset, parts[[2L]])
  }
  rules <- c("^[a-z][a-z0-9-]{0,61}[a-z0-9]\\z", "^[A-Za-z0-9_]{1,1024}\\z", "^[A-Za-z0-9_]{1,1024}\\z")
  for (i in 1:3) {
    if (!is.character(parts[[i]]) || length(parts[[i]]) != 1L || !grepl(rules[[i]], parts[[i]], perl = TRUE)) {
      bd_abort(spec, "validation", sprintf("The %s in table %s is not a plain BigQuery name (%s)", c("project", "dataset id", "table id")[[i]],
        bd_describe_value(table), rules[[i]]), attempts = 0L)
    }
  }
  paste(parts, collapse = ".")
}

#' A Base dos Dados table to use with dplyr, without SQL
#'
#' As in basedosdados 0.2.3: a lazy table on BigQuery. dplyr's verbs
#' (`filter()`, `select()`, `mutate()`, `group_by()`, `summarise()`,
#' `left_join()`, ...) become BigQuery SQL that runs only when the rows are
#' asked for: `bd_collect()` reads them into a tibble, `bd_write_csv()`,
#' `bd_write_rds()` and `bd_write()` save them, `dplyr::show_query()` shows
#' the SQL. Queries run through the package's BigQuery requests (its retries,
#' errors and billing), like `read_sql()`. Needs the packages dplyr and dbplyr.
#'
#' @param table `"<dataset_id>.<table_id>"` (in `query_project_id`, default the
#'   environment's project: `basedosdados`) or `"<project>.<dataset_id>.<table_id>"`.
#' @param billing_project_id Your Google Cloud project, billed for the queries;
#'   default [set_billing_id()]'s, else `BASEDOSDADOS_BILLING_PROJECT_ID`, else `GOOGLE_CLOUD_PROJECT`.
#' @param query_project_id The BigQuery project of a `"<dataset_id>.<table_id>"`.
#' @param environment `"prod"`, `"staging"` or `"dev"`: whose project
#'   `"<dataset_id>.<table_id>"` is in; default the environment in use.
#' @param timeout Seconds each BigQuery request may take (per try, not for the whole query).
#' @return A lazy table (`tbl_lazy`) on a connection of [bd_driver()].
#' @seealso [bd_collect()], [bd_write()], [bd_driver()] for `dplyr::tbl(con, ...)`.
#' @examples
#' \dontrun{
#' set_billing_id("my-gcp-project")
#' library(dplyr)
#' pib <- bdplyr("br_ibge_pib.municipio")
#' pib %>%
#'   filter(ano == 2020) %>%
#'   group_by(ano) %>%
#'   summarise(pib = sum(pib)) %>%
#'   bd_collect()
#' }
#' @md
#' @export
bdplyr <- function(table, billing_project_id = NULL, query_project_id = NULL, environment = NULL, timeout = NULL) {
  spec <- bd_with_call(bd_package_spec(), sys.call())
  bd_require_dplyr(spec, "bdplyr()")
  con <- bd_shared_connection(spec, billing_project_id, environment, timeout)
  env <- bd_environment_in_use(spec, environment)
  name <- bd_full_table_name(spec, table, query_project_id, env)
  # The columns come from our own query, so a missing table fails with the package's bd_not_found.
  fields <- names(DBI::dbGetQuery(con, sprintf("SELECT * FROM %s LIMIT 0", bd_quote_identifier(name))))
  dplyr::tbl(con, name, vars = fields)
}

#' The DBI driver of Base dos Dados' BigQuery
#'
#' `DBI::dbConnect(bd_driver(), billing_project_id = ...)` opens a connection
#' for `dplyr::tbl(con, "basedosdados.<dataset_id>.<table_id>")` and DBI's
#' `dbGetQuery()`; its queries go through the package's BigQuery requests
#' (retries, errors, the billing project, the environment's endpoint). It
#' only reads. `dbConnect()` takes `billing_project_id`, `environment`,
#' `timeout` (seconds per try) and `page_size` (rows per page).
#'
#' @return A `BdDriver` object.
#' @examples
#' \dontrun{
#' con <- DBI::dbConnect(bd_driver(), billing_project_id = "my-gcp-project")
#' ufs <- dplyr::tbl(con, "basedosdados.br_bd_diretorios_brasil.uf")
#' DBI::dbGetQuery(con, "SELECT sigla FROM `basedosdados.br_bd_diretorios_brasil.uf`")
#' }
#' @md
#' @export
bd_driver <- function() methods::new("BdDriver", spec = bd_package_spec())

bd_check_lazy <- function(spec, x, what) {
  if (!inherits(x, "tbl_lazy")) {
    hint <- if (inherits(x, "data.frame")) " The rows are already here: save them with write.csv() or saveRDS()." else ""
    bd_abort(spec, "validation", sprintf("%s needs a lazy table (from bdplyr()), got %s.%s", what, class(x)[[1L]], hint), attempts = 0L)
  }
}

# A saved file is never half-written: `write(temporary)` writes beside
# `path` (same extension), which then replaces `path`; a failure removes it.
bd_write_atomically <- function(spec, path, overwrite, write) {
  if (!is.character(path) || length(path) != 1L || is.na(path) || !nzchar(path)) {
    bd_abort(spec, "validation", sprintf("path must be one file path, got %s", bd_describe_value(path)), attempts = 0L)
  }
  if (file.exists(path) && !isTRUE(overwrite)) {
    bd_abort(spec, "validation", sprintf("%s already exists. Set overwrite = TRUE to replace it.", path), attempts = 0L)
  }
  folder <- dirname(path)
  if (!dir.exists(folder) && !dir.create(folder, recursive = TRUE, showWarnings = FALSE)) {
    bd_abort(spec, "filesystem", sprintf("Cannot create the folder %s", folder), attempts = 0L)
  }
  temporary <- file.path(folder, sprintf(".%s.%s", bd_request_id(), basename(path)))
  on.exit(unlink(temporary), add = TRUE)
  write(temporary)
  if (!file.exists(temporary) || !file.rename(temporary, path)) bd_abort(spec, "filesystem", sprintf("Could not save %s", path), attempts = 0L)
  invisible(path)
}

#' Read the rows of a lazy table into a tibble
#'
#' As in basedosdados 0.2.3: runs the SQL of a table from [bdplyr()] (after
#' any dplyr verbs) and returns its rows. Types are those of `read_sql()`.
#'
#' @param .lazy_tbl A lazy table, from [bdplyr()] or `dplyr::tbl()` on [bd_driver()].
#' @param billing_project_id Accepted for basedosdados 0.2.3's scripts; the
#'   table's connection already names the billing project.
#' @param show_query Whether to show the SQL first (`dplyr::show_query()`).
#' @return A tibble.
#' @md
#' @export
bd_collect <- function(.lazy_tbl, billing_project_id = NULL, show_query = FALSE) {
  spec <- bd_with_call(bd_package_spec(), sys.call())
  bd_require_dplyr(spec, "bd_collect()")
  bd_check_lazy(spec, .lazy_tbl, "bd_collect()")
  if (isTRUE(show_query)) dplyr::show_query(.lazy_tbl)
  tibble::as_tibble(dplyr::collect(.lazy_tbl))
}

#' Save the rows of a lazy table to a file
#'
#' As in basedosdados 0.2.3. `bd_write_csv()` saves the table's query as
#' `download()` does (streamed page by page, the canonical CSV every package
#' writes: NULL an empty field); `bd_write_rds()` saves the collected tibble
#' with `saveRDS()`; `bd_write()` hands it to `.write_fn(rows, path, ...)`.
#' The file is written beside `path` and renamed over it only when complete;
#' missing folders are created.
#'
#' @param .lazy_tbl A lazy table, from [bdplyr()].
#' @param .write_fn A function that writes a data frame to a path (`write.csv`, `writexl::write_xlsx`, ...).
#' @param path Where to save the file.
#' @param overwrite Whether an existing file may be replaced.
#' @param compress `"none"`, `"gz"`, `"bz"` or `"xz"` (as readr::write_rds() named them).
#' @param ... More arguments for `.write_fn` (or `saveRDS()`); `bd_write_csv()` takes none (readr's had no effect there).
#' @return `path`, invisibly.
#' @name bd_write
#' @md
#' @export
bd_write <- function(.lazy_tbl, .write_fn, path, overwrite = FALSE, ...) {
  spec <- bd_with_call(bd_package_spec(), sys.call())
  if (!is.function(.write_fn)) bd_abort(spec, "validation", ".write_fn must be a function (its name, without parentheses).", attempts = 0L)
  rows <- bd_collect(.lazy_tbl)
  bd_write_atomically(spec, path, overwrite, function(file) .write_fn(rows, file, ...))
}

#' @rdname bd_write
#' @md
#' @export
bd_write_csv <- function(.lazy_tbl, path, overwrite = FALSE, ...) {
  spec <- bd_with_call(bd_package_spec(), sys.call())
  bd_require_dplyr(spec, "bd_write_csv()")
  bd_check_lazy(spec, .lazy_tbl, "bd_write_csv()")
  if (...length() > 0L) bd_warn_deprecated("bd_write_csv(...)", "bd_write_csv(...): readr::write_csv()'s arguments have no effect; the file is the CSV every package writes (NULL an empty field)")
  con <- dbplyr::remote_con(.lazy_tbl)
  if (!methods::is(con, "BdConnection")) {
    bd_abort(spec, "validation", "bd_write_csv() saves tables of bdplyr() or of a bd_driver() connection; use bd_write(.write_fn = write.csv) for others.", attempts = 0L)
  }
  sql <- as.character(dbplyr::sql_render(.lazy_tbl))
  bd_write_atomically(spec, path, overwrite, function(file) {
    bd_download(con@spec, list(path = file, query = sql, format = "csv", billing_project_id = con@billing_project_id,
      page_size = con@page_size), options = if (is.na(con@timeout)) list() else list(timeout = con@timeout))
  })
}

#' @rdname bd_write
#' @md
#' @export
bd_write_rds <- function(.lazy_tbl, path, overwrite = FALSE, compress = "none", ...) {
  spec <- bd_with_call(bd_package_spec(), sys.call())
  if (!is.character(path) || length(path) != 1L || !grepl("\\.rds$", path)) {
    bd_abort(spec, "validation", sprintf("path must name an .rds file, got %s", bd_describe_value(path)), attempts = 0L)
  }
  methods <- list(none = FALSE, gz = "gzip", bz = "bzip2", xz = "xz")
  if (!is.character(compress) || length(compress) != 1L || !compress %in% names(methods)) {
    bd_abort(spec, "validation", sprintf("compress must be one of \"none\", \"gz\", \"bz\", \"xz\", got %s", bd_describe_value(compress)), attempts = 0L)
  }
  rows <- bd_collect(.lazy_tbl)
  bd_write_atomically(spec, path, overwrite, function(file) saveRDS(rows, file, compress = methods[[compress]], ...))
}

#' The pipe, as basedosdados 0.2.3 exported it
#'
#' magrittr's `%>%` (installed with dplyr), so scripts that piped a lazy table
#' into `dplyr::filter()` without attaching dplyr keep working.
#'
#' @param lhs A value.
#' @param rhs A call to pipe it into.
#' @return What `rhs` returns.
#' @name pipe
#' @md
#' @export
`%>%` <- function(lhs, rhs) {
  if (!requireNamespace("magrittr", quietly = TRUE)) stop("%>% needs the package magrittr (installed with dplyr).", call. = FALSE)
  eval(as.call(list(magrittr::`%>%`, substitute(lhs), substitute(rhs))), parent.frame())
}

# With magrittr installed the pipe is magrittr's own function, so attaching
# dplyr (which exports that same function) reports no masking.
.onLoad <- function(libname, pkgname) {
  if (requireNamespace("magrittr", quietly = TRUE)) assign("%>%", magrittr::`%>%`, envir = topenv(environment(bd_package_spec)))
}
