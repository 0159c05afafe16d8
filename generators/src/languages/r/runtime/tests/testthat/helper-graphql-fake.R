# A fake GraphQL API for the runtime's tests (POST /graphql), scripted by the
# document's operationName: "listThings" (a connection of 7 things, paged by
# first/offset, filtered by q; each with localized names, a kind and a nested
# connection of tags), "getThing" (the thing $id, none for "missing"),
# "knownThings" (a count that is 0 for $id "none"), "failing" (200 with
# errors), "refused" (400 with errors), "flakyThing" (503 twice per $key,
# then the thing) and "html" (a 200 HTML page). GET /__graphql_last returns
# the last request as received (method, content type, body); /count/graphql
# how many it received.

# The operations of the test spec record that call it (see test_spec()).
graphql_spec <- function() {
  spec <- test_spec()
  param <- function(name, where, extra = list(), required = FALSE) c(list(name = name, label = name, "in" = where, required = required), extra)
  locale <- param("locale", "query", list(type = "string", enum = c("pt", "en", "es")))
  paging <- list(param("page", "query", list(type = "integer", minimum = 1)), param("page_size", "query", list(type = "integer", minimum = 1, maximum = 100)))
  id <- param("id", "path", list(type = "string", pattern = "^[a-z0-9_]+$"), TRUE)
  # Operation ids start with "gql" (test_spec() has a REST getThing); the document's name is the fake's script.
  op <- function(name, params, graphql, ...) {
    graphql <- utils::modifyList(list(query = sprintf("query %s { thing }", name), operation_name = name,
      variables = structure(list(), names = character()), pluck = structure(list(), names = character())), graphql)
    id <- paste0("gql", toupper(substr(name, 1L, 1L)), substring(name, 2L))
    list(id = id, method = "POST", path = "/graphql", params = params, response = "json", graphql = graphql, ...)
  }
  localized <- list(param = "locale", locales = c("pt", "en", "es"))
  ops <- list(
    op("listThings", c(list(param("q", "query", list(type = "string"))), paging, list(locale)),
      list(variables = list(q = "q"), result = list("allThing"), connection = list(first = "first", offset = "offset", default_page_size = 3),
        pluck = list(kind = list("kind", "slug")), locale = localized),
      pagination = list(items = "items", page_total = "page_total")),
    op("getThing", list(id, locale), list(variables = list(id = "id"), result = list("allThing", "edges", 0, "node"),
      pluck = list(first_tag = list("tags", 0, "slug"), kind = list("kind", "slug")), locale = localized)),
    op("knownThings", list(id), list(variables = list(id = "id"), exists = list("known", "totalCount"), result = list("allThing"))),
    op("failing", list(), list(result = list("x"))),
    op("refused", list(), list(result = list("x"))),
    op("flakyThing", list(param("key", "query", list(type = "string"))), list(variables = list(key = "key"), result = list("thing"))),
    op("html", list(), list(result = list("x")))
  )
  spec$operations <- c(spec$operations, stats::setNames(ops, vapply(ops, function(o) o$id, "")))
  spec
}

graphql_routes <- function(app, hit) {
  things <- lapply(1:7, function(i) list(
    slug = sprintf("t%d", i), name_pt = sprintf("Coisa %d", i), name_en = if (i %% 2 == 1) sprintf("Thing %d", i), name_es = NULL,
    kind = list(slug = if (i <= 3) "a" else "b"),
    tags = list(totalCount = 2, edges = list(list(node = list(slug = "x", name_pt = "Xis", name_en = "Ex", name_es = NULL)),
      list(node = list(slug = "y", name_pt = "Ipsilon", name_en = NULL, name_es = "Ye"))))
  ))
  answer <- function(res, value, status = 200L) {
    res$set_status(status)$set_type("application/json")$send(jsonlite::toJSON(value, auto_unbox = TRUE, null = "null"))
  }
  app$post("/graphql", function(req, res) {
    hit("graphql")
    body <- rawToChar(req$.body)
    app$locals$graphql_last <- list(method = req$method, type = req$get_header("Content-Type"), body = body)
    document <- jsonlite::parse_json(body, simplifyVector = FALSE)
    vars <- document$variables
    connection <- function(items) list(totalCount = length(items), edges = lapply(items, function(node) list(node = node)))
    switch(document$operationName,
      listThings = {
        chosen <- Filter(function(t) is.null(vars$q) || grepl(vars$q, t$slug, fixed = TRUE), things)
        page <- chosen[seq_along(chosen) > vars$offset & seq_along(chosen) <= vars$offset + vars$first]
        answer(res, list(data = list(allThing = c(list(totalCount = length(chosen)), connection(page)[-1L]))))
      },
      getThing = answer(res, list(data = list(allThing = connection(Filter(function(t) t$slug == vars$id, things))))),
      knownThings = answer(res, list(data = list(known = list(totalCount = if (vars$id == "none") 0 else 1), allThing = list()))),
      failing = answer(res, list(data = NULL, errors = list(list(message = "boom"), list(message = "again")))),
      refused = answer(res, list(errors = list(list(message = "Unknown argument \"nope\" on field \"allThing\"."))), 400L),
      flakyThing = {
        if (hit(vars$key) <= 2) return(answer(res, list(title = "try again"), 503L))
        answer(res, list(data = list(thing = list(slug = "t1"))))
      },
      html = res$set_type("text/html")$send("<html>portal</html>")
    )
  })
  app$get("/__graphql_last", function(req, res) res$send_json(app$locals$graphql_last, auto_unbox = TRUE))
}
