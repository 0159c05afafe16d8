# Reads back, through R itself, what the hostile fixture's package holds
# (tests/specs/fixtures/hostile): the title of get_thing's help page, the
# parameter records of R/spec.R, the defaults its \usage shows and the
# argument of its example, so the vitest can compare them with the spec.
#
#   Rscript tests/r/hostile-read-back.R <package folder>

folder <- commandArgs(TRUE)[[1]]
e <- new.env()
sys.source(file.path(folder, "R", "spec.R"), envir = e)
rd <- tools::parse_Rd(file.path(folder, "man", "get_thing.Rd"))
tags <- vapply(rd, function(s) attr(s, "Rd_tag"), "")
text_of <- function(tag) paste(as.character(rd[[which(tags == tag)]]), collapse = "")
usage <- parse(text = text_of("\\usage"))[[1L]]
ex <- tempfile(); tools::Rd2ex(rd, ex)
example <- parse(text = sub("^##D ", "", grep("get_thing\\(", readLines(ex), value = TRUE)))[[1L]]
cat(jsonlite::toJSON(list(title = text_of("\\title"), params = e$.bd_spec$operations$getThing$params,
  defaults = list(mode = usage$mode, x_trace_id = usage$x_trace_id), example = example[[3L]][[2L]]), auto_unbox = TRUE, digits = NA))
