"""Stand-ins for Google's side of a service-account login, on loopback only.

- :func:`service_account_key`: a service-account key file's JSON with an RSA key made for the test (never
  written anywhere but the test's temporary folders) and its ``token_uri`` pointed at a fake token endpoint.
- :class:`TokenEndpoint`: what google-auth's ``service_account.Credentials`` calls to turn a signed JWT
  into an access token; it checks the JWT's signature with the key's public half before minting a token.
- :class:`RecordingProxy`: forwards every request to the local datalake and records its ``Authorization``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from conftest import Request

CLIENT_EMAIL = "leitor@meu-projeto.iam.gserviceaccount.com"
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"


def rsa_key_pair() -> tuple[str, str]:
    """A fresh 2048-bit RSA key: (private key PEM, public key PEM)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return private.decode(), public.decode()


def service_account_key(private_pem: str, token_uri: str) -> dict[str, str]:
    """The JSON of a service-account key file, as the Google Cloud console writes it."""
    return {
        "type": "service_account",
        "project_id": "meu-projeto",
        "private_key_id": "bdgen-test-key",
        "private_key": private_pem,
        "client_email": CLIENT_EMAIL,
        "client_id": "100000000000000000001",
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": token_uri,
    }


@dataclass
class TokenEndpoint:
    """A scripted OAuth token endpoint: a JWT-bearer grant signed by ``public_pem`` gets a new access token.

    ``claims`` holds each accepted assertion's claims, ``tokens`` each token minted, in order.
    """

    public_pem: str
    claims: list[dict[str, Any]] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)

    def __call__(self, request: Request) -> tuple[int, dict[str, str], dict[str, Any]]:
        from google.auth import jwt

        form = parse_qs(request.body.decode())
        if form.get("grant_type") != [JWT_BEARER] or "assertion" not in form:
            return 400, {}, {"error": "unsupported_grant_type"}
        try:
            claims = jwt.decode(form["assertion"][0], certs=self.public_pem, verify=True)
        except ValueError as error:  # a signature the key did not make
            return 400, {}, {"error": "invalid_grant", "error_description": str(error)}
        self.claims.append(claims)
        self.tokens.append(f"ya29.bdgen-minted-{len(self.tokens) + 1}")
        return 200, {}, {"access_token": self.tokens[-1], "expires_in": 3600, "token_type": "Bearer"}


@dataclass
class RecordingProxy:
    """Forwards each request to ``target`` (the local datalake) and records its ``Authorization`` header (None if absent)."""

    target: str
    authorizations: list[str | None] = field(default_factory=list)

    def __call__(self, request: Request) -> tuple[int, dict[str, str], bytes]:
        import httpx

        self.authorizations.append(request.headers.get("authorization"))
        headers = {"content-type": request.headers["content-type"]} if "content-type" in request.headers else {}
        answer = httpx.request(request.method, self.target + request.path, content=request.body, headers=headers)
        return answer.status_code, {"content-type": answer.headers.get("content-type", "application/json")}, answer.content


def write_key(path: Any, key: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(key), encoding="utf-8")
