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
