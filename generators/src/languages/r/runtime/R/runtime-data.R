# bdgen R runtime: hand-written, copied verbatim into every generated R package
# by `bdgen generate --lang r`. Edit generators/src/languages/r/runtime/ in the
# bdgen repository, never the copy.
#
# The data functions of the spec's x-bd-data (read_sql, read_table, download,
# estimate_query). The generated functions hand their arguments keyed by wire
# name; each one here checks them against spec$data$functions[[name]]$params
# before any SQL is built or any request is made, settles the billing project
# and the environment, then reads through runtime-bigquery.R.

bd_default_page_size <- 10000

bd_data_function <- function(spec, name) {
  fn <- spec$data$functions[[name]]
  if (is.null(fn)) stop(sprintf("the spec has no data function %s", name), call. = FALSE)
  fn
}

bd_check_data_args <- function(spec, name, args) {
  fn <- bd_data_function(spec, name)
  bd_validate_args(spec, name, fn$params, args)
  fn
}

# The billing project, checked against the spec's pattern; bd_billing_project
# before any request when nothing names one.
bd_billing_project <- function(spec, fn, explicit) {
  found <- bd_resolve_billing_project(spec, explicit)
  if (is.null(found$value)) {
    bd_abort(spec, "billing_project", paste0(
      "No Google Cloud billing project: queries run on BigQuery and are billed to your own project. ",
      "Pass billing_project_id = \"my-project\", call set_billing_id(\"my-project\"), or set the environment variable ",
      bd_env_name(spec, "BILLING_PROJECT_ID"), " (or ", bd_env_google_cloud_project, "). ",
      "Create a project at https://console.cloud.google.com/projectcreate."
    ))
  }
  bd_check_billing_project(spec, found$value, found$source, fn$params)
  found$value
}

# The environment called `name`, or the spec's default one.
bd_environment <- function(spec, name) {
  environments <- spec$environments
  if (is.null(name)) {
    for (env in environments) if (isTRUE(env$default)) return(env)
    if (length(environments) > 0L) return(environments[[1L]])
    bd_abort(spec, "validation", "The spec lists no environments (x-bd-environments).")
  }
  for (env in environments) if (identical(env$name, name)) return(env)
  bd_abort(spec, "validation", sprintf("Unknown environment \"%s\"; choose one of %s.", name,
    paste(vapply(environments, function(e) sprintf("\"%s\"", e$name), ""), collapse = ", ")))
}

# SQL of a table read. The ids already matched the spec's pattern; they are
# checked again against the narrowest rule BigQuery names follow, so no spec
# change can ever let a quote, a backtick, a dot or a look-alike into SQL.
bd_table_sql <- function(spec, env, dataset_id, table_id, columns = NULL, limit = NULL) {
  plain <- function(value, rule, what) {
    if (!is.character(value) || length(value) != 1L || is.na(value) || !grepl(rule, value, perl = TRUE)) {
      bd_abort(spec, "validation", sprintf("%s %s is not a plain identifier (%s); refusing to build SQL with it", what, bd_describe_value(value), rule), attempts = 0L)
    }
    value
  }
  identifier <- "^[A-Za-z0-9_]{1,1024}\\z"
  suffix <- if (is.null(env$dataset_suffix) || endsWith(dataset_id, env$dataset_suffix)) "" else env$dataset_suffix
  table <- sprintf("`%s.%s.%s`", plain(env$project, "^[a-z][a-z0-9-]{0,61}[a-z0-9]\\z", "project"),
    plain(paste0(dataset_id, suffix), identifier, "dataset id"), plain(table_id, identifier, "table id"))
  selected <- if (length(columns) > 0L) paste(vapply(columns, function(c) sprintf("`%s`", plain(c, identifier, "column")), ""), collapse = ", ") else "*"
  sql <- sprintf("SELECT %s FROM %s", selected, table)
  if (!is.null(limit)) {
    if (!bd_is_whole(limit) || limit < 1) bd_abort(spec, "validation", sprintf("limit must be a positive whole number, got %s", format(limit)), attempts = 0L)
    sql <- sprintf("%s LIMIT %s", sql, sprintf("%.0f", limit))
  }
  sql
}

bd_page_size <- function(args) if (is.null(args$page_size)) bd_default_page_size else args$page_size

# Reads every row of `sql` into a tibble (types: runtime-types.R).
bd_read_rows <- function(spec, project, sql, page_size, options) {
  ctx <- bd_bigquery_context(spec, project, sleep = options$sleep %||% Sys.sleep, timeout = options$timeout)
  collector <- bd_rows_collector()
  bd_bigquery_read(ctx, sql, page_size, collector$on_page)
  collector$result()
}

# Runs args$query; returns every row as a tibble with attr(, "bigquery_types").
# The query names its tables in full; `environment` is checked but does not rewrite it.
bd_read_sql <- function(spec, args, options = list(), call = NULL) {
  spec <- bd_with_call(spec, call)
  fn <- bd_check_data_args(spec, "read_sql", args)
  project <- bd_billing_project(spec, fn, args$billing_project_id)
  bd_environment_in_use(spec, args$environment)
  bd_read_rows(spec, project, args$query, bd_page_size(args), options)
}

# Reads <project>.<dataset_id>.<table_id> of the environment (some columns, at most `limit` rows).
bd_read_table <- function(spec, args, options = list(), call = NULL) {
  spec <- bd_with_call(spec, call)
  fn <- bd_check_data_args(spec, "read_table", args)
  project <- bd_billing_project(spec, fn, args$billing_project_id)
  env <- bd_environment_in_use(spec, args$environment)
  sql <- bd_table_sql(spec, env, args$dataset_id, args$table_id, args$columns, args$limit)
  bd_read_rows(spec, project, sql, bd_page_size(args), options)
}

# A dry run of args$query: list(bytes_processed, cost_usd) at the spec's on-demand price.
bd_estimate_query <- function(spec, args, options = list(), call = NULL) {
  spec <- bd_with_call(spec, call)
  fn <- bd_check_data_args(spec, "estimate_query", args)
  project <- bd_billing_project(spec, fn, args$billing_project_id)
  bd_environment_in_use(spec, args$environment)
  ctx <- bd_bigquery_context(spec, project, sleep = options$sleep %||% Sys.sleep, timeout = options$timeout)
  bytes <- bd_bigquery_dry_run(ctx, args$query)
  list(bytes_processed = bytes, cost_usd = bytes / 2^40 * spec$data$on_demand_usd_per_tib)
}

# What download() returns: the path, invisibly, as basedosdados 0.2.3 did (so
# read.csv(download(...)) works), carrying attributes format, rows and bytes.
bd_file_value <- function(result) invisible(structure(result$path, format = result$format, rows = result$rows, bytes = result$bytes))

# Saves a query's or a table's rows to args$path as CSV, JSON Lines or
# Parquet; returns list(path, format, rows, bytes). The target is checked
# before the query; rows stream to a temporary file renamed only when
# complete, so a failure leaves no file and never touches an existing one.
bd_download <- function(spec, args, options = list(), call = NULL) {
  spec <- bd_with_call(spec, call)
  fn <- bd_check_data_args(spec, "download", args)
  query <- args$query
  has_table <- !is.null(args$dataset_id) || !is.null(args$table_id)
  if (is.null(query) == !has_table || (has_table && (is.null(args$dataset_id) || is.null(args$table_id)))) {
    bd_abort(spec, "validation", paste0("Give either query, or both dataset_id and table_id, to download; ",
      if (!is.null(query)) "not both." else if (has_table) "both ids are needed." else "neither was given."), attempts = 0L)
  }
  if (!is.null(query) && !is.null(args$columns)) {
    bd_abort(spec, "validation", "columns only applies when downloading a table (dataset_id and table_id).", attempts = 0L)
  }
  named <- bd_format_from_path(args$path)
  if (!is.null(args$format) && !is.null(named) && args$format != named) {
    bd_abort(spec, "validation", sprintf("format = \"%s\" contradicts the path's extension, which names %s; change one of them.", args$format, named), attempts = 0L)
  }
  format <- args$format %||% named
  if (is.null(format)) {
    # An existing folder is the file system's problem, whatever its name says (as when a format is given).
    if (dir.exists(path.expand(args$path))) bd_prepare_target(spec, args$path)
    ext <- if (grepl(".", basename(args$path), fixed = TRUE)) sub("^.*\\.", ".", basename(args$path)) else NULL
    says <- if (is.null(ext)) "the path has no extension naming one" else sprintf("the path's extension %s names none", ext)
    bd_abort(spec, "validation", sprintf(paste0("download() cannot tell the format: %s (this package writes .csv, .jsonl, ",
      ".ndjson and .parquet, and no gzip); give format = \"csv\", \"jsonl\" or \"parquet\"."), says), attempts = 0L)
  }
  if (format == "parquet" && is.null(bd_parquet_writer())) {
    bd_abort(spec, "validation", paste0("Parquet downloads need the nanoparquet package (install.packages(\"nanoparquet\")) ",
      "or arrow (install.packages(\"arrow\")); neither is installed. Or choose format = \"csv\" or \"jsonl\"."), attempts = 0L)
  }
  target <- bd_prepare_target(spec, args$path)
  project <- bd_billing_project(spec, fn, args$billing_project_id)
  env <- bd_environment_in_use(spec, args$environment)
  sql <- if (is.null(query)) bd_table_sql(spec, env, args$dataset_id, args$table_id, args$columns, args$limit) else query
  ctx <- bd_bigquery_context(spec, project, sleep = options$sleep %||% Sys.sleep, timeout = options$timeout)
  writer <- bd_file_writer(spec, target, format, write_bytes = options$write %||% writeBin)
  done <- FALSE
  on.exit(if (!done) writer$abort(), add = TRUE)
  read <- bd_bigquery_read(ctx, sql, bd_page_size(args), writer$write, max_rows = if (is.null(query)) NULL else args$limit)
  result <- writer$finish(read$fields)
  done <- TRUE
  result
}
