# Runs the testthat files of a folder against an installed generated package
# and prints "N passed, N failed, N skipped" (tests, not expectations) last,
# as the runtime's tests/testthat.R does; exits 1 when any failed.
#
#   Rscript tests/r/run-testthat.R <library> <package> <folder>

args <- commandArgs(TRUE)
.libPaths(c(args[[1]], .libPaths()))
library(testthat)
library(args[[2]], character.only = TRUE)
options(testthat.summary.max_reports = 1000L)
results <- as.data.frame(test_dir(args[[3]], reporter = "summary", stop_on_failure = FALSE, package = args[[2]], load_package = "installed"))
broken <- results$failed > 0 | results$error
skipped <- !broken & results$skipped
cat(sprintf("\n%d passed, %d failed, %d skipped\n", sum(!broken & !skipped), sum(broken), sum(skipped)))
if (any(broken)) quit(status = 1)
