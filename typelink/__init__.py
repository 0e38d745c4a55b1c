"""typelink: typed, declarative HTTP API clients on uplink and pydantic v2."""

from __future__ import annotations

from typelink._version import __version__
from typelink.consumer import Client, Consumer
from typelink.declare import delete, get, head, headers, patch, post, put
from typelink.endpoint import EndpointInfo
from typelink.errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    CredentialError,
    DeclarationError,
    InternalServerError,
    NotFoundError,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    ResponseValidationError,
    TypelinkError,
    UnprocessableEntityError,
)
from typelink.markers import Body, Form, Header, Part, Path, Query, form, header, part, path, query
from typelink.models import Model
from typelink.pagination import Page
from typelink.response import RawResponse
from typelink.retry import RetryPolicy

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "Body",
    "Client",
    "ConfigurationError",
    "ConflictError",
    "Consumer",
    "CredentialError",
    "DeclarationError",
    "EndpointInfo",
    "Form",
    "Header",
    "InternalServerError",
    "Model",
    "NotFoundError",
    "Page",
    "PaginationError",
    "Part",
    "Path",
    "PermissionDeniedError",
    "Query",
    "RateLimitError",
    "RawResponse",
    "ResponseValidationError",
    "RetryPolicy",
    "TypelinkError",
    "UnprocessableEntityError",
    "__version__",
    "delete",
    "form",
    "get",
    "head",
    "header",
    "headers",
    "part",
    "patch",
    "path",
    "post",
    "put",
    "query",
]
