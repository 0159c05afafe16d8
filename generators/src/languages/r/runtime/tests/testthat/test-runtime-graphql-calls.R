# Functions of x-bd-graphql called against a fake GraphQL API on 127.0.0.1
# (helper-graphql-fake.R), through the one request path of every call.
web <- webfakes::new_app_process(test_app(), port = NULL)
withr::defer(web$stop(), teardown_env())

api <- function() {
  spec <- graphql_spec()
  spec$default_base_url <- sub("/$", "", web$url())
  spec
}
hits <- function(key) jsonlite::fromJSON(web$url(paste0("/count/", key)))$hits
last_request <- function() jsonlite::fromJSON(web$url("/__graphql_last"), simplifyVector = FALSE)

test_that("a call POSTs the document, its operation name and variables as JSON", {
  bd_call(api(), "gqlGetThing", list(id = "t2"))
  sent <- last_request()
  expect_identical(toupper(sent$method), "POST")
  expect_identical(sent$type, "application/json")
  expect_identical(sent$body, '{"query":"query getThing { thing }","variables":{"id":"t2"},"operationName":"getThing"}')
})

test_that("one object is found by its path, then plucked and localized", {
  got <- bd_call(api(), "gqlGetThing", list(id = "t3", locale = "en"))
  expect_identical(got, list(slug = "t3", name = "Thing 3", kind = "a", first_tag = "x"))
  expect_identical(bd_call(api(), "gqlGetThing", list(id = "t2", locale = "en"))$name, "Coisa 2") # no English name: Portuguese
  expect_identical(bd_call(api(), "gqlGetThing", list(id = "t2"))$name, "Coisa 2")
})

test_that("nothing at the result's path, or an exists count of 0, is bd_not_found naming the call", {
  error <- tryCatch(bd_call(api(), "gqlGetThing", list(id = "missing"), call = quote(get_thing("missing"))), error = identity)
  expect_s3_class(error, c("bd_not_found", "bd_error", "error", "condition"), exact = TRUE)
  expect_match(conditionMessage(error), 'Not found: gqlGetThing(id = "missing")', fixed = TRUE)
  expect_identical(conditionCall(error), quote(get_thing("missing")))
  expect_error(bd_call(api(), "gqlKnownThings", list(id = "none")), class = "bd_not_found")
  # A count above 0 lets the result through (an empty list here, read as it is).
  expect_identical(bd_call(api(), "gqlKnownThings", list(id = "some")), list())
})

test_that("errors in a 200 answer are bd_server, not retried; in a 400 answer bd_validation; both name the messages", {
  error <- tryCatch(bd_call(api(), "gqlFailing", options = quick), error = identity)
  expect_s3_class(error, "bd_server")
  expect_identical(error$attempts, 1L)
  expect_match(conditionMessage(error), "boom; again", fixed = TRUE)
  error <- tryCatch(bd_call(api(), "gqlRefused", options = quick), error = identity)
  expect_s3_class(error, "bd_validation")
  expect_identical(error$status, 400L)
  expect_match(conditionMessage(error), 'Unknown argument "nope"', fixed = TRUE)
  error <- tryCatch(bd_call(api(), "gqlHtml", options = quick), error = identity)
  expect_s3_class(error, "bd_server")
  expect_match(conditionMessage(error), "text/html", fixed = TRUE)
})

test_that("a query is retried like a GET: after a retryable status and after a network failure", {
  waits <- 0L
  got <- bd_call(api(), "gqlFlakyThing", list(key = "g1"), options = list(sleep = function(s) waits <<- waits + 1L))
  expect_identical(got, list(slug = "t1"))
  expect_identical(hits("g1"), 3L)
  expect_identical(waits, 2L)
  spec <- api()
  spec$default_base_url <- "http://127.0.0.1:9" # discard port: nothing listens
  tries <- 0L
  error <- tryCatch(bd_call(spec, "gqlGetThing", list(id = "t1"), options = list(sleep = function(s) tries <<- tries + 1L)), error = identity)
  expect_s3_class(error, "bd_connection")
  expect_identical(error$attempts, 4L)
  expect_identical(tries, 3L)
})

test_that("a paged function gives the page envelope from the connection, page_total rounded up", {
  page <- bd_paginate(api(), "gqlListThings", list(page = 3, page_size = 3, locale = "en"))
  expect_s3_class(page, "bd_page")
  expect_identical(page$body[c("page", "page_size", "count", "page_total")], list(page = 3, page_size = 3, count = 7L, page_total = 3))
  expect_identical(page$items$slug, "t7")
  expect_identical(page$items$name, "Thing 7")
  expect_identical(page$items$kind, "b")
  expect_identical(page$items$tags[[1L]], list(list(slug = "x", name = "Ex"), list(slug = "y", name = "Ipsilon")))
  expect_false(bd_has_next_page(page))
  expect_identical(jsonlite::parse_json(last_request()$body)$variables, list(q = NULL, first = 3L, offset = 6L))
})

test_that("every page of a paged function, one request each, and a page past the end is empty", {
  first <- bd_paginate(api(), "gqlListThings", list(page_size = 2))
  expect_identical(first$page_total, 4)
  expect_identical(bd_collect_pages(first)$slug, sprintf("t%d", 1:7))
  past <- bd_paginate(api(), "gqlListThings", list(page = 9, page_size = 2))
  expect_identical(past$body$items, list())
  expect_identical(past$count, 7L)
  expect_false(bd_has_next_page(past))
  # The page size defaults to the connection's; a filter passes through as its variable.
  only <- bd_paginate(api(), "gqlListThings", list(q = "t5"))
  expect_identical(only$body[c("page", "page_size", "count", "page_total")], list(page = 1, page_size = 3, count = 1L, page_total = 1))
})

test_that("arguments are checked before any request", {
  before <- hits("graphql")
  expect_error(bd_call(api(), "gqlGetThing", list(id = "x; DROP")), class = "bd_validation")
  expect_error(bd_call(api(), "gqlGetThing", list(id = "t1", locale = "fr")), class = "bd_validation")
  expect_error(bd_paginate(api(), "gqlListThings", list(page_size = 101)), class = "bd_validation")
  expect_identical(hits("graphql"), before)
})
