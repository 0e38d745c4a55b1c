"""The one place typelink touches uplink.

uplink ships no type information, so its names are bound here as ``Any`` and the rest of the
package imports them from this module. This keeps mypy and pyright strict everywhere else and
shows at a glance which uplink machinery typelink reuses: its request builder and argument
annotations (to build requests from declarations), its converter registry, and its request
execution with request templates and transitions (to run each call).
"""

from __future__ import annotations

import importlib
from typing import Any

_uplink: Any = importlib.import_module("uplink")
_commands: Any = importlib.import_module("uplink.commands")
_converters: Any = importlib.import_module("uplink.converters")
_helpers: Any = importlib.import_module("uplink.helpers")
_io: Any = importlib.import_module("uplink.clients.io")

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
RequestExecutionBuilder: Any = _io.RequestExecutionBuilder
transitions: Any = _io.transitions
