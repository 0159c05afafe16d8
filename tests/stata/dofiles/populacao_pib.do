* Population and GDP of every municipality, joined in Stata on the numeric
* code, 2022 style: each table saved under ~/Downloads (folders that do not
* exist yet), read back as import delimited read it, then merged.

bd_read_table, path("~/Downloads/bd/populacao.csv") dataset_id("br_ibge_populacao") table_id("municipio") billing_project_id("projeto-teste-302617")
tempfile populacao
save `populacao', replace

bd_read_table, path("~/Downloads/bd/pib.csv") dataset_id("br_ibge_pib") table_id("municipio") billing_project_id("projeto-teste-302617")
merge 1:1 id_municipio ano using `populacao', keep(3)
