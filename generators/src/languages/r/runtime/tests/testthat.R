# Runs the package's testthat tests and prints "N passed, N failed" (tests,
# not expectations) as its last line: CI reads that line, not testthat's summary.
library(testthat)
options(testthat.summary.max_reports = 1000L)
package <- Sys.getenv("_R_CHECK_PACKAGE_NAME_", "")
if (!nzchar(package)) package <- read.dcf(file.path("..", "DESCRIPTION"), "Package")[[1L]]
library(package, character.only = TRUE)
results <- as.data.frame(test_check(package, reporter = "summary", stop_on_failure = FALSE))
broken <- results$failed > 0 | results$error
skipped <- !broken & results$skipped
cat(sprintf("\n%d passed, %d failed, %d skipped\n", sum(!broken & !skipped), sum(broken), sum(skipped)))
if (any(broken)) quit(status = 1)
