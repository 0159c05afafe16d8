# Shared by the runtime's tests: a small spec record of its own (the tests
# never depend on the generated package's spec), a fake credential, and one
# webfakes app on 127.0.0.1 playing the catalogue API and BigQuery.

fake_token <- "ya29.FAKE-SECRET-TOKEN-0123456789"

# Tests of what only a package with data functions exports (the billing
# project, the dplyr flow) read the generated package's own spec record.
skip_without_data_functions <- function() {
  if (length(bd_package_spec()$data$functions) == 0L) skip("the package's spec has no data functions (x-bd-data)")
}

# Call options that make retries wait for nothing.
quick <- list(sleep = function(s) NULL)

test_spec <- function() {
  rules <- list(type = "string", pattern = "^[a-z0-9_]+$", min_length = 1, max_length = 128)
  param <- function(name, where, extra = list(), required = FALSE) {
    c(list(name = name, label = name, "in" = where, required = required), extra)
  }
  paging <- list(param("page", "query", list(type = "integer", minimum = 1)), param("page_size", "query", list(type = "integer", minimum = 1, maximum = 100)))
  op <- function(id, path, params = list(), response = "json", method = "GET", ...) {
    list(id = id, method = method, path = path, params = params, response = response, ...)
  }
  text_rules <- list(type = "string", min_length = 1)
  list(
    package = "bdruntimetest", version = "9.9.9", default_base_url = "http://127.0.0.1:9", short = "bd", env_prefix = "BASEDOSDADOS",
    retry = list(max_attempts = 4, statuses = c(408, 429, 500, 502, 503, 504), network_errors = TRUE,
      initial_delay_ms = 1, multiplier = 2, max_delay_ms = 2, jitter = 0, retry_after = TRUE,
      max_retry_after_ms = 50, bigquery_reasons = c("rateLimitExceeded", "backendError", "internalError")),
    errors = list(
      list(kind = "validation", statuses = c(400, 422), bigquery_reasons = "invalid"),
      list(kind = "not_found", statuses = 404, bigquery_reasons = "notFound"),
      list(kind = "access_denied", statuses = c(401, 403), bigquery_reasons = "accessDenied"),
      list(kind = "invalid_query", statuses = numeric(), bigquery_reasons = c("invalidQuery", "responseTooLarge")),
      list(kind = "rate_limited", statuses = 429, bigquery_reasons = c("rateLimitExceeded", "quotaExceeded")),
      list(kind = "server", statuses = c(500, 502, 503, 504), bigquery_reasons = c("backendError", "internalError")),
      list(kind = "connection", statuses = numeric(), bigquery_reasons = character()),
      list(kind = "redirect", statuses = numeric(), bigquery_reasons = character()),
      list(kind = "timeout", statuses = 408, bigquery_reasons = "timeout"),
      list(kind = "billing_project", statuses = numeric(), bigquery_reasons = character()),
      list(kind = "filesystem", statuses = numeric(), bigquery_reasons = character())
    ),
    pagination = list(page_param = "page", page_size_param = "page_size", items = "items", page_total = "page_total", count = "count"),
    operations = list(
      getThing = op("getThing", "/things/{thing_id}", list(param("thing_id", "path", rules, TRUE))),
      flaky = op("flaky", "/flaky/{key}", list(param("key", "path", list(type = "string"), TRUE), param("fail", "query", list(type = "integer")),
        param("times", "query", list(type = "integer")), param("retry_after", "query", list(type = "string")))),
      postFlaky = op("postFlaky", "/flaky/{key}", list(param("key", "path", list(type = "string"), TRUE)), method = "POST"),
      echo = op("echo", "/echo/{p}", method = "POST", params = list(param("p", "path", list(type = "array"), TRUE),
        param("q", "query", list(type = "array")), param("X-Trace", "header", list(type = "string")),
        param("session", "cookie", list(type = "string"))),
        body = list(required = FALSE, label = "body", media = list(list(type = "application/json", kind = "json"),
          list(type = "application/x-www-form-urlencoded", kind = "form"), list(type = "text/plain", kind = "text"),
          list(type = "application/octet-stream", kind = "binary")))),
      text = op("text", "/text", response = "text"),
      binary = op("binary", "/binary", response = "binary"),
      # Answers with no body at all, whatever the status and the declared kind.
      emptyJson = op("emptyJson", "/empty/{status}", list(param("status", "path", list(type = "integer"), TRUE))),
      emptyBinary = op("emptyBinary", "/empty/{status}", list(param("status", "path", list(type = "integer"), TRUE)), response = "binary"),
      emptyText = op("emptyText", "/empty/{status}", list(param("status", "path", list(type = "integer"), TRUE)), response = "text"),
      slow = op("slow", "/slow"),
      hostile = op("hostile", "/hostile"),
      brokenJson = op("brokenJson", "/broken-json"),
      echoFail = op("echoFail", "/echo-fail/{status}", list(param("status", "path", list(type = "integer"), TRUE),
        param("type", "query", list(type = "string")), param("key", "query", list(type = "string")),
        param("X-Trace", "header", list(type = "string")), param("session", "cookie", list(type = "string")))),
      listThings = op("listThings", "/pages", c(list(param("total", "query", list(type = "integer"))), paging),
        pagination = list(items = "items", page_total = "page_total")),
      # A search's page: its items in `results`, and no page_total.
      searchThings = op("searchThings", "/search-pages", c(list(param("total", "query", list(type = "integer"))), paging),
        pagination = list(items = "results"))
    ),
    environments = list(
      list(name = "prod", project = "basedosdados", default = TRUE, dataset_suffix = ""),
      list(name = "staging", project = "basedosdados-staging", default = FALSE, dataset_suffix = "_staging")
    ),
    data = list(on_demand_usd_per_tib = 6.25, functions = list(
      read_sql = list(name = "read_sql", params = list(param("query", "argument", text_rules, TRUE),
        param("billing_project_id", "argument", list(type = "string", pattern = "^[a-z][a-z0-9-]{4,28}[a-z0-9]$")),
        param("environment", "argument", list(type = "string", enum = c("prod", "staging"))),
        param("page_size", "argument", list(type = "integer", minimum = 1)))),
      read_table = list(name = "read_table", params = list(param("dataset_id", "argument", rules, TRUE), param("table_id", "argument", rules, TRUE),
        param("columns", "argument", list(type = "array", min_items = 1, items = rules)), param("limit", "argument", list(type = "integer", minimum = 1)),
        param("billing_project_id", "argument", list(type = "string")), param("environment", "argument", list(type = "string")),
        param("page_size", "argument", list(type = "integer", minimum = 1)))),
      estimate_query = list(name = "estimate_query", params = list(param("query", "argument", text_rules, TRUE),
        param("billing_project_id", "argument", list(type = "string")), param("environment", "argument", list(type = "string")))),
      download = list(name = "download", params = list(param("path", "argument", text_rules, TRUE),
        param("query", "argument", text_rules), param("dataset_id", "argument", rules),
        param("table_id", "argument", rules), param("columns", "argument", list(type = "array", min_items = 1, items = rules)),
        param("limit", "argument", list(type = "integer", minimum = 1)), param("format", "argument", list(type = "string", enum = c("csv", "jsonl", "parquet"))),
        param("billing_project_id", "argument", list(type = "string")), param("environment", "argument", list(type = "string")),
        param("page_size", "argument", list(type = "integer", minimum = 1))))
    ))
  )
}

# A BigQuery answer page: `rows` of wire values (lists of character or NULL).
bq_rows <- function(rows) lapply(rows, function(row) list(f = lapply(row, function(v) list(v = v))))

# The webfakes app. State lives in app$locals of the app's own process.
# (Query values are read with [[ ]]: `$` would match "page" to "page_size".)
test_app <- function() {
  app <- webfakes::new_app()
  # Defined here: the app runs in its own process, which sees only what its handlers enclose.
  header_of <- function(req, name) {
    value <- req$get_header(name)
    if (is.null(value)) "" else value
  }
  hit <- function(key) {
    app$locals$hits[[key]] <- (if (is.null(app$locals$hits[[key]])) 0 else app$locals$hits[[key]]) + 1
    app$locals$hits[[key]]
  }
  app$get("/count/:key", function(req, res) {
    res$send_json(list(hits = if (is.null(app$locals$hits[[req$params$key]])) 0 else app$locals$hits[[req$params$key]]), auto_unbox = TRUE)
  })
  app$get("/things/:id", function(req, res) {
    if (req$params$id == "missing") {
      res$set_status(404)$set_header("X-Request-Id", "req-404")$set_type("application/problem+json")
      return(res$send(jsonlite::toJSON(list(type = "about:blank", title = "Not found", status = 404, detail = "thing missing does not exist"), auto_unbox = TRUE)))
    }
    res$send_json(list(id = req$params$id, tags = list("a", "b")), auto_unbox = TRUE)
  })
  flaky <- function(req, res) {
    n <- hit(req$params$key)
    fail <- as.integer(if (is.null(req$query[["fail"]])) 503 else req$query[["fail"]])
    times <- as.integer(if (is.null(req$query[["times"]])) 0 else req$query[["times"]])
    if (n <= times) {
      if (!is.null(req$query[["retry_after"]])) res$set_header("Retry-After", req$query[["retry_after"]])
      return(res$set_status(fail)$send_json(list(title = "flaky", status = fail), auto_unbox = TRUE))
    }
    res$send_json(list(ok = TRUE, tries = n), auto_unbox = TRUE)
  }
  app$get("/flaky/:key", flaky)
  app$post("/flaky/:key", flaky)
  app$post(webfakes::new_regexp("^/echo/(?<p>.*)$"), function(req, res) {
    body <- if (length(req$.body) > 0L) rawToChar(req$.body) else ""
    res$send_json(list(path = req$path, query = req$query_string, type = header_of(req, "Content-Type"),
      trace = header_of(req, "X-Trace"), cookie = header_of(req, "Cookie"), body = body), auto_unbox = TRUE)
  })
  app$get("/text", function(req, res) res$set_type("text/plain")$send("plain text \u00e9"))
  app$get("/binary", function(req, res) res$set_type("application/octet-stream")$send(as.raw(c(0, 1, 255))))
  app$get("/empty/:status", function(req, res) res$set_status(as.integer(req$params$status))$set_type("application/json")$send(raw(0)))
  app$get("/slow", function(req, res) {
    Sys.sleep(2)
    res$send_json(list(ok = TRUE), auto_unbox = TRUE)
  })
  app$get("/broken-json", function(req, res) {
    hit("broken-json")
    res$set_type("application/json")$send("{\"items\": [1, 2")
  })
  app$get("/hostile", function(req, res) {
    res$set_status(500)$set_type("text/plain")$send(paste("boom, your header was", header_of(req, "Authorization")))
  })
  # Fails with ?status, quoting every request header (and each cookie) back: as
  # problem details, or as plain text with ?type=text. With ?key, the first try
  # of that key is a 503 setting a cookie. /__echoed lists what was quoted.
  app$get("/echo-fail/:status", function(req, res) {
    if (!is.null(req$query[["key"]]) && hit(req$query[["key"]]) == 1) {
      res$set_header("Set-Cookie", "bd_session=cookie-FAKE-set-on-a-503; Path=/; HttpOnly")
      return(res$set_status(503)$send_json(list(title = "try again"), auto_unbox = TRUE))
    }
    values <- unlist(req$headers, use.names = FALSE)
    cookie <- header_of(req, "Cookie")
    if (nzchar(cookie)) values <- c(values, trimws(sub("^[^=]*=", "", strsplit(cookie, ";", fixed = TRUE)[[1L]])))
    app$locals$echoed <- unique(c(app$locals$echoed, values))
    quoted <- paste0("you sent ", paste(names(req$headers), unlist(req$headers, use.names = FALSE), sep = ": ", collapse = "; "),
      "; your new session is cookie-FAKE-set-on-the-error")
    res$set_status(as.integer(req$params$status))$set_header("Set-Cookie", "bd_session=cookie-FAKE-set-on-the-error; Path=/")
    if (identical(req$query[["type"]], "text")) return(res$set_type("text/plain")$send(quoted))
    res$set_type("application/problem+json")$send(jsonlite::toJSON(list(title = "Echo", status = as.integer(req$params$status),
      detail = quoted, headers = req$headers), auto_unbox = TRUE))
  })
  app$get("/__echoed", function(req, res) res$send_json(list(values = as.list(app$locals$echoed)), auto_unbox = TRUE))
  # The ids 1..?total on the page ?page of ?page_size (default 3) items.
  paged <- function(req) {
    total <- as.integer(req$query[["total"]])
    page <- as.integer(if (is.null(req$query[["page"]])) 1 else req$query[["page"]])
    size <- as.integer(if (is.null(req$query[["page_size"]])) 3 else req$query[["page_size"]])
    ids <- seq_len(total)
    list(ids = ids[ids > (page - 1L) * size & ids <= page * size], page = page, page_size = size, count = total)
  }
  app$get("/pages", function(req, res) {
    got <- paged(req)
    # Floors page_total like the old API did, so the runtime must trust count.
    res$send_json(list(items = lapply(got$ids, function(i) list(id = i, name = paste0("item ", i), tags = list("x"))),
      page = got$page, page_size = got$page_size, count = got$count, page_total = got$count %/% got$page_size), auto_unbox = TRUE)
  })
  app$get("/search-pages", function(req, res) {
    got <- paged(req)
    res$send_json(list(results = lapply(got$ids, function(i) list(id = i)), page = got$page, page_size = got$page_size, count = got$count), auto_unbox = TRUE)
  })
  graphql_routes(app, hit)
  bigquery_routes(app, hit)
  app
}
