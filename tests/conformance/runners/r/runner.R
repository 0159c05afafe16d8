# The R conformance runner: the JSON-lines protocol of tests/conformance/README.md
# over the generated R package, calling its functions by IR name through the
# package's own table (.bd_spec$exports: IR name -> export, operation or data
# function, result kind).
#
#   Rscript tests/conformance/runners/r/runner.R
#
# Which package: BDGEN_R_LIBRARY (a library holding it, installed) or else
# BDGEN_R_SOURCE (a package folder, default $BDGEN_OUT/r), which is installed
# into a temporary library first. BDGEN_R_PACKAGE names it (default: the
# DESCRIPTION's Package, else basedosdadosSDK). stdout carries only protocol
# lines; everything else goes to stderr.

log_line <- function(...) cat("r-runner:", ..., "\n", file = stderr())

package_name <- function(source) {
  named <- Sys.getenv("BDGEN_R_PACKAGE", "")
  if (nzchar(named)) return(named)
  description <- file.path(source, "DESCRIPTION")
  if (nzchar(source) && file.exists(description)) return(read.dcf(description, "Package")[[1L]])
  "basedosdadosSDK"
}

load_package <- function() {
  library_dir <- Sys.getenv("BDGEN_R_LIBRARY", "")
  source <- Sys.getenv("BDGEN_R_SOURCE", file.path(Sys.getenv("BDGEN_OUT", "out"), "r"))
  name <- package_name(if (nzchar(library_dir)) "" else source)
  if (!nzchar(library_dir)) {
    library_dir <- tempfile("bdgen-r-lib-")
    dir.create(library_dir)
    status <- system2(file.path(R.home("bin"), "R"), c("CMD", "INSTALL", "--no-test-load", "-l", shQuote(library_dir), shQuote(source)), stdout = stderr(), stderr = stderr())
    if (status != 0L) stop(sprintf("R CMD INSTALL %s failed", source), call. = FALSE)
  }
  suppressPackageStartupMessages(library(name, lib.loc = library_dir, character.only = TRUE))
  name
}

package <- load_package()
namespace <- asNamespace(package)
runtime <- function(name) get(name, envir = namespace)
spec <- get(".bd_spec", envir = namespace)

# The wire names of a function's parameters -> the R argument names the caller types.
labels_of <- function(params) stats::setNames(vapply(params, function(p) p$label, ""), vapply(params, function(p) p$name, ""))

# Calls an exported function with wire-named arguments (plus the export's fixed ones, e.g. as = "page").
invoke <- function(entry, params, args) {
  map <- labels_of(params)
  if (length(args) > 0L) names(args) <- ifelse(names(args) %in% names(map), map[names(args)], names(args))
  do.call(getExportedValue(package, entry$export), c(args, entry$arguments))
}

# R values of a result tibble -> canonical JSON values, by the BigQuery type of each column.
canonical_column <- function(values, type) {
  micros <- function(x) round(as.double(x) * 1e6)
  text <- switch(type,
    INT64 = if (is.character(values)) values else NULL,
    FLOAT64 = NULL,
    BOOL = NULL,
    DATE = {
      lt <- as.POSIXlt(values)
      ifelse(is.na(values), NA, sprintf("%04d-%02d-%02d", lt$year + 1900L, lt$mon + 1L, lt$mday))
    },
    DATETIME = sub("Z$", "", runtime("bd_timestamp_from_micros")(micros(values))),
    TIMESTAMP = runtime("bd_timestamp_from_micros")(micros(values)),
    as.character(values)
  )
  # An INT64 column holding an unsafe value is character in R; canonically each safe value is still a number.
  safe_int64 <- if (type == "INT64" && is.character(values)) suppressWarnings(abs(as.double(values)) <= 2^53 - 1) else NULL
  lapply(seq_along(values), function(i) {
    if (!is.null(safe_int64) && isTRUE(safe_int64[[i]])) return(as.double(values[[i]]))
    if (!is.null(text)) return(if (is.na(text[[i]])) NULL else text[[i]])
    value <- values[[i]]
    if (is.numeric(value) && is.nan(value)) return("NaN")
    if (is.na(value)) return(NULL)
    if (is.numeric(value) && !is.finite(value)) return(if (value > 0) "Infinity" else "-Infinity")
    value
  })
}

table_result <- function(frame) {
  types <- attr(frame, "bigquery_types")
  columns <- lapply(names(frame), function(name) canonical_column(frame[[name]], types[[name]]))
  rows <- lapply(seq_len(nrow(frame)), function(i) lapply(columns, function(column) column[[i]]))
  list(columns = lapply(names(frame), function(name) list(name = name, type = unname(types[[name]]))), rows = rows)
}

# The dispatch table, from the package's own record of which export serves each IR name.
dispatch <- lapply(spec$exports, function(entry) {
  params <- if (!is.null(entry$operation)) spec$operations[[entry$operation]]$params else spec$data$functions[[entry$data]]$params
  switch(entry$result,
    page = function(args, mode) {
      page <- invoke(entry, params, args)
      if (mode == "all") list(items = runtime("bd_collect_pages")(page, as = "list")) else page$body
    },
    rows = function(args, mode) table_result(invoke(entry, params, args)),
    # download() returns the path (as basedosdados 0.2.3 did), carrying what it wrote.
    file = function(args, mode) {
      path <- invoke(entry, params, args)
      list(path = as.vector(path), format = attr(path, "format"), rows = attr(path, "rows"), bytes = attr(path, "bytes"))
    },
    function(args, mode) invoke(entry, params, args)
  )
})

# Cases R cannot run, with the reason (the hello's `unavailable`, tests/conformance/README.md).
sigterm_reason <- paste(
  "R installs no SIGTERM handler and R code cannot install one, so SIGTERM ends Rscript at once (status 143)",
  "without running on.exit() code, finalizers or .Last(): the download cannot remove its temporary file.",
  "The user is left with the hidden .<name>.<hex>.part beside the target (an existing target is untouched), to delete by hand;",
  "SIGINT (Ctrl-C) does clean up (download/interrupted_by_sigint)")
storage_reason <- paste(
  "R has no gRPC or Arrow package installable here (no CRAN; Debian only), so the R package cannot call the",
  "BigQuery Storage Read API; R reads through REST with the next page prefetched while this one is converted")
unavailable <- function() {
  cases <- list(`download/interrupted_by_sigterm` = sigterm_reason)
  for (prefix in c("read_sql/storage_", "read_table/storage_", "download/storage_")) cases[[prefix]] <- storage_reason
  if (is.null(runtime("bd_parquet_writer")())) {
    cases[["download/parquet"]] <- "Parquet downloads need the R package nanoparquet or arrow; neither is installed (nor installable: CRAN is unreachable)"
  }
  cases
}

output <- stdout()
reply <- function(message) {
  writeLines(enc2utf8(runtime("bd_json_text")(message)), output, useBytes = TRUE)
  flush(output)
}

# Runs `code` with the case's credentials set the documented way: headers
# through the package option `<package>.headers`, the token as
# BASEDOSDADOS_ACCESS_TOKEN; both restored afterwards.
with_auth <- function(auth, code) {
  if (length(auth$headers) > 0L) {
    saved <- options(stats::setNames(list(auth$headers), paste0(spec$package, ".headers")))
    on.exit(options(saved))
  }
  with_env(if (is.null(auth$token)) list() else list(BASEDOSDADOS_ACCESS_TOKEN = auth$token), code)
}

# Every rendering of a condition R offers, for the harness's credential check.
dump_of <- function(e) {
  paste(c(conditionMessage(e), utils::capture.output(print(e)), utils::capture.output(str(e))), collapse = "\n")
}

failure <- function(id, kind, e) list(type = "result", id = id, ok = FALSE, error = list(kind = kind, message = conditionMessage(e), dump = dump_of(e)))

with_env <- function(changes, code) {
  saved <- lapply(names(changes), function(name) Sys.getenv(name, unset = NA))
  names(saved) <- names(changes)
  restore <- function(values) for (name in names(values)) {
    value <- values[[name]]
    if (is.null(value) || is.na(value)) Sys.unsetenv(name) else do.call(Sys.setenv, stats::setNames(list(value), name))
  }
  restore(changes)
  on.exit(restore(saved))
  force(code)
}

handle <- function(message) {
  if (identical(message$type, "hello")) {
    retry <- Filter(Negate(is.null), message$settings$retry)
    options(stats::setNames(list(if (length(retry) > 0L) retry else NULL), paste0(spec$package, ".retry")))
    reply(list(type = "hello", language = "r", functions = as.list(names(dispatch)), unavailable = unavailable()))
    return(TRUE)
  }
  if (identical(message$type, "bye")) return(FALSE)
  id <- message$id
  call <- dispatch[[message[["function"]]]]
  if (is.null(call)) {
    reply(list(type = "result", id = id, ok = FALSE, error = list(kind = "runner_error", message = paste("not implemented:", message[["function"]]))))
    return(TRUE)
  }
  args <- if (is.null(message$args)) list() else message$args
  mode <- if (is.null(message$mode)) "page" else message$mode
  env <- if (is.null(message$env)) list() else message$env
  # Only errors are answered: an interrupt (SIGINT) is not caught, so it ends the runner.
  answer <- tryCatch(
    list(type = "result", id = id, ok = TRUE, result = with_auth(message$auth, with_env(env, call(args, mode)))),
    bd_error = function(e) failure(id, e$kind, e),
    error = function(e) failure(id, "runner_error", e)
  )
  reply(answer)
  TRUE
}

input <- file("stdin", "r")
repeat {
  line <- readLines(input, n = 1L, encoding = "UTF-8")
  if (length(line) == 0L) break
  if (!nzchar(trimws(line))) next
  if (!handle(jsonlite::parse_json(line, simplifyVector = FALSE))) break
}
quit(status = 0)
