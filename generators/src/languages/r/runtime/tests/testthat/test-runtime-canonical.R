# Canonical text of values and the bytes of CSV and JSON Lines files.
test_that("doubles are written as ECMAScript's Number::toString writes them (shared table)", {
  cases <- jsonlite::read_json(test_path("canonical-floats.json"))$cases
  given <- vapply(cases, function(c) if (is.character(c$given)) switch(c$given, "NaN" = NaN, "Infinity" = Inf, "-Infinity" = -Inf) else as.double(c$given), 0)
  want <- vapply(cases, function(c) c$want, "")
  expect_identical(bd_format_float(given), want)
  expect_gt(length(cases), 30)
})

test_that("random doubles round-trip through their text", {
  set.seed(11)
  values <- c(stats::rnorm(500) * 10^sample(-30:30, 500, replace = TRUE), stats::runif(200))
  expect_identical(as.double(bd_format_float(values)), values)
})

test_that("decimals in plain notation without trailing zeros", {
  expect_identical(bd_normalize_decimal(c("1234.50", "-1E-9", "1.50E+2", "0.000", "-0", "99999999999999999999999999999.999999999", "007", NA)),
    c("1234.5", "-0.000000001", "150", "0", "0", "99999999999999999999999999999.999999999", "7", NA))
})

test_that("datetimes and timestamps: six fraction digits when not zero", {
  expect_identical(bd_normalize_datetime(c("2021-06-01T12:30:45.123456", "2021-06-01 12:30:45.1", "1999-12-31T23:59:59.000000", NA)),
    c("2021-06-01T12:30:45.123456", "2021-06-01T12:30:45.100000", "1999-12-31T23:59:59", NA))
  micros <- bd_timestamp_micros(c("1622561445500000", "0", "1.6225614455E9", "-1", NA))
  expect_identical(bd_timestamp_from_micros(micros),
    c("2021-06-01T15:30:45.500000Z", "1970-01-01T00:00:00Z", "2021-06-01T15:30:45.500000Z", "1969-12-31T23:59:59.999999Z", NA))
})

test_that("year 1 and year 9999 keep four digits", {
  expect_identical(bd_timestamp_from_micros(c(-62135596800 * 1e6, 253402300799 * 1e6)), c("0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"))
})

test_that("JSON strings escape like JSON.stringify and keep non-ASCII as is", {
  expect_identical(bd_json_string(c("S\u00e3o \"x\"\n\\", "\001\t", "\U0001F1E7\U0001F1F7")),
    c("\"S\u00e3o \\\"x\\\"\\n\\\\\"", "\"\\u0001\\t\"", "\"\U0001F1E7\U0001F1F7\""))
  expect_identical(bd_json_text(list(a = 1, b = list("x", TRUE), c = NULL, d = structure(list(), names = character()))),
    "{\"a\":1,\"b\":[\"x\",true],\"c\":null,\"d\":{}}")
})

test_that("CSV fields are quoted per RFC 4180, and empty strings too", {
  expect_identical(bd_csv_field(c("plain", "a,b", "say \"hi\"", "two\nlines", "", NA)),
    c("plain", "\"a,b\"", "\"say \"\"hi\"\"\"", "\"two\nlines\"", "\"\"", NA))
})

types_page <- function() {
  rows <- bq_rows(list(
    list("1", "9007199254740993", "3.5", "1234.50", "true", "S\u00e3o \"x\", y\nz", "2021-06-01", "2021-06-01T12:30:45.123456", "1622561445500000", "POINT(1 2)"),
    list("2", "-5", "1e-7", "-1E-9", "false", "", "1900-01-01", "1999-12-31T23:59:59", "0", "POINT(3 4)"),
    list(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)
  ))
  types <- c(i = "INTEGER", big = "INTEGER", f = "FLOAT", n = "NUMERIC", b = "BOOLEAN", s = "STRING", d = "DATE", dt = "DATETIME", ts = "TIMESTAMP", g = "GEOGRAPHY")
  fields <- bd_schema_fields(list(fields = unname(Map(function(n, t) list(name = n, type = t), names(types), types))))
  list(fields = fields, columns = bd_page_columns(fields, rows))
}

test_that("CSV bytes of every type, NULL and awkward text", {
  page <- types_page()
  text <- paste0(bd_csv_header(page$fields), bd_csv_lines(page$fields, page$columns))
  expect_identical(text, paste0(
    "i,big,f,n,b,s,d,dt,ts,g\n",
    "1,9007199254740993,3.5,1234.5,true,\"S\u00e3o \"\"x\"\", y\nz\",2021-06-01,2021-06-01T12:30:45.123456,2021-06-01T15:30:45.500000Z,POINT(1 2)\n",
    "2,-5,1e-7,-0.000000001,false,\"\",1900-01-01,1999-12-31T23:59:59,1970-01-01T00:00:00Z,POINT(3 4)\n",
    ",,,,,,,,,\n"
  ))
})

test_that("JSON Lines bytes of every type, NULL and awkward text", {
  page <- types_page()
  expect_identical(bd_json_lines(page$fields, page$columns), paste0(
    "{\"i\":1,\"big\":\"9007199254740993\",\"f\":3.5,\"n\":\"1234.5\",\"b\":true,\"s\":\"S\u00e3o \\\"x\\\", y\\nz\",\"d\":\"2021-06-01\",",
    "\"dt\":\"2021-06-01T12:30:45.123456\",\"ts\":\"2021-06-01T15:30:45.500000Z\",\"g\":\"POINT(1 2)\"}\n",
    "{\"i\":2,\"big\":-5,\"f\":1e-7,\"n\":\"-0.000000001\",\"b\":false,\"s\":\"\",\"d\":\"1900-01-01\",",
    "\"dt\":\"1999-12-31T23:59:59\",\"ts\":\"1970-01-01T00:00:00Z\",\"g\":\"POINT(3 4)\"}\n",
    "{\"i\":null,\"big\":null,\"f\":null,\"n\":null,\"b\":null,\"s\":null,\"d\":null,\"dt\":null,\"ts\":null,\"g\":null}\n"
  ))
})

test_that("non-finite doubles are strings in JSON Lines and plain words in CSV", {
  fields <- bd_schema_fields(list(fields = list(list(name = "f", type = "FLOAT"))))
  columns <- list(c("NaN", "Infinity", "-Infinity"))
  expect_identical(bd_json_lines(fields, columns), "{\"f\":\"NaN\"}\n{\"f\":\"Infinity\"}\n{\"f\":\"-Infinity\"}\n")
  expect_identical(bd_csv_lines(fields, columns), "NaN\nInfinity\n-Infinity\n")
})
