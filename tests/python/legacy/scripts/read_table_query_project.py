# An analyst's script for basedosdados 2.x: a few rows of a table, naming the project it is read from.
import basedosdados as bd

df = bd.read_table(
    "br_ibge_populacao",
    "municipio",
    billing_project_id="meu-projeto",
    query_project_id="basedosdados",
    limit=5,
)
print(len(df), sorted(df.columns))
