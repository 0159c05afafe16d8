"""The generated folder is a real package: it builds, installs into a fresh venv, and is lint- and type-clean."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tarfile
import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, Reply, Request, ScriptedServer

Serve = Callable[[Callable[[Request], Reply]], ScriptedServer]
VENV_BIN = Path(sys.executable).parent
# mypy's cache of the stubs (pandas-stubs...) lives with the venv, so later runs are fast.
MYPY_CACHE = ROOT / ".venv" / ".bdgen-cache" / "mypy"


def run(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"{' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def dist(package_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``python -m build``: an sdist and a wheel, built with the venv's pinned hatchling."""
    out = tmp_path_factory.mktemp("dist")
    run(sys.executable, "-m", "build", "--no-isolation", "--sdist", "--wheel", "--outdir", out, package_root)
    return out


def test_build_makes_an_sdist_and_a_wheel(dist: Path) -> None:
    assert sorted(p.name for p in dist.iterdir()) == ["basedosdados_sdk-0.2.0-py3-none-any.whl", "basedosdados_sdk-0.2.0.tar.gz"]


def test_the_wheel_holds_the_package_runtime_and_metadata(dist: Path) -> None:
    with zipfile.ZipFile(dist / "basedosdados_sdk-0.2.0-py3-none-any.whl") as wheel:
        names = set(wheel.namelist())
        metadata = wheel.read("basedosdados_sdk-0.2.0.dist-info/METADATA").decode()
    for name in ("__init__.py", "py.typed", "metadata.py", "data.py", "_runtime/http.py", "_runtime/data.py"):
        assert f"basedosdados_sdk/{name}" in names
    assert not any(n.startswith(("src/", "tests/")) for n in names)
    assert "Name: basedosdados-sdk" in metadata
    assert "Version: 0.2.0" in metadata
    assert "Requires-Python: >=3.11" in metadata
    assert "Requires-Dist: httpx" in metadata
    assert "Requires-Dist: google-cloud-bigquery" in metadata
    assert "License-Expression: MIT" in metadata
    assert "bd.list_datasets(" in metadata  # the README is the long description


def test_the_sdist_holds_the_sources(dist: Path) -> None:
    with tarfile.open(dist / "basedosdados_sdk-0.2.0.tar.gz") as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    assert {"pyproject.toml", "README.md", "src/basedosdados_sdk/__init__.py", "src/basedosdados_sdk/py.typed"} <= names


def test_the_wheel_installs_into_a_fresh_venv_and_works_there(dist: Path, tmp_path: Path, serve: Serve) -> None:
    venv = tmp_path / "fresh"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    # The venv's own pip installs into the fresh one; --no-deps keeps the test offline.
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "--quiet", dist / "basedosdados_sdk-0.2.0-py3-none-any.whl")
    clean_env = {"PATH": os.environ.get("PATH", ""), "PYTHONNOUSERSITE": "1"}
    probe = textwrap.dedent(
        """
        import importlib.metadata as md, pathlib, basedosdados_sdk as bd
        print(bd.__version__)
        print(pathlib.Path(bd.__file__).parent.joinpath("py.typed").exists())
        print(md.version("basedosdados-sdk"), sorted(r.split(">")[0].split("<")[0] for r in md.requires("basedosdados-sdk")))
        print(bd.__file__)
        """
    )
    out = run(python, "-c", probe, cwd=tmp_path, env=clean_env).stdout.splitlines()
    assert out[0] == "0.2.0"
    assert out[1] == "True"
    # google-cloud-bigquery-storage is the optional extra `bqstorage`, polars the extra `polars` (each listed with its marker).
    assert out[2] == (
        "0.2.0 ['db-dtypes', 'google-api-core', 'google-auth', 'google-cloud-bigquery', 'google-cloud-bigquery-storage', 'httpx', "
        "'pandas', 'polars', 'pyarrow', 'requests', 'tqdm']"
    )
    assert out[3].startswith(str(venv))
    # With its dependencies on the path (the test venv's, as pip would have installed them), the installed
    # package calls a server.
    server = serve(lambda _: (200, {}, {"data": {"allOrganization": {"totalCount": 1, "edges": [{"node": {"slug": "ibge", "name_pt": "IBGE"}}]}}}))
    call = f"import basedosdados_sdk as bd; print([(o['slug'], o['name']) for o in bd.list_organizations(base_url={server.url!r})])"
    site_packages = sysconfig.get_paths()["purelib"]
    assert run(python, "-c", call, cwd=tmp_path, env={**clean_env, "PYTHONPATH": site_packages}).stdout.strip() == "[('ibge', 'IBGE')]"
    assert (server.requests[0].method, server.requests[0].path) == ("POST", "/api/v1/graphql")


@pytest.mark.parametrize("which", ["datalake", "tricky"])
def test_ruff_check_is_clean(package_root: Path, tricky_root: Path, which: str) -> None:
    root = package_root if which == "datalake" else tricky_root
    run(VENV_BIN / "ruff", "check", "--no-cache", ".", cwd=root)


@pytest.mark.parametrize("which", ["datalake", "tricky"])
def test_mypy_strict_is_clean(package_root: Path, tricky_root: Path, which: str) -> None:
    root = package_root if which == "datalake" else tricky_root
    out = run(sys.executable, "-m", "mypy", "--strict", "--cache-dir", MYPY_CACHE, "src", cwd=root)
    assert out.stdout.startswith("Success: no issues found")


def test_users_code_is_type_checked_against_the_package(package_root: Path, tmp_path: Path) -> None:
    user = tmp_path / "user.py"
    user.write_text(
        textwrap.dedent(
            """
            import basedosdados_sdk as bd

            page = bd.list_datasets(q="pib", page_size=5)
            first_id: str | None = page.items[0]["dataset_id"]
            total: int | None = page.page_total
            for dataset in page:
                name: str = dataset["name"]
            first_item: str = page[0]["uuid"]
            some = page[1:3]
            how_many: int = len(page)
            old_style_total = page["page_total"]
            table = bd.get_table("br_ibge_pib", "municipio")
            rows: int | None = table["number_rows"]
            found = bd.search("pib", theme=["economia"])
            slugs: list[str] = [result["slug"] for result in found]
            csv: str = bd.export_catalog(locale="en")
            frame = bd.read_table("br_ibge_pib", "municipio", columns=["ano"], limit=10)
            estimate = bd.estimate_query("SELECT 1")
            cost: float = estimate["cost_usd"]
            bd.config.billing_project_id = "my-gcp-project"
            try:
                bd.get_dataset("x")
            except bd.BaseDosDadosNotFoundException as error:
                status: int | None = error.status
            """
        )
    )
    env = {**os.environ, "MYPYPATH": str(package_root / "src")}
    run(sys.executable, "-m", "mypy", "--strict", "--cache-dir", MYPY_CACHE, "--python-executable", sys.executable, user, cwd=tmp_path, env=env)
    wrong = tmp_path / "wrong.py"
    wrong.write_text('import basedosdados_sdk as bd\nbd.get_dataset(42)\nbd.read_sql("SELECT 1", environment="qa")\nbd.list_tags()["nope"]\n')
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(MYPY_CACHE), str(wrong)], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert 'Argument 1 to "get_dataset" has incompatible type "int"; expected "str"' in result.stdout
    assert 'Argument "environment" to "read_sql" has incompatible type' in result.stdout
    # A page answers to indexes, slices and the old envelope names only.
    assert 'No overload variant of "__getitem__" of "Page" matches argument type "str"' in result.stdout
