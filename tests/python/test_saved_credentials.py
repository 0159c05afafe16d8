"""``from_file=True`` as basedosdados 1.x and 2.x meant it: the service-account key saved under ``~/.basedosdados``.

A key made for the test (an RSA key generated here) is saved where the old package's ``config init`` saved it,
in a temporary HOME; its ``token_uri`` points at a fake token endpoint on loopback that checks the JWT's
signature before minting a token; BigQuery is the local datalake behind a proxy that records each request's
``Authorization``. So the test sees the whole path: the key read, a JWT signed with it exchanged for a token,
and that token carried by every BigQuery request.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
from conftest import Datalake, Reply, Request, ScriptedServer
from google_fakes import CLIENT_EMAIL, RecordingProxy, TokenEndpoint, rsa_key_pair, service_account_key, write_key

Serve = Callable[[Callable[[Request], Reply]], ScriptedServer]
UF = "SELECT sigla, nome FROM `basedosdados.br_bd_diretorios_brasil.uf` ORDER BY sigla"
BIGQUERY_SCOPE = "https://www.googleapis.com/auth/bigquery"


@dataclass
class Google:
    home: Path
    key: dict[str, str]
    public_pem: str
    tokens: TokenEndpoint
    proxy: RecordingProxy

    @property
    def default_key_path(self) -> Path:
        return self.home / ".basedosdados" / "credentials" / "prod.json"


@pytest.fixture(scope="module")
def key_pair() -> tuple[str, str]:
    return rsa_key_pair()


@pytest.fixture
def google(
    bd: ModuleType, datalake: Datalake, serve: Serve, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, key_pair: tuple[str, str]
) -> Iterator[Google]:
    private_pem, public_pem = key_pair
    tokens = TokenEndpoint(public_pem)
    token_server = serve(tokens)
    proxy = RecordingProxy(datalake.url)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("BASEDOSDADOS_CREDENTIALS_PROD", raising=False)
    bd.config.bigquery_endpoint = serve(proxy).url
    bd.config.billing_project_id = "meu-projeto"
    yield Google(home, service_account_key(private_pem, f"{token_server.url}/token"), public_pem, tokens, proxy)


def _assert_minted_and_carried(google: Google) -> None:
    assert google.tokens.tokens, "no token was asked for"
    claims = google.tokens.claims[0]
    # Signed by the key's account for Google's token audience (google-auth's, whatever the token_uri), sent to token_uri.
    assert claims["iss"] == CLIENT_EMAIL and claims["aud"] == "https://oauth2.googleapis.com/token"
    assert BIGQUERY_SCOPE in claims["scope"].split()
    assert google.proxy.authorizations, "no request reached BigQuery"
    assert set(google.proxy.authorizations) == {f"Bearer {google.tokens.tokens[0]}"}  # every request, one token


def test_from_file_reads_the_key_saved_in_basedosdados_credentials(bd: ModuleType, google: Google) -> None:
    write_key(google.default_key_path, google.key)
    with pytest.warns(DeprecationWarning, match="from_file= still works"):
        frame = bd.read_sql(UF, from_file=True)
    assert list(frame.columns) == ["sigla", "nome"] and len(frame) == 27
    assert frame["sigla"].iloc[0] == "AC"
    _assert_minted_and_carried(google)
    bd.read_sql(UF, from_file=True)  # the next call reuses the client and its token
    assert len(google.tokens.tokens) == 1


def test_without_from_file_the_key_is_not_used(bd: ModuleType, google: Google) -> None:
    write_key(google.default_key_path, google.key)
    assert len(bd.read_sql(UF)) == 27
    assert google.tokens.tokens == [] and set(google.proxy.authorizations) == {None}  # the datalake's anonymous access


def test_the_key_path_of_config_toml_wins(bd: ModuleType, google: Google) -> None:
    # What `basedosdados config init` wrote: the prod key's path in ~/.basedosdados/config.toml.
    elsewhere = google.home / "chaves" / "producao.json"
    write_key(elsewhere, google.key)
    config = google.home / ".basedosdados" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'bucket_name = "basedosdados"\n\n[gcloud-projects.prod]\nname = "meu-projeto"\ncredentials_path = "{elsewhere}"\n')
    frame = bd.read_table("br_bd_diretorios_brasil", "uf", from_file=True)
    assert len(frame) == 27 and "sigla" in frame.columns
    _assert_minted_and_carried(google)


def test_the_environment_variable_of_the_old_package_wins_over_files(bd: ModuleType, google: Google, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BASEDOSDADOS_CREDENTIALS_PROD", base64.b64encode(json.dumps(google.key).encode()).decode())
    write_key(google.default_key_path, {**google.key, "private_key": "not a key"})  # would fail if read
    assert len(bd.read_sql(UF, from_file=True)) == 27
    _assert_minted_and_carried(google)


def test_the_old_setting_turns_it_on_for_every_call(bd: ModuleType, google: Google) -> None:
    write_key(google.default_key_path, google.key)
    bd.config.from_file = True
    assert len(bd.read_sql(UF)) == 27
    _assert_minted_and_carried(google)


def test_a_missing_key_says_where_it_was_looked_for_before_any_request(bd: ModuleType, google: Google) -> None:
    with pytest.raises(bd.BaseDosDadosAccessDeniedException) as raised:
        bd.read_sql(UF, from_file=True)
    message = str(raised.value)
    assert str(google.default_key_path) in message and "BASEDOSDADOS_CREDENTIALS_PROD" in message
    assert google.proxy.authorizations == [] and google.tokens.tokens == []


@pytest.mark.parametrize(
    "broken",
    [
        lambda key: "{ not json",
        lambda key: json.dumps({**key, "type": "authorized_user"}),
        lambda key: json.dumps({k: v for k, v in key.items() if k != "client_email"}),
        lambda key: json.dumps({**key, "private_key": key["private_key"].replace("MII", "XYZ", 1)}),
    ],
    ids=["not JSON", "not a service account", "no client_email", "a damaged key"],
)
def test_a_key_that_cannot_be_used_is_access_denied_without_the_key_in_the_error(
    bd: ModuleType, google: Google, broken: Callable[[dict[str, str]], str]
) -> None:
    google.default_key_path.parent.mkdir(parents=True)
    google.default_key_path.write_text(broken(google.key), encoding="utf-8")
    with pytest.raises(bd.BaseDosDadosAccessDeniedException) as raised:
        bd.read_sql(UF, from_file=True)
    shown = f"{raised.value}\n{raised.value!r}\n{vars(raised.value)}"
    assert str(google.default_key_path) in str(raised.value)
    assert "PRIVATE KEY" not in shown and google.key["private_key"][40:80] not in shown
    assert google.proxy.authorizations == []
