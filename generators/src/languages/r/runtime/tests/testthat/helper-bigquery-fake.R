# A fake BigQuery REST API v2 for the runtime's tests, scripted by the query
# text: "rows N" (N rows: id INTEGER, name STRING), "fail page K" (the page
# with token K fails once with 503 backendError), "incomplete K" (the job
# answers jobComplete: false K times), "slow" (jobs.query answers after 2 s),
# "error REASON STATUS", "types" (one row
# of each type, then a row of NULLs), "not json" (a 200 whose body is an HTML
# page, as a captive portal answers), "hostile" (an error echoing the
# Authorization header), "deny page K" (the page with token K answers 403
# accessDenied echoing it, every time), "moved page K" (that page redirects
# to another origin). Before answering the page with token K the first
# time, "readonly page K at F" makes the folder F read-only (chmod, and
# chattr +i as root, whom permissions do not stop), "remove page K at F"
# removes it, and "hang page K at F" writes the file F and holds the answer 20 s.

bigquery_routes <- function(app, hit) {
  bq_rows <- function(rows) lapply(rows, function(row) list(f = lapply(row, function(v) list(v = v))))
  fail <- function(res, status, reason, message) {
    res$set_status(status)$send_json(list(error = list(code = status, message = message,
      errors = list(list(reason = reason, message = message)))), auto_unbox = TRUE)
  }
  schema <- function(query) {
    if (grepl("^types", query)) {
      types <- c(i = "INTEGER", big = "INTEGER", f = "FLOAT", n = "NUMERIC", b = "BOOLEAN", s = "STRING", d = "DATE",
        dt = "DATETIME", ts = "TIMESTAMP", g = "GEOGRAPHY")
      return(list(fields = unname(Map(function(name, type) list(name = name, type = type, mode = "NULLABLE"), names(types), types))))
    }
    list(fields = list(list(name = "id", type = "INTEGER", mode = "NULLABLE"), list(name = "name", type = "STRING", mode = "NULLABLE")))
  }
  all_rows <- function(query) {
    if (grepl("^types", query)) {
      return(bq_rows(list(
        list("1", "9007199254740993", "3.5", "1234.50", "true", "S\u00e3o \"x\", y\nz", "2021-06-01", "2021-06-01T12:30:45.123456", "1622561445500000", "POINT(1 2)"),
        list("2", "-5", "1e-7", "-1E-9", "false", "", "1900-01-01", "1999-12-31T23:59:59", "0", "POINT(3 4)"),
        list(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
      )))
    }
    n <- as.integer(sub("^.*rows ([0-9]+).*$", "\\1", query))
    if (is.na(n)) n <- 1L
    bq_rows(lapply(seq_len(n), function(i) list(as.character(i), paste0("name ", i))))
  }
  page_of <- function(query, job_id, token, size) {
    rows <- all_rows(query)
    start <- if (is.null(token)) 0L else as.integer(token)
    chosen <- rows[seq_len(length(rows)) > start & seq_len(length(rows)) <= start + size]
    next_token <- if (start + size < length(rows)) as.character(start + size) else NULL
    c(list(kind = "bigquery#getQueryResultsResponse", jobReference = list(projectId = "p", jobId = job_id, location = "US"),
      jobComplete = TRUE, schema = schema(query), totalRows = as.character(length(rows)), rows = chosen),
      if (is.null(next_token)) list() else list(pageToken = next_token))
  }
  app$post("/bigquery/v2/projects/:project/queries", function(req, res) {
    hit("queries")
    body <- jsonlite::parse_json(rawToChar(req$.body))
    app$locals$last_auth <- if (is.null(req$get_header("Authorization"))) "" else req$get_header("Authorization")
    app$locals$last_body <- body
    query <- body$query
    if (grepl("^hostile", query)) return(fail(res, 403, "accessDenied", paste("denied for", req$get_header("Authorization"))))
    if (grepl("^not json", query)) return(res$set_type("text/html")$send("<html><body>Sign in to the Wi-Fi</body></html>"))
    if (grepl("^slow", query)) {
      hit("slow-query")
      Sys.sleep(2)
    }
    if (grepl("^error", query)) {
      parts <- strsplit(query, " ")[[1L]]
      return(fail(res, as.integer(parts[[3L]]), parts[[2L]], paste("scripted", parts[[2L]])))
    }
    if (isTRUE(body$dryRun)) return(res$send_json(list(totalBytesProcessed = "1099511627776", jobComplete = TRUE), auto_unbox = TRUE))
    job_id <- paste0("job_", body$requestId)
    app$locals$polls[[job_id]] <- as.integer(sub("^.*incomplete ([0-9]+).*$|^.*$", "\\1", query))
    app$locals$queries[[job_id]] <- query
    if (grepl("incomplete", query)) {
      return(res$send_json(list(jobReference = list(projectId = "p", jobId = job_id, location = "US"), jobComplete = FALSE), auto_unbox = TRUE))
    }
    res$send_json(page_of(query, job_id, NULL, body$maxResults), auto_unbox = TRUE, null = "null")
  })
  app$get("/bigquery/v2/projects/:project/queries/:job", function(req, res) {
    hit("results")
    job_id <- req$params$job
    query <- app$locals$queries[[job_id]]
    if (is.null(query)) return(fail(res, 404, "notFound", "no such job"))
    polls <- app$locals$polls[[job_id]]
    if (!is.na(polls) && polls > 0L) {
      app$locals$polls[[job_id]] <- polls - 1L
      return(res$send_json(list(jobReference = list(jobId = job_id), jobComplete = FALSE), auto_unbox = TRUE))
    }
    token <- req$query[["pageToken"]]
    broken <- sub("^.*fail page ([0-9]+).*$|^.*$", "\\1", query)
    if (!is.null(token) && nzchar(broken) && token == broken && hit(paste0("fail-", token)) == 1) {
      res$set_header("Retry-After", "0")
      return(fail(res, 503, "backendError", "scripted page failure"))
    }
    acts <- function(word) {
      page <- sub(sprintf("^.*%s page ([0-9]+).*$|^.*$", word), "\\1", query)
      !is.null(token) && nzchar(page) && token == page && hit(paste(word, job_id)) == 1
    }
    if (!is.null(token) && identical(sub("^.*deny page ([0-9]+).*$|^.*$", "\\1", query), token)) {
      return(fail(res, 403, "accessDenied", paste("denied for", req$get_header("Authorization"))))
    }
    if (!is.null(token) && identical(sub("^.*moved page ([0-9]+).*$|^.*$", "\\1", query), token)) {
      return(res$set_status(302)$set_header("Location", "http://127.0.0.2:9/elsewhere")$send(""))
    }
    at <- sub("^.* at (.*)$", "\\1", query)
    if (acts("readonly")) {
      Sys.chmod(at, "555")
      if (identical(system2("id", "-u", stdout = TRUE), "0")) system2("chattr", c("+i", shQuote(at)))
    }
    if (acts("remove")) unlink(at, recursive = TRUE)
    if (acts("hang")) {
      writeLines("hanging", at)
      Sys.sleep(20)
    }
    res$send_json(page_of(query, job_id, token, as.integer(req$query[["maxResults"]])), auto_unbox = TRUE, null = "null")
  })
  app$get("/__last", function(req, res) res$send_json(list(auth = app$locals$last_auth, body = app$locals$last_body), auto_unbox = TRUE))
  invisible(app)
}
