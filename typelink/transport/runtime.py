"""What a consumer's calls run with: the configuration, the shared connection, a view's overrides.

A client and its resource groups share one :class:`Runtime`. ``with_options`` makes a new
runtime with the same :class:`ClientConfig` and the same :class:`Connection` (so the same
pool, trusted origins and closed state) and its own :class:`CallOverrides`; nothing is rebuilt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Generic, TypeVar

import requests

from typelink._internal.redact import sensitive_header_names
from typelink.declare.spec import EndpointSpec, Timeout
from typelink.policies.protocols import Auth
from typelink.policies.retry import RetryPolicy
from typelink.transport.config import ClientConfig
from typelink.transport.connection import Connection, SharedConnection

__all__ = ["CallOverrides", "Runtime"]


@dataclass(frozen=True, slots=True)
class CallOverrides:
    """Settings of a ``with_options`` view; they win over client, consumer and endpoint ones.

    ``retry`` replaces the policy; ``retries`` then sets its ``max_retries``; ``headers`` are
    added to every call's headers.
    """

    retry: RetryPolicy | None = None
    retries: int | None = None
    timeout: Timeout | None = None
    headers: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def __repr__(self) -> str:  # header values may be credentials: names only
        return (
            f"CallOverrides(retry={self.retry!r}, retries={self.retries!r}, "
            f"timeout={self.timeout!r}, headers={sorted(self.headers)})"
        )

    def then(self, later: CallOverrides) -> CallOverrides:
        """These overrides with ``later`` applied on top (a view of a view)."""
        return CallOverrides(
            retry=later.retry if later.retry is not None else self.retry,
            retries=later.retries if later.retries is not None else self.retries,
            timeout=later.timeout if later.timeout is not None else self.timeout,
            headers=MappingProxyType({**self.headers, **later.headers}),
        )


NO_OVERRIDES = CallOverrides()

ConnectionT = TypeVar("ConnectionT", bound=SharedConnection)


class Runtime(Generic[ConnectionT]):
    """A client's configuration and connection, as seen through one view.

    The read-only properties (``base_url``, ``auth``, ``retry``, ``headers``...) answer from
    the configuration, with the view's overrides applied where they change the answer.
    ``Runtime[Connection]`` is a blocking client's, ``Runtime[AsyncConnection]`` an async one's.
    """

    __slots__ = (
        "_header_secrets",
        "_headers",
        "_view_closed",
        "config",
        "connection",
        "is_view",
        "overrides",
    )

    def __init__(
        self,
        config: ClientConfig,
        connection: ConnectionT,
        overrides: CallOverrides = NO_OVERRIDES,
        *,
        is_view: bool = False,
    ) -> None:
        self.config = config
        self.connection = connection
        self.overrides = overrides
        self.is_view = is_view
        self._view_closed = False
        self._headers: Mapping[str, str] = (
            MappingProxyType({**config.headers, **overrides.headers})
            if overrides.headers
            else config.headers
        )
        self._header_secrets = self._sensitive_values()

    def view(self, overrides: CallOverrides) -> Runtime[ConnectionT]:
        """A runtime sharing this one's configuration and connection, with more overrides."""
        return Runtime(self.config, self.connection, self.overrides.then(overrides), is_view=True)

    # -- what calls read -----------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The client's base URL (ending with ``/``)."""
        return self.config.base_url

    @property
    def base_urls(self) -> Mapping[str, str]:
        """The named base URLs of groups living on other hosts."""
        return self.config.base_urls

    @property
    def auth(self) -> Auth | None:
        """The client's credential."""
        return self.config.auth

    @property
    def retry(self) -> RetryPolicy:
        """The client-wide retry policy (views and endpoints may override it per call)."""
        return self.config.retry

    @property
    def timeout(self) -> Timeout:
        """The client-wide timeout (views and endpoints may override it per call)."""
        return self.config.timeout

    @property
    def headers(self) -> Mapping[str, str]:
        """Headers of every call made through this view."""
        return self._headers

    @property
    def session(self: Runtime[Connection]) -> requests.Session:
        """The shared ``requests.Session`` (of a blocking client)."""
        return self.connection.session

    @property
    def closed(self) -> bool:
        """True once the client was closed (then for every view of it), or this view was."""
        return self.connection.closed or self._view_closed

    def close(self) -> None:
        """Close the client's connection; a view only stops its own calls (the client and
        its other views stay open)."""
        if self.is_view:
            self._view_closed = True
        else:
            self.connection.close()

    @property
    def secrets(self) -> tuple[str, ...]:
        """Current secret values of the credential (read each time: tokens rotate), and the
        values of this view's headers whose names are sensitive (``Authorization`` passed as
        a header, a ``sensitive_headers=`` name...), so an echo of them is redacted too."""
        auth = self.config.auth
        values = tuple(auth.secret_values()) if auth is not None else ()
        return values + self._header_secrets

    def _sensitive_values(self) -> tuple[str, ...]:
        sensitive = sensitive_header_names(self.config.sensitive_headers)
        found: list[str] = []
        for name, value in self._headers.items():
            if name.lower() in sensitive and value:
                found.append(value)
                scheme, _, credential = value.partition(" ")
                if credential and scheme.isalpha():
                    found.append(credential)  # "Bearer <token>": the token alone too
        return tuple(found)

    def max_response_size_for(self, spec: EndpointSpec) -> int | None:
        """The endpoint's ``max_response_size``, else the client's (None: no limit)."""
        if spec.options.max_response_size is not None:
            return spec.options.max_response_size
        return self.config.max_response_size

    def timeout_for(self, spec: EndpointSpec) -> Timeout:
        """The view's timeout, else the endpoint's, else the client's."""
        if self.overrides.timeout is not None:
            return self.overrides.timeout
        if spec.options.timeout is not None:
            return spec.options.timeout
        return self.config.timeout

    def retry_policy_for(
        self, spec: EndpointSpec, consumer_policy: RetryPolicy | None = None
    ) -> RetryPolicy:
        """Layering: client policy < consumer policy < endpoint policy < ``with_options``.

        ``consumer_policy`` is the ``retry_policy`` of the consumer class the endpoint was
        reached through.
        """
        policies: Sequence[RetryPolicy | None] = (
            consumer_policy,
            spec.options.retry,
            self.overrides.retry,
        )
        policy = self.config.retry
        for layer in policies:
            if layer is not None:
                policy = layer
        if self.overrides.retries is not None:
            policy = policy.replace(max_retries=self.overrides.retries)
        return policy

    def __repr__(self) -> str:
        state = " closed" if self.closed else ""
        return f"<Runtime {self.config.base_url}{state}>"
