"""Reading bodies within limits: what has no body is not refused for its declared length,
and a limited read gives exactly the bytes ``requests`` would have given."""

from __future__ import annotations

import gzip

from tests.fixtures.servers import Reply, ScriptedServer
from typelink import Consumer, get, head


class Files(Consumer):
    @head("blob")
    def exists(self) -> None:
        raise NotImplementedError

    @get("blob")
    def blob(self) -> bytes:
        raise NotImplementedError


def test_a_head_answer_declaring_a_large_length_is_not_refused(scripted: ScriptedServer):
    scripted.handler = lambda seen: Reply(body=b"0" * (3 * 1024 * 1024))
    api = Files(base_url=scripted.url, max_response_size=1024 * 1024)
    assert api.exists() is None


def test_a_gzip_body_within_the_limit_reads_whole(scripted: ScriptedServer):
    body = b"0123456789" * 100_000
    scripted.handler = lambda seen: Reply(
        body=gzip.compress(body), headers={"Content-Encoding": "gzip"}
    )
    api = Files(base_url=scripted.url, max_response_size=len(body))
    assert api.blob() == body
    assert scripted.seen[0].headers["Accept-Encoding"].startswith("gzip, deflate")
