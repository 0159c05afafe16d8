# An analyst's script for basedosdados 2.x: every state, by keyword arguments.
import basedosdados as bd

df = bd.read_table(dataset_id="br_bd_diretorios_brasil", table_id="uf", billing_project_id="meu-projeto")
df = df.sort_values("sigla").reset_index(drop=True)
print(df.to_json(orient="split", index=False))
