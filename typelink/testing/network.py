"""No network while a cassette replays: connections, datagrams and every name lookup.

While at least one :func:`block_network` context is active, the ``socket`` module's entry
points to the network refuse hosts that are not allowed: ``connect``/``connect_ex``,
``sendto``/``sendmsg`` (UDP needs no connection), and the resolvers ``getaddrinfo``,
``gethostbyname``, ``gethostbyname_ex``, ``gethostbyaddr`` and ``getnameinfo``. Contexts
nest and may overlap across threads: a host is reachable only when every active context
allows it, and leaving one context restores exactly the others' rule.

Allowed hosts are regular expressions matched against the *whole* host name
(``api\\.example\\.com`` does not allow ``api.example.com.evil.net``). The addresses an
allowed name resolves to are allowed too, so ``localhost`` covers ``127.0.0.1``.

Not covered: subprocesses (a new interpreter does not inherit the patches), Unix domain
sockets (local by nature), and network code written in C that bypasses the ``socket``
module (libcurl, c-ares).
"""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Callable, Generator, Iterable
from contextlib import contextmanager
from typing import Any

from typelink.errors import ConfigurationError, TypelinkError

_INET = (socket.AF_INET, socket.AF_INET6)
_RESOLVERS = ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr", "getnameinfo")
_SOCKET_METHODS = ("connect", "connect_ex", "sendto", "sendmsg")


class NetworkBlockedError(TypelinkError, RuntimeError):
    """A test tried to reach the network while a cassette replays."""


class _Block:
    """One active context: its allowed host patterns and the addresses they resolved to."""

    def __init__(self, allowed_hosts: Iterable[str], label: str) -> None:
        self.label = label
        try:
            self.patterns = tuple(re.compile(h, re.IGNORECASE) for h in allowed_hosts if h)
        except re.error as exc:
            raise ConfigurationError(
                f"allowed host {exc.pattern!r} is not a regex: {exc}"
            ) from None
        self.resolved: set[str] = set()

    def allows(self, host: str) -> bool:
        return host in self.resolved or any(p.fullmatch(host) for p in self.patterns)


_lock = threading.RLock()
_active: list[_Block] = []
_originals: dict[tuple[Any, str], Any] = {}
_exempt = threading.local()


def _host(value: Any) -> str:
    text = value.decode("idna", "replace") if isinstance(value, (bytes, bytearray)) else str(value)
    return text.strip("[]").rstrip(".").lower()


def _check(host: Any, what: str) -> None:
    """Raise unless every active context allows ``host``."""
    if getattr(_exempt, "active", False):
        return
    name = _host(host)
    with _lock:
        refused = [block for block in _active if not block.allows(name)]
    if refused:
        raise NetworkBlockedError(
            f"Network is disabled while replaying cassettes ({what} {name!r}, blocked by "
            f"{refused[-1].label}); record with --record-mode=once, or allow the host with "
            "typelink_allowed_hosts / --allowed-hosts (a regex matching the whole host name)"
        )


def _remember_addresses(infos: Any) -> None:
    """Addresses an allowed name resolved to are allowed to every active context."""
    addresses = {_host(info[4][0]) for info in infos if info[0] in _INET}
    with _lock:
        for block in _active:
            block.resolved.update(addresses)


def _guarded_resolver(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        if name == "getnameinfo":
            _check(host[0], "reverse lookup of")
            return original(host, *args, **kwargs)
        if host is not None:
            _check(host, "name lookup of")
        result = original(host, *args, **kwargs)
        if name == "getaddrinfo":
            _remember_addresses(result)
        return result

    guarded.__name__ = name
    return guarded


def _guarded_method(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    # The address is the first argument of connect/connect_ex, the last of sendto and the
    # fourth of sendmsg; without it (a connected socket) nothing new is reached.
    def guarded(sock: socket.socket, *args: Any) -> Any:
        if sock.family in _INET:
            if name in ("connect", "connect_ex"):
                address = args[0] if args else None
            elif name == "sendto":
                address = args[-1] if len(args) >= 2 else None
            else:
                address = args[3] if len(args) >= 4 else None
            if isinstance(address, tuple) and address:
                _check(address[0], "connection to" if name.startswith("connect") else "datagram to")
        return original(sock, *args)

    guarded.__name__ = name
    return guarded


def _guarded_socketpair(original: Callable[..., Any]) -> Callable[..., Any]:
    # Windows builds socketpair() from a loopback connect (asyncio's self-pipe uses it).
    def guarded(*args: Any, **kwargs: Any) -> Any:
        previous = getattr(_exempt, "active", False)
        _exempt.active = True
        try:
            return original(*args, **kwargs)
        finally:
            _exempt.active = previous

    return guarded


def _install() -> None:
    for name in _RESOLVERS:
        original = getattr(socket, name)
        _originals[(socket, name)] = original
        setattr(socket, name, _guarded_resolver(name, original))
    for name in _SOCKET_METHODS:
        original = getattr(socket.socket, name)
        _originals[(socket.socket, name)] = original
        setattr(socket.socket, name, _guarded_method(name, original))
    _originals[(socket, "socketpair")] = socket.socketpair
    socket.socketpair = _guarded_socketpair(socket.socketpair)


def _uninstall() -> None:
    for (owner, name), original in _originals.items():
        setattr(owner, name, original)
    _originals.clear()


@contextmanager
def block_network(
    allowed_hosts: Iterable[str] = (), label: str = "a cassette"
) -> Generator[None, None, None]:
    """Refuse the network (except ``allowed_hosts``) until the context ends."""
    block = _Block(allowed_hosts, label)
    with _lock:
        if not _active:
            _install()
        _active.append(block)
    try:
        yield
    finally:
        with _lock:
            _active.remove(block)
            if not _active:
                _uninstall()


def network_blocked() -> bool:
    """Whether any :func:`block_network` context is active."""
    with _lock:
        return bool(_active)
