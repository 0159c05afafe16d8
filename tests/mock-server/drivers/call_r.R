# Calls every planned operation through a generated R package, by the export
# the package's own table names for it (.bd_spec$exports), with wire-named
# arguments turned into the argument names the same record gives
# (.bd_spec$operations[[id]]$params, $body$label).
# Credentials come from the environment, as the package documents.
#
#   Rscript call_r.R <calls.json>
#
# The package is installed into a temporary library first. Prints one JSON
# line per call: {operation, ok, returned} or {operation, ok: false, error};
# everything else goes to stderr.

plan <- jsonlite::read_json(commandArgs(trailingOnly = TRUE)[[1L]], simplifyVector = FALSE)

library_dir <- tempfile("mock-server-r-lib-")
dir.create(library_dir)
status <- system2(file.path(R.home("bin"), "R"),
  c("CMD", "INSTALL", "--no-test-load", "--no-docs", "--no-byte-compile", "-l", shQuote(library_dir), shQuote(plan$package)),
  stdout = stderr(), stderr = stderr())
if (status != 0L) stop(sprintf("R CMD INSTALL %s failed", plan$package), call. = FALSE)
package <- read.dcf(file.path(plan$package, "DESCRIPTION"), "Package")[[1L]]
suppressPackageStartupMessages(library(package, lib.loc = library_dir, character.only = TRUE))
spec <- get(".bd_spec", envir = asNamespace(package))
export_of <- stats::setNames(
  vapply(spec$exports, function(e) e$export, ""),
  vapply(spec$exports, function(e) if (is.null(e$operation)) "" else e$operation, ""))
options(stats::setNames(list(plan$baseUrl, list(max_attempts = 1L)), paste0(package, c(".api_url", ".retry"))))

# The mock-server markers as R values: a file part is curl::form_file() of a
# temporary file, a binary body a raw vector.
typed <- function(value) {
  if (!is.list(value)) return(value)
  if (!is.null(value[["$file"]])) {
    path <- file.path(tempdir(), value[["$file"]]$filename)
    writeLines(value[["$file"]]$text, path, sep = "")
    return(curl::form_file(path, type = "text/plain"))
  }
  if (!is.null(value[["$bytes"]])) return(charToRaw(value[["$bytes"]]))
  lapply(value, typed)
}

arguments <- function(operation, call) {
  args <- list()
  for (param in operation$params) {
    value <- call$args[[param$name]]
    # An array parameter is a vector in R (c("a", "b")); bodies stay lists, which JSON keeps as arrays.
    if (is.list(value) && is.null(names(value)) && all(vapply(value, is.atomic, TRUE))) value <- unlist(value)
    if (!is.null(value)) args[[param$label]] <- value
  }
  if (!is.null(operation$body) && !is.null(call$body)) args[[operation$body$label]] <- typed(call$body)
  args
}

for (call in plan$calls) {
  line <- tryCatch({
    export <- export_of[[call$operation]]
    returned <- do.call(getExportedValue(package, export), arguments(spec$operations[[call$operation]], call))
    list(operation = call$operation, ok = TRUE, returned = if (is.null(returned)) "nothing" else class(returned)[[1L]])
  }, error = function(e) {
    list(operation = call$operation, ok = FALSE, error = list(
      kind = if (is.null(e$kind)) class(e)[[1L]] else e$kind,
      status = e$status,
      message = conditionMessage(e)))
  })
  cat(jsonlite::toJSON(line, auto_unbox = TRUE, null = "null"), "\n", sep = "")
}
