# bdgen R runtime: hand-written, copied verbatim into every generated R package
# by `bdgen generate --lang r`. Edit generators/src/languages/r/runtime/ in the
# bdgen repository, never the copy.
#
# The tibbles basedosdados 0.2.3's metadata functions returned, rebuilt from
# today's catalogue, so old scripts find their columns (the old names return
# the old shapes; our own functions keep theirs). The emitter calls
# bd_old_shape() only when the spec has the operations a shape reads
# (runtime-contract.ts, R_OLD_SHAPES).

# The website's page of a dataset (0.2.3's `url`).
bd_dataset_url <- "https://basedosdados.org/dataset/%s"

bd_text_column <- function(items, name) {
  values <- if (is.null(items[[name]])) rep(list(NULL), nrow(items)) else items[[name]]
  vapply(values, function(v) if (is.character(v) && length(v) == 1L) v else NA_character_, "", USE.NAMES = FALSE)
}

# 0.2.3's list_dataset_tables(): `name` the BigQuery table id, `description`.
bd_old_tables <- function(items) {
  tibble::tibble(name = bd_text_column(items, "table_id"), description = bd_text_column(items, "description"))
}

# Every table of a BigQuery dataset, in 0.2.3's shape.
bd_old_dataset_tables <- function(spec, dataset_id) {
  if (is.na(dataset_id)) return(bd_old_tables(tibble::tibble()))
  bd_old_tables(bd_collect_pages(bd_paginate(spec, "listDatasetTables", list(dataset_id = dataset_id, page_size = 1500))))
}

# The BigQuery dataset id of the catalogue's dataset `uuid` named `name`:
# the search does not give it, the dataset list does (looked up by name).
bd_dataset_id_of <- function(spec, uuid, name) {
  if (is.na(name) || !nzchar(name)) return(NA_character_)
  found <- bd_collect_pages(bd_paginate(spec, "listDatasets", list(q = name, page_size = 1500)), as = "list")
  for (dataset in found) if (identical(dataset$uuid, uuid) && is.character(dataset$dataset_id)) return(dataset$dataset_id)
  NA_character_
}

# 0.2.3's dataset_search(): per dataset found, `dataset_name` (its BigQuery
# dataset id, as 0.2.3's name with "-" made "_" was), `dataset_tables` (its
# tables, as list_dataset_tables() gives them), `url` and `title`.
bd_old_search <- function(spec, items) {
  uuids <- bd_text_column(items, "id")
  titles <- bd_text_column(items, "name")
  ids <- vapply(seq_along(uuids), function(i) bd_dataset_id_of(spec, uuids[[i]], titles[[i]]), "")
  tibble::tibble(dataset_name = ids, dataset_tables = lapply(ids, function(id) bd_old_dataset_tables(spec, id)),
    url = ifelse(is.na(uuids), NA_character_, sprintf(bd_dataset_url, uuids)), title = titles)
}

# The old shape `shape` of `items` (a tibble of every item of the call).
bd_old_shape <- function(spec, shape, items, call = NULL) {
  spec <- bd_with_call(spec, call)
  switch(shape,
    tables_0_2_3 = bd_old_tables(items),
    search_0_2_3 = bd_old_search(spec, items),
    stop(sprintf("the R runtime has no old shape %s", shape), call. = FALSE)
  )
}
