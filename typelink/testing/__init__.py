"""Record/replay testing support for typelink clients (pytest plugin and cassette tools).

Only the secret registry is imported eagerly: the core calls :func:`register_secret` from
every ``Client``, and that must work without the ``testing`` extra (vcrpy) installed.
"""

from __future__ import annotations

from typelink.testing.secrets import (
    forget_secrets,
    register_secret,
    register_secrets,
    registered_secrets,
)

__all__ = ["forget_secrets", "register_secret", "register_secrets", "registered_secrets"]
