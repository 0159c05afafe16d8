# An analyst's script for basedosdados 2.x on a server: no browser to log in, so it uses the
# service-account key `basedosdados config init` saved under ~/.basedosdados (from_file=True).
import json

import basedosdados as bd

bd.config.billing_project_id = "meu-projeto"
states = bd.read_sql("SELECT sigla, nome FROM `basedosdados.br_bd_diretorios_brasil.uf` ORDER BY sigla", from_file=True)
bd.config.from_file = True  # every later call too
some = bd.read_table("br_bd_diretorios_brasil", "uf", limit=5)
print(json.dumps({"columns": list(states.columns), "states": states.values.tolist(), "table": [list(some.columns), len(some)]}))
