"""The declaration decorators: ``get``, ``post``, ``put``, ``patch``, ``delete``, ``head``
and ``headers``.

Every HTTP decorator is the same factory, :func:`declare`, with the method filled in; each
keeps its own explicit keyword arguments so type checkers catch a misspelt option. They are
typed as returning the function unchanged, so mypy and pyright see each method's own
parameters and return type.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from typelink.declare.compiler import HEADERS_ATTRIBUTE, DeclaredMethod
from typelink.declare.spec import EndpointOptions, Timeout
from typelink.declare.styles import FormStyle
from typelink.errors import (
    APIStatusError,
    ConfigurationError,
    DeclarationError,
    check_error_classes,
)
from typelink.policies.cache import check_endpoint_option
from typelink.policies.paginators import Paginator
from typelink.policies.retry import RetryPolicy

__all__ = ["class_headers", "declare", "delete", "get", "head", "headers", "patch", "post", "put"]

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


ErrorClasses = Sequence[type[APIStatusError[Any]]]
"""An endpoint's own error classes (``errors=[CardError]``), tried before the consumer's
and the client's."""


def declare(http_method: str, path: str, options: EndpointOptions) -> Callable[[F], F]:
    """The decorator behind ``get``/``post``/...: the method becomes a :class:`DeclaredMethod`."""
    if options.cache is not None:
        check_endpoint_option(options.cache)
    try:
        check_error_classes(options.errors, f"@{http_method.lower()}({path!r}, errors=...)")
    except ConfigurationError as exc:
        raise DeclarationError(str(exc)) from None
    _check_size(options.max_response_size)

    def decorate(func: F) -> F:
        if isinstance(func, DeclaredMethod):
            raise DeclarationError(f"{func!r} is already declared as an endpoint")
        return typing.cast(F, DeclaredMethod(func, http_method, path, options))

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
    errors: ErrorClasses = (),
    max_response_size: int | None = None,
) -> Callable[[F], F]:
    """Declare a GET endpoint at the URI template ``path`` (relative to the base URL).

    ``paginate=`` picks the strategy of a ``Page[T]`` endpoint; ``cache=`` is a TTL in
    seconds (or True/False) for the client's response cache; ``errors=`` lists the
    endpoint's own error classes; ``max_response_size=`` is the largest decoded body in bytes
    this endpoint reads (default: the client's).
    """
    options = EndpointOptions(
        idempotent,
        retry,
        paginate,
        timeout,
        cache,
        errors=tuple(errors),
        max_response_size=max_response_size,
    )
    return declare("GET", path, options)


def head(
    path: str,
    *,
    idempotent: bool | None = None,
    retry: RetryPolicy | None = None,
    timeout: Timeout | None = None,
    errors: ErrorClasses = (),
    max_response_size: int | None = None,
) -> Callable[[F], F]:
    """Declare a HEAD endpoint."""
    options = EndpointOptions(
        idempotent,
        retry,
        timeout=timeout,
        errors=tuple(errors),
        max_response_size=max_response_size,
    )
    return declare("HEAD", path, options)


def post(
    path: str,
    *,
    idempotent: bool | None = None,
    retry: RetryPolicy | None = None,
    paginate: Paginator | None = None,
    timeout: Timeout | None = None,
    form_style: FormStyle | None = None,
    errors: ErrorClasses = (),
    max_response_size: int | None = None,
) -> Callable[[F], F]:
    """Declare a POST endpoint; ``idempotent=True`` lets the retry policy resend it.

    ``form_style=`` says how a form body writes nested objects and lists (else the
    client's ``form_style``).
    """
    return declare(
        "POST",
        path,
        _body_options(idempotent, retry, timeout, form_style, errors, max_response_size, paginate),
    )


def put(
    path: str,
    *,
    idempotent: bool | None = None,
    retry: RetryPolicy | None = None,
    timeout: Timeout | None = None,
    form_style: FormStyle | None = None,
    errors: ErrorClasses = (),
    max_response_size: int | None = None,
) -> Callable[[F], F]:
    """Declare a PUT endpoint."""
    return declare(
        "PUT",
        path,
        _body_options(idempotent, retry, timeout, form_style, errors, max_response_size),
    )


def patch(
    path: str,
    *,
    idempotent: bool | None = None,
    retry: RetryPolicy | None = None,
    timeout: Timeout | None = None,
    form_style: FormStyle | None = None,
    errors: ErrorClasses = (),
    max_response_size: int | None = None,
) -> Callable[[F], F]:
    """Declare a PATCH endpoint; ``idempotent=True`` lets the retry policy resend it."""
    return declare(
        "PATCH",
        path,
        _body_options(idempotent, retry, timeout, form_style, errors, max_response_size),
    )


def delete(
    path: str,
    *,
    idempotent: bool | None = None,
    retry: RetryPolicy | None = None,
    timeout: Timeout | None = None,
    form_style: FormStyle | None = None,
    errors: ErrorClasses = (),
    max_response_size: int | None = None,
) -> Callable[[F], F]:
    """Declare a DELETE endpoint."""
    return declare(
        "DELETE",
        path,
        _body_options(idempotent, retry, timeout, form_style, errors, max_response_size),
    )


def _body_options(
    idempotent: bool | None,
    retry: RetryPolicy | None,
    timeout: Timeout | None,
    form_style: FormStyle | None,
    errors: ErrorClasses,
    max_response_size: int | None,
    paginate: Paginator | None = None,
) -> EndpointOptions:
    return EndpointOptions(
        idempotent,
        retry,
        paginate,
        timeout,
        form_style=form_style,
        errors=tuple(errors),
        max_response_size=max_response_size,
    )


def headers(values: Mapping[str, str]) -> Callable[[T], T]:
    """Static headers for one method (put it under or over ``@get``) or a whole consumer class."""
    frozen = dict(values)

    def apply(target: T) -> T:
        if isinstance(target, DeclaredMethod):
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
