"""OAuth 2.0 token providers (RFC 6749): client credentials (4.4) and refresh token (6).

Both POST a form to the token URL and parse the JSON answer. Anything unusable (a network
failure, a non-200 status, a body that is not JSON, no ``access_token``, no valid
``expires_in``) becomes a :class:`typelink.errors.CredentialError` whose message names the
token URL and the problem but never a secret.

Each grant has a ``fetch_async`` twin for async clients: the same form, client
authentication and answer parsing, posted with aiohttp under the same token-endpoint rules
(:mod:`typelink.auth.endpoint`: no redirect followed, a bounded answer, typed failures).
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal
from urllib.parse import quote_plus

import requests
from requests.auth import HTTPBasicAuth

from typelink._internal.redact import redact_and_shorten, redact_url
from typelink.auth.endpoint import check_token_url, send_token_request
from typelink.auth.static import fingerprint, whole_fingerprint
from typelink.errors import ConfigurationError, CredentialError
from typelink.policies.tokens import Token
from typelink.transport.response import HTTPResponse

__all__ = ["ClientAuthMethod", "ClientCredentials", "RefreshTokenGrant", "parse_token_response"]

ClientAuthMethod = Literal["client_secret_basic", "client_secret_post"]

_MAX_DESCRIPTION = 200
_REMEMBERED_REFRESH_TOKENS = 8


def parse_token_response(
    response: HTTPResponse,
    *,
    token_url: str,
    now: float,
    secrets: Sequence[str] = (),
    default_expires_in: float | None = None,
    previous_refresh_token: str | None = None,
) -> Token:
    """Turn a token endpoint's answer into a :class:`Token`, or raise ``CredentialError``."""
    where = f"token endpoint {redact_url(token_url, secrets)}"
    if response.status_code != 200:
        raise CredentialError(
            f"{where} answered {response.status_code}{_oauth_error(response, secrets)}"
        )
    data: Any = _json_or_missing(response)
    if data is _NOT_JSON:  # raised outside the handler: the decoder's error quotes the body
        raise CredentialError(f"{where} answered 200 with a body that is not JSON") from None
    if not isinstance(data, Mapping):
        raise CredentialError(f"{where} answered 200 with JSON that is not an object")
    access_token = data.get("access_token")
    if not isinstance(access_token, str) or not access_token:
        raise CredentialError(f"{where} answered without an access_token")
    expires_in = _expires_in(data.get("expires_in"), where, default_expires_in)
    token_type = data.get("token_type")
    refresh_token = data.get("refresh_token")
    scope = data.get("scope")
    return Token(
        value=access_token,
        expires_at=now + expires_in if expires_in is not None else None,
        token_type=token_type if isinstance(token_type, str) and token_type else "Bearer",
        refresh_token=(
            refresh_token
            if isinstance(refresh_token, str) and refresh_token
            else previous_refresh_token
        ),
        scope=scope if isinstance(scope, str) else None,
        obtained_at=now,
    )


_NOT_JSON: Any = object()


def _json_or_missing(response: HTTPResponse) -> Any:
    try:
        return response.json()
    except (ValueError, RecursionError):  # RecursionError: JSON nested too deeply
        return _NOT_JSON


def _expires_in(value: Any, where: str, default: float | None) -> float | None:
    if value is None:
        if default is None:
            raise CredentialError(
                f"{where} did not say when the token expires (no expires_in); "
                "pass default_expires_in=<seconds> to accept such tokens"
            )
        return default if math.isfinite(default) else None
    number: float | None = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            number = None
    if number is None or not math.isfinite(number) or number < 0:
        raise CredentialError(f"{where} answered an invalid expires_in (not a positive number)")
    return number


def _oauth_error(response: HTTPResponse, secrets: Sequence[str]) -> str:
    """``: <error>: <error_description>`` from an RFC 6749 5.2 error body, if present."""
    try:
        data: Any = response.json()
    except (ValueError, RecursionError):
        return ""
    if not isinstance(data, Mapping):
        return ""
    # Redacted before it is shortened: a secret cut in half would not be recognised.
    parts = [
        redact_and_shorten(data[name], secrets, _MAX_DESCRIPTION)
        for name in ("error", "error_description")
        if isinstance(data.get(name), str) and data[name]
    ]
    return ": " + ": ".join(parts) if parts else ""


class _FormGrant:
    """Shared plumbing: POST a form to the token URL with client authentication."""

    grant_name = ""

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str | None,
        scopes: Iterable[str],
        session: requests.Session | None,
        timeout: float,
        auth_method: ClientAuthMethod,
        default_expires_in: float | None,
        clock: Callable[[], float],
    ) -> None:
        if auth_method not in ("client_secret_basic", "client_secret_post"):
            raise ConfigurationError(f"unknown OAuth 2.0 client auth method {auth_method!r}")
        self.token_url = check_token_url(token_url, type(self).__name__)
        self.client_id = client_id
        self._client_secret = client_secret
        self.scopes = tuple(scopes)
        self.timeout = timeout
        self.auth_method: ClientAuthMethod = auth_method
        self.default_expires_in = default_expires_in
        self._session = session
        self._owns_session = session is None
        self._clock = clock
        self._session_lock = threading.Lock()

    def _key_material(self) -> tuple[str, ...]:
        # The secret's fingerprint too: a client holding a wrong secret must not read the
        # token another one obtained from a shared store (or share its cache entries).
        secret = whole_fingerprint(self._client_secret) if self._client_secret else ""
        return (self.grant_name, self.token_url, self.client_id, *self.scopes, secret)

    @property
    def store_key(self) -> str:
        """A non-secret key naming this grant: token URL, client id, scopes and a fingerprint
        of the client secret, hashed."""
        material = "\n".join(self._key_material())
        digest = hashlib.sha256(material.encode("utf-8")).hexdigest()[:16]
        return f"oauth2:{self.grant_name}:{digest}"

    def secret_values(self) -> Sequence[str]:
        """The client secret (subclasses add refresh tokens)."""
        return (self._client_secret,) if self._client_secret else ()

    def _session_for_call(self) -> requests.Session:
        with self._session_lock:
            if self._session is None:
                self._session = requests.Session()
            return self._session

    def _post(self, form: dict[str, str], previous_refresh_token: str | None) -> Token:
        form, auth, secrets = self._prepared(form)
        response = send_token_request(
            self._session_for_call(),
            self.token_url,
            where=self._where(secrets),
            secrets=secrets,
            data=form,
            auth=HTTPBasicAuth(*auth) if auth is not None else None,
            headers={"Accept": "application/json"},
            timeout=self.timeout,
        )
        with response:
            return self._parsed(response, secrets, previous_refresh_token)

    async def _post_async(self, form: dict[str, str], previous_refresh_token: str | None) -> Token:
        from typelink.auth.endpoint_async import send_token_request_async

        form, auth, secrets = self._prepared(form)
        response = await send_token_request_async(
            self.token_url,
            where=self._where(secrets),
            secrets=secrets,
            data=form,
            basic=auth,
            headers={"Accept": "application/json"},
            timeout=self.timeout,
        )
        return self._parsed(response, secrets, previous_refresh_token)

    def _prepared(
        self, form: dict[str, str]
    ) -> tuple[dict[str, str], tuple[str, str] | None, tuple[str, ...]]:
        """The form, the Basic credentials (client_secret_basic) and the secrets to redact."""
        if self.scopes:
            form["scope"] = " ".join(self.scopes)
        auth: tuple[str, str] | None = None
        if self._client_secret is not None and self.auth_method == "client_secret_basic":
            auth = (_form_encode(self.client_id), _form_encode(self._client_secret))
        else:
            form["client_id"] = self.client_id
            if self._client_secret is not None:
                form["client_secret"] = self._client_secret
        secrets = (*self.secret_values(), *(v for v in form.values() if len(v) >= 8))
        return form, auth, secrets

    def _where(self, secrets: Sequence[str]) -> str:
        """The token endpoint, named in messages (redacted)."""
        return f"token endpoint {redact_url(self.token_url, secrets)}"

    def _parsed(
        self, response: HTTPResponse, secrets: Sequence[str], previous_refresh_token: str | None
    ) -> Token:
        return parse_token_response(
            response,
            token_url=self.token_url,
            now=self._clock(),
            secrets=secrets,
            default_expires_in=self.default_expires_in,
            previous_refresh_token=previous_refresh_token,
        )

    def close(self) -> None:
        """Close the HTTP session this provider created (a passed-in session is left open)."""
        with self._session_lock:
            if self._owns_session and self._session is not None:
                self._session.close()
                self._session = None


def _form_encode(value: str) -> str:
    """RFC 6749 2.3.1: client id and secret are form-encoded before Basic encoding."""
    return quote_plus(value)


class ClientCredentials(_FormGrant):
    """The client-credentials grant (RFC 6749 4.4): a service authenticating as itself."""

    grant_name = "client_credentials"

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        scopes: Iterable[str] = (),
        session: requests.Session | None = None,
        timeout: float = 10,
        auth_method: ClientAuthMethod = "client_secret_basic",
        *,
        default_expires_in: float | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(
            token_url,
            client_id,
            client_secret,
            scopes,
            session,
            timeout,
            auth_method,
            default_expires_in,
            clock,
        )

    def fetch(self, previous: Token | None) -> Token:
        """Ask for a new access token (a client-credentials answer has no refresh token)."""
        return self._post({"grant_type": "client_credentials"}, None)

    async def fetch_async(self, previous: Token | None) -> Token:
        """:meth:`fetch` under asyncio (over aiohttp)."""
        return await self._post_async({"grant_type": "client_credentials"}, None)

    def __repr__(self) -> str:
        url = redact_url(self.token_url)
        return f"ClientCredentials(token_url={url!r}, client_id={self.client_id!r})"


class RefreshTokenGrant(_FormGrant):
    """The refresh-token grant (RFC 6749 section 6).

    Uses the newest refresh token it knows: the stored token's (shared stores carry
    rotations made by other processes) or the last one the server returned to this object.
    A public client passes no ``client_secret``: its ``client_id`` goes in the form.
    """

    grant_name = "refresh_token"

    def __init__(
        self,
        token_url: str,
        client_id: str,
        refresh_token: str,
        client_secret: str | None = None,
        scopes: Iterable[str] = (),
        session: requests.Session | None = None,
        timeout: float = 10,
        auth_method: ClientAuthMethod = "client_secret_basic",
        *,
        default_expires_in: float | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(
            token_url,
            client_id,
            client_secret,
            scopes,
            session,
            timeout,
            auth_method,
            default_expires_in,
            clock,
        )
        self._initial_refresh_token = refresh_token
        self._refresh_token = refresh_token
        self._issued: deque[str] = deque([refresh_token], maxlen=_REMEMBERED_REFRESH_TOKENS)

    def _key_material(self) -> tuple[str, ...]:
        # The refresh token names the user: two users of one client must not share a key.
        return (*super()._key_material(), fingerprint(self._initial_refresh_token))

    def fetch(self, previous: Token | None) -> Token:
        """Exchange the current refresh token; keep the new one if the server rotates it."""
        current = self._current(previous)
        return self._rotated(self._post(self._form(current), current))

    async def fetch_async(self, previous: Token | None) -> Token:
        """:meth:`fetch` under asyncio (over aiohttp)."""
        current = self._current(previous)
        return self._rotated(await self._post_async(self._form(current), current))

    def _current(self, previous: Token | None) -> str:
        """The newest refresh token known: the stored token's, else the last one issued."""
        if previous is not None and previous.refresh_token:
            return previous.refresh_token
        return self._refresh_token

    @staticmethod
    def _form(refresh_token: str) -> dict[str, str]:
        return {"grant_type": "refresh_token", "refresh_token": refresh_token}

    def _rotated(self, token: Token) -> Token:
        """Remember a rotated refresh token (and keep it for redaction)."""
        if token.refresh_token:
            self._refresh_token = token.refresh_token
            if token.refresh_token not in self._issued:
                self._issued.append(token.refresh_token)
        return token

    def secret_values(self) -> Sequence[str]:
        """The client secret and every refresh token this object has used."""
        return (*super().secret_values(), *self._issued)

    def __repr__(self) -> str:
        url = redact_url(self.token_url)
        return f"RefreshTokenGrant(token_url={url!r}, client_id={self.client_id!r})"
