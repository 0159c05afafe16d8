# An analyst's script for basedosdados 2.x: GDP per capita, the billing project given positionally.
import basedosdados as bd

query = """
SELECT pib.id_municipio, pib.ano, pib.pib, pop.populacao
FROM `basedosdados.br_ibge_pib.municipio` AS pib
JOIN `basedosdados.br_ibge_populacao.municipio` AS pop USING (id_municipio, ano)
WHERE pib.ano = 2021
ORDER BY pib.id_municipio
LIMIT 20
"""
df = bd.read_sql(query, "meu-projeto")
df["pib_per_capita"] = (df["pib"].astype("float64") / df["populacao"].astype("float64")).round(2)
print(df[["id_municipio", "ano", "pib_per_capita"]].to_json(orient="split", index=False))
