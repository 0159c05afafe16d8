# An analyst's script for basedosdados 2.x: a table saved as CSV into a folder that does not exist yet.
import os

import basedosdados as bd

target = os.path.join(os.environ["SCRIPT_OUT"], "novos", "dados", "pib.csv")
bd.download(
    savepath=target,
    dataset_id="br_ibge_pib",
    table_id="municipio",
    billing_project_id="meu-projeto",
    query_project_id="basedosdados",
    limit=10,
)
with open(target, encoding="utf-8") as saved:
    lines = saved.read().splitlines()
print(len(lines), lines[0])
