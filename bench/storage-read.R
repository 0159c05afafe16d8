# The measured side of bench/storage-read.mjs in R: one read_sql per process.
#
#   Rscript bench/storage-read.R LIBRARY URL PROJECT SQL
#
# Loads basedosdadosSDK from LIBRARY (today's package, installed from the
# baseline worktree, or this tree's), aims it at the datalake by
# BASEDOSDADOS_BIGQUERY_ENDPOINT, reads SQL once and prints one JSON line:
# the read_sql call's time, the rows, sum(id) and the peak RSS (VmHWM).
args <- commandArgs(trailingOnly = TRUE)
library(basedosdadosSDK, lib.loc = args[[1]])
Sys.setenv(BASEDOSDADOS_BIGQUERY_ENDPOINT = args[[2]])
peak_rss_kib <- function() {
  line <- grep("^VmHWM:", readLines("/proc/self/status"), value = TRUE)
  as.numeric(strsplit(trimws(sub("VmHWM:", "", line)), "\\s+")[[1]][[1]])
}
started <- proc.time()[["elapsed"]]
frame <- read_sql(args[[4]], billing_project_id = args[[3]])
read_ms <- (proc.time()[["elapsed"]] - started) * 1000
cat(sprintf('{"read_ms": %.1f, "rows": %d, "id_sum": %.0f, "rss_kib": %.0f}\n',
  read_ms, nrow(frame), sum(as.numeric(frame$id)), peak_rss_kib()))
