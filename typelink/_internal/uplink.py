"""The one place typelink touches uplink.

uplink ships no type information, so its names are bound here as ``Any`` and the rest of the
package imports them from this module. This keeps mypy and pyright strict everywhere else and
shows at a glance which uplink machinery typelink reuses: its request builder and argument
annotations, to build each request from a declaration, and its converter registry. Running
the call (auth, retries, redirects...) is typelink's own pipeline, driven with blocking or
asynchronous I/O from one set of steps (uplink's execution would start a thread per call
under asyncio).
"""

from __future__ import annotations

import importlib
from typing import Any

_uplink: Any = importlib.import_module("uplink")
_commands: Any = importlib.import_module("uplink.commands")
_converters: Any = importlib.import_module("uplink.converters")
_helpers: Any = importlib.import_module("uplink.helpers")

PathArg: Any = _uplink.Path
QueryArg: Any = _uplink.Query
HeaderArg: Any = _uplink.Header
BodyArg: Any = _uplink.Body
FieldArg: Any = _uplink.Field
PartArg: Any = _uplink.Part
multipart: Any = _uplink.multipart
form_url_encoded: Any = _uplink.form_url_encoded
HttpMethod: Any = _commands.HttpMethod
default_converter_factories: Any = _converters.get_default_converter_factories
RequestBuilder: Any = _helpers.RequestBuilder
