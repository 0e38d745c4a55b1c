"""Transport failures in the pipeline's own terms, for transports other than ``requests``.

The send step maps what a transport raises to the typed errors (connection, timeout, a
request that cannot be sent). ``requests``' exceptions are mapped as they are; the async
transport translates aiohttp's into these three, keeping aiohttp's words as the message
(the send step redacts it) and the original as ``__cause__``.
"""

from __future__ import annotations

__all__ = ["TransportFailure", "TransportTimeout", "TransportUnsendable"]


class TransportFailure(Exception):
    """No usable response: refused, reset, DNS or TLS failure, a body that broke off."""


class TransportTimeout(TransportFailure):
    """The connect or read timeout expired."""


class TransportUnsendable(TransportFailure):
    """The request cannot be sent as given (nothing was sent; a retry cannot help).

    ``hint`` says which kind of value is wrong, without quoting it (it may be a credential).
    """

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint
