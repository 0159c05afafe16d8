# An analyst's script for basedosdados 2.x: a query saved with pathlib, the path given positionally.
import os
from pathlib import Path

import basedosdados as bd

target = Path(os.environ["SCRIPT_OUT"]) / "consultas" / "ufs.csv"
bd.download(target, query="SELECT sigla FROM `basedosdados.br_bd_diretorios_brasil.uf` ORDER BY sigla", billing_project_id="meu-projeto")
print(target.read_text(encoding="utf-8").splitlines()[:3])
