# The next page of a BigQuery result is requested while this one is
# converted (runtime-bigquery.R): shown by the order in which the fake on
# 127.0.0.1 sees requests, never by timings.
web <- webfakes::new_app_process(test_app(), port = NULL)
withr::defer(web$stop(), teardown_env())
withr::local_envvar(BASEDOSDADOS_BIGQUERY_ENDPOINT = sub("/$", "", web$url()), BASEDOSDADOS_ACCESS_TOKEN = NA,
  BASEDOSDADOS_BILLING_PROJECT_ID = NA, GOOGLE_CLOUD_PROJECT = NA, .local_envir = teardown_env())
hits <- function(key) jsonlite::fromJSON(web$url(paste0("/count/", key)))$hits

# Reads `query` page by page, noting for each page handed over its ids and how
# many getQueryResults calls the fake had answered by then.
read_noting <- function(query, page_size, max_rows = NULL) {
  ctx <- bd_bigquery_context(test_spec(), "my-project", sleep = quick$sleep)
  before <- hits("results")
  pages <- list()
  error <- tryCatch({
    bd_bigquery_read(ctx, query, page_size, function(fields, columns) {
      pages[[length(pages) + 1L]] <<- list(ids = as.integer(columns[[1L]]), results_seen = hits("results") - before)
    }, max_rows = max_rows)
    NULL
  }, error = identity)
  list(pages = pages, error = error, results = hits("results") - before)
}

test_that("the request for page n + 1 reaches BigQuery before page n is handed over; none follows the last page", {
  read <- read_noting("rows 25", page_size = 5)
  expect_null(read$error)
  # Page 1 comes with jobs.query; pages 2-5 from getQueryResults. When page k
  # is handed over, pages 2..k+1 were asked for: k calls, one of them ahead.
  expect_identical(vapply(read$pages, function(p) p$results_seen, 0L), c(1L, 2L, 3L, 4L, 4L))
  expect_identical(read$results, 4L)
})

test_that("a read that stops at max_rows asks for no page past it", {
  read <- read_noting("rows 25", page_size = 5, max_rows = 10)
  expect_identical(unlist(lapply(read$pages, function(p) p$ids)), 1:10)
  expect_identical(read$results, 1L)
})

test_that("an error of the prefetched page surfaces typed only after the pages before it, which are all handed over", {
  read <- read_noting("rows 25 deny page 15", page_size = 5)
  expect_s3_class(read$error, "bd_access_denied")
  expect_identical(read$error$status, 403L)
  expect_identical(unlist(lapply(read$pages, function(p) p$ids)), 1:15)
  # The failing page was asked for while page 3 was converted, and answered once (a 403 is not retried).
  expect_identical(read$pages[[3L]]$results_seen, 3L)
  expect_identical(read$results, 3L)
})

test_that("a prefetched page that redirects elsewhere is refused, not followed, after the pages before it", {
  read <- read_noting("rows 25 moved page 10", page_size = 5)
  expect_s3_class(read$error, "bd_redirect")
  expect_match(conditionMessage(read$error), "another origin")
  expect_identical(unlist(lapply(read$pages, function(p) p$ids)), 1:10)
})

test_that("a prefetched page is retried alone under the policy, honouring its Retry-After", {
  slept <- numeric()
  ctx <- bd_bigquery_context(test_spec(), "my-project", sleep = function(s) slept <<- c(slept, s))
  ids <- integer()
  before <- hits("results")
  bd_bigquery_read(ctx, "rows 20 fail page 10", 5, function(fields, columns) ids <<- c(ids, as.integer(columns[[1L]])))
  expect_identical(ids, 1:20)
  expect_identical(hits("results") - before, 4L) # pages 2-4, page 3 twice
  expect_identical(slept, 0) # the fake's Retry-After: 0, not the backoff
})

test_that("the credential a prefetched page's server echoes is redacted from its condition", {
  withr::local_envvar(BASEDOSDADOS_ACCESS_TOKEN = fake_token)
  error <- tryCatch(bd_read_sql(test_spec(), list(query = "rows 12 deny page 8", billing_project_id = "my-project", page_size = 4), options = quick),
    error = identity)
  expect_s3_class(error, "bd_access_denied")
  expect_match(conditionMessage(error), "denied for [redacted]", fixed = TRUE)
  expect_false(any(grepl(fake_token, c(conditionMessage(error), utils::capture.output(str(unclass(error)))), fixed = TRUE)))
})

test_that("an error of on_page drops the prefetched page and comes out unchanged", {
  ctx <- bd_bigquery_context(test_spec(), "my-project", sleep = quick$sleep)
  error <- tryCatch(bd_bigquery_read(ctx, "rows 25", 5, function(fields, columns) stop("disk full")), error = identity)
  expect_identical(conditionMessage(error), "disk full")
})

test_that("many prefetched pages give exactly the rows of one unpaged read", {
  paged <- bd_read_sql(test_spec(), list(query = "rows 1000", billing_project_id = "my-project", page_size = 7), options = quick)
  whole <- bd_read_sql(test_spec(), list(query = "rows 1000", billing_project_id = "my-project", page_size = 1000), options = quick)
  expect_identical(nrow(paged), 1000L)
  expect_identical(paged, whole)
  expect_identical(paged$id, as.double(1:1000))
})
