* The examples of the 2022 package's help files, typed with the abbreviations
* their syntax diagrams show ({opth p:ath()} {opth d:ataset_id()} {opth t:able_id()}
* {opth b:illing_project_id()}, {opth que:ry()}). Changed: the table of the two
* metadata examples, cnae_2, which the local datalake does not have, is uf.

bd_read_sql, p("~/Downloads/test.csv") que("SELECT * FROM basedosdados.br_bd_diretorios_brasil.municipio") b("projeto-teste-302617")
bd_read_table, p("~/Downloads/test.csv") d("br_bd_diretorios_brasil") t("municipio") b("projeto-teste-302617")
bd_download, p("~/Downloads/table.csv") d("br_bd_diretorios_brasil") t("municipio") b("projeto-teste-302617")
bd_list_datasets
bd_list_dataset_tables, d("br_bd_diretorios_brasil")
bd_get_table_description, d("br_bd_diretorios_brasil") t("uf")
bd_get_table_columns, d("br_bd_diretorios_brasil") t("uf")
