# bdgen R runtime: hand-written, copied verbatim into every generated R package
# by `bdgen generate --lang r`. Edit generators/src/languages/r/runtime/ in the
# bdgen repository, never the copy.
#
# The bytes of downloaded files, page by page from BigQuery's wire values:
# CSV and JSON Lines exactly as every other language writes them
# (tests/conformance/README.md, "Downloaded files"), written to a temporary
# file beside the target and renamed only once complete.

# The canonical text of one column's wire values, and whether each is a JSON
# string (quoted in JSONL) or a bare JSON value. NA stays NA (NULL).
bd_canonical_column <- function(field, values) {
  if (field$type == "RECORD" || field$mode == "REPEATED") {
    text <- vapply(values, function(v) if (is.null(v)) NA_character_ else bd_json_text(bd_canonical_nested(field, v)), "")
    return(list(text = text, string = FALSE))
  }
  switch(field$type,
    INT64 = {
      safe <- abs(as.double(values)) <= bd_max_safe_integer
      list(text = values, string = !is.na(safe) & !safe)
    },
    FLOAT64 = {
      numbers <- as.double(values)
      list(text = bd_format_float(numbers), string = !is.finite(numbers))
    },
    NUMERIC = ,
    BIGNUMERIC = list(text = bd_normalize_decimal(values), string = TRUE),
    BOOL = list(text = ifelse(is.na(values), NA_character_, ifelse(values == "true", "true", "false")), string = FALSE),
    DATETIME = list(text = bd_normalize_datetime(values), string = TRUE),
    TIMESTAMP = list(text = bd_timestamp_from_micros(bd_timestamp_micros(values)), string = TRUE),
    list(text = values, string = TRUE)
  )
}

# A RECORD or REPEATED cell as the R value whose JSON is its canonical form.
bd_canonical_nested <- function(field, value) {
  if (is.null(value)) return(NULL)
  scalar <- function(sub, v) {
    if (sub$type == "RECORD" || sub$mode == "REPEATED") return(bd_canonical_nested(sub, v))
    if (!is.character(v)) return(NULL)
    canonical <- bd_canonical_column(sub, v)
    if (canonical$string) canonical$text else structure(canonical$text, class = "bd_json_literal")
  }
  if (field$mode == "REPEATED") {
    item <- utils::modifyList(field, list(mode = "NULLABLE"))
    return(structure(lapply(value, function(cell) scalar(item, cell$v)), names = NULL))
  }
  cells <- value$f
  out <- lapply(seq_along(field$fields), function(i) scalar(field$fields[[i]], if (i <= length(cells)) cells[[i]]$v else NULL))
  names(out) <- vapply(field$fields, function(f) f$name, "")
  out
}

bd_csv_header <- function(fields) {
  paste0(paste(bd_csv_field(vapply(fields, function(f) f$name, "")), collapse = ","), "\n")
}

# One page as CSV lines (no header).
bd_csv_lines <- function(fields, columns) {
  rows <- if (length(columns) == 0L) 0L else length(columns[[1L]])
  if (rows == 0L) return("")
  cells <- lapply(seq_along(fields), function(j) {
    canonical <- bd_canonical_column(fields[[j]], columns[[j]])
    text <- canonical$text
    bare <- fields[[j]]$type %in% c("INT64", "FLOAT64", "BOOL") & fields[[j]]$mode != "REPEATED"
    out <- if (bare) text else bd_csv_field(text)
    out[is.na(text)] <- ""
    out
  })
  paste0(do.call(paste, c(cells, sep = ",")), "\n", collapse = "")
}

# One page as JSON Lines: keys in column order, no spaces.
bd_json_lines <- function(fields, columns) {
  rows <- if (length(columns) == 0L) 0L else length(columns[[1L]])
  if (rows == 0L) return("")
  cells <- lapply(seq_along(fields), function(j) {
    canonical <- bd_canonical_column(fields[[j]], columns[[j]])
    text <- canonical$text
    value <- ifelse(rep_len(canonical$string, length(text)), bd_json_string(text), text)
    value[is.na(text)] <- "null"
    paste0(bd_json_string(fields[[j]]$name), ":", value)
  })
  paste0("{", do.call(paste, c(cells, sep = ",")), "}\n", collapse = "")
}

# The format a path's extension names (csv, jsonl/ndjson, parquet), or NULL.
bd_format_from_path <- function(path) {
  ext <- tolower(sub("^.*\\.", "", basename(path)))
  if (!grepl(".", basename(path), fixed = TRUE)) return(NULL)
  switch(ext, csv = "csv", jsonl = "jsonl", ndjson = "jsonl", parquet = "parquet", NULL)
}

# Which installed package writes Parquet, or NULL.
bd_parquet_writer <- function() {
  for (package in c("nanoparquet", "arrow")) if (requireNamespace(package, quietly = TRUE)) return(package)
  NULL
}

# Checks the target before any query: not a folder, its folder created when
# missing and writable. Returns the absolute path.
bd_prepare_target <- function(spec, path) {
  target <- path.expand(path)
  if (dir.exists(target)) bd_abort(spec, "filesystem", sprintf("path \"%s\" is a folder; give a file name.", path))
  folder <- dirname(target)
  if (!dir.exists(folder)) {
    made <- tryCatch(dir.create(folder, recursive = TRUE, showWarnings = FALSE), error = function(e) FALSE)
    if (!isTRUE(made) || !dir.exists(folder)) bd_abort(spec, "filesystem", sprintf("cannot create the folder \"%s\" for the download.", folder))
  }
  if (file.access(folder, 2L) != 0L) bd_abort(spec, "filesystem", sprintf("the folder \"%s\" is not writable.", folder))
  if (file.exists(target) && file.access(target, 2L) != 0L) bd_abort(spec, "filesystem", sprintf("\"%s\" exists and is not writable.", path))
  file.path(normalizePath(folder, mustWork = TRUE), basename(target))
}

# A writer of one download: `write(fields, columns)` per page, then `finish()`
# (renames into place and returns list(path, format, rows, bytes)) or `abort()`.
# Every write is checked: R only warns when a write to a connection fails (a
# full disk), and a failed flush at close() is silent, so a write warning is
# an error and the closed file's size must be the bytes written. Any failure
# is bd_filesystem, after the temporary file is removed where that is
# possible; the target is replaced only by the complete, closed file.
# `write_bytes(bytes, connection)` is writeBin unless a test hands in another.
bd_file_writer <- function(spec, target, format, write_bytes = writeBin) {
  temporary <- file.path(dirname(target), sprintf(".%s.%s.part", basename(target), bd_request_id()))
  connection <- NULL
  abort <- function() {
    if (!is.null(connection)) try(close(connection), silent = TRUE)
    connection <<- NULL
    suppressWarnings(unlink(temporary, force = TRUE))
    invisible(!file.exists(temporary))
  }
  fail <- function(what, why) {
    removed <- abort()
    bd_abort(spec, "filesystem", paste0(sprintf("Could not write \"%s\": %s failed (%s). ", target, what, why),
      if (!removed) sprintf("The partial file \"%s\" could not be removed; delete it. ", temporary),
      if (file.exists(target)) "The existing file is untouched." else "No file was created."))
  }
  # The value of `code`; its warnings and errors become fail(what, <their message>).
  checked <- function(what, code) {
    outcome <- tryCatch(list(value = code), warning = function(w) list(why = conditionMessage(w)), error = function(e) list(why = conditionMessage(e)))
    if (!is.null(outcome$why)) fail(what, outcome$why)
    outcome$value
  }
  connection <- checked("creating the temporary file", file(temporary, open = "wb"))
  written <- 0
  rows <- 0
  header_written <- FALSE
  collector <- if (format == "parquet") bd_rows_collector() else NULL
  emit <- function(text) {
    if (!nzchar(text)) return(invisible(NULL))
    bytes <- charToRaw(enc2utf8(text))
    checked("a write (is the disk full?)", write_bytes(bytes, connection))
    written <<- written + length(bytes)
  }
  list(
    write = function(fields, columns) {
      if (format == "csv" && !header_written) emit(bd_csv_header(fields))
      header_written <<- TRUE
      if (format == "parquet") collector$on_page(fields, columns)
      else emit(if (format == "csv") bd_csv_lines(fields, columns) else bd_json_lines(fields, columns))
      rows <<- rows + if (length(columns) == 0L) 0 else length(columns[[1L]])
    },
    finish = function(fields) {
      if (format == "csv" && !header_written) emit(bd_csv_header(fields))
      checked("closing the temporary file", close(connection))
      connection <<- NULL
      if (format == "parquet") {
        checked("writing Parquet", bd_write_parquet(collector$result(), temporary))
      } else {
        size <- file.size(temporary)
        if (is.na(size)) fail("writing the temporary file", "it is gone: was its folder removed or renamed?")
        if (size != written) fail("a write (is the disk full?)", sprintf("%.0f bytes written, the file holds %.0f", written, size))
      }
      checked(sprintf("replacing \"%s\"", target), if (!file.rename(temporary, target)) stop("the rename failed"))
      list(path = target, format = format, rows = rows, bytes = file.size(target))
    },
    abort = abort
  )
}

# Writes a result tibble as Parquet with the installed writer (INT64 as
# 64-bit integers where the values allow, TIMESTAMP in UTC). Neither
# nanoparquet nor arrow is installable on the machine that built this runtime:
# this path is not exercised by its tests.
bd_write_parquet <- function(result, path) {
  writer <- bd_parquet_writer()
  if (identical(writer, "nanoparquet")) {
    getExportedValue("nanoparquet", "write_parquet")(as.data.frame(result), path)
  } else {
    getExportedValue("arrow", "write_parquet")(result, path)
  }
}
