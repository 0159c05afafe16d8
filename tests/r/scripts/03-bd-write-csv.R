# Bens declarados por candidatos em SP acima de R$ 100 mil, direto para CSV (basedosdados 0.2.3).
# Sem library(dplyr): o pipe vem do pacote, os verbos com dplyr::.
library(basedosdados)

set_billing_id("projeto-de-teste")

bens <- basedosdados::bdplyr("br_tse_eleicoes.bens_candidato")

bens_sp <- bens %>%
  dplyr::filter(sigla_uf == "SP", valor_item > 100000) %>%
  dplyr::select(ano, sigla_uf, tipo_item, valor_item)

basedosdados::bd_write_csv(bens_sp, "dados/bens_sp.csv")

# de novo, substituindo o arquivo
basedosdados::bd_write_csv(.lazy_tbl = bens_sp, path = "dados/bens_sp.csv", overwrite = TRUE)
