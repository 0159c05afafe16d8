# bdgen R runtime: hand-written, copied verbatim into every generated R package
# by `bdgen generate --lang r`. Edit generators/src/languages/r/runtime/ in the
# bdgen repository, never the copy.
#
# What the deprecated aliases of the spec's x-bd-aliases.r need
# (docs/architecture.md): a warning once per session, old values mapped to
# new ones, the runtime effects, and the old result shapes.

bd_warned <- new.env(parent = emptyenv())

# Warns once per session that `old` is deprecated (class
# "bd_deprecated", "deprecatedWarning"), naming the new call.
bd_warn_deprecated <- function(old, message) {
  if (isTRUE(get0(old, bd_warned, inherits = FALSE))) return(invisible(FALSE))
  assign(old, TRUE, envir = bd_warned)
  warning(structure(class = c("bd_deprecated", "deprecatedWarning", "warning", "condition"),
    list(message = message, call = NULL)))
  invisible(TRUE)
}

# An old argument's value through the alias's `values` map (old -> new);
# anything else is a validation condition.
bd_alias_value <- function(spec, value, values, old_name, where) {
  if (is.null(value) || is.null(values)) return(value)
  if (is.character(value) && length(value) == 1L && value %in% names(values)) return(values[[value]])
  bd_abort(spec, "validation", sprintf("Invalid argument for %s: %s must be one of %s, got %s", where, old_name,
    paste(sprintf("\"%s\"", names(values)), collapse = ", "), bd_describe_value(value)), attempts = 0L)
}

# Applies one effect of x-bd-aliases to an old argument; returns the arguments
# (keyed by wire name) it fills. Effects: split_table ("dataset.table" fills
# dataset_id and table_id), query_from_file (the value is a .sql file's path).
# `given`: the wire arguments of the call so far; `warn`: the deprecation
# (key and message) to give when the effect applies.
bd_alias_effect <- function(spec, effect, value, old_name, where, given = list(), warn = NULL) {
  if (is.null(value)) return(list())
  if (effect == "split_table" && !is.null(given$query)) return(bd_alias_positional_path(spec, value, old_name, where, given))
  if (!is.null(warn)) bd_warn_deprecated(warn[[1L]], warn[[2L]])
  switch(effect,
    split_table = {
      parts <- if (is.character(value) && length(value) == 1L) strsplit(value, ".", fixed = TRUE)[[1L]] else character()
      if (length(parts) == 3L && parts[[1L]] %in% vapply(spec$environments, function(e) e$project, "")) parts <- parts[-1L]
      if (length(parts) != 2L || any(!nzchar(parts))) {
        bd_abort(spec, "validation", sprintf("Invalid argument for %s: %s must be \"dataset_id.table_id\", got %s", where, old_name, bd_describe_value(value)), attempts = 0L)
      }
      list(dataset_id = parts[[1L]], table_id = parts[[2L]])
    },
    query_from_file = {
      if (!is.character(value) || length(value) != 1L || !file.exists(value)) {
        bd_abort(spec, "validation", sprintf("Invalid argument for %s: %s must be the path of a .sql file, got %s", where, old_name, bd_describe_value(value)), attempts = 0L)
      }
      list(query = paste(readLines(value, warn = FALSE, encoding = "UTF-8"), collapse = "\n"))
    },
    stop(sprintf("%s: the R runtime has no alias effect %s", where, effect), call. = FALSE)
  )
}

# A table given with a query: never a call of basedosdados 0.2.3 (it refused
# both), but the first one's download(query, path), the order users still
# have in scripts. The second argument is then the path; with a path also
# given, or SQL in its place, the call is refused saying what to write.
bd_alias_positional_path <- function(spec, value, old_name, where, given) {
  write <- sprintf("write %s(query = \"SELECT ...\", path = \"file.csv\") (its order is query, %s, path)", where, old_name)
  text <- is.character(value) && length(value) == 1L && !is.na(value)
  if (!text || grepl("\\s", value) || !is.null(given$path)) {
    bd_abort(spec, "validation", sprintf("%s() got both a query and %s = %s: give one of them; to save a query, %s.", where, old_name,
      bd_describe_value(value), write), attempts = 0L)
  }
  bd_warn_deprecated(sprintf("%s(query, path)", where), sprintf("%s(query, path): the second argument of %s() is %s since basedosdados 0.1.0, so %s was taken as the path; %s.",
    where, where, old_name, bd_describe_value(value), write))
  list(path = value)
}

# The old result shape of an alias: same, legacy_page, all_items (pluck:
# one field of each), field, pick.
bd_alias_result <- function(result, returns, field = NULL, pick = NULL, pluck = NULL) {
  switch(returns,
    same = result,
    legacy_page = list(items = result$items, page = result$page, page_size = result$page_size,
      page_total = if (is.na(result$count) || is.na(result$page_size)) result$page_total else ceiling(result$count / result$page_size)),
    all_items = {
      items <- if (inherits(result, "bd_page")) bd_collect_pages(result) else result
      if (is.null(pluck)) items else items[[pluck]]
    },
    field = result[[field]],
    pick = result[intersect(pick, names(result))],
    stop(sprintf("unknown alias result shape %s", returns), call. = FALSE)
  )
}
