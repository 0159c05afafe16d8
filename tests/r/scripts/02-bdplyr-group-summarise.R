# População por UF em 2021, agregada no BigQuery, salva em .rds (basedosdados 0.2.3).
library(basedosdados)
library(dplyr)

set_billing_id("projeto-de-teste")

populacao <- bdplyr("basedosdados.br_ibge_populacao.municipio")

populacao_uf <- populacao %>%
  filter(ano == 2021) %>%
  group_by(sigla_uf, ano) %>%
  summarise(populacao = sum(populacao, na.rm = TRUE), municipios = n()) %>%
  arrange(sigla_uf)

show_query(populacao_uf)

bd_write_rds(populacao_uf, "populacao_uf_2021.rds")
