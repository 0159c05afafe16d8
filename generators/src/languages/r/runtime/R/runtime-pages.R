# bdgen R runtime: hand-written, copied verbatim into every generated R package
# by `bdgen generate --lang r`. Edit generators/src/languages/r/runtime/ in the
# bdgen repository, never the copy.
#
# Paged list operations (the spec's x-bd-pagination, handed in as
# spec$pagination, and each operation's own fields, op$pagination: the items
# field, `results` for a search, and the page total's, absent when the page
# has none). A list function returns one page: a `bd_page` holding the items
# as a tibble and the envelope's numbers; bd_next_page() fetches the next one
# and bd_collect_pages() every item of every later page.

# Objects (named lists) as a tibble: one column per name, in order of first
# appearance; a column is a plain vector when every value is a scalar of one
# type (NULL -> NA), otherwise a list column.
bd_items_tibble <- function(items) {
  if (length(items) == 0L) return(tibble::tibble())
  names_seen <- unique(unlist(lapply(items, names)))
  columns <- lapply(names_seen, function(name) {
    values <- lapply(items, function(item) item[[name]])
    scalar <- vapply(values, function(v) is.null(v) || (is.atomic(v) && length(v) == 1L), TRUE)
    if (!all(scalar)) return(values)
    present <- Filter(Negate(is.null), values)
    if (length(present) == 0L) return(rep(NA, length(values)))
    kinds <- unique(vapply(present, function(v) if (is.numeric(v)) "numeric" else typeof(v), ""))
    if (length(kinds) != 1L) return(values)
    filled <- lapply(values, function(v) if (is.null(v)) NA else v)
    unlist(filled, use.names = FALSE)
  })
  names(columns) <- names_seen
  tibble::as_tibble(columns, .name_repair = "minimal")
}

# The page's field holding its items: the operation's own, else the spec's.
bd_items_field <- function(spec, op) op$pagination$items %||% spec$pagination$items

bd_whole_number <- function(value) {
  if (is.numeric(value) && length(value) == 1L && !is.na(value) && value == round(value)) value else NULL
}

# A page from a list operation's body. `fetch(args)` returns the body of the
# page those arguments ask for (keyed by wire name).
bd_new_page <- function(spec, op, args, body, fetch) {
  fields <- spec$pagination
  items_field <- bd_items_field(spec, op)
  items <- if (is.list(body)) body[[items_field]] else NULL
  if (!is.list(items)) {
    bd_abort(spec, bd_unknown_kind, sprintf("%s: the response has no \"%s\" list, so it is not a page", op$id, items_field))
  }
  # Later pages are numbered from the page asked for, not the one the server
  # echoes, so a server that ignores the page parameter cannot make us loop.
  requested <- bd_whole_number(args[[fields$page_param]])
  if (is.null(requested)) requested <- 1
  page <- bd_whole_number(body[[fields$page_param]])
  page_size <- bd_whole_number(body[[fields$page_size_param]])
  if (is.null(page_size)) page_size <- bd_whole_number(args[[fields$page_size_param]])
  count <- bd_whole_number(body[[fields$count]])
  server_total <- if (is.null(op$pagination$page_total)) NULL else bd_whole_number(body[[op$pagination$page_total]])
  counted_total <- if (!is.null(count) && !is.null(page_size) && page_size > 0) ceiling(count / page_size) else NULL
  # A server that floors page_total (the old API did) would hide the last
  # partial page: when count and page_size say there are more, believe them.
  totals <- c(server_total, counted_total)
  structure(
    list(
      items = bd_items_tibble(items),
      page = if (is.null(page)) requested else page,
      page_size = if (is.null(page_size)) NA_real_ else page_size,
      count = if (is.null(count)) NA_real_ else count,
      page_total = if (length(totals) == 0L) NA_real_ else max(totals),
      body = body,
      operation = op$id,
      .requested = requested,
      .args = args,
      .fetch = fetch,
      .spec = spec,
      .op = op
    ),
    class = "bd_page"
  )
}

#' Does a later page exist?
#'
#' @param page A page returned by one of the package's list functions.
#' @return `TRUE` when a later page has items: `FALSE` on an empty page and on the last page.
#' @seealso [bd_next_page()], [bd_collect_pages()]
#' @md
#' @export
bd_has_next_page <- function(page) {
  stopifnot(inherits(page, "bd_page"))
  if (length(page$body[[bd_items_field(page$.spec, page$.op)]]) == 0L) return(FALSE)
  if (is.na(page$page_total)) return(TRUE)
  page$.requested < page$page_total
}

#' Fetch the next page
#'
#' One request, with the package's argument checks and retries.
#'
#' @param page A page returned by one of the package's list functions.
#' @return The next page, or `NULL` when `page` is the last one.
#' @seealso [bd_has_next_page()], [bd_collect_pages()]
#' @md
#' @export
bd_next_page <- function(page) {
  stopifnot(inherits(page, "bd_page"))
  if (!bd_has_next_page(page)) return(NULL)
  args <- page$.args
  args[[page$.spec$pagination$page_param]] <- page$.requested + 1
  bd_new_page(page$.spec, page$.op, args, page$.fetch(args), page$.fetch)
}

#' Every item from this page to the last
#'
#' Walks the pages one request at a time (each checked and retried on its
#' own), from `page` to the last.
#'
#' @param page A page returned by one of the package's list functions.
#' @param max_pages Stop after this many pages (a limit, so a runaway listing
#'   ends with an error instead of running for ever).
#' @return A tibble of every item, or with `as = "list"` a list of every item as received.
#' @param as `"tibble"` (default) or `"list"`.
#' @seealso [bd_next_page()]
#' @md
#' @export
bd_collect_pages <- function(page, max_pages = 10000, as = c("tibble", "list")) {
  stopifnot(inherits(page, "bd_page"))
  as <- match.arg(as)
  items_field <- bd_items_field(page$.spec, page$.op)
  collected <- list()
  walked <- 0L
  while (!is.null(page)) {
    walked <- walked + 1L
    if (walked > max_pages) {
      bd_abort(page$.spec, bd_unknown_kind, sprintf("%s: more than %d pages; stopped (raise max_pages to read further)", page$operation, as.integer(max_pages)))
    }
    collected[[walked]] <- page$body[[items_field]]
    page <- bd_next_page(page)
  }
  items <- unlist(collected, recursive = FALSE)
  if (as == "list") items else bd_items_tibble(items)
}

#' @md
#' @export
print.bd_page <- function(x, ...) {
  shown <- function(v) if (is.na(v)) "?" else format(v, scientific = FALSE)
  cat(sprintf("<bd_page %s of %s: %d of %s items from %s>\n", shown(x$page), shown(x$page_total),
    nrow(x$items), shown(x$count), x$operation))
  print(x$items, ...)
  invisible(x)
}

# Calls a list operation and returns the page asked for (see bd_call()).
bd_paginate <- function(spec, op_id, args = list(), options = list(), call = NULL) {
  op <- spec$operations[[op_id]]
  if (is.null(op) || is.null(op$pagination)) stop(sprintf("%s is not a paginated operation; use bd_call()", op_id), call. = FALSE)
  fetch <- function(page_args) bd_call(spec, op_id, page_args, options, call = call)
  bd_new_page(bd_with_call(spec, call), op, args, fetch(args), fetch)
}
