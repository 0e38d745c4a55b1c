"""typelink's logger, and ``TYPELINK_LOG=debug|info|warning`` to turn it on without code."""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, TextIO

logger = logging.getLogger("typelink")

if TYPE_CHECKING:
    _StderrHandler = logging.StreamHandler[TextIO]
else:
    _StderrHandler = logging.StreamHandler


class EnvLogHandler(_StderrHandler):
    """The stderr handler that ``TYPELINK_LOG`` installs (recognised so it is added once)."""


def _configure_logging_from_env() -> None:
    """``TYPELINK_LOG=debug|info|warning`` turns typelink's logging on without code."""
    level_name = os.environ.get("TYPELINK_LOG", "").strip().upper()
    if not level_name:
        return
    level = {"DEBUG": logging.DEBUG, "INFO": logging.INFO, "WARNING": logging.WARNING}.get(
        level_name
    )
    if level is None:
        return
    logger.setLevel(level)
    if not any(isinstance(h, EnvLogHandler) for h in logger.handlers):
        handler = EnvLogHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        logger.addHandler(handler)


_configure_logging_from_env()
