# PIB per capita com dplyr: dois bdplyr(), um left_join e um mutate (basedosdados 0.2.3).
library(basedosdados)
library(dplyr)

set_billing_id("projeto-de-teste")

pib <- bdplyr("br_ibge_pib.municipio") %>%
  select(id_municipio, ano, pib)

populacao <- bdplyr("br_ibge_populacao.municipio") %>%
  select(id_municipio, ano, populacao, sigla_uf)

pib_per_capita <- pib %>%
  left_join(populacao, by = c("id_municipio", "ano")) %>%
  mutate(pib_per_capita = pib / populacao) %>%
  filter(sigla_uf == "RJ", ano == 2020)

resultado <- bd_collect(pib_per_capita, show_query = TRUE)

bd_write(pib_per_capita, write.csv, "pib_per_capita_rj.csv", row.names = FALSE)
print(nrow(resultado))
