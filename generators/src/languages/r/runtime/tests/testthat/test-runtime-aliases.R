# What the deprecated aliases of x-bd-aliases.r rely on.
test_that("a deprecation warns once per session", {
  expect_warning(bd_warn_deprecated("old_fn_test", "old_fn_test() is deprecated; use new_fn()"), class = "bd_deprecated")
  expect_silent(bd_warn_deprecated("old_fn_test", "old_fn_test() is deprecated; use new_fn()"))
})

test_that("split_table fills dataset_id and table_id, and refuses anything else", {
  spec <- test_spec()
  expect_identical(bd_alias_effect(spec, "split_table", "br_ibge_pib.municipio", "table", "download"), list(dataset_id = "br_ibge_pib", table_id = "municipio"))
  expect_identical(bd_alias_effect(spec, "split_table", "basedosdados.br_ibge_pib.municipio", "table", "download")$table_id, "municipio")
  expect_error(bd_alias_effect(spec, "split_table", "just_one", "table", "download"), class = "bd_validation")
  expect_identical(bd_alias_effect(spec, "split_table", NULL, "table", "download"), list())
})

test_that("query_from_file reads the query; values map old to new", {
  spec <- test_spec()
  file <- withr::local_tempfile(fileext = ".sql")
  writeLines(c("SELECT 1", "AS x"), file)
  expect_identical(bd_alias_effect(spec, "query_from_file", file, "query", "read_sql")$query, "SELECT 1\nAS x")
  values <- list(basedosdados = "prod", `basedosdados-staging` = "staging")
  expect_identical(bd_alias_value(spec, "basedosdados-staging", values, "query_project_id", "read_table"), "staging")
  expect_error(bd_alias_value(spec, "elsewhere", values, "query_project_id", "read_table"), class = "bd_validation")
})

test_that("legacy result shapes", {
  page <- structure(list(items = tibble::tibble(id = 1:2), page = 1, page_size = 2, count = 5, page_total = 2), class = "bd_page")
  expect_identical(bd_alias_result(page, "legacy_page")$page_total, 3)
  expect_identical(bd_alias_result(list(a = 1, b = 2, c = 3), "pick", pick = c("a", "c")), list(a = 1, c = 3))
  expect_identical(bd_alias_result(list(a = 1), "field", field = "a"), 1)
})

test_that("a table given with a query is basedosdados 0.0.5's download(query, path): the path, or a refusal saying what to write", {
  spec <- test_spec()
  given <- list(query = "SELECT 1", path = NULL)
  expect_warning(filled <- bd_alias_effect(spec, "split_table", "/tmp/out.csv", "table", "download", given = given), class = "bd_deprecated")
  expect_identical(filled, list(path = "/tmp/out.csv"))
  both <- tryCatch(bd_alias_effect(spec, "split_table", "b.csv", "table", "download", given = list(query = "SELECT 1", path = "c.csv")), error = identity)
  expect_s3_class(both, "bd_validation")
  expect_match(conditionMessage(both), "write download(query = \"SELECT ...\", path = \"file.csv\")", fixed = TRUE)
  expect_error(bd_alias_effect(spec, "split_table", "SELECT 2", "table", "download", given = given), class = "bd_validation")
  # Without a query, the old table argument, warning once with the generated message.
  expect_warning(split <- bd_alias_effect(spec, "split_table", "a.b", "table", "download", warn = c("dl_table_test", "download(table) is old")), "download(table) is old", fixed = TRUE)
  expect_identical(split, list(dataset_id = "a", table_id = "b"))
})

test_that("download()'s value is the path, invisibly, carrying format, rows and bytes", {
  value <- withVisible(bd_file_value(list(path = "/tmp/x.csv", format = "csv", rows = 3, bytes = 20)))
  expect_false(value$visible)
  expect_identical(as.vector(value$value), "/tmp/x.csv")
  expect_identical(attributes(value$value), list(format = "csv", rows = 3, bytes = 20))
})

test_that("the old tibbles: list_dataset_tables()'s name is the table id", {
  items <- tibble::tibble(table_id = c("municipio", "uf"), name = c("Municípios", "UFs"), description = c("a", NA))
  expect_identical(bd_old_shape(test_spec(), "tables_0_2_3", items), tibble::tibble(name = c("municipio", "uf"), description = c("a", NA)))
  expect_identical(names(bd_old_shape(test_spec(), "tables_0_2_3", tibble::tibble())), c("name", "description"))
})

test_that("set_billing_id() refuses what is not a Google Cloud project id, saying what one is", {
  skip_without_data_functions()
  old <- set_billing_id(NULL)
  withr::defer(set_billing_id(old))
  for (bad in list("x", "Meu-Projeto", "ends-with-", 42)) {
    error <- tryCatch(set_billing_id(bad), error = identity)
    expect_s3_class(error, "bd_validation")
    expect_match(conditionMessage(error), "6 to 30 lowercase letters, digits or hyphens, starting with a letter", fixed = TRUE)
  }
  expect_null(get_billing_id())
  set_billing_id("meu-projeto-1")
  expect_identical(get_billing_id(), "meu-projeto-1")
})
