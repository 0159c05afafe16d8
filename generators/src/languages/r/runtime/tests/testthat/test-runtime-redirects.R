# Redirects (docs/architecture.md, "Transport and file rules"): one followed
# within the origin (at most 5 per try, method and body by the Fetch rules);
# one to another origin, without a Location, or a sixth, is bd_redirect at once
# and nothing is sent to the other origin. Two webfakes apps on 127.0.0.1.

# The other origin: answers anything with 200 and records the headers of each request.
foreign_app <- function() {
  app <- webfakes::new_app()
  app$get("/__seen", function(req, res) {
    res$send_json(list(n = length(app$locals$seen), headers = app$locals$seen), auto_unbox = TRUE)
  })
  app$all(webfakes::new_regexp(".*"), function(req, res) {
    app$locals$seen <- c(app$locals$seen, list(req$headers))
    res$send_json(list(foreign = TRUE), auto_unbox = TRUE)
  })
  app
}

# /hop/N redirects (with ?status=) to /hop/N-1 and sets a cookie each time; /hop/0
# answers what reached it. ?to=foreign points the first hop at the other origin,
# ?to=none sends no Location.
home_app <- function(foreign) {
  app <- webfakes::new_app()
  app$locals$foreign <- foreign
  hop <- function(req, res) {
    n <- as.integer(req$params$n)
    if (n == 0L) {
      body <- if (length(req$.body) > 0L) rawToChar(req$.body) else ""
      value <- function(name) if (is.null(req$get_header(name))) "" else req$get_header(name)
      return(res$send_json(list(method = toupper(req$method), body = body, api_key = value("X-Api-Key"),
        cookie = value("Cookie"), authorization = value("Authorization")), auto_unbox = TRUE))
    }
    to <- if (is.null(req$query[["to"]])) "same" else req$query[["to"]]
    res$set_status(as.integer(req$query[["status"]]))
    res$set_header("Set-Cookie", "hop=cookie-FAKE-from-a-hop; Path=/")
    if (to == "foreign") res$set_header("Location", paste0(app$locals$foreign, "steal/path?token=FAKE-in-the-query"))
    if (to == "same") res$set_header("Location", sprintf("/hop/%d?status=%s", n - 1L, req$query[["status"]]))
    res$send("")
  }
  app$get("/hop/:n", hop)
  app$post("/hop/:n", hop)
  app
}

foreign <- webfakes::new_app_process(foreign_app(), port = NULL)
withr::defer(foreign$stop(), teardown_env())
home <- webfakes::new_app_process(home_app(foreign$url()), port = NULL)
withr::defer(home$stop(), teardown_env())

origin_of <- function(process) sub("/$", "", process$url())
seen_abroad <- function() jsonlite::fromJSON(foreign$url("/__seen"), simplifyVector = FALSE)$n

redirect_spec <- function() {
  spec <- test_spec()
  spec$default_base_url <- origin_of(home)
  params <- list(list(name = "n", label = "n", "in" = "path", required = TRUE, type = "integer"),
    list(name = "status", label = "status", "in" = "query", required = FALSE, type = "integer"),
    list(name = "to", label = "to", "in" = "query", required = FALSE, type = "string"))
  spec$operations$hop <- list(id = "hop", method = "GET", path = "/hop/{n}", params = params, response = "json", paginated = FALSE)
  spec$operations$postHop <- list(id = "postHop", method = "POST", path = "/hop/{n}", params = params, response = "json",
    paginated = FALSE, body = list(required = FALSE, label = "body", media = list(list(type = "application/json", kind = "json"))))
  spec
}

test_that("same-origin redirects are followed with the same headers, and a cookie set on the way is never sent back", {
  withr::local_options(bdruntimetest.headers = list(`X-Api-Key` = "key-FAKE-0123456789"))
  got <- bd_call(redirect_spec(), "hop", list(n = 3, status = 302), options = quick)
  expect_identical(got$method, "GET")
  expect_identical(got$api_key, "key-FAKE-0123456789")
  expect_identical(got$cookie, "")
})

test_that("307 and 308 keep the method and body; 303, and 301 or 302 of a POST, continue as a GET without a body", {
  post <- function(status) bd_call(redirect_spec(), "postHop", list(n = 1, status = status, body = list(a = 1)), options = quick)
  for (status in c(307, 308)) {
    got <- post(status)
    expect_identical(c(got$method, got$body), c("POST", "{\"a\":1}"), label = paste("after", status))
  }
  for (status in c(301, 302, 303)) {
    got <- post(status)
    expect_identical(c(got$method, got$body), c("GET", ""), label = paste("after", status))
  }
})

test_that("five redirects in one try are followed; a sixth, or one without a Location, is bd_redirect", {
  expect_identical(bd_call(redirect_spec(), "hop", list(n = 5, status = 307), options = quick)$method, "GET")
  error <- tryCatch(bd_call(redirect_spec(), "hop", list(n = 6, status = 307), options = quick), error = identity)
  expect_s3_class(error, "bd_redirect")
  expect_identical(error$attempts, 1L)
  expect_match(conditionMessage(error), "more than 5 redirects", fixed = TRUE)
  error <- tryCatch(bd_call(redirect_spec(), "hop", list(n = 1, status = 302, to = "none"), options = quick), error = identity)
  expect_s3_class(error, "bd_redirect")
  expect_identical(error$status, 302L)
  expect_match(conditionMessage(error), "without a usable Location", fixed = TRUE)
})

test_that("a catalogue redirect to another origin is bd_redirect at once, naming the status and that origin only", {
  withr::local_options(bdruntimetest.headers = list(`X-Api-Key` = "key-FAKE-0123456789"))
  for (status in c(301, 302, 303, 307, 308)) {
    error <- tryCatch(bd_call(redirect_spec(), "hop", list(n = 1, status = status, to = "foreign"), options = quick), error = identity)
    expect_s3_class(error, "bd_redirect")
    expect_identical(error$status, as.integer(status))
    expect_identical(error$attempts, 1L)
    expect_match(conditionMessage(error), sprintf("(%d) to another origin, %s;", status, origin_of(foreign)), fixed = TRUE)
    expect_no_match(conditionMessage(error), "steal|token=", perl = TRUE)
  }
  expect_identical(seen_abroad(), 0L)
})

test_that("a BigQuery redirect to another origin is bd_redirect, and the access token never reaches that origin", {
  withr::local_envvar(BASEDOSDADOS_ACCESS_TOKEN = fake_token)
  spec <- redirect_spec()
  ctx <- list(spec = spec, project = "p", base_url = origin_of(home), policy = bd_active_retry_policy(spec),
    sleep = function(s) NULL, token = fake_token, timeout = 30, wait_ms = 10000)
  error <- tryCatch(bd_bigquery_call(ctx, "POST", "/hop/1", query = list(status = 307, to = "foreign"), body = list(query = "x")), error = identity)
  expect_s3_class(error, "bd_redirect")
  expect_identical(error$attempts, 1L)
  expect_identical(seen_abroad(), 0L)
  followed <- bd_bigquery_call(ctx, "POST", "/hop/2", query = list(status = 307), body = list(query = "x"))
  expect_identical(followed$method, "POST")
  expect_identical(followed$authorization, paste("Bearer", fake_token))
})
