"""Authentication for typelink clients.

Static schemes (:class:`BearerToken`, :class:`HeaderScheme`, :class:`APIKeyHeader`,
:class:`APIKeyQuery`, :class:`BasicAuth`, :class:`CallableAuth`) and expiring tokens
(:class:`ExpiringTokenAuth` with a :class:`TokenProvider` such as the OAuth 2.0
:class:`ClientCredentials` and :class:`RefreshTokenGrant` grants, kept in a
:class:`TokenStore`: memory, file, Redis or a Django cache). Every scheme implements
:class:`typelink.Auth`.
"""

from __future__ import annotations

from typelink.auth.django_store import DjangoCacheTokenStore
from typelink.auth.expiring import ExpiringTokenAuth, RefreshListener
from typelink.auth.oauth2 import (
    ClientAuthMethod,
    ClientCredentials,
    RefreshTokenGrant,
    parse_token_response,
)
from typelink.auth.redis_store import RedisTokenStore
from typelink.auth.static import (
    APIKeyHeader,
    APIKeyQuery,
    BasicAuth,
    BearerToken,
    CallableAuth,
    HeaderScheme,
)
from typelink.auth.stores import FileTokenStore, MemoryTokenStore
from typelink.policies.protocols import TokenStore
from typelink.policies.tokens import StoredToken, Token, TokenProvider

__all__ = [
    "APIKeyHeader",
    "APIKeyQuery",
    "BasicAuth",
    "BearerToken",
    "CallableAuth",
    "ClientAuthMethod",
    "ClientCredentials",
    "DjangoCacheTokenStore",
    "ExpiringTokenAuth",
    "FileTokenStore",
    "HeaderScheme",
    "MemoryTokenStore",
    "RedisTokenStore",
    "RefreshListener",
    "RefreshTokenGrant",
    "StoredToken",
    "Token",
    "TokenProvider",
    "TokenStore",
    "parse_token_response",
]
