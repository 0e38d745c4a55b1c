"""What blocking and async consumers share: options, resource groups, views, declarations.

:class:`ConsumerBase` holds everything that does not depend on how calls wait: validating
the options into one :class:`ClientConfig`, attaching resource groups to one runtime,
``with_options`` views, ``from_env``, and checking declarations when a class is created.
:class:`typelink.Consumer` and :class:`typelink.AsyncConsumer` add only their connection,
their bound endpoint and their lifecycle (``with`` / ``async with``).
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, ClassVar, get_origin

from typing_extensions import Self, Unpack

from typelink import events
from typelink._internal.redact import track_credentials
from typelink.client.groups import GroupRegistry
from typelink.declare.async_page import AsyncPage
from typelink.declare.compiler import DeclaredMethod
from typelink.declare.decorators import class_headers
from typelink.declare.page import Page
from typelink.declare.spec import EndpointInfo, EndpointSpec, Timeout
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
    ClientSettings,
    normalize_timeout,
    options_from_env,
)
from typelink.transport.runtime import CallOverrides, Runtime

__all__ = ["ConsumerBase", "EndpointSettings", "watch_credential"]

EndpointSettings = tuple[
    EndpointSpec,
    Runtime[Any],
    dict[str, str],
    str,
    "RetryPolicy | None",
    tuple[type[APIStatusError[Any]], ...],
]
"""What a bound endpoint is built from (see :meth:`ConsumerBase._typelink_endpoint_settings`)."""


class ConsumerBase:
    """The machinery every consumer class has; subclass :class:`typelink.Consumer` or
    :class:`typelink.AsyncConsumer`, never this."""

    base_url: ClassVar[str] = ""
    base_url_name: ClassVar[str | None] = None
    """Groups that live on another host (e.g. an uploads host) name it here; the client
    passes ``base_urls={"uploads": "https://uploads.example.com"}``."""
    retry_policy: ClassVar[RetryPolicy | None] = None
    error_classes: ClassVar[Sequence[type[APIStatusError[Any]]]] = ()
    """The API's own error classes for this consumer's endpoints (tried after an endpoint's
    ``errors=`` and before the client's). On the class a client is built from, they serve
    every call of that client, its groups' included (after its ``errors=`` option)."""
    typelink_async: ClassVar[bool] = False
    """True for async consumers (their methods are ``async def``)."""
    defer_compile: ClassVar[bool] = False
    """Compile the declarations on first use instead of at class creation.

    For large clients whose annotations name lazily imported models (the GitHub client):
    importing them then resolves no annotation and loads no model. A broken declaration is
    reported on first use instead of at import, so test every endpoint of such a class
    (``DeclaredMethod.spec`` compiles one).
    """
    _typelink_runtime: Runtime[Any]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        try:
            check_error_classes(cls.error_classes, f"{cls.__name__}.error_classes")
        except ConfigurationError as exc:
            raise DeclarationError(str(exc)) from None
        for value in list(vars(cls).values()):
            if isinstance(value, DeclaredMethod):
                _check_async_def(cls, value)
                if cls.defer_compile:
                    continue  # the page flavour is checked when the endpoint is bound
                value.compile_now()
                if value.compiled is not None:
                    check_page_flavor(cls, value.compiled)
        _GROUPS.register(cls)

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
        connection = self._typelink_connect(config)
        runtime = Runtime(config, connection)
        if auth is not None:
            watch_credential(auth, config.listeners, connection)
        self._typelink_attach(runtime)

    def _typelink_connect(self, config: ClientConfig) -> Any:
        """The connection this flavour of client sends through."""
        raise NotImplementedError

    @classmethod
    def _typelink_from_runtime(cls, runtime: Runtime[Any]) -> Self:
        obj = cls.__new__(cls)
        obj._typelink_attach(runtime)
        return obj

    def _typelink_attach(self, runtime: Runtime[Any]) -> None:
        self._typelink_runtime = runtime
        cls = type(self)
        for name, group in _GROUPS.groups_of(cls).items():
            if group.typelink_async is not cls.typelink_async:
                raise DeclarationError(_mixed_groups(cls, name, group))
            object.__setattr__(self, name, group._typelink_from_runtime(runtime))

    def _typelink_endpoint_settings(self, endpoint: DeclaredMethod) -> EndpointSettings:
        """What an endpoint of this class is bound with: spec, runtime, headers, base URL,
        and the retry policy and error classes of the class it is reached through (a
        subclass overriding ``retry_policy`` applies to the endpoints it inherits)."""
        runtime = self._typelink_runtime
        cls = type(self)
        spec = endpoint.spec
        check_page_flavor(cls, spec)
        headers = {**runtime.headers, **class_headers(cls), **spec.method_headers}
        base_url = runtime.config.base_url_for(cls)
        return spec, runtime, headers, base_url, cls.retry_policy, tuple(cls.error_classes)

    @property
    def runtime(self) -> Runtime[Any]:
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

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._typelink_runtime.base_url}>"


_GROUPS: GroupRegistry[ConsumerBase] = GroupRegistry()
"""Every live consumer class (blocking and async), to find resource groups by annotation."""


def _flavour(cls: type[ConsumerBase]) -> str:
    return "AsyncConsumer" if cls.typelink_async else "Consumer"


def _mixed_groups(cls: type[ConsumerBase], name: str, group: type[ConsumerBase]) -> str:
    return (
        f"{cls.__name__} is a {_flavour(cls)} but its group {name!r} is a {_flavour(group)} "
        f"({group.__name__}); one client is either all blocking or all async: derive "
        f"{group.__name__} from typelink.{_flavour(cls)}"
    )


def _check_async_def(cls: type[ConsumerBase], method: DeclaredMethod) -> None:
    """A blocking consumer declares ``def`` methods, an async one ``async def``."""
    if inspect.iscoroutinefunction(method.func) is cls.typelink_async:
        return
    if cls.typelink_async:
        raise DeclarationError(
            f"{cls.__name__}.{method.name}: an AsyncConsumer's methods are `async def` "
            "(so type checkers see each call as an awaitable)"
        )
    raise DeclarationError(
        f"{cls.__name__}.{method.name} is `async def`: declare it on a typelink.AsyncConsumer "
        "(a blocking Consumer would return the value, not an awaitable)"
    )


def check_page_flavor(cls: type[ConsumerBase], spec: EndpointSpec) -> None:
    """``Page[T]`` belongs to blocking consumers and ``AsyncPage[T]`` to async ones."""
    origin = get_origin(spec.response_type)
    if cls.typelink_async and origin is Page:
        raise DeclarationError(
            f"{spec.info.qualname}: an async endpoint returns AsyncPage[...] (iterated with "
            "`async for`), not Page[...]"
        )
    if not cls.typelink_async and origin is AsyncPage:
        raise DeclarationError(
            f"{spec.info.qualname}: AsyncPage[...] is for AsyncConsumer endpoints; a blocking "
            "endpoint returns Page[...]"
        )


def watch_credential(
    auth: Auth, listeners: tuple[events.Listener, ...], connection: object
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
