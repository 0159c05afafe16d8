# Reads back, through R itself, what R/spec.R of a generated package says of
# each operation's pagination and GraphQL document, and of each environment,
# so the vitest can compare it with the IR.
#
#   Rscript tests/r/spec-read-back.R <package folder>

folder <- commandArgs(TRUE)[[1]]
e <- new.env()
sys.source(file.path(folder, "R", "spec.R"), envir = e)
spec <- e$.bd_spec
# jsonlite writes an empty list as [], but an empty named one as {}.
stopifnot(all(vapply(spec$operations, function(op) is.null(op$graphql) || !is.null(names(op$graphql$variables)), TRUE)))
# Paths keep their kinds: an index is a number, a key a string.
path <- function(p) lapply(p, function(step) if (is.numeric(step)) list(index = step) else list(key = step))
operations <- lapply(spec$operations, function(op) {
  g <- op$graphql
  list(
    pagination = op$pagination, paginated_field = !is.null(op$paginated),
    graphql = if (!is.null(g)) list(query = g$query, operation_name = g$operation_name, variables = g$variables,
      result = path(g$result), exists = if (!is.null(g$exists)) path(g$exists), connection = g$connection,
      pluck = lapply(g$pluck, path), locale = if (!is.null(g$locale)) list(param = g$locale$param, locales = as.list(g$locale$locales)))
  )
})
cat(jsonlite::toJSON(list(operations = operations, environments = spec$environments), auto_unbox = TRUE, digits = NA, null = "null"))
