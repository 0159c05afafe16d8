# bdgen R runtime: hand-written, copied verbatim into every generated R package
# by `bdgen generate --lang r`. Edit generators/src/languages/r/runtime/ in the
# bdgen repository, never the copy.
#
# Catalogue functions answered by a GraphQL API (the spec's x-bd-graphql,
# handed in as op$graphql): the algorithm of docs/architecture.md,
# "x-bd-graphql". The call goes through bd_send(), the one request path (its
# retries, timeouts, redirects, redaction); the document is a query, so it is
# retried like a GET. Paths inside an answer are lists of keys (strings) and
# list indexes counted from 0 (numbers).

# The value at `path` inside `value`, or NULL when a step is missing, null, an
# index past a list's end, a key of a list or an index of an object.
bd_graphql_at <- function(value, path) {
  for (step in path) {
    if (!is.list(value)) return(NULL)
    keyed <- !is.null(names(value))
    if (is.numeric(step)) {
      if (keyed || step < 0 || step >= length(value)) return(NULL)
      value <- value[[step + 1L]]
    } else {
      if (!keyed || !(step %in% names(value))) return(NULL)
      value <- value[[step]]
    }
  }
  value
}

# Whether a value says "something is there": a number above 0 or a non-empty list.
bd_graphql_nonempty <- function(value) {
  if (is.numeric(value)) return(length(value) == 1L && !is.na(value) && value > 0)
  is.list(value) && length(value) > 0L
}

# A relay connection: an object holding `edges` (each an object with `node`)
# and nothing but totalCount, edgeCount and pageInfo besides.
bd_graphql_is_connection <- function(value) {
  keys <- names(value)
  is.list(value) && !is.null(keys) && "edges" %in% keys &&
    all(keys %in% c("edges", "totalCount", "edgeCount", "pageInfo")) &&
    is.list(value$edges) && is.null(names(value$edges)) &&
    all(vapply(value$edges, function(edge) is.list(edge) && "node" %in% names(edge), TRUE))
}

# Every nested connection, at any depth, as the list of its nodes.
bd_graphql_flatten <- function(value) {
  if (!is.list(value)) return(value)
  if (bd_graphql_is_connection(value)) return(lapply(value$edges, function(edge) bd_graphql_flatten(edge[["node"]])))
  lapply(value, bd_graphql_flatten)
}

# Each field of `pluck` (field -> path) set to the value at its path (NULL when
# missing), in order; then every top-level key a path starts from that is not
# itself a pluck field is removed.
bd_graphql_pluck <- function(object, pluck) {
  if (length(pluck) == 0L || !is.list(object)) return(object)
  for (field in names(pluck)) object[field] <- list(bd_graphql_at(object, pluck[[field]]))
  starts <- unique(vapply(pluck, function(path) as.character(path[[1L]]), ""))
  object[setdiff(names(object), setdiff(starts, names(pluck)))]
}

# At any depth, the keys `<f>_<l>` (l among `locales`) become one key `<f>`,
# where the first of them was: the value of `<f>_<locale>` when not null,
# else of `<f>_<first locale>`.
bd_graphql_localize <- function(value, locale, locales) {
  if (!is.list(value)) return(value)
  value <- lapply(value, bd_graphql_localize, locale, locales)
  keys <- names(value)
  if (is.null(keys)) return(value)
  suffixes <- paste0("_", locales)
  base <- vapply(keys, function(key) {
    hit <- suffixes[endsWith(key, suffixes) & nchar(key) > nchar(suffixes)]
    if (length(hit) == 0L) NA_character_ else substr(key, 1L, nchar(key) - nchar(hit[[1L]]))
  }, "", USE.NAMES = FALSE)
  if (all(is.na(base))) return(value)
  out <- list()
  for (i in seq_along(keys)) {
    field <- if (is.na(base[[i]])) keys[[i]] else base[[i]]
    if (field %in% names(out)) next
    if (is.na(base[[i]]) && !(field %in% base)) {
      out[field] <- list(value[[i]])
    } else {
      out[field] <- list(value[[paste0(field, "_", locale)]] %||% value[[paste0(field, "_", locales[[1L]])]])
    }
  }
  out
}

# One result object: connections flattened, fields plucked, texts localized.
bd_graphql_shape <- function(object, graphql, locale) {
  object <- bd_graphql_pluck(bd_graphql_flatten(object), graphql$pluck)
  if (is.null(graphql$locale)) object else bd_graphql_localize(object, locale, graphql$locale$locales)
}

# The document's variables from the call's arguments (JSON null for one left
# out); for a paged function also the page size (`first`) and offset.
bd_graphql_variables <- function(spec, op, args) {
  graphql <- op$graphql
  variables <- lapply(graphql$variables, function(param) args[[param]])
  connection <- graphql$connection
  if (!is.null(connection)) {
    size <- args[[spec$pagination$page_size_param]] %||% connection$default_page_size
    page <- args[[spec$pagination$page_param]] %||% 1
    variables[connection$first] <- list(size)
    variables[connection$offset] <- list((page - 1) * size)
  }
  if (length(variables) == 0L) structure(list(), names = character()) else variables
}

# The joined `message`s of an answer's `errors`, or NULL when it has none.
bd_graphql_errors <- function(answer) {
  errors <- if (is.list(answer) && !is.null(names(answer))) answer[["errors"]] else NULL
  if (!is.list(errors) || length(errors) == 0L) return(NULL)
  messages <- vapply(errors, function(e) if (is.list(e) && is.character(e[["message"]])) e[["message"]][[1L]] else "(no message)", "")
  paste(messages, collapse = "; ")
}

# A refused document (HTTP 400 with `errors`) as problem details naming the errors.
bd_graphql_problem <- function(resp) {
  answer <- tryCatch(bd_parse_json(bd_body_text(resp)), error = function(e) NULL)
  messages <- bd_graphql_errors(answer)
  if (is.null(messages)) bd_problem_of(resp) else list(title = "GraphQL errors", detail = messages)
}

# "getTable(dataset_id = \"br_x\", table_id = \"y\")": the function and its arguments.
bd_graphql_called <- function(op, args) {
  given <- Filter(Negate(is.null), args)
  shown <- vapply(names(given), function(name) paste(name, "=", bd_describe_value(given[[name]])), "")
  sprintf("%s(%s)", op$id, paste(shown, collapse = ", "))
}

# The result of a call from its parsed answer (steps 4 to 7 of the algorithm):
# the shaped object, or for a paged function the page
# list(items, page, page_size, count, page_total).
bd_graphql_result <- function(spec, op, args, answer, request, attempts) {
  graphql <- op$graphql
  messages <- bd_graphql_errors(answer)
  if (!is.null(messages)) {
    bd_abort(spec, "server", sprintf("%s failed: %s (%s)", op$id, messages, request), attempts = attempts)
  }
  data <- if (is.list(answer) && !is.null(names(answer))) answer[["data"]] else NULL
  if (!is.list(data)) {
    bd_abort(spec, "server", sprintf("%s: the answer to %s holds no GraphQL data", op$id, request), attempts = attempts)
  }
  missing <- function() bd_abort(spec, "not_found", sprintf("Not found: %s names nothing in the catalogue (%s)",
    bd_graphql_called(op, args), request), attempts = attempts)
  if (!is.null(graphql$exists) && !bd_graphql_nonempty(bd_graphql_at(data, graphql$exists))) missing()
  value <- bd_graphql_at(data, graphql$result)
  if (is.null(value)) missing()
  locale <- if (is.null(graphql$locale)) NULL else args[[graphql$locale$param]] %||% graphql$locale$locales[[1L]]
  if (is.null(graphql$connection)) return(bd_graphql_shape(value, graphql, locale))
  fields <- spec$pagination
  size <- args[[fields$page_size_param]] %||% graphql$connection$default_page_size
  count <- value[["totalCount"]]
  edges <- if (is.list(value[["edges"]])) value[["edges"]] else list()
  page <- list(
    lapply(edges, function(edge) bd_graphql_shape(edge[["node"]], graphql, locale)),
    args[[fields$page_param]] %||% 1,
    size,
    count,
    if (is.numeric(count)) ceiling(count / size) else NULL
  )
  names(page) <- c(op$pagination$items %||% fields$items, fields$page_param, fields$page_size_param, fields$count,
    op$pagination$page_total %||% fields$page_total)
  page
}

# Calls one x-bd-graphql function (its arguments already checked): POSTs
# {query, variables, operationName} as JSON to the operation's path.
bd_graphql_call <- function(spec, op, args, options) {
  graphql <- op$graphql
  document <- list(query = graphql$query, variables = bd_graphql_variables(spec, op, args), operationName = graphql$operation_name)
  bd_send(spec, op, op$path, options,
    body = document, media = list(type = "application/json", kind = "json"), idempotent = TRUE,
    problem_of = bd_graphql_problem,
    parse = function(spec, resp, request, attempts) {
      type <- bd_header(resp, "content-type")
      if (is.null(type) || !bd_is_json_type(type)) {
        bd_abort(spec, "server", sprintf("%s answered %d with a %s body, not a GraphQL answer", request,
          httr2::resp_status(resp), type %||% "untyped"), status = httr2::resp_status(resp), attempts = attempts)
      }
      bd_graphql_result(spec, op, args, bd_parse_success(spec, op, resp, request, attempts), request, attempts)
    })
}
