"""Where the catalogue is and which BigQuery project is read: the environment setting (bd.config.environment,
BASEDOSDADOS_ENVIRONMENT) and the base-URL order of docs/architecture.md, "Where the catalogue is"."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import pytest
from basedosdados_sdk._runtime.bigquery import environment
from basedosdados_sdk._runtime.http import http_client
from basedosdados_sdk._spec import API_SPEC, DATA_SPEC, DEFAULT_BASE_URL
from conftest import Reply, Request, ScriptedServer

Serve = Callable[[Callable[[Request], Reply]], ScriptedServer]
HOSTS = {
    "prod": "https://backend.basedosdados.org",
    "staging": "https://staging.backend.basedosdados.org",
    "dev": "https://development.backend.basedosdados.org",
}


def test_the_generated_environments_carry_each_backend_host() -> None:
    assert {e.name: e.api_url for e in API_SPEC.environments} == HOSTS
    assert [e.name for e in API_SPEC.environments if e.is_default] == ["prod"]
    assert DEFAULT_BASE_URL == HOSTS["prod"]


@pytest.mark.parametrize("name", ["prod", "staging", "dev"])
def test_the_environment_picks_the_backend_from_the_setting_or_the_variable(bd: ModuleType, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    assert http_client(API_SPEC).base_url == HOSTS["prod"]  # nothing set: the default environment's
    monkeypatch.setenv("BASEDOSDADOS_ENVIRONMENT", name)
    assert http_client(API_SPEC).base_url == HOSTS[name]
    monkeypatch.setenv("BASEDOSDADOS_ENVIRONMENT", "dev")
    bd.config.environment = name  # the setting wins over the variable
    assert http_client(API_SPEC).base_url == HOSTS[name]


def test_base_url_argument_then_config_then_variable_then_environment(serve: Serve, bd: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    from_env, from_config, from_arg = (serve(lambda _r, n=n: (200, {}, {"n": n})) for n in range(3))
    bd.config.environment = "staging"
    monkeypatch.setenv("BASEDOSDADOS_API_URL", from_env.url)
    assert bd.get_table_stats() == {"n": 0}
    bd.config.base_url = from_config.url
    assert bd.get_table_stats() == {"n": 1}
    assert bd.get_table_stats(base_url=from_arg.url) == {"n": 2}


@pytest.mark.parametrize(("where", "source"), [("config", "bd.config.environment"), ("variable", "BASEDOSDADOS_ENVIRONMENT")])
def test_an_unknown_environment_is_a_validation_error_before_any_request(bd: ModuleType, monkeypatch: pytest.MonkeyPatch, where: str, source: str) -> None:
    if where == "config":
        bd.config.environment = "qa"
    else:
        monkeypatch.setenv("BASEDOSDADOS_ENVIRONMENT", "qa")
    with pytest.raises(bd.BaseDosDadosValidationException) as raised:
        bd.get_table_stats()
    assert str(raised.value) == f"Unknown environment 'qa' (from {source}); choose one of 'prod', 'staging', 'dev'."
    assert raised.value.attempts == 0


def test_the_same_setting_picks_the_bigquery_project_and_a_calls_argument_wins(bd: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    assert environment(DATA_SPEC, None).project == "basedosdados"
    monkeypatch.setenv("BASEDOSDADOS_ENVIRONMENT", "dev")
    assert environment(DATA_SPEC, None).project == "basedosdados-dev"
    bd.config.environment = "staging"
    assert (environment(DATA_SPEC, None).project, environment(DATA_SPEC, None).dataset_suffix) == ("basedosdados-staging", "_staging")
    assert environment(DATA_SPEC, "prod").project == "basedosdados"


def test_a_package_whose_spec_has_no_environments_ignores_the_variable(tricky: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = __import__("tricky._spec", fromlist=["API_SPEC"]).API_SPEC
    client = __import__("tricky._runtime.http", fromlist=["http_client"]).http_client
    monkeypatch.setenv("BASEDOSDADOS_ENVIRONMENT", "staging")
    assert spec.environments == () and client(spec).base_url == spec.default_base_url
