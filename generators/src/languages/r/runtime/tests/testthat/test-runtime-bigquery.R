# BigQuery over REST against a fake on 127.0.0.1: jobs.query, polling, pages,
# per-page retries, error mapping, dry runs, types and downloads.
web <- webfakes::new_app_process(test_app(), port = NULL)
withr::defer(web$stop(), teardown_env())
withr::local_envvar(BASEDOSDADOS_BIGQUERY_ENDPOINT = sub("/$", "", web$url()), BASEDOSDADOS_ACCESS_TOKEN = NA,
  BASEDOSDADOS_BILLING_PROJECT_ID = NA, GOOGLE_CLOUD_PROJECT = NA, .local_envir = teardown_env())
hits <- function(key) jsonlite::fromJSON(web$url(paste0("/count/", key)))$hits
sql <- function(query, ...) bd_read_sql(test_spec(), list(query = query, billing_project_id = "my-project", ...), options = quick)

test_that("jobs.query sends standard SQL, int64 timestamps, a request id and the page size; no credential locally", {
  rows <- sql("rows 3", page_size = 2)
  last <- jsonlite::fromJSON(web$url("/__last"))
  expect_identical(last$auth, "")
  expect_false(last$body$useLegacySql)
  expect_true(last$body$formatOptions$useInt64Timestamp)
  expect_identical(last$body$maxResults, 2L)
  expect_match(last$body$requestId, "^[0-9a-f]{32}$")
  expect_identical(rows$id, c(1, 2, 3))
})

test_that("every page is read, and a failed page is retried alone", {
  before_queries <- hits("queries")
  before_results <- hits("results")
  rows <- sql("rows 25 fail page 10", page_size = 5)
  expect_identical(nrow(rows), 25L)
  expect_identical(rows$id, as.double(1:25))
  expect_identical(hits("queries") - before_queries, 1L) # one job
  expect_identical(hits("results") - before_results, 5L) # four later pages, one of them twice
})

test_that("a 200 whose body is not JSON is bd_server naming its type, not retried", {
  before <- hits("queries")
  error <- tryCatch(sql("not json"), error = identity)
  expect_s3_class(error, "bd_server")
  expect_match(conditionMessage(error), "text/html")
  expect_identical(hits("queries") - before, 1L)
})

test_that("a job that is not complete yet is polled", {
  rows <- sql("rows 2 incomplete 3")
  expect_identical(rows$name, c("name 1", "name 2"))
})

test_that("BigQuery errors are typed by reason, then status", {
  cases <- list(c("invalidQuery 400", "bd_invalid_query"), c("notFound 404", "bd_not_found"), c("accessDenied 403", "bd_access_denied"),
    c("responseTooLarge 403", "bd_invalid_query"), c("quotaExceeded 403", "bd_rate_limited"), c("unheard 500", "bd_server"),
    c("timeout 400", "bd_timeout"))
  for (case in cases) {
    error <- tryCatch(sql(paste("error", case[[1L]])), error = identity)
    expect_s3_class(error, case[[2L]])
    expect_identical(error$reason, strsplit(case[[1L]], " ")[[1L]][[1L]])
  }
  before <- hits("queries")
  error <- tryCatch(sql("error backendError 503"), error = identity)
  expect_s3_class(error, "bd_server")
  expect_identical(error$attempts, 4L)
  expect_identical(hits("queries") - before, 4L)
  expect_match(conditionMessage(error), "BigQuery 503 backendError: scripted backendError (after 4 attempts)", fixed = TRUE)
})

test_that("types: INT64 double when safe else character, NUMERIC text, Date, POSIXct UTC, NA of the column's type", {
  rows <- sql("types")
  expect_identical(attr(rows, "bigquery_types"), c(i = "INT64", big = "INT64", f = "FLOAT64", n = "NUMERIC", b = "BOOL",
    s = "STRING", d = "DATE", dt = "DATETIME", ts = "TIMESTAMP", g = "GEOGRAPHY"))
  expect_identical(rows$i, c(1, 2, NA))
  expect_identical(rows$big, c("9007199254740993", "-5", NA))
  expect_identical(rows$f, c(3.5, 1e-7, NA))
  expect_identical(rows$n, c("1234.5", "-0.000000001", NA))
  expect_identical(rows$b, c(TRUE, FALSE, NA))
  expect_identical(rows$d, as.Date(c("2021-06-01", "1900-01-01", NA)))
  expect_s3_class(rows$ts, "POSIXct")
  expect_identical(attr(rows$ts, "tzone"), "UTC")
  expect_identical(format(rows$ts[[1L]], "%Y-%m-%d %H:%M:%OS3"), "2021-06-01 15:30:45.500")
  expect_identical(format(rows$dt, "%Y-%m-%d %H:%M:%S"), c("2021-06-01 12:30:45", "1999-12-31 23:59:59", NA))
  expect_equal(as.double(rows$dt[[1L]]) %% 1, 0.123456, tolerance = 1e-6)
  expect_true(is.na(rows$g[[3L]]) && is.character(rows$g))
})

test_that("the billing project: argument, set_billing_id(), then the environment; none -> bd_billing_project before any request", {
  spec <- test_spec()
  before <- hits("queries")
  expect_error(bd_read_sql(spec, list(query = "rows 1")), class = "bd_billing_project")
  expect_identical(hits("queries"), before)
  withr::local_envvar(GOOGLE_CLOUD_PROJECT = "from-google-env")
  expect_identical(bd_resolve_billing_project(spec, NULL)$value, "from-google-env")
  # get_billing_id() reads the package's own variable: <its brand's prefix>_BILLING_PROJECT_ID.
  withr::local_envvar(stats::setNames("from-bd-env", bd_env_name(bd_package_spec(), "BILLING_PROJECT_ID")))
  expect_identical(get_billing_id(), "from-bd-env")
  old <- set_billing_id("from-setter")
  withr::defer(set_billing_id(old))
  expect_identical(get_billing_id(), "from-setter")
  expect_identical(bd_resolve_billing_project(spec, "from-argument")$value, "from-argument")
  expect_error(bd_read_sql(spec, list(query = "rows 1", billing_project_id = "Not Valid")), class = "bd_validation")
})

test_that("a dry run estimates bytes and cost", {
  estimate <- bd_estimate_query(test_spec(), list(query = "rows 1", billing_project_id = "my-project"))
  expect_identical(estimate, list(bytes_processed = 2^40, cost_usd = 6.25))
})

download <- function(...) bd_download(test_spec(), list(billing_project_id = "my-project", ...), options = quick)

test_that("downloads write the canonical bytes, page by page, to a file renamed into place", {
  folder <- withr::local_tempdir()
  target <- file.path(folder, "new", "sub", "rows.csv") # missing folders are created
  result <- download(query = "rows 7", path = target, page_size = 3)
  expect_identical(result$format, "csv")
  expect_identical(result$rows, 7)
  expect_identical(readChar(target, 1e6, useBytes = TRUE), paste0("id,name\n", paste0(1:7, ",name ", 1:7, "\n", collapse = "")))
  expect_identical(result$bytes, file.size(target))
  jsonl <- download(query = "rows 2", path = file.path(folder, "rows.ndjson"))
  expect_identical(jsonl$format, "jsonl") # from the extension
  expect_identical(readLines(jsonl$path), c("{\"id\":1,\"name\":\"name 1\"}", "{\"id\":2,\"name\":\"name 2\"}"))
  limited <- download(query = "rows 9", path = file.path(folder, "few.csv"), limit = 4, page_size = 3)
  expect_identical(limited$rows, 4)
  expect_identical(sort(list.files(folder, all.files = TRUE, no.. = TRUE)), c("few.csv", "new", "rows.ndjson"))
})

test_that("a path whose extension names no format needs format =, before any request; an existing folder is bd_filesystem", {
  folder <- withr::local_tempdir()
  before <- hits("queries")
  for (path in c("x.xlsx", "dados", "x.csv.gz")) {
    error <- tryCatch(download(query = "rows 1", path = file.path(folder, path)), error = identity)
    expect_s3_class(error, "bd_validation")
    expect_match(conditionMessage(error), "give format", fixed = TRUE)
  }
  expect_error(download(query = "rows 1", path = folder), class = "bd_filesystem")
  expect_identical(hits("queries"), before)
  expect_identical(list.files(folder, all.files = TRUE, no.. = TRUE), character())
  expect_identical(download(query = "rows 2", path = file.path(folder, "dados"), format = "csv")$rows, 2)
})

test_that("a failed download leaves no file and keeps an existing one", {
  folder <- withr::local_tempdir()
  target <- file.path(folder, "keep.csv")
  writeLines("old", target)
  withr::local_options(bdruntimetest.retry = list(max_attempts = 1))
  expect_error(download(query = "rows 9 fail page 3", path = target, page_size = 3), class = "bd_server")
  expect_identical(readLines(target), "old")
  expect_identical(list.files(folder, all.files = TRUE, no.. = TRUE), "keep.csv")
})

test_that("download checks its arguments and the target before any query", {
  folder <- withr::local_tempdir()
  before <- hits("queries")
  expect_error(download(path = file.path(folder, "x.csv")), class = "bd_validation")
  expect_error(download(query = "rows 1", dataset_id = "a", table_id = "b", path = file.path(folder, "x.csv")), class = "bd_validation")
  expect_error(download(query = "rows 1", path = folder), class = "bd_filesystem")
  expect_error(download(query = "rows 1", path = file.path(folder, "x.xlsx"), format = "xlsx"), class = "bd_validation")
  if (is.null(bd_parquet_writer())) {
    expect_error(download(query = "rows 1", path = file.path(folder, "x.parquet")), "install.packages(\"nanoparquet\")", fixed = TRUE, class = "bd_validation")
  }
  expect_identical(hits("queries"), before)
  expect_length(list.files(folder, all.files = TRUE, no.. = TRUE), 0L)
})

test_that("table reads build checked, quoted SQL", {
  spec <- test_spec()
  env <- bd_environment(spec, "staging")
  expect_identical(bd_table_sql(spec, env, "br_ibge_pib", "municipio", c("ano", "pib"), 5),
    "SELECT `ano`, `pib` FROM `basedosdados-staging.br_ibge_pib_staging.municipio` LIMIT 5")
  expect_error(bd_table_sql(spec, env, "a`b", "c"), class = "bd_validation")
  expect_error(bd_environment(spec, "nowhere"), class = "bd_validation")
})

test_that("a data call without an environment reads the one in use: the option, else BASEDOSDADOS_ENVIRONMENT, else the default", {
  spec <- test_spec()
  withr::local_envvar(BASEDOSDADOS_ENVIRONMENT = NA)
  expect_identical(bd_environment_in_use(spec)$project, "basedosdados")
  withr::local_envvar(BASEDOSDADOS_ENVIRONMENT = "staging")
  expect_identical(bd_environment_in_use(spec)$project, "basedosdados-staging")
  expect_identical(bd_environment_in_use(spec, "prod")$project, "basedosdados") # the argument wins
  # read_table() without an environment queries the staging project and dataset.
  error <- tryCatch(bd_read_table(spec, list(dataset_id = "br_ibge_pib", table_id = "municipio", billing_project_id = "my-project"), options = quick), error = identity)
  expect_false(inherits(error, "bd_validation"), info = conditionMessage(error))
  expect_identical(jsonlite::fromJSON(web$url("/__last"))$body$query, "SELECT * FROM `basedosdados-staging.br_ibge_pib_staging.municipio`")
  withr::local_options(bdruntimetest.environment = "prod")
  expect_identical(bd_environment_in_use(spec)$project, "basedosdados")
  withr::local_options(bdruntimetest.environment = "moon")
  expect_error(bd_environment_in_use(spec), 'option bdruntimetest.environment names the environment "moon"', class = "bd_validation")
})
