* Looking up the catalogue in the middle of an analysis, 2022 style: the
* metadata commands print and leave the data alone, and a read with path()
* replaces the data, changed or not, without clear.

bd_read_table, path("uf.csv") dataset_id("br_bd_diretorios_brasil") table_id("uf") billing_project_id("projeto-teste-302617")
keep if regiao == "Sudeste"
tempfile ufs
save `ufs'
drop if sigla == "ES"

bd_get_table_columns, dataset_id("br_ibge_populacao") table_id("municipio")
bd_get_table_description, dataset_id("br_ibge_populacao") table_id("municipio")
bd_list_dataset_tables, dataset_id("br_ibge_populacao")
bd_list_datasets

bd_read_sql, path("populacao.csv") query("SELECT id_municipio, sigla_uf, ano, populacao FROM `basedosdados.br_ibge_populacao.municipio` WHERE ano = 2021") billing_project_id("projeto-teste-302617")
rename sigla_uf sigla
merge m:1 sigla using `ufs', keep(3)
