# The DBI connection (runtime-dbi.R) and the dplyr flow of basedosdados 0.2.3
# (runtime-bdplyr.R) against the fake BigQuery on 127.0.0.1: queries go
# through the runtime's requests, its retries, errors and billing project.
web <- webfakes::new_app_process(test_app(), port = NULL)
withr::defer(web$stop(), teardown_env())
withr::local_envvar(BASEDOSDADOS_BIGQUERY_ENDPOINT = sub("/$", "", web$url()), BASEDOSDADOS_ACCESS_TOKEN = NA,
  BASEDOSDADOS_BILLING_PROJECT_ID = NA, GOOGLE_CLOUD_PROJECT = NA, .local_envir = teardown_env())
hits <- function(key) jsonlite::fromJSON(web$url(paste0("/count/", key)))$hits
connect <- function(...) bd_connect(test_spec(), billing_project_id = "my-project", ...)

test_that("a connection needs a billing project, checked before any request", {
  before <- hits("queries")
  expect_error(bd_connect(test_spec()), class = "bd_billing_project")
  expect_error(bd_connect(test_spec(), billing_project_id = "x"), class = "bd_validation")
  expect_identical(hits("queries"), before)
  expect_true(DBI::dbIsValid(connect()))
})

test_that("dbGetQuery() reads every page, a failed page retried alone, as read_sql() does", {
  con <- connect(page_size = 5)
  before <- hits("results")
  rows <- DBI::dbGetQuery(con, "rows 25 fail page 10")
  expect_identical(rows$id, as.double(1:25))
  expect_identical(hits("results") - before, 5L)
  expect_identical(jsonlite::fromJSON(web$url("/__last"))$body$maxResults, 5L)
})

test_that("dbSendQuery() runs the query; dbFetch() hands its rows out in chunks", {
  res <- DBI::dbSendQuery(connect(), "rows 5")
  expect_identical(DBI::dbFetch(res, n = 2)$id, c(1, 2))
  expect_false(DBI::dbHasCompleted(res))
  expect_identical(DBI::dbFetch(res)$id, c(3, 4, 5))
  expect_true(DBI::dbHasCompleted(res))
  expect_identical(DBI::dbGetRowCount(res), 5L)
  expect_identical(DBI::dbColumnInfo(res)$name, c("id", "name"))
  DBI::dbClearResult(res)
  expect_false(DBI::dbIsValid(res))
})

test_that("BigQuery's errors are the runtime's conditions; a closed connection refuses", {
  con <- connect()
  expect_error(DBI::dbGetQuery(con, "error invalidQuery 400"), class = "bd_invalid_query")
  expect_error(DBI::dbSendQuery(con, "error notFound 404"), class = "bd_not_found")
  DBI::dbDisconnect(con)
  expect_error(DBI::dbGetQuery(con, "rows 1"), class = "bd_validation")
})

test_that("a try that outlasts the call's timeout is bd_timeout, saying it is per try", {
  withr::local_options(stats::setNames(list(list(max_attempts = 1)), "bdruntimetest.retry"))
  before <- hits("slow-query")
  error <- tryCatch(DBI::dbGetQuery(connect(timeout = 0.3), "slow"), error = identity)
  expect_s3_class(error, "bd_timeout")
  expect_match(conditionMessage(error), "within 0.3 s (the timeout of each try)", fixed = TRUE)
  expect_identical(hits("slow-query") - before, 1L) # the server saw the try it did not answer in time
  read <- tryCatch(bd_read_sql(test_spec(), list(query = "slow", billing_project_id = "my-project"), options = list(timeout = 0.3)), error = identity)
  expect_s3_class(read, "bd_timeout")
  expect_error(connect(timeout = 0), class = "bd_validation")
})

test_that("bdplyr(): a lazy table whose verbs run through the connection; bd_collect(), bd_write_csv(), bd_write_rds()", {
  skip_without_data_functions()
  skip_if_not_installed("dbplyr")
  skip_if_not_installed("dplyr")
  old <- set_billing_id("my-project")
  withr::defer(set_billing_id(old))
  table <- bdplyr("br_bd_diretorios_brasil.uf")
  expect_s3_class(table, "tbl_lazy")
  expect_identical(colnames(table), c("id", "name"))
  expect_match(jsonlite::fromJSON(web$url("/__last"))$body$query, "FROM `basedosdados.br_bd_diretorios_brasil.uf` LIMIT 0", fixed = TRUE)
  picked <- dplyr::select(dplyr::filter(table, id == 1L), name)
  rows <- bd_collect(picked)
  expect_s3_class(rows, "tbl_df")
  expect_identical(rows$name, "name 1") # the fake answers any other query with one row of id and name
  expect_identical(jsonlite::fromJSON(web$url("/__last"))$body$query,
    "SELECT `name`\nFROM `basedosdados.br_bd_diretorios_brasil.uf`\nWHERE (`id` = 1)")
  folder <- withr::local_tempdir()
  csv <- bd_write_csv(picked, file.path(folder, "sub", "uf.csv"))
  expect_identical(as.character(csv), file.path(folder, "sub", "uf.csv"))
  expect_identical(readLines(csv), c("id,name", "1,name 1"))
  expect_error(bd_write_csv(picked, csv), class = "bd_validation") # exists, and overwrite = FALSE
  rds <- bd_write_rds(picked, file.path(folder, "uf.rds"), compress = "gz")
  expect_identical(readRDS(rds), rows)
  expect_error(bd_write_rds(picked, file.path(folder, "uf.csv")), class = "bd_validation")
  expect_error(bd_write_csv(dbplyr::lazy_frame(x = 1), file.path(folder, "other.csv")), class = "bd_validation") # not a Base dos Dados table
  expect_identical(list.files(folder, all.files = TRUE, recursive = TRUE), c("sub/uf.csv", "uf.rds")) # no temporary file left
  # One connection for equal settings, so two tables can be joined (dplyr wants one source).
  expect_identical(dbplyr::remote_con(bdplyr("br_ibge_pib.municipio")), dbplyr::remote_con(table))
  expect_error(bd_collect(data.frame(x = 1)), class = "bd_validation")
  expect_error(bdplyr("only_one_part"), class = "bd_validation")
  expect_error(bdplyr("a.b`; DROP.c"), class = "bd_validation")
})

test_that("dplyr::tbl() on a connection of bd_driver()", {
  skip_without_data_functions()
  skip_if_not_installed("dbplyr")
  skip_if_not_installed("dplyr")
  con <- DBI::dbConnect(bd_driver(), billing_project_id = "my-project")
  expect_s4_class(con, "BdConnection")
  lazy <- dplyr::tbl(con, "basedosdados.br_bd_diretorios_brasil.uf")
  expect_identical(nrow(dplyr::collect(utils::head(lazy, 1))), 1L)
  expect_identical(jsonlite::fromJSON(web$url("/__last"))$body$query, "SELECT *\nFROM `basedosdados.br_bd_diretorios_brasil.uf`\nLIMIT 1")
})
