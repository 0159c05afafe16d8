# R -> BigQuery SQL (runtime-dbplyr.R): given an R expression or a dplyr
# pipeline on a BdConnection, the SQL wanted. No request is made.
skip_if_not_installed("dbplyr")
skip_if_not_installed("dplyr")

con <- bd_connect(test_spec(), billing_project_id = "my-project")
translated <- function(expr, window = TRUE) as.character(dbplyr::translate_sql_(list(expr), con = con, window = window))

test_that("scalar functions become BigQuery's", {
  cases <- list(
    list(given = quote(as.integer(ano)), want = "CAST(`ano` AS INT64)"),
    list(given = quote(as.numeric(pib)), want = "CAST(`pib` AS FLOAT64)"),
    list(given = quote(as.double(pib)), want = "CAST(`pib` AS FLOAT64)"),
    list(given = quote(as.character(ano)), want = "CAST(`ano` AS STRING)"),
    list(given = quote(as.logical(x)), want = "CAST(`x` AS BOOL)"),
    list(given = quote(as.Date(d)), want = "CAST(`d` AS DATE)"),
    list(given = quote(nchar(nome)), want = "LENGTH(`nome`)"),
    list(given = quote(str_length(nome)), want = "LENGTH(`nome`)"),
    list(given = quote(tolower(nome)), want = "LOWER(`nome`)"),
    list(given = quote(toupper(nome)), want = "UPPER(`nome`)"),
    list(given = quote(trimws(nome)), want = "TRIM(`nome`)"),
    list(given = quote(substr(id_municipio, 1, 2)), want = "SUBSTR(`id_municipio`, 1, 2)"),
    list(given = quote(substr(id_municipio, 3, 7)), want = "SUBSTR(`id_municipio`, 3, 5)"),
    list(given = quote(paste0(sigla, "-", ano)), want = "CONCAT(`sigla`, '-', `ano`)"),
    list(given = quote(paste(sigla, nome)), want = "CONCAT(`sigla`, ' ', `nome`)"),
    list(given = quote(paste(sigla, nome, sep = "/")), want = "CONCAT(`sigla`, '/', `nome`)"),
    list(given = quote(grepl("^11", id)), want = "REGEXP_CONTAINS(`id`, '^11')"),
    list(given = quote(grepl("sp", nome, ignore.case = TRUE)), want = "REGEXP_CONTAINS(`nome`, '(?i)sp')"),
    list(given = quote(grepl("a.b", nome, fixed = TRUE)), want = "STRPOS(`nome`, 'a.b') > 0"),
    list(given = quote(str_detect(nome, "^S")), want = "REGEXP_CONTAINS(`nome`, '^S')"),
    list(given = quote(str_detect(nome, "^S", negate = TRUE)), want = "NOT(REGEXP_CONTAINS(`nome`, '^S'))"),
    list(given = quote(gsub("a", "b", nome)), want = "REGEXP_REPLACE(`nome`, 'a', 'b')"),
    list(given = quote(gsub(".", "", nome, fixed = TRUE)), want = "REPLACE(`nome`, '.', '')"),
    list(given = quote(str_replace_all(nome, "a", "b")), want = "REGEXP_REPLACE(`nome`, 'a', 'b')"),
    list(given = quote(startsWith(nome, "S")), want = "STARTS_WITH(`nome`, 'S')"),
    list(given = quote(endsWith(nome, "o")), want = "ENDS_WITH(`nome`, 'o')"),
    list(given = quote(ano %/% 10L), want = "CAST(FLOOR(`ano` / 10) AS INT64)"),
    list(given = quote(ano %% 4L), want = "MOD(`ano`, 4)"),
    list(given = quote(x^2L), want = "POW(`x`, 2)"),
    list(given = quote(log(x)), want = "LN(`x`)"),
    list(given = quote(log(x, 10)), want = "LOG(`x`, 10.0)"),
    list(given = quote(log10(x)), want = "LOG10(`x`)"),
    list(given = quote(ceiling(x)), want = "CEIL(`x`)"),
    list(given = quote(year(data)), want = "EXTRACT(YEAR FROM `data`)"),
    list(given = quote(month(data)), want = "EXTRACT(MONTH FROM `data`)"),
    list(given = quote(day(data)), want = "EXTRACT(DAY FROM `data`)"),
    list(given = quote(Sys.Date()), want = "CURRENT_DATE()"),
    list(given = quote(Sys.time()), want = "CURRENT_TIMESTAMP()"),
    list(given = quote(is.na(x)), want = "(`x` IS NULL)"),
    list(given = quote(sigla %in% c("SP", "RJ")), want = "`sigla` IN ('SP', 'RJ')")
  )
  for (case in cases) expect_identical(translated(case$given), case$want, info = deparse(case$given))
})

test_that("aggregates become BigQuery's", {
  cases <- list(
    list(given = quote(n()), want = "COUNT(*)"),
    list(given = quote(mean(x, na.rm = TRUE)), want = "AVG(`x`)"),
    list(given = quote(sd(x, na.rm = TRUE)), want = "STDDEV_SAMP(`x`)"),
    list(given = quote(var(x, na.rm = TRUE)), want = "VAR_SAMP(`x`)"),
    list(given = quote(any(x, na.rm = TRUE)), want = "LOGICAL_OR(`x`)"),
    list(given = quote(all(x, na.rm = TRUE)), want = "LOGICAL_AND(`x`)"),
    list(given = quote(n_distinct(x)), want = "COUNT(DISTINCT `x`)"),
    list(given = quote(str_flatten(sigla, ",")), want = "STRING_AGG(`sigla`, ',')")
  )
  for (case in cases) expect_identical(translated(case$given, window = FALSE), case$want, info = deparse(case$given))
})

test_that("values are written as BigQuery literals, names in backticks", {
  cases <- list(
    list(given = "it's", want = "'it\\'s'"),
    list(given = "back\\slash", want = "'back\\\\slash'"),
    list(given = "two\nlines", want = "'two\\nlines'"),
    list(given = NA_character_, want = "NULL"),
    list(given = as.Date("2020-03-04"), want = "DATE '2020-03-04'"),
    list(given = as.POSIXct("2020-03-04 05:06:07", tz = "UTC"), want = "TIMESTAMP '2020-03-04 05:06:07.000000+00'"),
    list(given = TRUE, want = "TRUE"),
    list(given = 2020L, want = "2020")
  )
  for (case in cases) expect_identical(as.character(dbplyr::escape(case$given, con = con)), case$want, info = format(case$given))
  expect_identical(as.character(DBI::dbQuoteIdentifier(con, c("ano", "a`b", "basedosdados.br_ibge_pib.municipio"))),
    c("`ano`", "`a\\`b`", "`basedosdados.br_ibge_pib.municipio`"))
})

test_that("verbs become one BigQuery query: filter, select, group_by/summarise, head, joins", {
  pib <- dbplyr::lazy_frame(id_municipio = "1", ano = 1, pib = 1, con = con, .name = "basedosdados.br_ibge_pib.municipio")
  uf <- dbplyr::lazy_frame(id_municipio = "1", nome = "x", con = con, .name = "basedosdados.br_bd_diretorios_brasil.municipio")
  render <- function(x) as.character(dbplyr::sql_render(x))
  expect_identical(render(dplyr::select(dplyr::filter(pib, ano == 2020L), id_municipio, pib)),
    "SELECT `id_municipio`, `pib`\nFROM `basedosdados.br_ibge_pib.municipio`\nWHERE (`ano` = 2020)")
  expect_identical(render(dplyr::summarise(dplyr::group_by(pib, ano), total = sum(pib, na.rm = TRUE), n = dplyr::n())),
    "SELECT `ano`, SUM(`pib`) AS `total`, COUNT(*) AS `n`\nFROM `basedosdados.br_ibge_pib.municipio`\nGROUP BY `ano`")
  expect_identical(render(utils::head(pib, 5)), "SELECT *\nFROM `basedosdados.br_ibge_pib.municipio`\nLIMIT 5")
  # Joined tables get their table ids as aliases: BigQuery cannot qualify a column with a whole `project.dataset.table`.
  populacao <- dbplyr::lazy_frame(id_municipio = "1", ano = 1, populacao = 1, con = con, .name = "basedosdados.br_ibge_populacao.municipio")
  expect_identical(render(dplyr::left_join(pib, populacao, by = c("id_municipio", "ano"))), paste(
    "SELECT `municipio`.*, `populacao`",
    "FROM `basedosdados.br_ibge_pib.municipio` AS `municipio`",
    "LEFT JOIN `basedosdados.br_ibge_populacao.municipio` AS `municipio_1`",
    "  ON (",
    "    `municipio`.`id_municipio` = `municipio_1`.`id_municipio` AND",
    "    `municipio`.`ano` = `municipio_1`.`ano`",
    "  )", sep = "\n"))
  full <- render(dplyr::full_join(pib, populacao, by = "id_municipio"))
  expect_match(full, "FROM `basedosdados.br_ibge_pib.municipio` AS `municipio`\nFULL JOIN `basedosdados.br_ibge_populacao.municipio` AS `municipio_1`", fixed = TRUE)
  expect_match(full, "`municipio`.`ano` AS `ano_x`", fixed = TRUE) # BigQuery names cannot hold dbplyr's ".x"
  semi <- render(dplyr::semi_join(pib, populacao, by = "id_municipio"))
  expect_match(semi, "WHERE (`municipio`.`id_municipio` = `municipio_1`.`id_municipio`)", fixed = TRUE)
  expect_identical(as.character(dbplyr::sql_query_fields(con, dbplyr::ident("basedosdados.a.b"))), "SELECT *\nFROM `basedosdados.a.b`\nLIMIT 0")
})
