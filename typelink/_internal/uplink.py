"""The one place typelink touches uplink.

uplink ships no type information, so its names are reached here as ``Any`` and the rest of
the package calls them through this module. This keeps mypy and pyright strict everywhere
else and shows at a glance which uplink machinery typelink reuses: its request builder and
argument annotations, to build each request from a declaration, and its converter registry.
Running the call (auth, retries, redirects...) is typelink's own pipeline, driven with
blocking or asynchronous I/O from one set of steps (uplink's execution would start a thread
per call under asyncio).

uplink is imported when the first declaration is compiled, not when typelink is: importing
it loads uplink's own converters (pydantic's v1 compatibility layer), asyncio and, when it
is installed, aiohttp, none of which typelink needs until a request is built. A program
that only imports typelink (a CLI answering ``--help``, a client whose declarations compile
on first use) never pays for them. Each name below is a function named after the uplink object it
calls, so call sites read as they would with uplink's own names.
"""

from __future__ import annotations

import importlib
from typing import Any

_loaded: dict[str, Any] = {}


def _uplink(module: str = "uplink") -> Any:
    """``uplink`` (or one of its modules), imported on first use (a request is built on
    every call, so later uses cost one dict lookup)."""
    found = _loaded.get(module)
    if found is None:
        found = _loaded[module] = importlib.import_module(module)
    return found


def PathArg(*args: Any, **kwargs: Any) -> Any:
    """``uplink.Path``."""
    return _uplink().Path(*args, **kwargs)


def QueryArg(*args: Any, **kwargs: Any) -> Any:
    """``uplink.Query``."""
    return _uplink().Query(*args, **kwargs)


def HeaderArg(*args: Any, **kwargs: Any) -> Any:
    """``uplink.Header``."""
    return _uplink().Header(*args, **kwargs)


def BodyArg(*args: Any, **kwargs: Any) -> Any:
    """``uplink.Body``."""
    return _uplink().Body(*args, **kwargs)


def FieldArg(*args: Any, **kwargs: Any) -> Any:
    """``uplink.Field``."""
    return _uplink().Field(*args, **kwargs)


def PartArg(*args: Any, **kwargs: Any) -> Any:
    """``uplink.Part``."""
    return _uplink().Part(*args, **kwargs)


def multipart(builder: Any) -> Any:
    """``uplink.multipart`` applied to a request definition builder."""
    return _uplink().multipart(builder)


def form_url_encoded(builder: Any) -> Any:
    """``uplink.form_url_encoded`` applied to a request definition builder."""
    return _uplink().form_url_encoded(builder)


def HttpMethod(*args: Any, **kwargs: Any) -> Any:
    """``uplink.commands.HttpMethod``."""
    return _uplink("uplink.commands").HttpMethod(*args, **kwargs)


def default_converter_factories() -> Any:
    """``uplink.converters.get_default_converter_factories()``."""
    return _uplink("uplink.converters").get_default_converter_factories()


def RequestBuilder(*args: Any, **kwargs: Any) -> Any:
    """``uplink.helpers.RequestBuilder``."""
    return _uplink("uplink.helpers").RequestBuilder(*args, **kwargs)


def URIBuilder(uri: str | None) -> Any:
    """``uplink.utils.URIBuilder``."""
    return _uplink("uplink.utils").URIBuilder(uri)


def request_builder_type() -> Any:
    """The class ``uplink.helpers.RequestBuilder`` (to subclass)."""
    return _uplink("uplink.helpers").RequestBuilder


def request_definition_type() -> Any:
    """The class ``uplink.commands.RequestDefinition`` (to tell its own methods apart)."""
    return _uplink("uplink.commands").RequestDefinition


def argument_handler_type() -> Any:
    """The class ``uplink.arguments.ArgumentAnnotationHandler`` (likewise)."""
    return _uplink("uplink.arguments").ArgumentAnnotationHandler


def argument_annotation_type() -> Any:
    """The class ``uplink.arguments.ArgumentAnnotation`` (likewise)."""
    return _uplink("uplink.arguments").ArgumentAnnotation


def encode_none_mixin_type() -> Any:
    """The class ``uplink.arguments.EncodeNoneMixin`` (likewise)."""
    return _uplink("uplink.arguments").EncodeNoneMixin
