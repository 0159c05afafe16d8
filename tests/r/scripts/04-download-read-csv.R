# download() devolve o caminho do arquivo: read.csv(download(...)) (basedosdados 0.2.3).
library(basedosdados)

set_billing_id("projeto-de-teste")

query <- "SELECT sigla, nome, regiao FROM `basedosdados.br_bd_diretorios_brasil.uf` ORDER BY sigla"

ufs <- read.csv(download(query = query, path = "ufs.csv"))
print(head(ufs))

# a tabela inteira
caminho <- file.path(tempdir(), "uf_tabela.csv")
download(table = "br_bd_diretorios_brasil.uf", path = caminho)
tabela <- read.csv(caminho)

# a ordem do primeiro pacote: download(query, path)
antigo <- read.csv(download(query, "ufs_antigo.csv"))

write.csv(data.frame(ufs = nrow(ufs), tabela = nrow(tabela), antigo = nrow(antigo)), "contagens.csv", row.names = FALSE)
