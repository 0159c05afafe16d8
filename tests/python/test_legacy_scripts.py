"""Analysts' scripts written for PyPI ``basedosdados`` run on the generated package with only the import changed.

Each script of ``legacy/scripts`` is the text an analyst wrote against basedosdados 2.x or 1.x
(``import basedosdados as bd``). The test changes that one line to ``import basedosdados_sdk as bd``
and runs the script against the local datalake, with Python's default warning filters (what users
see): each old name or keyword must warn once, naming the new call. Where the real package can reach
the datalake (``read_sql``, ``read_table``: BigQuery through pandas-gbq, aimed with
``BIGQUERY_EMULATOR_HOST`` and a placeholder pydata-google-auth token in a throwaway HOME, no source
edited), the same script also runs on PyPI basedosdados 2.0.3 (``.venv-basedosdados``, made by
``scripts/setup-python.sh .venv-basedosdados tests/python/legacy/requirements.txt``) and both outputs
must be equal.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from conftest import Datalake, Reply, Request, ScriptedServer
from google_fakes import RecordingProxy, TokenEndpoint, rsa_key_pair, service_account_key, write_key

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
SCRIPTS = HERE / "legacy" / "scripts"
LEGACY_PYTHON = ROOT / ".venv-basedosdados" / "bin" / "python"
OLD_IMPORT = "import basedosdados as bd\n"
NEW_IMPORT = "import basedosdados_sdk as bd\n"


def _run(python: Path | str, script: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    cwd.mkdir(parents=True, exist_ok=True)
    path = cwd / "script.py"
    path.write_text(script, encoding="utf-8")
    return subprocess.run([str(python), str(path)], cwd=cwd, env=env, capture_output=True, text=True)


def run_ours(name: str, datalake: Datalake, package_root: Path, tmp_path: Path, env: dict[str, str] | None = None) -> tuple[str, list[str]]:
    """The script on the generated package (``env`` added to its environment); returns its stdout and the DeprecationWarning lines it printed."""
    original = (SCRIPTS / name).read_text(encoding="utf-8")
    assert original.count(OLD_IMPORT) == 1, f"{name} must import basedosdados exactly once"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(package_root / "src"),
        "BASEDOSDADOS_API_URL": datalake.url,
        "BASEDOSDADOS_BIGQUERY_ENDPOINT": datalake.url,
        "SCRIPT_OUT": str(tmp_path),
        "PYTHONDONTWRITEBYTECODE": "1",
        **(env or {}),
    }
    done = _run(sys.executable, original.replace(OLD_IMPORT, NEW_IMPORT), env, tmp_path)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "DeprecationWarning" in line]
    return done.stdout.strip(), warnings


def run_pypi(name: str, datalake: Datalake, tmp_path: Path, env: dict[str, str] | None = None) -> str:
    """The same script, unedited, on PyPI basedosdados 2.0.3 aimed at the datalake by environment only (``env`` added)."""
    assert LEGACY_PYTHON.exists(), "no .venv-basedosdados: run `bash scripts/setup-python.sh .venv-basedosdados tests/python/legacy/requirements.txt`"
    home = tmp_path / "home"
    (home / ".config" / "pydata").mkdir(parents=True)
    # pydata-google-auth's token cache: a placeholder access token, valid as is (no refresh token, no expiry).
    (home / ".config" / "pydata" / "pydata_google_credentials.json").write_text(json.dumps({"access_token": "bdgen-placeholder"}))
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "BIGQUERY_EMULATOR_HOST": datalake.url, "SCRIPT_OUT": str(tmp_path), **(env or {})}
    done = _run(LEGACY_PYTHON, (SCRIPTS / name).read_text(encoding="utf-8"), env, tmp_path)
    assert done.returncode == 0, done.stderr
    # pandas-gbq draws its "Downloading" bar on stdout; the script's result is its last line.
    return done.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("name", ["read_table_uf.py", "gdp_per_capita.py", "read_table_query_project.py"])
def test_reading_scripts_give_what_the_pypi_package_gives(name: str, datalake: Datalake, package_root: Path, tmp_path: Path) -> None:
    ours, _ = run_ours(name, datalake, package_root, tmp_path / "ours")
    theirs = run_pypi(name, datalake, tmp_path / "pypi")
    assert ours == theirs
    assert ours != ""


def test_reading_scripts_warn_only_about_old_keywords(datalake: Datalake, package_root: Path, tmp_path: Path) -> None:
    _, plain = run_ours("read_table_uf.py", datalake, package_root, tmp_path / "a")
    assert plain == []  # read_table with its 2.x keywords that are also ours: nothing to warn about
    _, renamed = run_ours("read_table_query_project.py", datalake, package_root, tmp_path / "b")
    assert len(renamed) == 1
    assert "use environment= instead of query_project_id=" in renamed[0]
    assert "'basedosdados' -> 'prod'" in renamed[0]


def test_downloads_by_table_and_by_query_into_new_folders(datalake: Datalake, package_root: Path, tmp_path: Path) -> None:
    table, warnings = run_ours("download_table.py", datalake, package_root, tmp_path / "t")
    assert table.startswith("11 ")  # a header and the 10 rows of limit=10
    assert table.split(" ", 1)[1].startswith("id_municipio,ano,pib")
    assert (tmp_path / "t" / "novos" / "dados" / "pib.csv").is_file()
    assert len(warnings) == 1
    assert "use path= instead of savepath=" in warnings[0] and "use environment= instead of query_project_id=" in warnings[0]
    query, none = run_ours("download_query_path.py", datalake, package_root, tmp_path / "q")
    assert query == "['sigla', 'AC', 'AL']"
    assert none == []  # a pathlib.Path, positionally: our own signature


def test_the_2x_catalogue_names(bd: ModuleType, datalake: Datalake, package_root: Path, tmp_path: Path) -> None:
    out, warnings = run_ours("metadata_2x.py", datalake, package_root, tmp_path)
    got = json.loads(out)
    bd.config.base_url = datalake.url  # what each old call gives, asked of the new functions
    datasets = bd.list_datasets(q="Censo", page_size=5)
    columns = bd.list_table_columns("br_ibge_populacao", "municipio", page_size=3)
    assert (got["datasets"], got["dataset_names"]) == ([d["slug"] for d in datasets], [d["name"] for d in datasets])
    assert got["datasets"] == ["censo_demografico", "censo_escolar"]
    assert got["datasets_page_total"] == math.ceil(datasets.count / 5)
    assert got["tables"] == [t["slug"] for t in bd.list_dataset_tables("br_ibge_populacao")] == ["municipio"]
    assert got["columns"] == [c["name"] for c in columns.items]
    assert got["columns_page_total"] == math.ceil(columns.count / 3)
    assert got["search_count"] == bd.search("pib").count and got["search_page_total"] == math.ceil(got["search_count"] / 10)
    assert len(warnings) == 3  # get_datasets, get_tables, get_columns; search is also ours
    for old, new in [("get_datasets", "list_datasets(q="), ("get_tables", "list_dataset_tables(dataset_id="), ("get_columns", "list_table_columns(")]:
        assert any(f"{old}() (basedosdados 2.x) is deprecated; use {new}" in w for w in warnings), (old, warnings)


def test_the_1x_catalogue_names(bd: ModuleType, datalake: Datalake, package_root: Path, tmp_path: Path) -> None:
    out, warnings = run_ours("metadata_1x.py", datalake, package_root, tmp_path)
    got = json.loads(out)
    bd.config.base_url = datalake.url
    every = [d["dataset_id"] for d in bd.list_datasets(q="Censo", page_size=100)]
    assert got["datasets"] == every == ["br_ibge_censo_demografico", "br_inep_censo_escolar"]
    dataset = bd.get_dataset("br_ibge_populacao")
    table = bd.get_table("br_ibge_populacao", "municipio")
    assert got["dataset_description"] == dataset["description"]
    assert got["table_description"] == table["description"]
    assert got["size"] == {k: table[k] for k in ("number_rows", "number_columns", "uncompressed_file_size", "compressed_file_size")}
    assert got["columns"] and all(isinstance(c, str) for c in got["columns"])
    assert got["tables"] == ["municipio"]
    names = " ".join(warnings)
    for old in ("get_dataset_description()", "get_table_description()", "get_table_columns()", "get_table_size()"):
        assert f"{old} (basedosdados 1.x) is deprecated" in names, (old, warnings)
    assert "list_datasets(): use q= instead of query=" in names
    assert "verbose= has no effect" in names


def _home_with_saved_key(home: Path, key: dict[str, str]) -> None:
    """A HOME as `basedosdados config init` leaves it: config.toml naming the prod key, and the key."""
    credentials = home / ".basedosdados" / "credentials"
    write_key(credentials / "prod.json", key)
    write_key(credentials / "staging.json", key)
    (home / ".basedosdados" / "config.toml").write_text(
        'bucket_name = "basedosdados"\n\n[gcloud-projects]\n\n[gcloud-projects.staging]\nname = "meu-projeto"\n'
        f'credentials_path = "{credentials / "staging.json"}"\n\n[gcloud-projects.prod]\nname = "meu-projeto"\n'
        f'credentials_path = "{credentials / "prod.json"}"\n\n[api]\nurl = ""\n',
        encoding="utf-8",
    )


def test_from_file_uses_the_saved_service_account_key_as_the_pypi_package_does(
    datalake: Datalake, package_root: Path, tmp_path: Path, serve: Callable[[Callable[[Request], Reply]], ScriptedServer]
) -> None:
    # The key is made here; its token_uri is a fake token endpoint on loopback that checks the JWT's signature
    # before minting; BigQuery is the datalake behind a proxy recording each request's Authorization.
    private_pem, public_pem = rsa_key_pair()
    tokens = TokenEndpoint(public_pem)
    key = service_account_key(private_pem, f"{serve(tokens).url}/token")
    proxy = RecordingProxy(datalake.url)
    bigquery = serve(proxy).url
    ours_home, pypi_home = tmp_path / "ours-home", tmp_path / "pypi" / "home"
    _home_with_saved_key(ours_home, key)
    _home_with_saved_key(pypi_home, key)
    ours, warned = run_ours("read_sql_saved_credentials.py", datalake, package_root, tmp_path / "ours", {"HOME": str(ours_home), "BASEDOSDADOS_BIGQUERY_ENDPOINT": bigquery})
    ours_tokens = len(tokens.tokens)
    theirs = run_pypi("read_sql_saved_credentials.py", datalake, tmp_path / "pypi", {"BIGQUERY_EMULATOR_HOST": bigquery})
    assert ours == theirs
    got = json.loads(ours)
    assert got["columns"] == ["sigla", "nome"] and len(got["states"]) == 27 and got["states"][0] == ["AC", "Acre"]
    assert got["table"] == [["id_uf", "sigla", "nome", "regiao"], 5]
    assert len(warned) == 1 and "from_file= still works" in warned[0]
    # Each package minted its tokens from the key, and every BigQuery request carried one of them.
    assert ours_tokens >= 1 and len(tokens.tokens) > ours_tokens
    assert {claims["iss"] for claims in tokens.claims} == {key["client_email"]}
    assert proxy.authorizations and set(proxy.authorizations) <= {f"Bearer {token}" for token in tokens.tokens}
