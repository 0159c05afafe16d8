# An analyst's script for basedosdados 2.x: the query kept in a .sql file.
import os
import pathlib

import basedosdados as bd

sql = pathlib.Path(os.environ["SCRIPT_OUT"]) / "estados.sql"
sql.write_text("SELECT sigla, nome FROM `basedosdados.br_bd_diretorios_brasil.uf` ORDER BY sigla", encoding="utf-8")
df = bd.read_sql(str(sql), billing_project_id="meu-projeto", from_file=True)
print(df.to_json(orient="split", index=False))
