"""A fake GitHub on 127.0.0.1 for App authentication tests.

It does what GitHub does with an App: verifies the JWT's RS256 signature with the App's
public key and its ``iat``/``exp``/``iss`` claims against an injected clock, issues
installation tokens with an ``expires_at``, and answers API calls only for a live token.
"""

from __future__ import annotations

import json
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.fixtures.servers import Reply, ScriptedServer, Seen

DATA = Path(__file__).parent / "data"
APP_ID = "12345"
INSTALLATION_ID = 678
TOKEN_PATH = f"/app/installations/{INSTALLATION_ID}/access_tokens"
TOKEN_LIFETIME = 3600


def example_body(group: str, operation: str) -> bytes:
    """The first response body of GitHub's published examples for an operation."""
    document = json.loads((DATA / "examples" / group / f"{operation}.json").read_text())
    return json.dumps(document["exchanges"][0]["response"]["body"]["json"]).encode()


def new_rsa_key() -> tuple[str, Any]:
    """A fresh RSA private key as PEM text, and its public key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return pem, key.public_key()


class Clock:
    """Epoch seconds that only move when a test says so."""

    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _json(status: int, data: Any, headers: dict[str, str] | None = None) -> Reply:
    return Reply(
        status=status,
        body=json.dumps(data).encode(),
        headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})},
    )


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class FakeGitHub:
    """GitHub's App flow and one API resource (``GET /repos/octocat/Hello-World``)."""

    def __init__(self, server: Any, public_key: Any, clock: Clock) -> None:
        """``server``: a :class:`ScriptedServer` (threads), or an ``AsyncServer``
        (``tests.fixtures.asyncio_server``, in the test's event loop)."""
        self.server = server
        self.public_key = public_key
        self.clock = clock
        self.tokens: dict[str, float] = {}
        self.revoked: set[str] = set()
        self.token_requests = 0
        self.jwt_failures: list[str] = []
        self.unauthorized = 0
        self.api_calls = 0
        self._lock = threading.Lock()
        if isinstance(server, ScriptedServer):
            server.handler = self.handle
        else:
            server.handle = self.handle_async

    @property
    def url(self) -> str:
        return self.server.url

    def handle(self, seen: Seen) -> Reply:
        if seen.method == "POST" and seen.path == TOKEN_PATH:
            return self._issue(seen)
        return self._api(seen)

    async def handle_async(self, seen: Any) -> Reply:
        """:meth:`handle` for an ``AsyncServer`` (its ``Seen`` has the same fields)."""
        return self.handle(seen)

    def _issue(self, seen: Seen) -> Reply:
        with self._lock:
            self.token_requests += 1
            number = self.token_requests
        problem = self._check_jwt(seen.headers)
        if problem:
            self.jwt_failures.append(problem)
            return _json(
                401,
                {
                    "message": problem,
                    "documentation_url": "https://docs.github.com/rest",
                    "status": "401",
                },
            )
        value = f"ghs_fake{number:04d}installationtoken"
        expires_at = self.clock.now + TOKEN_LIFETIME
        with self._lock:
            self.tokens[value] = expires_at
        body = {
            "token": value,
            "expires_at": _iso(expires_at),
            "permissions": {"issues": "write", "contents": "read"},
            "repository_selection": "all",
        }
        return _json(201, body)

    def _check_jwt(self, headers: dict[str, str]) -> str:
        if headers.get("Accept") != "application/vnd.github+json":
            return "missing Accept header"
        if headers.get("X-GitHub-Api-Version") != "2022-11-28":
            return "missing API version"
        scheme, _, token = headers.get("Authorization", "").partition(" ")
        if scheme != "Bearer" or not token:
            return "A JSON web token could not be decoded"
        try:
            claims = jwt.decode(
                token,
                self.public_key,
                algorithms=["RS256"],
                options={"verify_exp": False, "verify_iat": False, "verify_nbf": False},
            )
        except jwt.InvalidTokenError:
            return "A JSON web token could not be decoded"
        now = int(self.clock.now)
        if claims.get("iss") != APP_ID:
            return "'Issuer' claim ('iss') must be the App id"
        if claims.get("iat") != now - 60:
            return "'Issued at' claim ('iat') must be 60 s in the past"
        if claims.get("exp") != claims["iat"] + 600 or claims["exp"] - now > 600:
            return "'Expiration time' claim ('exp') is too far in the future"
        return ""

    def _api(self, seen: Seen) -> Reply:
        with self._lock:
            self.api_calls += 1
            scheme, _, token = seen.headers.get("Authorization", "").partition(" ")
            expires_at = self.tokens.get(token)
            live = (
                scheme == "Bearer"
                and expires_at is not None
                and self.clock.now < expires_at
                and token not in self.revoked
            )
            if not live:
                self.unauthorized += 1
        if not live:
            return _json(
                401,
                {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"},
                {"X-GitHub-Request-Id": "CAFE:1:2:3:4"},
            )
        if seen.path == "/repos/octocat/Hello-World":
            return Reply(
                body=example_body("repos", "get"), headers={"Content-Type": "application/json"}
            )
        return _json(404, {"message": "Not Found"})

    def revoke_all(self) -> None:
        with self._lock:
            self.revoked.update(self.tokens)


def error_doc(name: str) -> dict[str, Any]:
    """One of ``data/errors/<name>.json``: a GitHub error response."""
    document: dict[str, Any] = json.loads((DATA / "errors" / f"{name}.json").read_text())
    return document


def error_reply(name: str, **fill: object) -> Reply:
    """The error response ``name``, with ``{placeholders}`` in its headers filled in."""
    document = error_doc(name)
    headers = {key: str(value).format(**fill) for key, value in document["headers"].items()}
    return Reply(
        status=document["status"], body=json.dumps(document["body"]).encode(), headers=headers
    )
