"""Authenticate as a GitHub App installation.

A GitHub App proves who it is with a short JWT signed (RS256) by its private key, and trades
that JWT for an installation access token, which lives one hour. :class:`GitHubApp` is the
:class:`typelink.auth.TokenProvider` doing that trade; ``GitHub(app=GitHubApp(...))`` wraps it
in :class:`typelink.auth.ExpiringTokenAuth`, so the token is renewed a minute before
``expires_at`` and after a 401, by one thread for all (single flight), and the failed
request is replayed (a bounded number of times per call).

```python
app = GitHubApp(app_id=12345, private_key=Path("app.pem").read_text(), installation_id=678)
with GitHub(app=app) as gh:
    gh.issues.create("acme", "web", IssuesCreateRequest(title="Crash"))
```

Under asyncio (``AsyncGitHub(app=...)``) the token request is :meth:`GitHubApp.fetch_async`,
over aiohttp: the same JWT, headers and answer checks as :meth:`GitHubApp.fetch` (written
once; only the sending differs), so no worker thread waits on GitHub.

The key, the JWTs and the tokens never appear in an error message or a log line: failures
are :class:`typelink.errors.CredentialError` naming the URL, the status and GitHub's message.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

import requests

from typelink._internal.redact import redact_and_shorten
from typelink.auth.endpoint import check_token_url, send_token_request
from typelink.auth.static import whole_fingerprint
from typelink.errors import ConfigurationError, CredentialError
from typelink.github._base import API_VERSION, BASE_URL, MEDIA_TYPE
from typelink.policies.tokens import Token
from typelink.transport.response import HTTPResponse

__all__ = ["JWT_BACKDATE", "JWT_LIFETIME", "GitHubApp"]

JWT_BACKDATE = 60
"""Seconds the JWT's ``iat`` is set in the past, to allow for clock drift (GitHub's advice)."""
JWT_LIFETIME = 600
"""Seconds from ``iat`` to ``exp``: GitHub accepts at most 10 minutes."""

_REMEMBERED_JWTS = 4
_MAX_MESSAGE = 200


def _signing_key(private_key: str | bytes) -> Any:
    """Load the PEM key once, so a wrong key fails at construction, not on the first call."""
    try:
        from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
        from cryptography.hazmat.primitives.serialization import load_pem_private_key
    except ImportError:  # pragma: no cover - the github extra pulls cryptography in
        raise ConfigurationError(
            "GitHubApp needs PyJWT and cryptography: pip install 'typelink[github]'"
        ) from None
    data = private_key.encode("ascii", "replace") if isinstance(private_key, str) else private_key
    try:
        key = load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise ConfigurationError(
            "GitHubApp: private_key is not an unencrypted PEM private key"
        ) from None
    if not isinstance(key, RSAPrivateKey):
        raise ConfigurationError("GitHubApp: private_key must be an RSA key (GitHub signs RS256)")
    return key


def _public_fingerprint(key: Any) -> str:
    """A fingerprint of the public half of the App's key (names the key, reveals nothing)."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    public = key.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return whole_fingerprint(public.hex())


def parse_expires_at(value: Any) -> float | None:
    """GitHub's ``expires_at`` (ISO 8601, ``...Z``) as epoch seconds, or None if unusable."""
    if not isinstance(value, str) or not value:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.timestamp()


class GitHubApp:
    """A GitHub App installation as a token provider.

    ``app_id``: the App's id (or its client id, which GitHub also accepts as ``iss``).
    ``private_key``: the PEM text GitHub generated for the App. ``installation_id``: the
    installation to act as. ``base_url``: the API (``https://HOST/api/v3`` for Enterprise
    Server). ``clock``: epoch seconds, injectable for tests. ``session``: a
    ``requests.Session`` for the token requests (one is created otherwise). ``verify``: TLS
    verification for them (a CA bundle path for a GHES with a private CA); ``GitHub(app=...,
    verify=...)`` passes its own setting to an app left at the default.
    """

    def __init__(
        self,
        app_id: int | str,
        private_key: str | bytes,
        installation_id: int,
        *,
        base_url: str = BASE_URL,
        clock: Callable[[], float] = time.time,
        session: requests.Session | None = None,
        timeout: float = 10.0,
        verify: bool | str = True,
    ) -> None:
        if not str(app_id).strip():
            raise ConfigurationError("GitHubApp: app_id is empty")
        if not base_url.startswith(("http://", "https://")):
            raise ConfigurationError(
                f"GitHubApp: base_url must start with http:// or https://, got {base_url!r}"
            )
        if importlib.util.find_spec("jwt") is None:  # pragma: no cover - the github extra
            raise ConfigurationError("GitHubApp needs PyJWT: pip install 'typelink[github]'")
        self.app_id = str(app_id).strip()
        self.installation_id = installation_id
        self.base_url = check_token_url(base_url, "GitHubApp").rstrip("/")
        self.clock = clock
        self.timeout = timeout
        self.verify = verify
        self._key = _signing_key(private_key)
        self._key_fingerprint = _public_fingerprint(self._key)
        self._session = session
        self._owns_session = session is None
        self._session_lock = threading.Lock()
        self._jwts: deque[str] = deque(maxlen=_REMEMBERED_JWTS)
        self.token_requests = 0
        """How many installation tokens were requested (for tests and metrics)."""

    @property
    def token_url(self) -> str:
        """Where installation tokens are created."""
        return f"{self.base_url}/app/installations/{self.installation_id}/access_tokens"

    @property
    def store_key(self) -> str:
        """A non-secret key naming this installation and the App's key (a fingerprint of its
        public half), for shared token stores: a process holding another key never reads
        this one's token."""
        material = (
            f"{self.base_url}\n{self.app_id}\n{self.installation_id}\n{self._key_fingerprint}"
        )
        digest = hashlib.sha256(material.encode("utf-8")).hexdigest()[:16]
        return f"github-app:{digest}"

    def jwt(self) -> str:
        """A fresh App JWT: ``iat`` a minute in the past, ``exp`` 10 minutes after ``iat``."""
        import jwt

        issued = int(self.clock()) - JWT_BACKDATE
        claims = {"iat": issued, "exp": issued + JWT_LIFETIME, "iss": self.app_id}
        token = jwt.encode(claims, self._key, algorithm="RS256")
        self._jwts.append(token)
        return token

    def fetch(self, previous: Token | None) -> Token:
        """Create an installation access token (``POST .../access_tokens``)."""
        app_jwt, where, headers = self._token_request()
        response = send_token_request(
            self._session_for_call(),
            self.token_url,
            where=where,
            secrets=(app_jwt,),
            headers=headers,
            timeout=self.timeout,
            verify=self.verify,
        )
        with response:
            return self._token_from(response, where)

    async def fetch_async(self, previous: Token | None) -> Token:
        """:meth:`fetch` under asyncio: the same JWT, headers and answer checks, posted
        with aiohttp under the same token-request rules (no redirect followed, a bounded
        answer, the call's timeout and budget), so no worker thread waits on GitHub."""
        from typelink.auth.endpoint_async import send_token_request_async

        app_jwt, where, headers = self._token_request()
        response = await send_token_request_async(
            self.token_url,
            where=where,
            secrets=(app_jwt,),
            headers=headers,
            timeout=self.timeout,
            verify=self.verify,
        )
        return self._token_from(response, where)

    def _token_request(self) -> tuple[str, str, dict[str, str]]:
        """A fresh JWT, the endpoint as named in messages, and the request's headers (for
        both :meth:`fetch` and :meth:`fetch_async`; only how they are sent differs)."""
        app_jwt = self.jwt()
        self.token_requests += 1
        where = f"GitHub App installation token request ({self.token_url})"
        headers = {
            "Authorization": f"Bearer {app_jwt}",
            "Accept": MEDIA_TYPE,
            "X-GitHub-Api-Version": API_VERSION,
        }
        return app_jwt, where, headers

    def _token_from(self, response: HTTPResponse, where: str) -> Token:
        """The installation token in GitHub's answer, or a :class:`CredentialError`."""
        status = response.status_code
        try:
            data: Any = response.json()
        except ValueError:
            data = None
        if status not in (200, 201):
            raise CredentialError(f"{where} answered {status}{self._github_message(data)}")
        if not isinstance(data, Mapping):
            raise CredentialError(f"{where} answered {status} without a JSON object")
        value = data.get("token")
        if not isinstance(value, str) or not value:
            raise CredentialError(f"{where} answered {status} without a token")
        expires_at = parse_expires_at(data.get("expires_at"))
        if expires_at is None:
            raise CredentialError(f"{where} answered {status} without a valid expires_at")
        return Token(
            value=value, expires_at=expires_at, token_type="Bearer", obtained_at=self.clock()
        )

    def _github_message(self, data: Any) -> str:
        """``: <message> (<documentation_url>)`` from GitHub's error body, secrets removed."""
        if not isinstance(data, Mapping):
            return ""
        message = data.get("message")
        if not isinstance(message, str) or not message:
            return ""
        # Redacted before it is shortened: half a JWT would not be recognised.
        secrets = self.secret_values()
        text = f": {redact_and_shorten(message, secrets, _MAX_MESSAGE)}"
        docs = data.get("documentation_url")
        if isinstance(docs, str) and docs:
            text += f" ({redact_and_shorten(docs, secrets, _MAX_MESSAGE)})"
        return text

    def _session_for_call(self) -> requests.Session:
        with self._session_lock:
            if self._session is None:
                self._session = requests.Session()
            return self._session

    def secret_values(self) -> Sequence[str]:
        """The JWTs made recently (the installation tokens are redacted by the auth)."""
        return tuple(self._jwts)

    def close(self) -> None:
        """Close the HTTP session this provider created (a passed-in one is left open)."""
        with self._session_lock:
            if self._owns_session and self._session is not None:
                self._session.close()
                self._session = None

    def __repr__(self) -> str:
        return (
            f"GitHubApp(app_id={self.app_id!r}, installation_id={self.installation_id!r}, "
            f"base_url={self.base_url!r})"
        )
