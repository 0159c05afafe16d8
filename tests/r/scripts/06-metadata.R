# Procurar conjuntos e tabelas antes de consultar (basedosdados 0.2.3).
library(basedosdados)

busca <- dataset_search("censo")
print(busca)

tabelas <- list_dataset_tables("br_bd_diretorios_brasil")
print(tabelas)

colunas <- get_table_columns("br_bd_diretorios_brasil", "uf")

resumo <- data.frame(
  dataset_name = busca$dataset_name,
  title = busca$title,
  url = busca$url,
  tabelas = sapply(busca$dataset_tables, function(t) paste(t$name, collapse = ";"))
)
write.csv(resumo, "busca.csv", row.names = FALSE)
write.csv(tabelas, "tabelas.csv", row.names = FALSE)
write.csv(data.frame(name = colunas$name), "colunas.csv", row.names = FALSE)
