# The shaping of GraphQL answers (docs/architecture.md, "x-bd-graphql", steps
# 5 to 7), as given/want tables: JSON in, JSON out, read the way answers are.
json <- function(text) jsonlite::parse_json(text, simplifyVector = FALSE)
shown <- function(value) bd_json_text(value)

test_that("paths read keys and 0-based indexes; a missing step, a null or an index past the end is NULL", {
  data <- json('{"a": {"edges": [{"node": {"b": 1}}, {"node": {"b": null}}]}, "n": 0, "list": []}')
  cases <- list(
    list(path = list("a", "edges", 0, "node", "b"), want = 1L),
    list(path = list("a", "edges", 1, "node", "b"), want = NULL),
    list(path = list("a", "edges", 2, "node"), want = NULL),
    list(path = list("a", "nope"), want = NULL),
    list(path = list("a", 0), want = NULL),
    list(path = list("list", 0), want = NULL),
    list(path = list("a", "edges", "node"), want = NULL),
    list(path = list("n"), want = 0L),
    list(path = list(), want = data)
  )
  for (case in cases) expect_identical(bd_graphql_at(data, case$path), case$want, info = shown(case$path))
})

test_that("exists holds for a number above 0 or a non-empty list only", {
  cases <- list(list("3", TRUE), list("0", FALSE), list("null", FALSE), list("[]", FALSE), list("[1]", TRUE), list("{\"a\": 1}", TRUE), list("\"x\"", FALSE))
  for (case in cases) expect_identical(bd_graphql_nonempty(json(case[[1L]])), case[[2L]], info = case[[1L]])
})

test_that("nested connections become lists of their nodes, at any depth", {
  cases <- list(
    c('{"tags": {"edges": [{"node": {"slug": "a"}}, {"node": {"slug": "b"}}]}}', '{"tags":[{"slug":"a"},{"slug":"b"}]}'),
    c('{"t": {"totalCount": 1, "edgeCount": 1, "pageInfo": {"hasNextPage": false}, "edges": [{"node": {"c": {"edges": [{"node": {"x": 1}}]}}}]}}',
      '{"t":[{"c":[{"x":1}]}]}'),
    c('{"t": {"edges": []}}', '{"t":[]}'),
    # Not a connection: another key beside edges, or edges without nodes.
    c('{"t": {"edges": [{"node": 1}], "other": 2}}', '{"t":{"edges":[{"node":1}],"other":2}}'),
    c('{"t": {"edges": [{"cursor": "x"}]}}', '{"t":{"edges":[{"cursor":"x"}]}}'),
    c('{"a": [1, {"b": null}], "s": "x"}', '{"a":[1,{"b":null}],"s":"x"}')
  )
  for (case in cases) expect_identical(shown(bd_graphql_flatten(json(case[[1L]]))), case[[2L]], info = case[[1L]])
})

test_that("pluck sets each field from its path, then drops the keys the paths start from", {
  cases <- list(
    list(given = '{"slug": "pib", "bigquery": [{"cloud_tables": [{"gcp_dataset_id": "br_ibge_pib"}]}], "status": {"slug": "published"}}',
      pluck = list(dataset_id = list("bigquery", 0, "cloud_tables", 0, "gcp_dataset_id"), status = list("status", "slug")),
      want = '{"slug":"pib","status":"published","dataset_id":"br_ibge_pib"}'),
    list(given = '{"slug": "cnes", "bigquery": []}', pluck = list(dataset_id = list("bigquery", 0, "cloud_tables", 0, "gcp_dataset_id")),
      want = '{"slug":"cnes","dataset_id":null}'),
    list(given = '{"bigquery_type": {"name": "INT64"}, "name": "ano"}', pluck = list(bigquery_type = list("bigquery_type", "name")),
      want = '{"bigquery_type":"INT64","name":"ano"}'),
    list(given = '{"a": 1}', pluck = structure(list(), names = character()), want = '{"a":1}')
  )
  for (case in cases) expect_identical(shown(bd_graphql_pluck(json(case$given), case$pluck)), case$want, info = case$given)
})

test_that("localize keeps <f> in the locale asked for, else the first locale's, at any depth", {
  locales <- c("pt", "en", "es")
  given <- '{"slug": "x", "name_pt": "Nome", "name_en": "Name", "name_es": null, "themes": [{"name_pt": "Economia", "name_en": null}], "description_pt": null, "description_en": "D"}'
  cases <- list(
    list(locale = "pt", want = '{"slug":"x","name":"Nome","themes":[{"name":"Economia"}],"description":null}'),
    list(locale = "en", want = '{"slug":"x","name":"Name","themes":[{"name":"Economia"}],"description":"D"}'),
    list(locale = "es", want = '{"slug":"x","name":"Nome","themes":[{"name":"Economia"}],"description":null}')
  )
  for (case in cases) expect_identical(shown(bd_graphql_localize(json(given), case$locale, locales)), case$want, info = case$locale)
  # Keys that only look localized stay: "_pt" alone, another suffix.
  expect_identical(shown(bd_graphql_localize(json('{"_pt": 1, "name_fr": 2}'), "pt", locales)), '{"_pt":1,"name_fr":2}')
})

test_that("a result object is flattened, then plucked, then localized", {
  # Pluck reads the flattened object before it is localized: the tag's name_en, not its name.
  graphql <- list(pluck = list(first_tag = list("tags", 0, "name_en")), locale = list(param = "locale", locales = c("pt", "en")))
  given <- json('{"name_pt": "A", "name_en": "B", "tags": {"edges": [{"node": {"name_pt": "t", "name_en": "u"}}]}}')
  expect_identical(shown(bd_graphql_shape(given, graphql, "en")), '{"name":"B","first_tag":"u"}')
})

test_that("variables: arguments by name (null when left out), first and offset from the page", {
  spec <- graphql_spec()
  list_op <- spec$operations$gqlListThings
  cases <- list(
    list(args = list(), want = '{"q":null,"first":3,"offset":0}'),
    list(args = list(q = "t", page = 3, page_size = 2), want = '{"q":"t","first":2,"offset":4}'),
    list(args = list(page = 2), want = '{"q":null,"first":3,"offset":3}')
  )
  for (case in cases) expect_identical(shown(bd_graphql_variables(spec, list_op, case$args)), case$want, info = shown(case$args))
  expect_identical(shown(bd_graphql_variables(spec, spec$operations$gqlFailing, list())), "{}")
})

test_that("errors are joined; a 400 with errors becomes problem details naming them", {
  expect_identical(bd_graphql_errors(json('{"errors": [{"message": "a"}, {"message": "b"}]}')), "a; b")
  expect_null(bd_graphql_errors(json('{"errors": [], "data": {}}')))
  expect_null(bd_graphql_errors(json('{"data": {}}')))
  expect_identical(bd_graphql_errors(json('{"errors": [{"path": ["x"]}]}')), "(no message)")
})
