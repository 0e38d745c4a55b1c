"""A session you pass in keeps working: its adapters and mounts, cookies, proxies, CA bundle
and client certificate, authentication, netrc, headers, parameters and hooks, and subclasses
or patches that change how it sends. Against real local servers (HTTP and HTTPS).

The direct way (a stock session and adapter, see ``typelink.transport.direct``) must send
exactly what ``requests``' own way sends; a session or adapter that changes how requests are
sent makes the transport use ``requests``' own way. ``origin_slots`` tells which way ran.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from tests.fixtures.servers import Reply, ScriptedServer, Seen
from tests.fixtures.tls_server import Pki, TLSServer, make_pki
from typelink import APIConnectionError, Body, Consumer, Form, Header, Query, RetryPolicy, get, post
from typelink.transport.sync import RequestsTransport

NO_RETRY = RetryPolicy(max_retries=0)


class Things(Consumer):
    @get("things/{thing_id}")
    def fetch(self, thing_id: str, q: Query[str | None] = None) -> dict[str, Any]:
        raise NotImplementedError

    @post("things")
    def create(
        self, thing: Body[dict[str, Any]], note: Header[str | None] = None
    ) -> dict[str, Any]:
        raise NotImplementedError

    @post("forms")
    def submit(self, a: Form[str], b: Form[int]) -> dict[str, Any]:
        raise NotImplementedError


class RequestsOwnWay(requests.Session):
    """A session subclass that changes nothing, except that it overrides both methods the
    transport's direct way replaces: the transport then uses ``requests``' own way."""

    def prepare_request(self, request: requests.Request) -> requests.PreparedRequest:
        return super().prepare_request(request)

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        return super().send(request, **kwargs)


@pytest.fixture
def other() -> Iterator[ScriptedServer]:
    """A second server: another origin (a proxy, or where a redirect leads)."""
    server = ScriptedServer()
    try:
        yield server
    finally:
        server.close()


def origin_slots(api: Consumer) -> int:
    """How many origins were sent to the direct way (a found pool slot)."""
    transport = api.runtime.connection.transport
    assert isinstance(transport, RequestsTransport)
    return sum(origin.slot is not None for origin in transport._environment.values())


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY",
                 "all_proxy", "NO_PROXY", "no_proxy", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))


def exchange(session: requests.Session, server: ScriptedServer) -> list[Seen]:
    """What the server saw for a sample of calls made through ``session``."""
    server.seen.clear()
    session.headers["X-Session"] = "s"
    session.params = {"key": "k"}
    session.cookies.set("sid", "abc", domain="127.0.0.1", path="/")
    api = Things(base_url=server.url + "/v1", session=session, retry=NO_RETRY)
    api.fetch("a b/é", q="x&y")
    api.fetch("2")
    api.create({"n": 1}, note="hi")
    api.submit("x", 2)
    return list(server.seen)


def test_the_direct_way_sends_what_requests_sends(
    scripted: ScriptedServer, clean_env: None
) -> None:
    direct = exchange(requests.Session(), scripted)
    own_way = exchange(RequestsOwnWay(), scripted)
    assert direct == own_way
    assert direct[0].path == "/v1/things/a%20b%2F%C3%A9?key=k&q=x%26y"
    assert direct[0].headers["X-Session"] == "s" and direct[0].headers["Cookie"] == "sid=abc"


def test_which_way_ran(scripted: ScriptedServer, clean_env: None) -> None:
    api = Things(base_url=scripted.url, session=requests.Session())
    api.fetch("1")
    assert origin_slots(api) == 1
    subclassed = Things(base_url=scripted.url, session=RequestsOwnWay())
    subclassed.fetch("1")
    assert origin_slots(subclassed) == 0


def test_a_session_subclass_and_its_overrides_are_used(scripted: ScriptedServer) -> None:
    calls: list[str] = []

    class Counting(requests.Session):
        def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
            calls.append(request.url or "")
            return super().send(request, **kwargs)

    Things(base_url=scripted.url, session=Counting()).fetch("1")
    assert calls == [scripted.url + "/things/1"]


def test_mounted_adapters_are_used(scripted: ScriptedServer, clean_env: None) -> None:
    sent: list[str] = []

    class Recording(HTTPAdapter):
        def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
            sent.append(request.url or "")
            return super().send(request, **kwargs)

    session = requests.Session()
    session.mount(scripted.url + "/special/", Recording())
    api = Things(base_url=scripted.url + "/special", session=session)
    api.fetch("1")
    assert sent == [scripted.url + "/special/things/1"]
    other = Things(base_url=scripted.url, session=session)
    other.fetch("2")  # the stock adapter for everything else: the direct way
    assert len(sent) == 1 and origin_slots(other) == 1


def test_a_new_mount_and_a_closed_adapter_are_seen(
    scripted: ScriptedServer, clean_env: None
) -> None:
    session = requests.Session()
    api = Things(base_url=scripted.url, session=session)
    api.fetch("1")
    replacement = HTTPAdapter()
    session.mount("http://", replacement)
    api.fetch("2")
    assert replacement.poolmanager.pools  # the new adapter's pool was used
    replacement.close()  # its pools are closed: a new one is found
    api.fetch("3")
    assert [s.path for s in scripted.seen] == ["/things/1", "/things/2", "/things/3"]


def test_the_adapters_retry_configuration_applies(
    scripted: ScriptedServer, clean_env: None
) -> None:
    scripted.script = [Reply(status=503), Reply(body=b'{"ok": true}')]
    session = requests.Session()
    retries = Retry(total=2, status_forcelist=[503], backoff_factor=0, raise_on_status=False)
    session.mount("http://", HTTPAdapter(max_retries=retries))
    api = Things(base_url=scripted.url, session=session, retry=NO_RETRY)
    assert api.fetch("1") == {"ok": True}
    assert len(scripted.seen) == 2 and origin_slots(api) == 1


def test_a_patched_adapter_send_is_used(
    scripted: ScriptedServer, clean_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What mocking libraries (``responses``) do: replace ``HTTPAdapter.send``."""
    real_send = HTTPAdapter.send
    seen: list[str] = []

    @functools.wraps(real_send)
    def patched(self: HTTPAdapter, request: requests.PreparedRequest, **kwargs: Any) -> Any:
        seen.append(request.url or "")
        return real_send(self, request, **kwargs)

    monkeypatch.setattr(HTTPAdapter, "send", patched)
    Things(base_url=scripted.url).fetch("1")
    assert seen == [scripted.url + "/things/1"]


def test_cookies_go_both_ways(scripted: ScriptedServer, other: ScriptedServer) -> None:
    scripted.script = [
        Reply(headers={"Content-Type": "application/json", "Set-Cookie": "sid=s1; Path=/"}),
        Reply(status=302, headers={"Location": other.url + "/elsewhere"}),
    ]
    session = requests.Session()
    api = Things(base_url=scripted.url, session=session)
    api.fetch("1")
    assert session.cookies.get("sid") == "s1"
    api.fetch("2")  # sent back to its origin; not to the redirect's other host
    assert scripted.seen[1].headers["Cookie"] == "sid=s1"
    assert "Cookie" not in other.seen[0].headers


def test_session_proxies_and_environment_proxies(
    scripted: ScriptedServer,
    other: ScriptedServer,
    clean_env: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = requests.Session()
    session.proxies = {"http": other.url}
    Things(base_url="http://api.example.invalid", session=session).fetch("1")
    assert other.seen[0].path == "http://api.example.invalid/things/1"
    monkeypatch.setenv("HTTP_PROXY", other.url)
    Things(base_url="http://api.example.invalid").fetch("2")
    assert other.seen[1].path == "http://api.example.invalid/things/2"
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    Things(base_url=scripted.url).fetch("3")  # not proxied
    assert scripted.seen[0].path == "/things/3" and len(other.seen) == 2


def test_session_auth_and_netrc_go_to_trusted_origins_only(
    scripted: ScriptedServer,
    other: ScriptedServer,
    clean_env: None,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login nuser password npass\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    scripted.script = [Reply(status=302, headers={"Location": other.url + "/elsewhere"}), Reply()]
    Things(base_url=scripted.url).fetch("1")  # netrc, as requests applies it
    assert scripted.seen[0].headers["Authorization"] == "Basic bnVzZXI6bnBhc3M="
    assert "Authorization" not in other.seen[0].headers
    untrusting = requests.Session()
    untrusting.trust_env = False
    Things(base_url=scripted.url, session=untrusting).fetch("2")
    assert "Authorization" not in scripted.seen[1].headers
    with_auth = requests.Session()
    with_auth.auth = ("suser", "spass")
    Things(base_url=scripted.url, session=with_auth).fetch("3")
    assert scripted.seen[2].headers["Authorization"] == "Basic c3VzZXI6c3Bhc3M="


def test_response_hooks_run(scripted: ScriptedServer) -> None:
    seen: list[int] = []
    session = requests.Session()
    session.hooks["response"].append(lambda r, **kwargs: seen.append(r.status_code))
    Things(base_url=scripted.url, session=session).fetch("1")
    assert seen == [200]


# -- TLS: CA bundles and client certificates ------------------------------------------------


@pytest.fixture
def pki(tmp_path: Path) -> Pki:
    return make_pki(tmp_path)


@pytest.fixture
def tls(pki: Pki) -> Iterator[TLSServer]:
    server = TLSServer(pki)
    try:
        yield server
    finally:
        server.close()


def test_ca_bundles(
    tls: TLSServer, pki: Pki, clean_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(APIConnectionError, match="SSLError"):
        Things(base_url=tls.url, retry=NO_RETRY).fetch("1")  # an unknown CA
    assert Things(base_url=tls.url, verify=pki.ca_file).fetch("2")["path"] == "/things/2"
    session = requests.Session()
    session.verify = pki.ca_file
    assert Things(base_url=tls.url, session=session).fetch("3")["path"] == "/things/3"
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", pki.ca_file)
    assert Things(base_url=tls.url).fetch("4")["path"] == "/things/4"
    untrusting = requests.Session()
    untrusting.trust_env = False
    with pytest.raises(APIConnectionError, match="SSLError"):
        Things(base_url=tls.url, session=untrusting, retry=NO_RETRY).fetch("5")
    assert Things(base_url=tls.url, verify=False, session=untrusting).fetch("6")


def test_an_adapter_with_its_own_ssl_context(tls: TLSServer, pki: Pki, clean_env: None) -> None:
    import ssl

    class OwnContext(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            context = ssl.create_default_context(cafile=pki.ca_file)
            super().init_poolmanager(*args, ssl_context=context, **kwargs)

    session = requests.Session()
    session.mount("https://", OwnContext())
    api = Things(base_url=tls.url, session=session)
    assert api.fetch("1")["path"] == "/things/1"
    assert origin_slots(api) == 1  # a pool manager of its own still goes the direct way


def test_client_certificates(pki: Pki, clean_env: None) -> None:
    server = TLSServer(pki, require_client_cert=True)
    try:
        with pytest.raises(APIConnectionError):
            Things(base_url=server.url, verify=pki.ca_file, retry=NO_RETRY).fetch("1")
        api = Things(
            base_url=server.url, verify=pki.ca_file, cert=(pki.client_cert, pki.client_key)
        )
        assert api.fetch("2")["client"] == "typelink test client"
    finally:
        server.close()
