# Scripts written for basedosdados 0.2.3 (CRAN), run against the generated
# package and the local datalake: every old call the package keeps
# (x-bd-aliases.r), called the way the old documentation calls it.
#
#   Rscript tests/r/old-calls.R <library> <package> <folder>
#
# Needs BASEDOSDADOS_API_URL and BASEDOSDADOS_BIGQUERY_ENDPOINT. Prints one
# JSON object: what each call returned (sizes, ids, fields), which warnings
# it gave (class and text), and the condition of a failing call; the vitest
# compares it with what the TypeScript SDK reads from the same datalake.

args <- commandArgs(trailingOnly = TRUE)
library(args[[2L]], lib.loc = args[[1L]], character.only = TRUE)
folder <- args[[3L]]

# Runs `code`, keeping its value and the warnings it gave (class and message).
observe <- function(code) {
  warnings <- list()
  value <- withCallingHandlers(code, warning = function(w) {
    warnings[[length(warnings) + 1L]] <<- list(class = class(w)[[1L]], message = conditionMessage(w))
    invokeRestart("muffleWarning")
  })
  list(value = value, warnings = warnings)
}

set_billing_id("projeto-de-teste")
out <- list(billing = get_billing_id())

slugs <- function(items) as.list(vapply(items, function(item) item$slug, ""))

search <- observe(dataset_search("censo"))
again <- observe(dataset_search("censo"))
out$dataset_search <- list(is_tibble = inherits(search$value, "tbl_df"), ids = as.list(search$value$dataset_id),
  slugs = as.list(search$value$slug), organizations = lapply(search$value$organizations, slugs),
  warnings = search$warnings, warnings_again = length(again$warnings))

tables <- observe(list_dataset_tables("br_bd_diretorios_brasil"))
out$list_dataset_tables <- list(is_tibble = inherits(tables$value, "tbl_df"), ids = as.list(tables$value$table_id),
  names = as.list(tables$value$name), uuids = as.list(tables$value$uuid), warnings = length(tables$warnings))

dataset <- observe(get_dataset_description("br_ibge_populacao"))
out$get_dataset_description <- list(id = dataset$value$dataset_id, uuid = dataset$value$uuid, description = dataset$value$description,
  themes = slugs(dataset$value$themes), tags = slugs(dataset$value$tags), warnings = dataset$warnings)

table <- observe(get_table_description("br_bd_diretorios_brasil", "uf"))
out$get_table_description <- list(id = table$value$table_id, uuid = table$value$uuid, description = table$value$description,
  number_rows = table$value$number_rows, warnings = table$warnings)

columns <- observe(get_table_columns("br_bd_diretorios_brasil", "uf"))
out$get_table_columns <- list(is_tibble = inherits(columns$value, "tbl_df"), names = as.list(columns$value$name),
  types = as.list(columns$value$bigquery_type), warnings = columns$warnings)

# download(query, table, path, billing_project_id, .na), positionally and by name, as the old README did.
by_query <- file.path(folder, "by-query.csv")
positional <- observe(download("SELECT sigla, nome FROM `basedosdados.br_bd_diretorios_brasil.uf` ORDER BY sigla", NULL, by_query))
by_table <- file.path(folder, "sub", "by-table.csv")
named <- observe(download(table = "br_bd_diretorios_brasil.uf", path = by_table, billing_project_id = "projeto-de-teste", .na = " "))
out$download <- list(
  positional = list(rows = positional$value$rows, path = positional$value$path, warnings = positional$warnings),
  by_table = list(rows = named$value$rows, lines = length(readLines(by_table)), warnings = named$warnings)
)

rows <- observe(read_sql("SELECT sigla, nome FROM `basedosdados.br_bd_diretorios_brasil.uf` ORDER BY sigla", "projeto-de-teste"))
out$read_sql <- list(rows = nrow(rows$value), first = rows$value$sigla[[1L]], warnings = length(rows$warnings))

failure <- tryCatch(get_dataset_description("br_nao_existe"), bd_error = function(e) e)
out$failure <- list(classes = as.list(class(failure)), status = if (is.na(failure$status)) NULL else failure$status, kind = failure$kind,
  message = conditionMessage(failure))

cat(jsonlite::toJSON(out, auto_unbox = TRUE, null = "null"), "\n", sep = "")
