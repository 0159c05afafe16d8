# The measured side of bench/r-read-prefetch.mjs: one read_sql per process.
#
#   Rscript bench/r-read-prefetch.R LIBRARY URL SQL PAGE_SIZE
#
# Prints one JSON line: the read_sql call's time, the rows and sum(id).
args <- commandArgs(trailingOnly = TRUE)
library(basedosdadosSDK, lib.loc = args[[1]])
Sys.setenv(BASEDOSDADOS_BIGQUERY_ENDPOINT = args[[2]])
started <- proc.time()[["elapsed"]]
frame <- read_sql(args[[3]], billing_project_id = "projeto-de-teste", page_size = as.integer(args[[4]]))
read_ms <- (proc.time()[["elapsed"]] - started) * 1000
cat(sprintf('{"read_ms": %.1f, "rows": %d, "id_sum": %.0f}\n', read_ms, nrow(frame), sum(as.numeric(frame$id))))
