# Hand-written stand-in for what the R emitter will generate (phase 2): the
# record of spec/datalake.yaml the runtime reads. Values copied from
# out/python/src/basedosdados_sdk/_spec.py; the emitter will write every
# record out in full instead of using these helpers.

.id <- list(type = "string", pattern = "^[a-z0-9_]+$", min_length = 1, max_length = 128)
.page <- list(type = "integer", minimum = 1, maximum = 100000)
.page_size <- list(type = "integer", minimum = 1, maximum = 100)
.billing <- list(type = "string", pattern = "^[a-z][a-z0-9-]{4,28}[a-z0-9]$")
.environment <- list(type = "string", enum = c("prod", "staging", "dev"))
.rows_page_size <- list(type = "integer", minimum = 1, maximum = 100000)

.param <- function(name, where, rules, required = FALSE) {
  style <- switch(where, path = "simple", header = "simple", argument = NULL, "form")
  c(list(name = name, label = name, "in" = where, required = required, style = style, explode = identical(style, "form")), rules)
}
.paging <- list(.param("page", "query", .page), .param("page_size", "query", .page_size))
.filters <- list(
  .param("q", "query", list(type = "string", min_length = 1, max_length = 200)),
  .param("organization", "query", .id), .param("theme", "query", .id), .param("tag", "query", .id)
)
.operation <- function(id, path, params, paginated) {
  list(id = id, method = "GET", path = path, params = params, body = NULL, response = "json", paginated = paginated)
}
.arg <- function(name, rules, required = FALSE) .param(name, "argument", rules, required)

.bd_spec <- list(
  package = "basedosdadosSDK",
  version = "0.1.0",
  default_base_url = "http://127.0.0.1:8787",
  retry = list(
    max_attempts = 4, statuses = c(408, 429, 500, 502, 503, 504), network_errors = TRUE,
    initial_delay_ms = 500, multiplier = 2, max_delay_ms = 8000, jitter = 0.25, retry_after = TRUE,
    max_retry_after_ms = 60000, bigquery_reasons = c("rateLimitExceeded", "backendError", "internalError")
  ),
  errors = list(
    list(kind = "validation", name = "Validation", statuses = c(400, 422), bigquery_reasons = "invalid"),
    list(kind = "not_found", name = "NotFound", statuses = 404, bigquery_reasons = "notFound"),
    list(kind = "access_denied", name = "AccessDenied", statuses = c(401, 403), bigquery_reasons = "accessDenied"),
    list(kind = "invalid_query", name = "InvalidQuery", statuses = numeric(), bigquery_reasons = c("invalidQuery", "responseTooLarge")),
    list(kind = "rate_limited", name = "RateLimit", statuses = 429, bigquery_reasons = c("rateLimitExceeded", "quotaExceeded")),
    list(kind = "server", name = "Server", statuses = c(500, 502, 503, 504), bigquery_reasons = c("backendError", "internalError")),
    list(kind = "connection", name = "Connection", statuses = numeric(), bigquery_reasons = character()),
    list(kind = "timeout", name = "Timeout", statuses = 408, bigquery_reasons = "timeout"),
    list(kind = "billing_project", name = "BillingProject", statuses = numeric(), bigquery_reasons = character()),
    list(kind = "filesystem", name = "FileSystem", statuses = numeric(), bigquery_reasons = character())
  ),
  pagination = list(page_param = "page", page_size_param = "page_size", items = "items", page_total = "page_total", count = "count"),
  operations = list(
    listDatasets = .operation("listDatasets", "/datasets", c(.filters, .paging), TRUE),
    getDataset = .operation("getDataset", "/datasets/{dataset_id}", list(.param("dataset_id", "path", .id, TRUE)), FALSE),
    listDatasetTables = .operation("listDatasetTables", "/datasets/{dataset_id}/tables", c(list(.param("dataset_id", "path", .id, TRUE)), .paging), TRUE),
    getTable = .operation("getTable", "/datasets/{dataset_id}/tables/{table_id}",
      list(.param("dataset_id", "path", .id, TRUE), .param("table_id", "path", .id, TRUE)), FALSE),
    listTableColumns = .operation("listTableColumns", "/datasets/{dataset_id}/tables/{table_id}/columns",
      c(list(.param("dataset_id", "path", .id, TRUE), .param("table_id", "path", .id, TRUE)), .paging), TRUE),
    listOrganizations = .operation("listOrganizations", "/organizations", .paging, TRUE),
    listThemes = .operation("listThemes", "/themes", .paging, TRUE),
    listTags = .operation("listTags", "/tags", .paging, TRUE),
    search = .operation("search", "/search", c(.filters, .paging), TRUE)
  ),
  environments = list(
    list(name = "prod", project = "basedosdados", default = TRUE, dataset_suffix = ""),
    list(name = "staging", project = "basedosdados-staging", default = FALSE, dataset_suffix = "_staging"),
    list(name = "dev", project = "basedosdados-dev", default = FALSE, dataset_suffix = "")
  ),
  data = list(
    on_demand_usd_per_tib = 6.25,
    functions = list(
      read_sql = list(name = "read_sql", params = list(
        .arg("query", list(type = "string", min_length = 1), TRUE), .arg("billing_project_id", .billing),
        .arg("environment", .environment), .arg("page_size", .rows_page_size)
      )),
      read_table = list(name = "read_table", params = list(
        .arg("dataset_id", .id, TRUE), .arg("table_id", .id, TRUE),
        .arg("columns", list(type = "array", min_items = 1, items = .id)), .arg("limit", list(type = "integer", minimum = 1)),
        .arg("billing_project_id", .billing), .arg("environment", .environment), .arg("page_size", .rows_page_size)
      )),
      download = list(name = "download", params = list(
        .arg("path", list(type = "string", min_length = 1), TRUE), .arg("query", list(type = "string", min_length = 1)),
        .arg("dataset_id", .id), .arg("table_id", .id),
        .arg("columns", list(type = "array", min_items = 1, items = .id)), .arg("limit", list(type = "integer", minimum = 1)),
        .arg("format", list(type = "string", enum = c("csv", "jsonl", "parquet"))),
        .arg("billing_project_id", .billing), .arg("environment", .environment), .arg("page_size", .rows_page_size)
      )),
      estimate_query = list(name = "estimate_query", params = list(
        .arg("query", list(type = "string", min_length = 1), TRUE), .arg("billing_project_id", .billing),
        .arg("environment", .environment)
      ))
    )
  )
)
