"""The declaration decorators: ``get``, ``post``, ``put``, ``patch``, ``delete``, ``head``
and ``headers``.

Every HTTP decorator is the same factory, :func:`declare`, with the method filled in; each
keeps its own explicit keyword arguments so type checkers catch a misspelt option. They are
typed as returning the function unchanged, so mypy and pyright see each method's own
parameters and return type.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from typelink.declare.compiler import HEADERS_ATTRIBUTE, Endpoint
from typelink.declare.spec import EndpointOptions, Timeout
from typelink.errors import DeclarationError
from typelink.policies.cache import check_endpoint_option
from typelink.policies.paginators import Paginator
from typelink.policies.retry import RetryPolicy

__all__ = ["class_headers", "declare", "delete", "get", "head", "headers", "patch", "post", "put"]

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


def declare(http_method: str, path: str, options: EndpointOptions) -> Callable[[F], F]:
    """The decorator behind ``get``/``post``/...: turns the method into an :class:`Endpoint`."""
    if options.cache is not None:
        check_endpoint_option(options.cache)
    _check_size(options.max_response_size)

    def decorate(func: F) -> F:
        if isinstance(func, Endpoint):
            raise DeclarationError(f"{func!r} is already declared as an endpoint")
        return typing.cast(F, Endpoint(func, http_method, path, options))

    return decorate


def _check_size(size: object) -> None:
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 1):
        raise DeclarationError(
            f"max_response_size must be a positive number of bytes, got {size!r}"
        )


def get(
    path: str,
    *,
    idempotent: bool | None = None,
    retry: RetryPolicy | None = None,
    paginate: Paginator | None = None,
    timeout: Timeout | None = None,
    cache: bool | float | None = None,
    max_response_size: int | None = None,
) -> Callable[[F], F]:
    """Declare a GET endpoint at the URI template ``path`` (relative to the base URL).

    ``paginate=`` picks the strategy of a ``Page[T]`` endpoint; ``cache=`` is a TTL in
    seconds (or True/False) for the client's response cache; ``max_response_size=`` the
    largest decoded body in bytes this endpoint reads (default: the client's).
    """
    options = EndpointOptions(idempotent, retry, paginate, timeout, cache, max_response_size)
    return declare("GET", path, options)


def head(
    path: str,
    *,
    idempotent: bool | None = None,
    retry: RetryPolicy | None = None,
    timeout: Timeout | None = None,
    max_response_size: int | None = None,
) -> Callable[[F], F]:
    """Declare a HEAD endpoint."""
    options = EndpointOptions(
        idempotent, retry, timeout=timeout, max_response_size=max_response_size
    )
    return declare("HEAD", path, options)


def post(
    path: str,
    *,
    idempotent: bool | None = None,
    retry: RetryPolicy | None = None,
    paginate: Paginator | None = None,
    timeout: Timeout | None = None,
    max_response_size: int | None = None,
) -> Callable[[F], F]:
    """Declare a POST endpoint; ``idempotent=True`` lets the retry policy resend it."""
    options = EndpointOptions(idempotent, retry, paginate, timeout, None, max_response_size)
    return declare("POST", path, options)


def put(
    path: str,
    *,
    idempotent: bool | None = None,
    retry: RetryPolicy | None = None,
    timeout: Timeout | None = None,
    max_response_size: int | None = None,
) -> Callable[[F], F]:
    """Declare a PUT endpoint."""
    options = EndpointOptions(
        idempotent, retry, timeout=timeout, max_response_size=max_response_size
    )
    return declare("PUT", path, options)


def patch(
    path: str,
    *,
    idempotent: bool | None = None,
    retry: RetryPolicy | None = None,
    timeout: Timeout | None = None,
    max_response_size: int | None = None,
) -> Callable[[F], F]:
    """Declare a PATCH endpoint; ``idempotent=True`` lets the retry policy resend it."""
    options = EndpointOptions(
        idempotent, retry, timeout=timeout, max_response_size=max_response_size
    )
    return declare("PATCH", path, options)


def delete(
    path: str,
    *,
    idempotent: bool | None = None,
    retry: RetryPolicy | None = None,
    timeout: Timeout | None = None,
    max_response_size: int | None = None,
) -> Callable[[F], F]:
    """Declare a DELETE endpoint."""
    options = EndpointOptions(
        idempotent, retry, timeout=timeout, max_response_size=max_response_size
    )
    return declare("DELETE", path, options)


def headers(values: Mapping[str, str]) -> Callable[[T], T]:
    """Static headers for one method (put it under or over ``@get``) or a whole consumer class."""
    frozen = dict(values)

    def apply(target: T) -> T:
        if isinstance(target, Endpoint):
            target.add_headers(frozen)
            return target
        if isinstance(target, type):
            current = dict(target.__dict__.get(HEADERS_ATTRIBUTE, {}))
            current.update(frozen)
            setattr(target, HEADERS_ATTRIBUTE, current)
            return target
        if callable(target):
            current = dict(getattr(target, HEADERS_ATTRIBUTE, {}))
            current.update(frozen)
            setattr(target, HEADERS_ATTRIBUTE, current)
            return target
        raise DeclarationError(f"headers() cannot decorate {target!r}")

    return apply


def class_headers(cls: type) -> dict[str, str]:
    """Headers set with ``@headers`` on ``cls`` and its bases (bases first)."""
    result: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        result.update(klass.__dict__.get(HEADERS_ATTRIBUTE, {}))
    return result
