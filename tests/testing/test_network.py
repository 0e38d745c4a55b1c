"""The replay network blocker, in process: every entry point, nesting, whole host names."""

from __future__ import annotations

import socket
import threading

import pytest

from typelink.errors import ConfigurationError, TypelinkError
from typelink.testing.network import NetworkBlockedError, block_network, network_blocked


def _refused(call: object) -> bool:
    try:
        call()  # type: ignore[operator]
    except NetworkBlockedError:
        return True
    except OSError:
        return False
    return False


def _lookups(host: str) -> list[bool]:
    return [
        _refused(lambda: socket.getaddrinfo(host, 80)),
        _refused(lambda: socket.gethostbyname(host)),
        _refused(lambda: socket.gethostbyname_ex(host)),
        _refused(lambda: socket.gethostbyaddr("127.0.0.1")),
        _refused(lambda: socket.getnameinfo(("127.0.0.1", 80), 0)),
    ]


def test_every_entry_point_is_refused_and_restored_afterwards() -> None:
    originals = (socket.getaddrinfo, socket.socket.connect, socket.socket.sendto)
    with block_network(label="cassette t.yaml"):
        assert network_blocked()
        assert _lookups("localhost") == [True] * 5
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            assert _refused(lambda: udp.sendto(b"x", ("127.0.0.1", 9)))
            assert _refused(lambda: udp.sendto(b"x", 0, ("127.0.0.1", 9)))
            assert _refused(lambda: udp.sendmsg([b"x"], [], 0, ("127.0.0.1", 9)))
        with socket.socket() as tcp:
            assert _refused(lambda: tcp.connect(("127.0.0.1", 9)))
            assert _refused(lambda: tcp.connect_ex(("127.0.0.1", 9)))
        with pytest.raises(NetworkBlockedError, match=r"blocked by cassette t\.yaml") as info:
            socket.create_connection(("localhost", 9))
        assert isinstance(info.value, TypelinkError) and isinstance(info.value, RuntimeError)
    assert not network_blocked()
    assert (socket.getaddrinfo, socket.socket.connect, socket.socket.sendto) == originals
    assert _lookups("localhost") == [False] * 5


def test_contexts_nest_and_overlap_across_threads() -> None:
    entered, leave = threading.Event(), threading.Event()

    def other_test() -> None:
        with block_network():
            entered.set()
            leave.wait(5)

    thread = threading.Thread(target=other_test)
    with block_network(["localhost"]):
        thread.start()
        entered.wait(5)
        assert _refused(lambda: socket.getaddrinfo("localhost", 80))  # the other one refuses
        leave.set()
        thread.join(5)
        socket.getaddrinfo("localhost", 80)  # only ours is left
    with block_network():
        with block_network():
            pass
        assert _refused(lambda: socket.getaddrinfo("localhost", 80))  # the outer one still holds


def test_allowed_hosts_match_whole_names_and_what_they_resolve_to() -> None:
    with block_network([r"localhost", r"127\.0\.0\.2"]):
        assert not _refused(lambda: socket.getaddrinfo("LOCALHOST.", 80))
        assert not _refused(lambda: socket.getaddrinfo("localhost", 80, socket.AF_INET))
        assert _refused(lambda: socket.getaddrinfo("localhost.evil.example", 80))
        assert _refused(lambda: socket.getaddrinfo("127.0.0.20", 80))
        with socket.socket() as tcp:  # 127.0.0.1 is what localhost resolved to
            assert not _refused(lambda: tcp.connect_ex(("127.0.0.1", 9)))
    with pytest.raises(ConfigurationError, match="is not a regex"), block_network(["(unclosed"]):
        pass
