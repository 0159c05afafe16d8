# Argument checks before any request, and parameters on the wire (OpenAPI 3.1 styles).
id_rules <- list(type = "string", pattern = "^[a-z0-9_]+$", min_length = 1, max_length = 128)

test_that("values are checked against their rules", {
  cases <- list(
    list(id_rules, "br_ibge_pib", NULL),
    list(id_rules, "x; DROP", "must match the pattern"),
    list(id_rules, "abc\n", "must match the pattern"), # $ ends the input only
    list(id_rules, "br_\u0456bge", "must match the pattern"), # a Cyrillic look-alike
    list(id_rules, "", "at least 1 character"),
    list(id_rules, strrep("a", 129), "at most 128 characters"),
    list(id_rules, c("a", "b"), "must be a single value"),
    list(id_rules, NA_character_, "must not be NA"),
    list(id_rules, 5, "must be a string"),
    list(list(type = "string", pattern = "^\\d+$"), "\u0661\u0662", "must match the pattern"), # \d is ASCII
    list(list(type = "string", min_length = 2), "\u00e9\u00e9", NULL), # code points, not bytes
    list(list(type = "integer", minimum = 1, maximum = 100), 10, NULL), # R users type doubles
    list(list(type = "integer", minimum = 1, maximum = 100), 10L, NULL),
    list(list(type = "integer", minimum = 1, maximum = 100), 500, "must be <= 100, got 500"),
    list(list(type = "integer", minimum = 1), 0, "must be >= 1, got 0"),
    list(list(type = "integer"), 1.5, "must be a whole number"),
    list(list(type = "integer"), "3", "must be an integer"),
    list(list(type = "integer"), Inf, "must be an integer"),
    list(list(type = "number", exclusive_maximum = 1), 1, "must be < 1"),
    list(list(type = "boolean"), TRUE, NULL),
    list(list(type = "boolean"), "yes", "must be TRUE or FALSE"),
    list(list(type = "string", enum = c("csv", "jsonl")), "xlsx", "must be one of \"csv\", \"jsonl\""),
    list(list(type = "array", min_items = 1, items = id_rules), c("a", "b"), NULL),
    list(list(type = "array", min_items = 1, items = id_rules), character(), "at least 1 item"),
    list(list(type = "array", max_items = 1), c("a", "b"), "at most 1 items"),
    list(list(type = "array", items = id_rules), list("a", "b) FROM x"), "item 2 must match the pattern"),
    list(list(type = "object"), list(a = 1), NULL),
    list(list(type = "object"), "a", "must be a named list")
  )
  for (case in cases) {
    reason <- bd_check_value(case[[1L]], case[[2L]])
    if (is.null(case[[3L]])) expect_null(reason, label = format(case[[2L]])) else expect_match(reason, case[[3L]], fixed = TRUE, label = format(case[[2L]]))
  }
})

test_that("path parameters refuse empty and dot segments", {
  param <- c(list(name = "dataset_id", label = "dataset_id", "in" = "path", required = TRUE), list(type = "string"))
  expect_match(bd_check_param(param, ""), "must not be empty")
  expect_match(bd_check_param(param, ".."), "must not be")
  expect_match(bd_check_param(param, NULL), "is required")
})

test_that("validate_args lists every broken argument and unknown names in one bd_validation", {
  spec <- test_spec()
  op <- spec$operations$listThings
  error <- tryCatch(bd_validate_args(spec, "listThings", op$params, list(page = 0, page_size = 500, pagesize = 3)), bd_error = identity)
  expect_s3_class(error, c("bd_validation", "bd_error", "error", "condition"), exact = TRUE)
  expect_identical(error$attempts, 0L)
  expect_match(conditionMessage(error), "Invalid arguments for listThings: page must be >= 1, got 0; page_size must be <= 100, got 500; pagesize is not a parameter", fixed = TRUE)
  expect_identical(vapply(error$invalid_params, function(p) p$name, ""), c("page", "page_size", "pagesize"))
})

test_that("parameters are serialised by style and explode (OpenAPI 3.1, 4.8.12.4)", {
  p <- function(where, style, explode, type = "array") list(name = "id", "in" = where, style = style, explode = explode, type = type)
  arr <- c(3, 4, 5)
  obj <- list(role = "admin", firstName = "Alex")
  expect_identical(bd_serialize_path(p("path", "simple", FALSE, "integer"), 5), "5")
  expect_identical(bd_serialize_path(p("path", "simple", FALSE), arr), "3,4,5")
  expect_identical(bd_serialize_path(p("path", "simple", FALSE, "object"), obj), "role,admin,firstName,Alex")
  expect_identical(bd_serialize_path(p("path", "simple", TRUE, "object"), obj), "role=admin,firstName=Alex")
  expect_identical(bd_serialize_path(p("path", "label", FALSE), arr), ".3,4,5")
  expect_identical(bd_serialize_path(p("path", "label", TRUE), arr), ".3.4.5")
  expect_identical(bd_serialize_path(p("path", "label", TRUE, "object"), obj), ".role=admin.firstName=Alex")
  expect_identical(bd_serialize_path(p("path", "matrix", FALSE, "integer"), 5), ";id=5")
  expect_identical(bd_serialize_path(p("path", "matrix", FALSE), arr), ";id=3,4,5")
  expect_identical(bd_serialize_path(p("path", "matrix", TRUE), arr), ";id=3;id=4;id=5")
  expect_identical(bd_serialize_path(p("path", "matrix", TRUE, "object"), obj), ";role=admin;firstName=Alex")
  expect_identical(bd_serialize_path(p("path", "simple", FALSE, "string"), "a b/\u00e7"), "a%20b%2F%C3%A7")
  expect_identical(bd_serialize_query(p("query", "form", TRUE), arr), c("id=3", "id=4", "id=5"))
  expect_identical(bd_serialize_query(p("query", "form", FALSE), arr), "id=3,4,5")
  expect_identical(bd_serialize_query(p("query", "spaceDelimited", FALSE), arr), "id=3%204%205")
  expect_identical(bd_serialize_query(p("query", "pipeDelimited", FALSE), arr), "id=3%7C4%7C5")
  expect_identical(bd_serialize_query(p("query", "form", TRUE, "object"), obj), c("role=admin", "firstName=Alex"))
  expect_identical(bd_serialize_query(p("query", "form", FALSE, "object"), obj), "id=role,admin,firstName,Alex")
  expect_identical(bd_serialize_query(p("query", "deepObject", TRUE, "object"), obj), c("id%5Brole%5D=admin", "id%5BfirstName%5D=Alex"))
  expect_identical(bd_serialize_query(p("query", "form", TRUE, "boolean"), TRUE), "id=true")
  expect_identical(bd_serialize_query(p("query", "form", TRUE, "integer"), 100000), "id=100000") # never 1e+05
  expect_identical(bd_serialize_header(p("header", "simple", FALSE), arr), "3,4,5")
  expect_identical(bd_serialize_cookie(p("cookie", "form", TRUE), arr), c("id=3", "id=4", "id=5"))
  expect_identical(bd_serialize_cookie(p("cookie", "form", FALSE), arr), "id=3,4,5")
})

test_that("request parts: path, query in parameter order, headers, cookies; owned headers dropped", {
  op <- list(id = "x", path = "/a/{id}", params = list(
    list(name = "id", "in" = "path", type = "string"), list(name = "q", "in" = "query", type = "string"),
    list(name = "tag", "in" = "query", type = "array"), list(name = "X-Trace", "in" = "header", type = "string"),
    list(name = "Authorization", "in" = "header", type = "string"), list(name = "s", "in" = "cookie", type = "string")))
  parts <- bd_build_request_parts(op, list(id = "x y", q = "p\u00e3o & leite", tag = c("a", "b"), `X-Trace` = "t1", Authorization = "nope", s = "v"))
  expect_identical(parts$path, "/a/x%20y?q=p%C3%A3o%20%26%20leite&tag=a&tag=b")
  expect_identical(parts$headers, list(`X-Trace` = "t1", Cookie = "s=v"))
})
