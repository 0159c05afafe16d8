# What an old script left in its folder, for the vitest that ran it
# (old-scripts.test.ts): every .csv (read as text, as written) and .rds file,
# as {file: {rows, columns, data: {column: values}}}.
#
#   Rscript tests/r/read-outputs.R <folder>

folder <- commandArgs(trailingOnly = TRUE)[[1L]]
files <- list.files(folder, pattern = "[.](csv|rds)$", recursive = TRUE)
read_one <- function(file) {
  path <- file.path(folder, file)
  frame <- if (endsWith(file, ".rds")) readRDS(path) else utils::read.csv(path, colClasses = "character", check.names = FALSE)
  list(rows = nrow(frame), columns = as.list(names(frame)), class = as.list(class(frame)), data = lapply(as.list(frame), as.list))
}
cat(jsonlite::toJSON(stats::setNames(lapply(files, read_one), files), auto_unbox = TRUE, digits = NA, null = "null", na = "null"), "\n", sep = "")
