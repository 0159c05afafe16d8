# Municípios do Acre, com dplyr e sem SQL (basedosdados 0.2.3).
library(basedosdados)
library(dplyr)

basedosdados::set_billing_id("projeto-de-teste")

municipios <- bdplyr("br_bd_diretorios_brasil.municipio")

municipios_acre <- municipios %>%
  dplyr::filter(sigla_uf == "AC") %>%
  dplyr::select(id_municipio, nome, sigla_uf)

municipios_acre %>%
  dplyr::show_query()

acre <- municipios_acre %>%
  bd_collect()

print(acre)
write.csv(acre, "municipios_acre.csv", row.names = FALSE)
