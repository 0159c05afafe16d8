# bdgen R runtime: hand-written, copied verbatim into every generated R package
# by `bdgen generate --lang r`. Edit generators/src/languages/r/runtime/ in the
# bdgen repository, never the copy.
#
# Settings, read when a function is called (never at load time), so they can
# change at any moment. A call's own argument wins over an R option
# (`<package>.<setting>`, e.g. options(basedosdadosSDK.bigquery_endpoint = ...)),
# which wins over the environment, which wins over the spec's default.

# The package's own environment variables are <prefix>_<setting>, the prefix
# from the spec (spec$env_prefix: x-bd-packages.brand, else the title), e.g.
# bd_env_name(spec, "API_URL") is BASEDOSDADOS_API_URL for Base dos Dados.
bd_env_name <- function(spec, setting) paste0(spec$env_prefix, "_", setting)
bd_env_google_cloud_project <- "GOOGLE_CLOUD_PROJECT"
bd_env_bigquery_emulator_host <- "BIGQUERY_EMULATOR_HOST"

# Seconds each HTTP try may take when nothing says otherwise.
bd_default_timeout <- 30

# Values set during the session (set_billing_id()).
bd_state <- new.env(parent = emptyenv())

bd_option <- function(spec, name) getOption(paste0(spec$package, ".", name))

bd_env <- function(name) {
  value <- trimws(Sys.getenv(name, ""))
  if (nzchar(value)) value else NULL
}

bd_first <- function(...) {
  for (value in list(...)) {
    if (!is.null(value) && length(value) == 1L && !is.na(value) && nzchar(value)) return(value)
  }
  NULL
}

# The catalogue API's base URL (docs/architecture.md, "Where the catalogue
# is"): argument, option `<package>.api_url`, <PREFIX>_API_URL, the
# api_url of the environment in use (bd_environment_in_use()), the spec's
# first server.
bd_resolve_base_url <- function(spec, explicit = NULL) {
  url <- bd_first(explicit, bd_option(spec, "api_url"), bd_env(bd_env_name(spec, "API_URL")),
    bd_environment_in_use(spec)$api_url, spec$default_base_url)
  if (!is.character(url) || !grepl("^https?://[^/?#]+", url)) {
    bd_abort(spec, "validation", sprintf("The API URL must be an http or https URL, got %s", format(url)))
  }
  sub("/+$", "", url)
}

# The environment in use, whose BigQuery project the data functions read and
# whose backend the catalogue calls: the argument, else option
# `<package>.environment`, else <PREFIX>_ENVIRONMENT, else the spec's
# default; a name the spec does not list is bd_validation. NULL when the spec
# lists none.
bd_environment_in_use <- function(spec, explicit = NULL) {
  if (length(spec$environments) == 0L) return(NULL)
  option <- paste0(spec$package, ".environment")
  variable <- bd_env_name(spec, "ENVIRONMENT")
  name <- bd_first(explicit, bd_option(spec, "environment"), bd_env(variable))
  if (!is.null(name) && !(name %in% vapply(spec$environments, function(e) e$name, ""))) {
    source <- if (!is.null(bd_first(explicit))) {
      "the environment argument"
    } else if (!is.null(bd_first(bd_option(spec, "environment")))) {
      sprintf("option %s", option)
    } else {
      variable
    }
    bd_abort(spec, "validation", sprintf("%s names the environment \"%s\"; choose one of %s", source, format(name),
      paste(vapply(spec$environments, function(e) sprintf("\"%s\"", e$name), ""), collapse = ", ")), attempts = 0L)
  }
  bd_environment(spec, name)
}

# Seconds per HTTP try: argument, option `<package>.timeout`, 30. curl counts
# whole milliseconds and httr2 refuses 1 ms or less, so 0.002 s is the least.
bd_resolve_timeout <- function(spec, explicit = NULL) {
  seconds <- if (!is.null(explicit)) explicit else bd_option(spec, "timeout")
  if (is.null(seconds)) return(bd_default_timeout)
  if (!is.numeric(seconds) || length(seconds) != 1L || is.na(seconds) || seconds < 0.002) {
    bd_abort(spec, "validation", sprintf("timeout must be a number of seconds (per try), at least 0.002, got %s", bd_describe_value(seconds)), attempts = 0L)
  }
  seconds
}

#' Set the Google Cloud project billed for queries
#'
#' Queries run on BigQuery and are billed to your own Google Cloud project.
#' The project set here is used by every data function called without a
#' `billing_project_id` argument, for the rest of the session. An id that is
#' not a Google Cloud project id is refused (a `bd_validation` condition
#' saying why), so a typo shows here rather than at the first query.
#'
#' @param billing_project_id Your Google Cloud project id (6 to 30 lowercase
#'   letters, digits or hyphens, starting with a letter and not ending with a
#'   hyphen), or `NULL` to forget it.
#' @return The previous value, invisibly.
#' @seealso [get_billing_id()]
#' @examples
#' old <- set_billing_id("my-project")
#' get_billing_id()
#' set_billing_id(old)
#' @md
#' @export
set_billing_id <- function(billing_project_id) {
  spec <- bd_with_call(bd_package_spec(), sys.call())
  if (!is.null(billing_project_id)) bd_check_billing_project(spec, billing_project_id, "set_billing_id()")
  old <- get0("billing_project_id", bd_state, inherits = FALSE)
  assign("billing_project_id", billing_project_id, envir = bd_state)
  invisible(old)
}

# bd_validation unless `value` is one string matching the spec's pattern for
# billing_project_id among `params` (read_sql's by default), explained in words.
bd_check_billing_project <- function(spec, value, source, params = spec$data$functions$read_sql$params) {
  rules <- Find(function(p) identical(p$name, "billing_project_id"), params %||% list())
  reason <- if (!is.character(value) || length(value) != 1L || is.na(value)) {
    sprintf("must be one string, got %s", bd_describe_value(value))
  } else if (!is.null(rules)) {
    bd_check_param(rules, value)
  }
  if (!is.null(reason)) {
    bd_abort(spec, "validation", sprintf(paste0("Invalid billing project id from %s: %s. A Google Cloud project id is ",
      "6 to 30 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen ",
      "(your projects: https://console.cloud.google.com/project)."), source, reason), attempts = 0L)
  }
  invisible(value)
}

#' Get the Google Cloud project billed for queries
#'
#' The project [set_billing_id()] set, else the environment variable
#' `<PREFIX>_BILLING_PROJECT_ID` (`BASEDOSDADOS_BILLING_PROJECT_ID` for Base dos
#' Dados), else `GOOGLE_CLOUD_PROJECT`.
#'
#' @return The project id, or `NULL` when nothing names one.
#' @seealso [set_billing_id()]
#' @examples
#' get_billing_id()
#' @md
#' @export
get_billing_id <- function() {
  bd_resolve_billing_project(bd_package_spec(), NULL)$value
}

# The billing project and where it came from: argument, set_billing_id(),
# <PREFIX>_BILLING_PROJECT_ID, GOOGLE_CLOUD_PROJECT. list(value = NULL) when none.
bd_resolve_billing_project <- function(spec, explicit) {
  variable <- bd_env_name(spec, "BILLING_PROJECT_ID")
  candidates <- list(
    list(explicit, "the billing_project_id argument"),
    list(get0("billing_project_id", bd_state, inherits = FALSE), "set_billing_id()"),
    list(bd_env(variable), variable),
    list(bd_env(bd_env_google_cloud_project), bd_env_google_cloud_project)
  )
  for (candidate in candidates) {
    if (!is.null(bd_first(candidate[[1L]]))) return(list(value = candidate[[1L]], source = candidate[[2L]]))
  }
  list(value = NULL, source = NULL)
}

# The BigQuery REST endpoint to use instead of Google's (a local datalake,
# reached without credentials), or NULL for Google's own: option
# `<package>.bigquery_endpoint`, <PREFIX>_BIGQUERY_ENDPOINT, BIGQUERY_EMULATOR_HOST.
bd_resolve_bigquery_endpoint <- function(spec) {
  endpoint <- bd_first(bd_option(spec, "bigquery_endpoint"), bd_env(bd_env_name(spec, "BIGQUERY_ENDPOINT")),
    bd_env(bd_env_bigquery_emulator_host))
  if (is.null(endpoint)) return(NULL)
  # BIGQUERY_EMULATOR_HOST is conventionally host:port, without a scheme.
  url <- if (grepl("://", endpoint, fixed = TRUE)) endpoint else paste0("http://", endpoint)
  sub("/bigquery/v2$", "", sub("/+$", "", url))
}

# Where the BigQuery REST API v2 is: the local endpoint's, or Google's.
bd_bigquery_base_url <- function(spec) {
  endpoint <- bd_resolve_bigquery_endpoint(spec)
  paste0(if (is.null(endpoint)) "https://bigquery.googleapis.com" else endpoint, "/bigquery/v2")
}
