"""The generated package's public surface: names, signatures, docstrings, files; the tricky spec's output."""

from __future__ import annotations

import inspect
import subprocess
import sys
import tomllib
import typing
from pathlib import Path
from types import ModuleType

import pytest

METADATA_FUNCTIONS = [
    "list_datasets",
    "get_dataset",
    "list_dataset_tables",
    "get_table",
    "list_table_columns",
    "list_organizations",
    "list_themes",
    "list_tags",
    "search",
    "list_facet_values",
    "list_table_columns_by_uuid",
    "get_table_stats",
    "export_catalog",
]
DATA_FUNCTIONS = ["read_sql", "read_table", "download", "estimate_query"]
EXCEPTIONS = [
    "BaseDosDadosException",
    "BaseDosDadosValidationException",
    "BaseDosDadosNotFoundException",
    "BaseDosDadosAccessDeniedException",
    "BaseDosDadosInvalidQueryException",
    "BaseDosDadosRateLimitException",
    "BaseDosDadosServerException",
    "BaseDosDadosConnectionException",
    "BaseDosDadosRedirectException",
    "BaseDosDadosTimeoutException",
    "BaseDosDadosNoBillingProjectIDException",
    "BaseDosDadosCancelledException",
    "BaseDosDadosFileSystemException",
]
# The old names of x-bd-aliases.python that are not ours (the rest add their old keywords to ours).
OLD_FUNCTIONS = [
    "get_datasets",
    "get_tables",
    "get_columns",
    "get_dataset_description",
    "get_table_description",
    "get_table_columns",
    "get_table_size",
]


def test_the_package_exports_exactly_its_api(bd: ModuleType) -> None:
    assert sorted(bd.__all__) == sorted(
        [*METADATA_FUNCTIONS, *DATA_FUNCTIONS, *OLD_FUNCTIONS, *EXCEPTIONS, "config", "Config", "Page", "InvalidParam", "__version__"]
    )
    for name in bd.__all__:
        assert hasattr(bd, name), name


def test_the_version_is_the_specs(bd: ModuleType, package_root: Path) -> None:
    pyproject = tomllib.loads((package_root / "pyproject.toml").read_text())
    assert bd.__version__ == pyproject["project"]["version"] == "0.2.0"
    assert pyproject["project"]["name"] == "basedosdados-sdk"
    assert pyproject["build-system"]["build-backend"] == "hatchling.build"
    assert pyproject["project"]["requires-python"] == ">=3.11"
    assert any(d.startswith("httpx") for d in pyproject["project"]["dependencies"])
    assert any(d.startswith("google-cloud-bigquery") for d in pyproject["project"]["dependencies"])


OPTIONS = "base_url=None, timeout=None"
DATA_OPTIONS = "timeout=None, cancel=None, progress=None"
READ_OPTIONS = "read_api=None, max_streams=None"
FILTERS = "theme=None, organization=None, tag=None, observation_level=None, spatial_coverage=None, contains=None"
SIGNATURES = [
    (
        "list_datasets",
        f"(q=None, page=1, page_size=10, locale='pt', *, {OPTIONS}, query=None, limit=None, with_description=None, verbose=None)",
    ),
    ("get_dataset", f"(dataset_id, locale='pt', *, {OPTIONS})"),
    ("list_dataset_tables", f"(dataset_id, page=1, page_size=10, locale='pt', *, {OPTIONS}, with_description=None, verbose=None)"),
    ("get_table", f"(dataset_id, table_id, locale='pt', *, {OPTIONS})"),
    ("list_table_columns", f"(dataset_id, table_id, page=1, page_size=10, locale='pt', *, {OPTIONS})"),
    ("list_organizations", f"(q=None, page=1, page_size=10, locale='pt', *, {OPTIONS})"),
    ("search", f"(q=None, page=1, page_size=10, locale='pt', {FILTERS}, *, {OPTIONS})"),
    ("list_facet_values", f"(facet, locale='pt', q=None, {FILTERS}, *, {OPTIONS})"),
    ("list_table_columns_by_uuid", f"(table_uuid, *, {OPTIONS})"),
    ("get_table_stats", f"(*, {OPTIONS})"),
    ("export_catalog", f"(locale='pt', *, {OPTIONS})"),
    ("read_sql", f"(query, billing_project_id=None, environment='prod', page_size=10000, *, {DATA_OPTIONS}, dtypes=None, {READ_OPTIONS}, output=None, from_file=None, reauth=None, use_bqstorage_api=None)"),
    (
        "read_table",
        f"(dataset_id, table_id, billing_project_id=None, environment=None, limit=None, columns=None, page_size=10000, *, {DATA_OPTIONS}, dtypes=None, {READ_OPTIONS}, row_restriction=None, output=None, query_project_id=None, from_file=None, reauth=None, use_bqstorage_api=None)",
    ),
    (
        "download",
        "(path=None, query=None, dataset_id=None, table_id=None, billing_project_id=None, environment=None, limit=None, columns=None, format=None, page_size=10000, "
        f"*, {DATA_OPTIONS}, {READ_OPTIONS}, row_restriction=None, savepath=None, query_project_id=None, from_file=None, reauth=None, compression=None)",
    ),
    ("estimate_query", "(query, billing_project_id=None, environment='prod', *, timeout=None, cancel=None)"),
    ("get_datasets", "(dataset_id=None, dataset_name=None, page=None, page_size=None)"),
    ("get_table_size", "(dataset_id=None, table_id=None, billing_project_id=None, query_project_id=None, verbose=None)"),
]


def _plain(signature: inspect.Signature) -> str:
    return str(signature.replace(parameters=[p.replace(annotation=inspect.Parameter.empty) for p in signature.parameters.values()], return_annotation=inspect.Signature.empty))


@pytest.mark.parametrize(("name", "want"), SIGNATURES)
def test_signatures(bd: ModuleType, name: str, want: str) -> None:
    assert _plain(inspect.signature(getattr(bd, name))) == want


@pytest.mark.parametrize("name", METADATA_FUNCTIONS + DATA_FUNCTIONS)
def test_every_function_has_a_numpy_docstring(bd: ModuleType, name: str) -> None:
    doc = inspect.getdoc(getattr(bd, name))
    assert doc is not None
    for section in ("Parameters\n----------", "Returns\n-------", "Raises\n------", "Examples\n--------"):
        assert section in doc, f"{name} lacks {section.splitlines()[0]}"


def test_type_hints_resolve_including_literal_and_optional_keys(bd: ModuleType) -> None:
    hints = typing.get_type_hints(bd.get_table)
    assert hints["dataset_id"] is str
    assert hints["return"] is bd.models.Table
    assert typing.get_args(hints["locale"]) == ("pt", "en", "es")  # the Locale alias of the spec
    assert typing.get_type_hints(bd.list_table_columns_by_uuid)["return"] == list[bd.models.ColumnDetail]
    assert typing.get_type_hints(bd.export_catalog)["return"] is str
    assert bd.models.Organization.__optional_keys__ == frozenset({"description", "website", "picture"})
    # Recursive and keyword-keyed schemas: the tricky spec's (test_tricky_keyword_names_become_valid_python).


def test_importing_the_package_loads_no_heavy_dependency(package_root: Path) -> None:
    probe = (
        "import sys, basedosdados_sdk as bd; "
        "print(sorted(m for m in ('httpx', 'pandas', 'pyarrow', 'google.cloud.bigquery') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], env={"PYTHONPATH": str(package_root / "src")}, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_generated_files_say_so_and_the_runtime_says_it_is_hand_written(package_root: Path) -> None:
    package = package_root / "src" / "basedosdados_sdk"
    generated = [package_root / "pyproject.toml", package / "py.typed", *package.glob("*.py")]
    for path in generated:
        assert "Code generated by bdgen from datalake.yaml" in path.read_text().splitlines()[0], path
    assert "Code generated by bdgen" in (package_root / "README.md").read_text().splitlines()[0]
    runtime = list((package / "_runtime").glob("*.py"))
    sources = Path(__file__).resolve().parents[2] / "generators" / "src" / "languages" / "python" / "runtime"
    assert sorted(p.name for p in runtime) == sorted(p.name for p in [*sources.glob("core/*.py"), *sources.glob("data/*.py")])
    for path in runtime:
        assert path.read_text().startswith("# bdgen Python runtime: hand-written"), path


def test_the_runtime_never_names_the_package(package_root: Path) -> None:
    for path in (package_root / "src" / "basedosdados_sdk" / "_runtime").glob("*.py"):
        assert "basedosdados_sdk" not in path.read_text(), f"{path.name} must use relative imports only"


def test_the_readme_shows_how_to_use_it(package_root: Path) -> None:
    readme = (package_root / "README.md").read_text()
    for text in (
        "pip install .",
        "pip install dist/basedosdados_sdk-0.2.0-py3-none-any.whl",
        "import basedosdados_sdk as bd",
        "bd.list_datasets(",
        "BaseDosDadosNoBillingProjectIDException",
        "bd.config.bigquery_endpoint",
        "| INT64 | `Int64` |",
        "## Coming from `basedosdados`",
        "| `bd.get_datasets(dataset_id, dataset_name, page, page_size)` | `bd.list_datasets(q, page, page_size)` |",
        "| `prod` (the default) | `https://backend.basedosdados.org` | `basedosdados` |",
        "| `staging` | `https://staging.backend.basedosdados.org` | `basedosdados-staging` |",
        "BASEDOSDADOS_ENVIRONMENT",
        "BASEDOSDADOS_API_URL=http://127.0.0.1:8787",
    ):
        assert text in readme, text


# --- the tricky fixture spec: keywords, a recursive schema, $refs across files -------


def test_every_file_of_the_tricky_package_byte_compiles(tricky_root: Path) -> None:
    files = sorted((tricky_root / "src").rglob("*.py"))
    assert len(files) >= 10
    for path in files:
        compile(path.read_text(), str(path), "exec")  # byte-compiled in memory: nothing written beside the sources


def test_tricky_keyword_names_become_valid_python(tricky: ModuleType) -> None:
    assert _plain(inspect.signature(tricky.get_class)) == "(in_, end, if_=None, *, base_url=None, timeout=None)"
    assert _plain(inspect.signature(tricky.list_nodes)) == "(page=1, page_size=20, *, base_url=None, timeout=None)"
    assert tricky.__version__ == "2.3.4"
    node = typing.get_type_hints(tricky.models.Node)
    assert node["children"] == list[tricky.models.Node]
    doc = inspect.getdoc(tricky.get_class)
    assert doc is not None and "*/" in doc  # the comment terminator that breaks other languages is plain text here


def test_the_tricky_package_has_no_data_functions(tricky: ModuleType, tricky_root: Path) -> None:
    assert not hasattr(tricky, "read_sql")
    assert not (tricky_root / "src" / "tricky" / "_runtime" / "bigquery.py").exists()
    assert "pandas" not in (tricky_root / "pyproject.toml").read_text()
