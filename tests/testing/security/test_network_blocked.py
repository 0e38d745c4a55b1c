"""During replay the network is closed at every door, not only at ``connect``.

Each inner test replays (record mode ``none``) and tries one way out: the resolver entry
points besides ``getaddrinfo``, a UDP datagram (no connection needed), the network after a
nested cassette session ended, and a host that merely starts like an allowed one.
"""

from __future__ import annotations

import pytest

from tests.testing.security.conftest import write_test
from tests.testing.security.hostile_server import HostileServer

pytest_plugins = ("pytester",)

INNER = """
import socket
from typelink.testing.session import CassetteOptions, CassetteSession

def blocked():
    return pytest.raises(RuntimeError, match="Network is disabled")

@pytest.mark.typelink_cassette
def test_every_resolver_entry_point():
    with blocked():
        socket.gethostbyname("localhost")
    with blocked():
        socket.gethostbyname_ex("localhost")
    with blocked():
        socket.gethostbyaddr("127.0.0.1")
    with blocked():
        socket.getnameinfo(("127.0.0.1", PORT), 0)

@pytest.mark.typelink_cassette
def test_udp_datagrams():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        with blocked():
            udp.sendto(b"ping", ("127.0.0.1", PORT))

@pytest.mark.typelink_cassette
def test_leaving_a_nested_session_keeps_the_outer_one_blocking(tmp_path):
    with CassetteSession(tmp_path / "nested.yaml", CassetteOptions(record_mode="none")):
        pass
    with socket.socket() as sock, blocked():
        sock.connect(("127.0.0.1", PORT))

@pytest.mark.typelink_cassette(allowed_hosts=["127.0.0.1"])
def test_allowed_hosts_match_whole_names():
    socket.create_connection(("127.0.0.1", PORT), timeout=5).close()  # allowed
    with blocked():
        socket.getaddrinfo("127.0.0.10", PORT)
    with blocked():
        socket.create_connection(("127.0.0.10", PORT), timeout=5)
"""


def test_replay_blocks_every_way_out(inner: pytest.Pytester, hostile_server: HostileServer) -> None:
    write_test(inner, INNER, PORT=int(hostile_server.url.rsplit(":", 1)[1]))
    result = inner.runpytest()
    result.assert_outcomes(passed=4)
    assert hostile_server.hits == []
