# A conexão DBI do pacote com dplyr::tbl(con, ...), como uma conexão do bigrquery.
library(basedosdados)
library(dplyr)

con <- DBI::dbConnect(basedosdados::bd_driver(), billing_project_id = "projeto-de-teste")

municipios_por_regiao <- tbl(con, "basedosdados.br_bd_diretorios_brasil.municipio") %>%
  count(nome_regiao) %>%
  arrange(nome_regiao) %>%
  collect()

ufs <- DBI::dbGetQuery(con, "SELECT sigla FROM `basedosdados.br_bd_diretorios_brasil.uf` ORDER BY sigla")

DBI::dbDisconnect(con)

write.csv(municipios_por_regiao, "municipios_por_regiao.csv", row.names = FALSE)
write.csv(ufs, "ufs_dbi.csv", row.names = FALSE)
