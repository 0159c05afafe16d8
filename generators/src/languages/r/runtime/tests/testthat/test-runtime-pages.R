# Pages of list operations.
web <- webfakes::new_app_process(test_app(), port = NULL)
withr::defer(web$stop(), teardown_env())
api <- function() {
  spec <- test_spec()
  spec$default_base_url <- sub("/$", "", web$url())
  spec
}

test_that("a page holds its items as a tibble and the envelope's numbers", {
  page <- bd_paginate(api(), "listThings", list(total = 7, page_size = 3))
  expect_s3_class(page, "bd_page")
  expect_s3_class(page$items, "tbl_df")
  expect_identical(page$items$id, 1:3)
  expect_identical(page$items$name, c("item 1", "item 2", "item 3"))
  expect_type(page$items$tags, "list") # not scalar: a list column
  expect_equal(page$count, 7)
  # The server floors page_total (2); count and page_size say 3 pages.
  expect_equal(page$page_total, 3)
  expect_identical(page$body$page_total, 2L)
  expect_output(print(page), "<bd_page 1 of 3: 3 of 7 items from listThings>", fixed = TRUE)
})

test_that("next pages are fetched one request at a time until the last", {
  page <- bd_paginate(api(), "listThings", list(total = 7, page_size = 3))
  second <- bd_next_page(page)
  expect_equal(second$page, 2)
  third <- bd_next_page(second)
  expect_identical(third$items$id, 7L)
  expect_false(bd_has_next_page(third))
  expect_null(bd_next_page(third))
  every <- bd_collect_pages(page)
  expect_identical(every$id, 1:7)
  expect_length(bd_collect_pages(page, as = "list"), 7L)
  expect_error(bd_collect_pages(page, max_pages = 2), "more than 2 pages")
})

test_that("an empty page ends the walk", {
  page <- bd_paginate(api(), "listThings", list(total = 0))
  expect_false(bd_has_next_page(page))
  expect_identical(nrow(bd_collect_pages(page)), 0L)
})

test_that("items become plain columns only when every value is one scalar of one type", {
  items <- list(list(a = 1L, b = "x", c = NULL), list(a = 2L, b = NULL, c = list(1, 2)), list(a = 3.5, b = "z"))
  tb <- bd_items_tibble(items)
  expect_identical(names(tb), c("a", "b", "c"))
  expect_identical(tb$a, c(1, 2, 3.5))
  expect_identical(tb$b, c("x", NA, "z"))
  expect_type(tb$c, "list")
})

test_that("a page holding its items in its own field (a search's results) counts its pages from count and page_size", {
  page <- bd_paginate(api(), "searchThings", list(total = 7, page_size = 3))
  expect_identical(page$items$id, 1:3)
  expect_null(page$body$page_total)
  expect_equal(page$page_total, 3)
  expect_output(print(page), "<bd_page 1 of 3: 3 of 7 items from searchThings>", fixed = TRUE)
  expect_true(bd_has_next_page(page))
  expect_identical(bd_collect_pages(page)$id, 1:7)
  expect_length(bd_collect_pages(page, as = "list"), 7L)
  expect_false(bd_has_next_page(bd_paginate(api(), "searchThings", list(total = 7, page = 3, page_size = 3))))
})
