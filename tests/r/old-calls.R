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

# 0.2.3's shapes: dataset_search() -> dataset_name, dataset_tables, url, title; list_dataset_tables() -> name (the table id), description.
search <- observe(dataset_search("censo"))
again <- observe(dataset_search("censo"))
out$dataset_search <- list(is_tibble = inherits(search$value, "tbl_df"), columns = as.list(names(search$value)),
  dataset_names = as.list(search$value$dataset_name), titles = as.list(search$value$title), urls = as.list(search$value$url),
  tables = lapply(search$value$dataset_tables, function(t) as.list(t$name)),
  warnings = search$warnings, warnings_again = length(again$warnings))

tables <- observe(list_dataset_tables("br_bd_diretorios_brasil"))
paged <- list_dataset_tables("br_bd_diretorios_brasil", as = "page")
out$list_dataset_tables <- list(is_tibble = inherits(tables$value, "tbl_df"), columns = as.list(names(tables$value)),
  names = as.list(tables$value$name), descriptions = as.list(tables$value$description), warnings = length(tables$warnings),
  page_names = as.list(paged$items$name))

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
# The first package's order, download(query, path): the second argument is the path.
first_order <- file.path(folder, "first-order.csv")
oldest <- observe(download("SELECT sigla FROM `basedosdados.br_bd_diretorios_brasil.uf`", first_order))
out$download <- list(
  positional = list(rows = attr(positional$value, "rows"), path = as.vector(positional$value), warnings = positional$warnings),
  by_table = list(rows = attr(named$value, "rows"), lines = length(readLines(by_table)), warnings = named$warnings),
  first_order = list(value = as.vector(oldest$value), rows = nrow(read.csv(oldest$value)), warnings = oldest$warnings)
)

rows <- observe(read_sql("SELECT sigla, nome FROM `basedosdados.br_bd_diretorios_brasil.uf` ORDER BY sigla", "projeto-de-teste"))
out$read_sql <- list(rows = nrow(rows$value), first = rows$value$sigla[[1L]], warnings = length(rows$warnings))

# A per-call timeout (seconds, per try), as TypeScript and Python take; a billing id that is no project id is refused.
timed <- read_sql("SELECT sigla FROM `basedosdados.br_bd_diretorios_brasil.uf`", timeout = 30)
refused <- tryCatch(set_billing_id("x"), bd_error = function(e) e)
out$timeout_and_billing <- list(timed_rows = nrow(timed), refused = class(refused)[[1L]], refused_message = conditionMessage(refused),
  billing_kept = get_billing_id())

failure <- tryCatch(get_dataset_description("br_nao_existe"), bd_error = function(e) e)
out$failure <- list(classes = as.list(class(failure)), status = if (is.na(failure$status)) NULL else failure$status, kind = failure$kind,
  message = conditionMessage(failure))

cat(jsonlite::toJSON(out, auto_unbox = TRUE, null = "null"), "\n", sep = "")
