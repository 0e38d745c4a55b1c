"""Consumers (groups of declared endpoints) and the client root that shares one runtime.

A :class:`Consumer` subclass declares endpoints with ``@get``/``@post``/...; it can be used on
its own (``Issues(base_url=...)``) or as a resource group of a :class:`Client`, declared as an
annotated class attribute (``issues: Issues``). Every group of one client instance shares the
client's session, configuration and hook chain.
"""

from __future__ import annotations

import inspect
import itertools
import json
import os
import random
import time
import typing
import weakref
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, ClassVar, TypedDict

import pydantic
import requests
from typing_extensions import Self

from typelink import events
from typelink._internal import uplink as _uplink
from typelink.declare.compiler import Endpoint, EndpointSpec, class_headers
from typelink.errors import ConfigurationError, InvalidArgumentError, TypelinkError
from typelink.pipeline.call import CallPipeline
from typelink.policies.cache import Cache, client_cache
from typelink.policies.paginators import Paginator
from typelink.policies.protocols import Auth, RateLimiter
from typelink.policies.retry import RetryPolicy
from typelink.transport.config import (
    DEFAULT_REQUEST_ID_HEADERS,
    DEFAULT_TIMEOUT,
    Runtime,
    default_headers,
    normalize_timeout,
    split_listeners,
)


class ClientSettings(TypedDict, total=False):
    """The keyword options of :class:`Consumer` other than ``auth`` and ``base_urls``.

    For wrappers that pass options through and still want type checkers to catch a misspelt
    one: ``def __init__(self, token: str, **options: Unpack[ClientSettings])``.
    """

    session: requests.Session | None
    timeout: float | tuple[float, float]
    verify: bool | str
    cert: str | tuple[str, str] | None
    proxies: Mapping[str, str] | None
    headers: Mapping[str, str] | None
    user_agent: str | None
    retry: RetryPolicy | None
    rate_limiter: RateLimiter | None
    error_model: type[pydantic.BaseModel] | None
    request_id_header: str | Sequence[str] | None
    listeners: Sequence[events.Listener] | None
    paginate: Paginator | None
    cache: Cache | bool | None
    clock: Callable[[], float]
    wall_clock: Callable[[], float]
    sleep: Callable[[float], None]
    rand: Callable[[], float]


class ClientOptions(ClientSettings, total=False):
    """:class:`ClientSettings` plus ``auth``."""

    auth: Auth | None


class BoundEndpoint:
    """A declared method bound to a runtime: calling it runs the whole pipeline once."""

    __slots__ = (
        "__name__",
        "_base_url",
        "_consumer_policy",
        "_headers",
        "_runtime",
        "_spec",
        "_transport",
    )

    def __init__(
        self,
        spec: EndpointSpec,
        runtime: Runtime,
        headers: dict[str, str],
        base_url: str,
        consumer_policy: RetryPolicy | None = None,
    ) -> None:
        self._spec = spec
        self._runtime = runtime
        self._transport = runtime.transport
        self._headers = headers
        self._base_url = base_url
        self._consumer_policy = consumer_policy
        self.__name__ = spec.info.name

    @property
    def spec(self) -> EndpointSpec:
        """The compiled declaration."""
        return self._spec

    @property
    def runtime(self) -> Runtime:
        """The client configuration this endpoint is bound to (used by pagination)."""
        return self._runtime

    @property
    def base_url(self) -> str:
        """The base URL this endpoint's requests go to (its group's named one, if any)."""
        return self._base_url

    def build(self, *args: Any, **kwargs: Any) -> tuple[str, str, Any]:
        """The uplink request tuple for these arguments (no hooks applied)."""
        spec = self._spec
        builder = _uplink.RequestBuilder(self._transport, spec.converter_registry, self._base_url)
        try:
            spec.definition.define_request(builder, args, kwargs)
        except (TypeError, TypelinkError) as exc:
            if isinstance(exc, TypeError) and not isinstance(exc, TypelinkError):
                raise TypeError(f"{spec.info.qualname}(): {exc}") from None
            raise
        except Exception as exc:
            raise InvalidArgumentError(f"{spec.info.qualname}(): {exc}") from exc
        request: tuple[str, str, Any] = (builder.method, builder.url, builder.info)
        return request

    def execute(self, request: tuple[str, str, Any], spec: EndpointSpec | None = None) -> Any:
        """Run the pipeline for an already-built request tuple."""
        pipeline = CallPipeline(
            spec or self._spec, self._runtime, self._headers, self._consumer_policy
        )
        transport = self._transport
        execution = (
            _uplink.RequestExecutionBuilder()
            .with_client(transport)
            .with_io(transport.io())
            .with_template(pipeline)
            .build()
        )
        return execution.start(request)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._runtime.closed:
            raise ConfigurationError(f"{self._spec.info.qualname}: the client is closed")
        request = self.build(*args, **kwargs)
        if self._spec.page_item_type is not None:
            from typelink.pagination.executor import start_pages

            return start_pages(self, request)
        return self.execute(request)

    def __repr__(self) -> str:
        info = self._spec.info
        return f"<bound endpoint {info.qualname}: {info.http_method} {info.path}>"


_CONSUMER_CLASSES: weakref.WeakSet[type[Consumer]] = weakref.WeakSet()
_DECLARATION_ORDER = itertools.count(1)
"""Every Consumer subclass alive, to resolve group annotations of classes declared in a
function body (their names are in no module's globals)."""


def _scope(klass: type) -> str:
    return klass.__qualname__.rpartition(".")[0]


def _declared(klass: type) -> int:
    order: int = getattr(klass, "_typelink_declared", 0)
    return order


def _consumers_for(owner: type) -> dict[str, type[Consumer]]:
    """Live consumers by name, as the name stood when ``owner`` was declared.

    Among classes of ``owner``'s own scope (same module and qualified-name prefix), the last
    one declared before ``owner`` wins, as Python's own name lookup would have found it;
    otherwise a name counts only if a single live consumer has it.
    """
    found: dict[str, list[type[Consumer]]] = {}
    for klass in list(_CONSUMER_CLASSES):
        found.setdefault(klass.__name__, []).append(klass)
    resolved: dict[str, type[Consumer]] = {}
    for name, classes in found.items():
        near = [
            k
            for k in classes
            if k.__module__ == owner.__module__
            and _scope(k) == _scope(owner)
            and _declared(k) < _declared(owner)
        ]
        if near:
            resolved[name] = max(near, key=_declared)
        elif len(classes) == 1:
            resolved[name] = classes[0]
    return resolved


def _hints(klass: type) -> dict[str, Any]:
    try:
        return typing.get_type_hints(klass)
    except NameError:
        # Declared inside a function: resolve the missing names among the live consumers,
        # only after the module's own names failed (so those always win).
        return typing.get_type_hints(klass, localns=_consumers_for(klass))


def _group_types(cls: type) -> dict[str, type[Consumer]]:
    """Annotated class attributes whose type is a Consumer subclass (resource groups)."""
    cached: dict[str, type[Consumer]] | None = cls.__dict__.get("_typelink_groups")
    if cached is not None:
        return cached
    groups: dict[str, type[Consumer]] = {}
    for klass in reversed(cls.__mro__):
        if "__annotations__" not in klass.__dict__:
            continue
        try:
            hints = _hints(klass)
        except NameError as exc:
            raise ConfigurationError(
                f"{cls.__name__}: cannot resolve a group annotation: {exc} (declare the group "
                "class at module level, or in the same function as the client)"
            ) from None
        for name in inspect.get_annotations(klass):
            hint = hints.get(name)
            if isinstance(hint, type) and issubclass(hint, Consumer):
                groups[name] = hint
    type.__setattr__(cls, "_typelink_groups", groups)
    return groups


class Consumer:
    """Base class for a group of declared endpoints.

    Usable alone (``Issues(base_url="https://api.example.com")``) or as a resource group
    of a :class:`Client`. Groups may nest: a consumer's annotated ``Consumer`` attributes are
    groups too.
    """

    base_url: ClassVar[str] = ""
    base_url_name: ClassVar[str | None] = None
    """Groups that live on another host (e.g. an uploads host) name it here; the client
    passes ``base_urls={"uploads": "https://uploads.example.com"}``."""
    retry_policy: ClassVar[RetryPolicy | None] = None
    _typelink_runtime: Runtime
    _typelink_declared: ClassVar[int] = 0

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._typelink_declared = next(_DECLARATION_ORDER)
        _CONSUMER_CLASSES.add(cls)
        for value in list(vars(cls).values()):
            if isinstance(value, Endpoint):
                value.compile_now()

    def __init__(
        self,
        base_url: str | None = None,
        *,
        auth: Auth | None = None,
        session: requests.Session | None = None,
        timeout: float | tuple[float, float] = DEFAULT_TIMEOUT,
        verify: bool | str = True,
        cert: str | tuple[str, str] | None = None,
        proxies: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        user_agent: str | None = None,
        retry: RetryPolicy | None = None,
        rate_limiter: RateLimiter | None = None,
        error_model: type[pydantic.BaseModel] | None = None,
        request_id_header: str | Sequence[str] | None = None,
        listeners: Sequence[events.Listener] | None = None,
        paginate: Paginator | None = None,
        cache: Cache | bool | None = None,
        base_urls: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        rand: Callable[[], float] = random.random,
    ) -> None:
        """Configure the client; ``clock``, ``wall_clock``, ``sleep`` and ``rand`` exist so
        tests can prove waits and backoff without waiting."""
        url = base_url if base_url is not None else type(self).base_url
        if not url:
            raise ConfigurationError(
                f"{type(self).__name__}: no base_url (pass one or set the class attribute)"
            )
        if isinstance(request_id_header, str):
            id_headers: tuple[str, ...] = (request_id_header,)
        elif request_id_header is None:
            id_headers = DEFAULT_REQUEST_ID_HEADERS
        else:
            id_headers = tuple(request_id_header)
        runtime = Runtime(
            base_url=url,
            session=session if session is not None else requests.Session(),
            owns_session=session is None,
            timeout=normalize_timeout(timeout),
            verify=verify,
            cert=cert,
            proxies=dict(proxies) if proxies else None,
            headers=default_headers(user_agent, headers),
            auth=auth,
            retry=retry if retry is not None else RetryPolicy(),
            limiter=rate_limiter,
            error_model=error_model,
            request_id_headers=id_headers,
            listeners=split_listeners(listeners),
            paginate=paginate,
            cache=client_cache(cache),
            base_urls=dict(base_urls or {}),
            clock=clock,
            wall_clock=wall_clock,
            sleep=sleep,
            rand=rand,
        )
        self._typelink_attach(runtime)

    @classmethod
    def _typelink_from_runtime(cls, runtime: Runtime) -> Self:
        obj = cls.__new__(cls)
        obj._typelink_attach(runtime)
        return obj

    def _typelink_attach(self, runtime: Runtime) -> None:
        self._typelink_runtime = runtime
        for name, group in _group_types(type(self)).items():
            object.__setattr__(self, name, group._typelink_from_runtime(runtime))

    def _typelink_bind_endpoint(self, endpoint: Endpoint) -> BoundEndpoint:
        runtime = self._typelink_runtime
        spec = endpoint.spec
        merged = dict(runtime.headers)
        merged.update(class_headers(type(self)))
        merged.update(spec.method_headers)
        # The policy of the class this endpoint is reached through (a subclass overriding
        # ``retry_policy`` applies to the endpoints it inherits).
        return BoundEndpoint(
            spec, runtime, merged, runtime.base_url_for(type(self)), type(self).retry_policy
        )

    # -- configuration views ----------------------------------------------------------

    @property
    def runtime(self) -> Runtime:
        """The shared configuration (session, auth, policies) behind this consumer."""
        return self._typelink_runtime

    def with_options(
        self,
        *,
        retries: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: float | tuple[float, float] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Self:
        """A view of this consumer whose calls use these settings (the session is shared)."""
        runtime = self._typelink_runtime
        changes: dict[str, Any] = {}
        overrides = dict(runtime.call_retry_overrides)
        if retry is not None:
            changes["call_retry"] = retry
        if retries is not None:
            if retries < 0:
                raise ConfigurationError(f"retries must be >= 0, got {retries}")
            overrides["max_retries"] = retries
        changes["call_retry_overrides"] = overrides
        if timeout is not None:
            changes["call_timeout"] = normalize_timeout(timeout)
        if headers:
            changes["headers"] = {**runtime.headers, **headers}
        changes["extras"] = dict(runtime.extras)
        return type(self)._typelink_from_runtime(runtime.derive(**changes))

    @classmethod
    def from_env(cls, prefix: str = "TYPELINK", **overrides: Any) -> Self:
        """Build from ``{PREFIX}_BASE_URL``, ``_TOKEN``, ``_TIMEOUT``, ``_VERIFY``, ``_CERT``,
        ``_PROXY``, ``_USER_AGENT`` and ``_HEADERS`` (a JSON object); keyword arguments win."""
        options = options_from_env(prefix, os.environ)
        options.update(overrides)
        return cls(**options)

    # -- lifecycle --------------------------------------------------------------------

    def close(self) -> None:
        """Release the connection pool (a session you passed in is left open)."""
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


class Client(Consumer):
    """The root of an API client: ``base_url`` plus annotated resource groups.

    ```python
    class Tracker(Client):
        base_url = "https://api.example.com"
        issues: Issues
    ```
    """


def _env_bool_or_path(name: str, value: str) -> bool | str:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    if os.path.exists(value):
        return value
    raise ConfigurationError(f"{name}: expected true/false or a CA bundle path, got {value!r}")


def _env_timeout(name: str, value: str) -> float | tuple[float, float]:
    parts = [p.strip() for p in value.split(",")]
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise ConfigurationError(
            f"{name}: expected seconds or 'connect,read' seconds, got {value!r}"
        ) from None
    if len(numbers) == 1:
        return normalize_timeout(numbers[0], name)
    if len(numbers) == 2:
        return normalize_timeout((numbers[0], numbers[1]), name)
    raise ConfigurationError(f"{name}: expected seconds or 'connect,read' seconds, got {value!r}")


def options_from_env(prefix: str, environ: Mapping[str, str]) -> dict[str, Any]:
    """Client options read from ``{prefix}_*`` variables; invalid values name the variable."""
    options: dict[str, Any] = {}

    def var(suffix: str) -> tuple[str, str | None]:
        name = f"{prefix}_{suffix}"
        value = environ.get(name)
        return name, (value if value not in (None, "") else None)

    name, value = var("BASE_URL")
    if value is not None:
        options["base_url"] = value
    name, value = var("TOKEN")
    if value is not None:
        from typelink.auth import BearerToken

        options["auth"] = BearerToken(value)
    name, value = var("TIMEOUT")
    if value is not None:
        options["timeout"] = _env_timeout(name, value)
    name, value = var("VERIFY")
    if value is not None:
        options["verify"] = _env_bool_or_path(name, value)
    name, value = var("CERT")
    if value is not None:
        options["cert"] = value
    name, value = var("PROXY")
    if value is not None:
        options["proxies"] = {"http": value, "https": value}
    name, value = var("USER_AGENT")
    if value is not None:
        options["user_agent"] = value
    name, value = var("HEADERS")
    if value is not None:
        try:
            parsed = json.loads(value)
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in parsed.items()
        ):
            raise ConfigurationError(f"{name}: expected a JSON object of strings") from None
        options["headers"] = parsed
    return options
