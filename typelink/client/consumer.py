"""Consumers (groups of declared endpoints) and the client root whose groups share one runtime.

A :class:`Consumer` subclass declares endpoints with ``@get``/``@post``/...; it can be used on
its own (``Issues(base_url=...)``) or as a resource group of a :class:`Client`, declared as an
annotated class attribute (``issues: Issues``). Every group of one client instance shares the
client's runtime: its configuration, connection (session, pool, trusted origins, closed
state) and hook chain.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from types import MappingProxyType, TracebackType
from typing import Any, ClassVar

from typing_extensions import Self, Unpack

from typelink import events
from typelink._internal.redact import track_credentials
from typelink.client.bound import BoundEndpoint
from typelink.client.groups import GroupRegistry
from typelink.declare.compiler import DeclaredMethod
from typelink.declare.decorators import class_headers
from typelink.declare.spec import EndpointInfo, Timeout
from typelink.errors import (
    APIStatusError,
    ConfigurationError,
    DeclarationError,
    check_error_classes,
)
from typelink.policies.protocols import Auth
from typelink.policies.retry import RetryPolicy
from typelink.transport.config import (
    ClientConfig,
    ClientOptions,
    ClientSettings,
    normalize_timeout,
    options_from_env,
)
from typelink.transport.connection import Connection
from typelink.transport.runtime import CallOverrides, Runtime

__all__ = ["Client", "ClientOptions", "ClientSettings", "Consumer"]


class Consumer:
    """Base class for a group of declared endpoints.

    Usable alone (``Issues(base_url="https://api.example.com")``) or as a resource group
    of a :class:`Client`. Groups may nest: a consumer's annotated ``Consumer`` attributes are
    groups too. Every keyword option is listed in :class:`typelink.transport.config.ClientConfig`.
    """

    base_url: ClassVar[str] = ""
    base_url_name: ClassVar[str | None] = None
    """Groups that live on another host (e.g. an uploads host) name it here; the client
    passes ``base_urls={"uploads": "https://uploads.example.com"}``."""
    retry_policy: ClassVar[RetryPolicy | None] = None
    error_classes: ClassVar[Sequence[type[APIStatusError[Any]]]] = ()
    """The API's own error classes for this consumer's endpoints (tried after an endpoint's
    ``errors=`` and before the client's). On the class a client is built from, they serve
    every call of that client, its groups' included (after its ``errors=`` option)."""
    defer_compile: ClassVar[bool] = False
    """Compile the declarations on first use instead of at class creation.

    For large clients whose annotations name lazily imported models (the GitHub client):
    importing them then resolves no annotation and loads no model. A broken declaration is
    reported on first use instead of at import, so test every endpoint of such a class
    (``DeclaredMethod.spec`` compiles one).
    """
    _typelink_runtime: Runtime

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        try:
            check_error_classes(cls.error_classes, f"{cls.__name__}.error_classes")
        except ConfigurationError as exc:
            raise DeclarationError(str(exc)) from None
        _GROUPS.register(cls)
        if cls.defer_compile:
            return
        for value in list(vars(cls).values()):
            if isinstance(value, DeclaredMethod):
                value.compile_now()

    def __init__(
        self,
        base_url: str | None = None,
        *,
        auth: Auth | None = None,
        base_urls: Mapping[str, str] | None = None,
        **settings: Unpack[ClientSettings],
    ) -> None:
        """Configure the client (see :class:`ClientConfig` for every option)."""
        url = base_url if base_url is not None else type(self).base_url
        if not url:
            raise ConfigurationError(
                f"{type(self).__name__}: no base_url (pass one or set the class attribute)"
            )
        if type(self).error_classes:  # a client's own classes serve every group's calls
            settings["errors"] = (*(settings.get("errors") or ()), *type(self).error_classes)
        config = ClientConfig.from_options(url, base_urls=base_urls, auth=auth, **settings)
        connection = Connection(config)
        if auth is not None:
            watch_credential(auth, config.listeners, connection)
        self._typelink_attach(Runtime(config, connection))

    @classmethod
    def _typelink_from_runtime(cls, runtime: Runtime) -> Self:
        obj = cls.__new__(cls)
        obj._typelink_attach(runtime)
        return obj

    def _typelink_attach(self, runtime: Runtime) -> None:
        self._typelink_runtime = runtime
        for name, group in _GROUPS.groups_of(type(self)).items():
            object.__setattr__(self, name, group._typelink_from_runtime(runtime))

    def _typelink_bind_endpoint(self, endpoint: DeclaredMethod) -> BoundEndpoint:
        runtime = self._typelink_runtime
        spec = endpoint.spec
        headers = {**runtime.headers, **class_headers(type(self)), **spec.method_headers}
        # The policy of the class this endpoint is reached through (a subclass overriding
        # ``retry_policy`` applies to the endpoints it inherits).
        base_url = runtime.config.base_url_for(type(self))
        cls = type(self)
        errors = tuple(cls.error_classes)
        return BoundEndpoint(spec, runtime, headers, base_url, cls.retry_policy, errors)

    # -- configuration views ----------------------------------------------------------

    @property
    def runtime(self) -> Runtime:
        """The shared configuration and connection behind this consumer."""
        return self._typelink_runtime

    def with_options(
        self,
        *,
        retries: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: Timeout | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Self:
        """A view of this consumer whose calls use these settings.

        The view shares the client's connection (pool, trusted origins, closed state): once
        the client is closed, its views send nothing either.
        """
        if retries is not None and retries < 0:
            raise ConfigurationError(f"retries must be >= 0, got {retries}")
        overrides = CallOverrides(
            retry=retry,
            retries=retries,
            timeout=normalize_timeout(timeout) if timeout is not None else None,
            headers=MappingProxyType(dict(headers or {})),
        )
        return type(self)._typelink_from_runtime(self._typelink_runtime.view(overrides))

    @classmethod
    def from_env(cls, prefix: str = "TYPELINK", **overrides: Any) -> Self:
        """Build from ``{PREFIX}_BASE_URL``, ``_TOKEN``, ``_TIMEOUT``, ``_VERIFY``, ``_CERT``,
        ``_PROXY``, ``_USER_AGENT`` and ``_HEADERS`` (a JSON object); keyword arguments win."""
        options = options_from_env(prefix, os.environ)
        options.update(overrides)
        return cls(**options)

    # -- lifecycle --------------------------------------------------------------------

    def close(self) -> None:
        """Release the connection pool (a session you passed in is left open). Closing a
        ``with_options`` view stops only that view's calls."""
        self._typelink_runtime.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._typelink_runtime.base_url}>"


_GROUPS: GroupRegistry[Consumer] = GroupRegistry()
"""Every live Consumer subclass, to find resource groups by their annotations."""


def watch_credential(
    auth: Auth, listeners: tuple[events.Listener, ...], connection: Connection
) -> None:
    """Register a client's credential: its secrets for the cassette scrubber (for as long as
    the client's connection lives), and its own refresh reports (an expiring token renewed
    ahead of expiry) as ``CredentialRefreshed``."""
    track_credentials(auth, owner=connection)
    add_listener = getattr(auth, "add_refresh_listener", None)
    if not callable(add_listener):
        return

    def report(reason: str, endpoint: EndpointInfo | None) -> None:
        if endpoint is not None and (listeners or events.has_global_listeners()):
            events.emit(events.CredentialRefreshed(endpoint, reason), listeners)

    add_listener(report)


"""Every live Consumer subclass, to find resource groups by their annotations."""


class Client(Consumer):
    """The root of an API client: ``base_url`` plus annotated resource groups.

    ```python
    class Tracker(Client):
        base_url = "https://api.example.com"
        issues: Issues
    ```
    """
