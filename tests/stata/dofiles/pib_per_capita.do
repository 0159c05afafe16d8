//------------------------//
// DADOS
//------------------------//
// The 2022 package's README, example 4.1 (PIB per capita dos municípios
// brasileiros), as written there up to its merge. Changed: the billing project
// (the README's <PROJECT_ID> placeholder) and the year, 2018 -> 2021 (the local
// datalake's made-up rows cover 2020 and 2021). Left out after the merge: the
// map (colorpalette, spmap), which draws and reads no data of ours.

bd_read_sql, ///
    path("pib_pc_municipio.csv") ///
    query("SELECT pib.id_municipio, pop.ano, pib.PIB / pop.populacao as pib_pc FROM `basedosdados.br_ibge_pib.municipio` as pib INNER JOIN `basedosdados.br_ibge_populacao.municipio` as pop ON pib.id_municipio = pop.id_municipio AND pib.ano = pop.ano") ///
    billing_project_id("projeto-teste-302617")

keep if ano == 2021

tempfile pib_pc
save `pib_pc'

//------------------------//
// TRATAMENTO E ANÁLISE
//------------------------//

use dadosmapa/brasildata.dta, clear

cap ren CD_GEOCODI id_municipio
cap ren CD_GEOCODM id_municipio
cap ren CD_GEOCODS id_municipio
destring id_municipio, replace

merge 1:1 id_municipio using `pib_pc', keep(3)
