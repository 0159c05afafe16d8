# Assembles a throwaway R package from the hand-written runtime
# (generators/src/languages/r/runtime) and the hand-written stand-in for the
# generated code (tests/r/package), the way the R emitter will lay it out:
#
#   Rscript tests/r/assemble.R <folder>      # writes <folder>/basedosdadosSDK
#
# Copies runtime/R, runtime/man and runtime/tests; copies
# tests/shared/retry-cases.json into tests/testthat (the emitter will ship that
# copy); writes the stand-in's Rd files and NAMESPACE with roxygen2.
# With --update-runtime-man it also writes the runtime's own Rd files back
# into runtime/man (run it after changing a runtime roxygen comment).

args <- commandArgs(trailingOnly = TRUE)
update_man <- "--update-runtime-man" %in% args
args <- setdiff(args, "--update-runtime-man")
if (length(args) != 1L) stop("usage: Rscript tests/r/assemble.R <folder> [--update-runtime-man]", call. = FALSE)

file_arg <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
root <- normalizePath(file.path(dirname(file_arg), "..", ".."), mustWork = TRUE)
runtime <- file.path(root, "generators/src/languages/r/runtime")
standin <- file.path(root, "tests/r/package")
package <- file.path(normalizePath(args[[1L]], mustWork = TRUE), "basedosdadosSDK")

unlink(package, recursive = TRUE)
dir.create(file.path(package, "R"), recursive = TRUE)
dir.create(file.path(package, "man"))
dir.create(file.path(package, "tests", "testthat"), recursive = TRUE)

copy <- function(from, to) stopifnot(all(file.copy(from, to, overwrite = TRUE)))
copy(file.path(standin, c("DESCRIPTION", "LICENSE")), package)
copy(list.files(file.path(standin, "R"), full.names = TRUE), file.path(package, "R"))
copy(list.files(file.path(runtime, "R"), full.names = TRUE), file.path(package, "R"))
copy(file.path(runtime, "tests", "testthat.R"), file.path(package, "tests"))
copy(list.files(file.path(runtime, "tests", "testthat"), full.names = TRUE), file.path(package, "tests", "testthat"))
copy(file.path(root, "tests/shared/retry-cases.json"), file.path(package, "tests", "testthat"))
copy(file.path(root, "tests/shared/canonical-floats.json"), file.path(package, "tests", "testthat"))

suppressMessages(roxygen2::roxygenise(package, roclets = c("rd", "namespace")))

runtime_topics <- readLines(file.path(runtime, "man", "topics.txt"))
if (update_man) {
  copy(file.path(package, "man", runtime_topics), file.path(runtime, "man"))
} else {
  # The committed runtime pages must be what roxygen makes of the runtime's comments.
  for (topic in runtime_topics) {
    made <- readLines(file.path(package, "man", topic))
    committed <- readLines(file.path(runtime, "man", topic))
    if (!identical(made, committed)) {
      stop(sprintf("runtime/man/%s is stale: run Rscript tests/r/assemble.R <folder> --update-runtime-man", topic), call. = FALSE)
    }
  }
}
cat(package, "\n", sep = "")
