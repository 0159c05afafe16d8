# Calls the packages generated from tests/specs/fixtures/issue18/r-timeout-param.yaml
# and r-same-name-params.yaml against a loopback server that echoes what it
# received, and prints it as JSON: every value the caller gave must be on the wire.
#
#   Rscript tests/r/renamed-params.R <library>

.libPaths(c(commandArgs(TRUE)[[1]], .libPaths()))
library(timeoutparam)
library(samenameparams)
app <- webfakes::new_app()
app$get(webfakes::new_regexp("^/"), function(req, res) {
  res$send_json(list(path = req$path, query = req$query_string), auto_unbox = TRUE)
})
server <- webfakes::new_app_process(app)
on.exit(server$stop())
url <- sub("/$", "", server$url())
job <- timeoutparam::get_job("j1", timeout_ = 7, timeout = 5, base_url = url)
file <- samenameparams::get_file("a.txt", path_ = "q.txt", max_results = 1, max_results_ = 2, base_url = url)
cat(jsonlite::toJSON(list(job = job, file = file,
  job_formals = names(formals(timeoutparam::get_job)), file_formals = names(formals(samenameparams::get_file))), auto_unbox = TRUE))
