# The brand comes from the spec record: a package generated from another spec
# reads its own environment variables and signals its own condition classes.

other_brand <- function() {
  spec <- test_spec()
  spec$short <- "zoo"
  spec$env_prefix <- "ZOO"
  spec
}

test_that("environment variables are <env_prefix>_<setting>: the API URL, the billing project, the BigQuery endpoint", {
  spec <- other_brand()
  withr::local_envvar(ZOO_API_URL = "http://127.0.0.1:7/zoo", BASEDOSDADOS_API_URL = "http://127.0.0.1:8/bd",
    ZOO_BILLING_PROJECT_ID = "zoo-project", BASEDOSDADOS_BILLING_PROJECT_ID = "bd-project", GOOGLE_CLOUD_PROJECT = NA,
    ZOO_BIGQUERY_ENDPOINT = "http://127.0.0.1:6", BASEDOSDADOS_BIGQUERY_ENDPOINT = NA, BIGQUERY_EMULATOR_HOST = NA)
  expect_identical(bd_resolve_base_url(spec), "http://127.0.0.1:7/zoo")
  expect_identical(bd_resolve_billing_project(spec, NULL), list(value = "zoo-project", source = "ZOO_BILLING_PROJECT_ID"))
  expect_identical(bd_resolve_bigquery_endpoint(spec), "http://127.0.0.1:6")
  expect_identical(bd_resolve_base_url(test_spec()), "http://127.0.0.1:8/bd")
})

test_that("conditions are of class <short>_<kind> and <short>_error", {
  e <- bd_condition(other_brand(), "not_found", "no such thing")
  expect_identical(class(e), c("zoo_not_found", "zoo_error", "error", "condition"))
  expect_identical(class(bd_condition(other_brand(), "no kind of the table", "odd"))[1:2], c("zoo_unknown", "zoo_error"))
  expect_error(bd_abort(test_spec(), "validation", "bad"), class = "bd_validation")
})
