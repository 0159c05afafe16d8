# O exemplo do README: PIB per capita dos municípios (basedosdados 0.2.3).
library(basedosdados)

set_billing_id("projeto-de-teste")

query <- "SELECT
pib.id_municipio,
pop.ano,
pib.pib / pop.populacao AS pib_per_capita
FROM `basedosdados.br_ibge_pib.municipio` AS pib
JOIN `basedosdados.br_ibge_populacao.municipio` AS pop
ON pib.id_municipio = pop.id_municipio AND pib.ano = pop.ano"

dados <- read_sql(query)
dados <- read_sql(query, billing_project_id = get_billing_id())

write.csv(dados, "pib_per_capita.csv", row.names = FALSE)
