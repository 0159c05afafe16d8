# The runtime's help pages (generators/src/languages/r/runtime/man, copied
# into every generated package) must be what roxygen2 makes of the runtime's
# own roxygen comments. This roxygenises the runtime alone in a throwaway
# package and compares; with --update it writes the pages back instead.
#
#   Rscript tests/r/runtime-man.R [--update]
#
# Prints the pages it compared; exits 1 naming a stale page.

update <- "--update" %in% commandArgs(trailingOnly = TRUE)
file_arg <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
root <- normalizePath(file.path(dirname(file_arg), "..", ".."), mustWork = TRUE)
runtime <- file.path(root, "generators/src/languages/r/runtime")

package <- file.path(tempfile("bdgen-runtime-man-"), "bdruntime")
dir.create(file.path(package, "R"), recursive = TRUE)
writeLines(c("Package: bdruntime", "Title: The Runtime Alone", "Version: 0.0.1", "Description: Its help pages.",
  "License: MIT", "Encoding: UTF-8"), file.path(package, "DESCRIPTION"))
stopifnot(all(file.copy(list.files(file.path(runtime, "R"), full.names = TRUE), file.path(package, "R"))))
suppressMessages(roxygen2::roxygenise(package, roclets = "rd"))

topics <- readLines(file.path(runtime, "man", "topics.txt"))
made <- sort(list.files(file.path(package, "man"), pattern = "[.]Rd$"))
if (!identical(made, sort(topics))) {
  stop(sprintf("runtime/man/topics.txt lists %s, roxygen2 writes %s", paste(sort(topics), collapse = ", "), paste(made, collapse = ", ")), call. = FALSE)
}
for (topic in topics) {
  written <- file.path(package, "man", topic)
  committed <- file.path(runtime, "man", topic)
  if (update) {
    stopifnot(file.copy(written, committed, overwrite = TRUE))
  } else if (!identical(readLines(written), readLines(committed))) {
    stop(sprintf("runtime/man/%s is stale: run Rscript tests/r/runtime-man.R --update", topic), call. = FALSE)
  }
}
cat(sprintf("%d runtime help pages %s\n", length(topics), if (update) "written" else "match the runtime's roxygen comments"))
