# Authentication of a package generated from tests/specs/fixtures/issue18/r-security.yaml
# (securezoo), against one webfakes app on 127.0.0.1 that echoes what each call
# sent and plays an OAuth2 token endpoint (tests/r/r-security.test.ts runs it).

secret <- list(key = "hdr-key-0123456789", query = "qry-key-0123456789", cookie = "ck-0123456789", user = "us\u00e9r",
  password = "p\u00e4ss:w0rd-123", bearer = "bearer-0123456789", client = "client-id-1", client_secret = "client-secret-0123456789")

zoo_app <- function() {
  app <- webfakes::new_app()
  app$use(webfakes::mw_urlencoded())
  header <- function(req, name) if (is.null(req$get_header(name))) "" else req$get_header(name)
  app$post("/oauth/token", function(req, res) {
    app$locals$fetches <- (if (is.null(app$locals$fetches)) 0 else app$locals$fetches) + 1
    app$locals$token_requests[[app$locals$fetches]] <- list(form = req$form, authorization = header(req, "Authorization"))
    if (isTRUE(app$locals$refuse == 1L)) {
      return(res$set_status(401)$send_json(list(error = "invalid_client", error_description = "unknown client"), auto_unbox = TRUE))
    }
    app$locals$valid <- sprintf("tok-%d-%s", app$locals$fetches, strrep("x", 12))
    res$send_json(list(access_token = app$locals$valid, token_type = "bearer", expires_in = 3600), auto_unbox = TRUE)
  })
  app$get("/__state", function(req, res) {
    res$send_json(list(fetches = if (is.null(app$locals$fetches)) 0 else app$locals$fetches, token_requests = app$locals$token_requests), auto_unbox = TRUE)
  })
  # ?fail=N: the next N calls answer ?status (503); ?revoke=1: the current token stops working; ?refuse=1: the token
  # endpoint refuses; ?reject=1: /v1/oauth refuses every token.
  app$post("/__set", function(req, res) {
    for (name in c("fail", "status", "revoke", "refuse", "reject")) if (!is.null(req$query[[name]])) app$locals[[name]] <- as.integer(req$query[[name]])
    if (isTRUE(app$locals$revoke == 1L)) app$locals$valid <- "revoked"
    res$send_json(list(ok = TRUE), auto_unbox = TRUE)
  })
  app$get(webfakes::new_regexp("^/v1/"), function(req, res) {
    seen <- list(path = req$path, query = req$query_string, api_key = header(req, "X-API-Key"), authorization = header(req, "Authorization"),
      cookie = header(req, "Cookie"), signature = header(req, "X-Signature"))
    if (!is.null(app$locals$fail) && app$locals$fail > 0L) {
      app$locals$fail <- app$locals$fail - 1L
      return(res$set_status(app$locals$status)$set_type("application/problem+json")$send(jsonlite::toJSON(list(title = "Echo",
        detail = paste("you sent", seen$api_key, seen$authorization, seen$cookie, seen$query)), auto_unbox = TRUE)))
    }
    if (req$path == "/v1/oauth" && (isTRUE(app$locals$reject == 1L) || !identical(seen$authorization, paste("Bearer", app$locals$valid)))) return(res$set_status(401)$send_json(list(title = "token"), auto_unbox = TRUE))
    if (req$path == "/v1/either" && !nzchar(seen$authorization)) return(res$set_status(401)$send_json(list(title = "who are you"), auto_unbox = TRUE))
    res$send_json(seen, auto_unbox = TRUE)
  })
  app
}

web <- webfakes::new_app_process(zoo_app(), port = NULL)
withr::defer(web$stop(), teardown_env())
base <- paste0(sub("/$", "", web$url()), "/v1")
options(securezoo.api_url = base, securezoo.retry = list(initial_delay_ms = 0, max_delay_ms = 0, jitter = 0))
admin <- function(...) httr2::req_perform(httr2::req_method(httr2::req_url_query(httr2::request(web$url("/__set")), ...), "POST"))
state <- function() jsonlite::fromJSON(web$url("/__state"), simplifyVector = FALSE)
no_env <- c(SECURE_ZOO_API_KEY = NA, SECURE_ZOO_QUERY_KEY = NA, SECURE_ZOO_SESSION = NA, SECURE_ZOO_BASIC_AUTH_USERNAME = NA,
  SECURE_ZOO_BASIC_AUTH_PASSWORD = NA, SECURE_ZOO_BEARER_TOKEN = NA, SECURE_ZOO_ZOO_OAUTH = NA, SECURE_ZOO_ZOO_OAUTH_CLIENT_ID = NA,
  SECURE_ZOO_ZOO_OAUTH_CLIENT_SECRET = NA)
withr::local_envvar(no_env, .local_envir = teardown_env())

test_that("an apiKey scheme in a header sends the key from the credentials option", {
  withr::local_options(securezoo.credentials = list(api_key = secret$key))
  expect_equal(with_header_key()$api_key, secret$key)
})

test_that("an apiKey scheme in the query is read from its environment variable at call time", {
  withr::local_envvar(SECURE_ZOO_QUERY_KEY = secret$query)
  expect_equal(with_query_key(q = "a b")$query, paste0("q=a%20b&zkey=", secret$query))
})

test_that("an apiKey scheme in a cookie is sent beside the operation's cookie parameter", {
  withr::local_options(securezoo.credentials = list(session = secret$cookie))
  expect_equal(with_cookie(theme = "dark")$cookie, paste0("theme=dark; zoo_session=", secret$cookie))
})

test_that("basic sends base64 of the UTF-8 username:password", {
  withr::local_options(securezoo.credentials = list(basic_auth = c(username = secret$user, password = secret$password)))
  want <- paste("Basic", jsonlite::base64_enc(charToRaw(enc2utf8(paste0(secret$user, ":", secret$password)))))
  expect_equal(with_basic()$authorization, want)
  expect_equal(rawToChar(jsonlite::base64_dec(sub("^Basic ", "", want))), enc2native(paste0(secret$user, ":", secret$password)))
})

test_that("bearer sends Authorization: Bearer <token>, from the environment", {
  withr::local_envvar(SECURE_ZOO_BEARER_TOKEN = secret$bearer)
  expect_equal(with_bearer()$authorization, paste("Bearer", secret$bearer))
})

test_that("oauth2 client credentials: one token fetch, cached, refreshed with 30 s left, fetched again once on a 401", {
  now <- 1e6
  withr::local_options(securezoo.clock = function() now,
    securezoo.credentials = list(zoo_oauth = list(client_id = secret$client, client_secret = secret$client_secret)))
  before <- state()$fetches
  first <- with_oauth()$authorization
  expect_equal(with_oauth()$authorization, first)
  got <- state()
  expect_equal(got$fetches - before, 1)
  sent <- got$token_requests[[got$fetches]]
  expect_equal(sent$form, list(grant_type = "client_credentials", scope = "zoo:read"))
  expect_equal(sent$authorization, paste("Basic", jsonlite::base64_enc(charToRaw(paste0(secret$client, ":", secret$client_secret)))))
  now <- now + 3600 - 31
  with_oauth()
  expect_equal(state()$fetches - before, 1)
  now <- now + 2
  refreshed <- with_oauth()$authorization
  expect_equal(state()$fetches - before, 2)
  expect_false(identical(refreshed, first))
  admin(revoke = 1)
  expect_equal(with_oauth()$authorization, sprintf("Bearer tok-%d-%s", before + 3, strrep("x", 12)))
  expect_equal(state()$fetches - before, 3)
})

test_that("oauth2: a server that refuses every token gets one new token and one resend, then access_denied", {
  withr::local_options(securezoo.clock = function() 5e6,
    securezoo.credentials = list(zoo_oauth = list(client_id = "third-client", client_secret = secret$client_secret)))
  admin(reject = 1)
  withr::defer(admin(reject = 0))
  before <- state()$fetches
  expect_error(with_oauth(), class = "secure_zoo_access_denied")
  expect_equal(state()$fetches - before, 2)
})

test_that("oauth2: the requirement's scopes are asked for (not the configured ones), and a refusing token endpoint is access_denied naming its error", {
  withr::local_options(securezoo.clock = function() 5e6,
    securezoo.credentials = list(zoo_oauth = list(client_id = "other-client", client_secret = secret$client_secret, scopes = "zoo:write")))
  admin(refuse = 1)
  withr::defer(admin(refuse = 0))
  e <- expect_error(with_oauth(), class = "secure_zoo_access_denied")
  expect_match(conditionMessage(e), "invalid_client: unknown client", fixed = TRUE)
  got <- state()
  expect_equal(got$token_requests[[got$fetches]]$form$scope, "zoo:read")
  expect_false(grepl(secret$client_secret, paste(c(conditionMessage(e), capture.output(print(e)), capture.output(str(e))), collapse = "\n"), fixed = TRUE))
})

test_that("the headers hook runs for every try and its headers are sent", {
  tries <- 0
  withr::local_options(securezoo.auth_headers = function(request) {
    tries <<- tries + 1
    list("X-Signature" = paste(request$method, request$operation_id, tries))
  })
  admin(fail = 1, status = 503)
  expect_equal(signed_call()$signature, "GET signedCall 2")
  expect_equal(tries, 2)
})

test_that("security: [] sends nothing, even with every credential and the hook configured", {
  withr::local_options(securezoo.credentials = list(api_key = secret$key, basic_auth = c(username = "u", password = secret$password)),
    securezoo.auth_headers = function(request) stop("the hook must not run"))
  got <- public_call()
  expect_equal(c(got$api_key, got$authorization, got$cookie), c("", "", ""))
})

test_that("alternatives: the first requirement whose every scheme has credentials is sent, and only it", {
  withr::local_options(securezoo.credentials = list(api_key = secret$key, basic_auth = c(username = "u", password = secret$password)))
  got <- either_way()
  expect_match(got$authorization, "^Basic ")
  expect_equal(got$api_key, secret$key)
  withr::local_envvar(SECURE_ZOO_BEARER_TOKEN = secret$bearer)
  got <- either_way()
  expect_equal(c(got$authorization, got$api_key), c(paste("Bearer", secret$bearer), ""))
})

test_that("a 401 when no requirement was met names the schemes and their environment variables", {
  withr::local_options(securezoo.credentials = list(basic_auth = c(username = "u", password = secret$password)))
  e <- expect_error(either_way(), class = "secure_zoo_access_denied")
  expect_match(conditionMessage(e), "bearer_token (SECURE_ZOO_BEARER_TOKEN) or basic_auth (SECURE_ZOO_BASIC_AUTH_USERNAME, SECURE_ZOO_BASIC_AUTH_PASSWORD) or api_key (SECURE_ZOO_API_KEY)", fixed = TRUE)
})

test_that("no credential appears in a condition's message, print or str, even when the server quotes it back", {
  withr::local_options(securezoo.credentials = list(api_key = secret$key, query_key = secret$query, session = secret$cookie,
    basic_auth = c(username = secret$user, password = secret$password), bearer_token = secret$bearer))
  shown <- function(call) {
    admin(fail = 1, status = 400)
    e <- tryCatch(call(), secure_zoo_error = function(e) e)
    expect_s3_class(e, "secure_zoo_validation")
    paste(c(conditionMessage(e), capture.output(print(e)), capture.output(str(e))), collapse = "\n")
  }
  basic <- jsonlite::base64_enc(charToRaw(enc2utf8(paste0(secret$user, ":", secret$password))))
  text <- paste(shown(with_header_key), shown(function() with_query_key(q = "x")), shown(function() with_cookie(theme = "t")), shown(with_basic), shown(with_bearer))
  expect_match(text, "[redacted]", fixed = TRUE)
  for (value in c(secret$key, secret$query, secret$cookie, secret$password, secret$bearer, basic)) expect_false(grepl(value, text, fixed = TRUE), info = value)
})

test_that("credentials under a name the spec does not declare are a validation error naming its schemes", {
  withr::local_options(securezoo.credentials = list(apikey = secret$key))
  e <- expect_error(with_header_key(), class = "secure_zoo_validation")
  expect_match(conditionMessage(e), "names apikey, which the spec does not declare (its schemes: api_key, query_key, session, basic_auth, bearer_token, zoo_oauth, signature)", fixed = TRUE)
})

test_that("a malformed credential is a validation error that does not echo it", {
  withr::local_options(securezoo.credentials = list(basic_auth = "just-a-password-1234"))
  e <- expect_error(with_basic(), class = "secure_zoo_validation")
  expect_match(conditionMessage(e), "c(username = , password = )", fixed = TRUE)
  expect_false(grepl("just-a-password-1234", conditionMessage(e), fixed = TRUE))
})
