# Hand-written stand-in for the functions the R emitter will generate (phase
# 2): each one only hands its arguments, keyed by wire name, to the runtime.

#' List datasets
#'
#' One page of the catalogue's datasets; [bd_next_page()] and
#' [bd_collect_pages()] walk the later ones.
#'
#' @param q Text searched in names and descriptions.
#' @param organization,theme,tag Slugs to filter by.
#' @param page Page number, from 1.
#' @param page_size Items per page (1 to 100).
#' @return A `bd_page`: `$items` (a tibble), `$page`, `$page_size`, `$count`, `$page_total`, `$body`.
#' @export
list_datasets <- function(q = NULL, organization = NULL, theme = NULL, tag = NULL, page = NULL, page_size = NULL) {
  bd_paginate(.bd_spec, "listDatasets", list(q = q, organization = organization, theme = theme, tag = tag,
    page = page, page_size = page_size), call = sys.call())
}

#' Get one dataset
#'
#' @param dataset_id The dataset's id (`br_ibge_populacao`).
#' @return The dataset, as a list.
#' @export
get_dataset <- function(dataset_id) {
  bd_call(.bd_spec, "getDataset", list(dataset_id = dataset_id), call = sys.call())
}

#' List the tables of a dataset
#'
#' @inheritParams get_dataset
#' @inheritParams list_datasets
#' @return A `bd_page` of tables.
#' @export
list_dataset_tables <- function(dataset_id, page = NULL, page_size = NULL) {
  bd_paginate(.bd_spec, "listDatasetTables", list(dataset_id = dataset_id, page = page, page_size = page_size), call = sys.call())
}

#' Get one table
#'
#' @inheritParams get_dataset
#' @param table_id The table's id (`municipio`).
#' @return The table, as a list.
#' @export
get_table <- function(dataset_id, table_id) {
  bd_call(.bd_spec, "getTable", list(dataset_id = dataset_id, table_id = table_id), call = sys.call())
}

#' List the columns of a table
#'
#' @inheritParams get_table
#' @inheritParams list_datasets
#' @return A `bd_page` of columns.
#' @export
list_table_columns <- function(dataset_id, table_id, page = NULL, page_size = NULL) {
  bd_paginate(.bd_spec, "listTableColumns", list(dataset_id = dataset_id, table_id = table_id, page = page, page_size = page_size), call = sys.call())
}

#' List organizations, themes or tags
#'
#' @inheritParams list_datasets
#' @return A `bd_page`.
#' @export
list_organizations <- function(page = NULL, page_size = NULL) {
  bd_paginate(.bd_spec, "listOrganizations", list(page = page, page_size = page_size), call = sys.call())
}

#' @rdname list_organizations
#' @export
list_themes <- function(page = NULL, page_size = NULL) {
  bd_paginate(.bd_spec, "listThemes", list(page = page, page_size = page_size), call = sys.call())
}

#' @rdname list_organizations
#' @export
list_tags <- function(page = NULL, page_size = NULL) {
  bd_paginate(.bd_spec, "listTags", list(page = page, page_size = page_size), call = sys.call())
}

#' Search the catalogue
#'
#' Not called `search()`: that would mask base R's `search()` (the search
#' path), which R itself calls (R CMD check's examples break).
#'
#' @inheritParams list_datasets
#' @return A `bd_page`; `$body$aggregations` counts themes, organizations and tags.
#' @export
search_catalogue <- function(q = NULL, organization = NULL, theme = NULL, tag = NULL, page = NULL, page_size = NULL) {
  bd_paginate(.bd_spec, "search", list(q = q, organization = organization, theme = theme, tag = tag,
    page = page, page_size = page_size), call = sys.call())
}

#' Run SQL on BigQuery
#'
#' @param query Standard SQL.
#' @param billing_project_id Your Google Cloud project; default [get_billing_id()].
#' @param environment `"prod"`, `"staging"` or `"dev"`.
#' @param page_size Rows per BigQuery page.
#' @return A tibble; `attr(x, "bigquery_types")` names each column's BigQuery type.
#' @export
read_sql <- function(query, billing_project_id = NULL, environment = NULL, page_size = NULL) {
  bd_read_sql(.bd_spec, list(query = query, billing_project_id = billing_project_id, environment = environment,
    page_size = page_size), call = sys.call())
}

#' Read a table
#'
#' @inheritParams read_sql
#' @inheritParams get_table
#' @param columns Columns to read; all when `NULL`.
#' @param limit Read at most this many rows.
#' @return A tibble, as [read_sql()].
#' @export
read_table <- function(dataset_id, table_id, columns = NULL, limit = NULL, billing_project_id = NULL,
                       environment = NULL, page_size = NULL) {
  bd_read_table(.bd_spec, list(dataset_id = dataset_id, table_id = table_id, columns = columns, limit = limit,
    billing_project_id = billing_project_id, environment = environment, page_size = page_size), call = sys.call())
}

#' Save a query's or a table's rows to a file
#'
#' @inheritParams read_table
#' @param query Standard SQL whose result is saved (or give `dataset_id` and `table_id`).
#' @param table Deprecated (basedosdados 0.2.x): `"dataset_id.table_id"`.
#' @param path Where to write the file.
#' @param format `"csv"`, `"jsonl"` or `"parquet"`; default from the extension.
#' @param dataset_id,table_id The table to save, instead of a query.
#' @param .na Deprecated and ignored: NULL is always an empty field.
#' @return `list(path, format, rows, bytes)`, invisibly.
#' @export
download <- function(query = NULL, table = NULL, path, billing_project_id = NULL, dataset_id = NULL, table_id = NULL,
                     columns = NULL, limit = NULL, format = NULL, environment = NULL, page_size = NULL, .na = NULL) {
  ids <- bd_alias_effect(.bd_spec, "split_table", table, "table", "download")
  if (length(ids) > 0L) {
    dataset_id <- ids$dataset_id
    table_id <- ids$table_id
  }
  invisible(bd_download(.bd_spec, list(path = path, query = query, dataset_id = dataset_id, table_id = table_id,
    columns = columns, limit = limit, format = format, billing_project_id = billing_project_id,
    environment = environment, page_size = page_size), call = sys.call()))
}

#' Estimate what a query would scan and cost
#'
#' @inheritParams read_sql
#' @return `list(bytes_processed, cost_usd)`.
#' @export
estimate_query <- function(query, billing_project_id = NULL, environment = NULL) {
  bd_estimate_query(.bd_spec, list(query = query, billing_project_id = billing_project_id, environment = environment), call = sys.call())
}

#' Deprecated functions of basedosdados 0.2.x
#'
#' They warn once per session and call the new functions.
#'
#' @param search_term Text to search (now `q` of [list_datasets()]).
#' @inheritParams get_table
#' @return `dataset_search()`: a tibble of every matching dataset;
#'   `get_dataset_description()`, `get_table_description()`: a list;
#'   `get_table_columns()`: a tibble of every column.
#' @name deprecated
NULL

#' @rdname deprecated
#' @export
dataset_search <- function(search_term) {
  bd_warn_deprecated("dataset_search", "dataset_search() is deprecated; use list_datasets(q = ...)")
  bd_alias_result(list_datasets(q = search_term), "all_items")
}

#' @rdname deprecated
#' @export
get_dataset_description <- function(dataset_id) {
  bd_warn_deprecated("get_dataset_description", "get_dataset_description() is deprecated; use get_dataset()")
  get_dataset(dataset_id)
}

#' @rdname deprecated
#' @export
get_table_description <- function(dataset_id, table_id) {
  bd_warn_deprecated("get_table_description", "get_table_description() is deprecated; use get_table()")
  get_table(dataset_id, table_id)
}

#' @rdname deprecated
#' @export
get_table_columns <- function(dataset_id, table_id) {
  bd_warn_deprecated("get_table_columns", "get_table_columns() is deprecated; use list_table_columns()")
  bd_alias_result(list_table_columns(dataset_id, table_id), "all_items")
}
