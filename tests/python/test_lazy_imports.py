"""What the package imports, and when: pandas, google-cloud-bigquery and the rest of the data stack only
once a data call reaches BigQuery. Importing the package, every catalogue call and every data call refused
before its first request (a missing billing project, a bad id, an unwritable target, a missing saved key)
import none of them. No timing: bench/python-import-time.py measures the seconds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import Datalake

HEAVY = ("pandas", "numpy", "pyarrow", "db_dtypes", "google.cloud.bigquery", "google.api_core", "google.auth", "grpc", "requests", "tqdm")

PROBE = """
import json, sys, warnings
warnings.simplefilter("ignore")
HEAVY = {heavy!r}
loaded = lambda: sorted(m for m in HEAVY if m in sys.modules)
steps = {{}}
import basedosdados_sdk as bd
steps["import"] = loaded()
bd.get_dataset("br_ibge_pib")
[d["slug"] for d in bd.search(q="pib", page_size=2)]
bd.list_table_columns("br_ibge_pib", "municipio", page_size=3)
bd.get_table_columns("br_ibge_pib", "municipio")
try:
    bd.get_table("br_ibge_pib", "nao_existe")
except bd.BaseDosDadosNotFoundException:
    pass
steps["catalogue"] = loaded()
refused = [
    lambda: bd.read_sql("SELECT 1 AS x"),
    lambda: bd.read_table("br_ibge_pib", "x; DROP", billing_project_id="meu-projeto"),
    lambda: bd.download({tmp!r}, query="SELECT 1 AS x", format="csv", billing_project_id="meu-projeto"),
    lambda: bd.download({tmp!r} + "/x.xlsx", query="SELECT 1 AS x", billing_project_id="meu-projeto"),
    lambda: bd.read_sql("SELECT 1 AS x", billing_project_id="meu-projeto", dtypes="objeto"),
    lambda: bd.read_sql("SELECT 1 AS x", billing_project_id="meu-projeto", from_file=True),
]
for call in refused:
    try:
        call()
        raise SystemExit("a refused call ran")
    except bd.BaseDosDadosException as error:
        steps.setdefault("refused kinds", []).append(error.kind)
steps["refused data calls"] = loaded()
bd.read_sql("SELECT 1 AS x", billing_project_id="meu-projeto")
steps["read_sql"] = loaded()
print(json.dumps(steps))
"""


def test_only_a_data_call_that_reaches_bigquery_imports_the_data_stack(datalake: Datalake, package_root: Path, tmp_path: Path) -> None:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),  # no ~/.basedosdados: from_file=True finds no key
        "PYTHONPATH": str(package_root / "src"),
        "BASEDOSDADOS_API_URL": datalake.url,
        "BASEDOSDADOS_BIGQUERY_ENDPOINT": datalake.url,
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    probe = PROBE.format(heavy=HEAVY, tmp=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    steps = json.loads(done.stdout)
    assert steps["import"] == [] and steps["catalogue"] == []
    assert steps["refused kinds"] == ["billing_project", "validation", "filesystem", "validation", "validation", "access_denied"]
    assert steps["refused data calls"] == []
    # The probe sees imports: the first call that reaches BigQuery loads the client, and the client loads pandas.
    assert {"pandas", "google.cloud.bigquery", "google.auth"} <= set(steps["read_sql"])
