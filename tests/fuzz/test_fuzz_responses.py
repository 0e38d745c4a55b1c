"""Random statuses, headers and bodies from a real local server, through every return type.

The property: a call returns a value of its declared type or raises a ``TypelinkError``;
never a raw ``KeyError``, ``ValueError``, ``JSONDecodeError``, ``RecursionError`` or
pydantic error. Retries are on (one retry, no real sleeping) so Retry-After and the
retry headers are parsed too, and redirects are followed (to same-origin paths only).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pydantic
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.fixtures.servers import Reply, ScriptedServer
from tests.fuzz import strategies as s
from tests.fuzz.conftest import FUZZ, examples
from typelink import (
    APIStatusError,
    Body,
    Consumer,
    Model,
    RawResponse,
    RetryPolicy,
    TypelinkError,
    get,
    post,
)


class Thing(Model):
    id: int
    name: str


class ErrorBody(pydantic.BaseModel):
    message: str
    code: int | None = None


class Fuzzed(Consumer):
    @get("model")
    def model(self) -> Thing:
        raise NotImplementedError

    @get("list")
    def items(self) -> list[Thing]:
        raise NotImplementedError

    @get("optional")
    def optional(self) -> Thing | None:
        raise NotImplementedError

    @get("mapping")
    def mapping(self) -> dict[str, int]:
        raise NotImplementedError

    @get("text")
    def text(self) -> str:
        raise NotImplementedError

    @get("bytes")
    def raw_bytes(self) -> bytes:
        raise NotImplementedError

    @get("nothing")
    def nothing(self) -> None:
        raise NotImplementedError

    @get("raw")
    def raw(self) -> RawResponse[Thing]:
        raise NotImplementedError

    @post("create")
    def create(self, thing: Body[Thing]) -> Thing:
        raise NotImplementedError


CALLS: list[Callable[[Fuzzed], Any]] = [
    lambda api: api.model(),
    lambda api: api.items(),
    lambda api: api.optional(),
    lambda api: api.mapping(),
    lambda api: api.text(),
    lambda api: api.raw_bytes(),
    lambda api: api.nothing(),
    lambda api: api.raw().parse(),
    lambda api: api.create(Thing(id=1, name="x")),
]


def _no_sleep(seconds: float) -> None:
    return None


@settings(FUZZ, max_examples=examples(100))
@example(status=400, headers={}, content_type="application/json", body=s.DEEP, location=None)
@example(
    status=503,
    headers={"Retry-After": "Fri, 31 Dec 9999 23:59:59 GMT"},
    content_type="",
    body=b"",
    location=None,
)
@example(
    status=200,
    headers={"Content-Encoding": "gzip"},
    content_type="application/json",
    body=b"{}",
    location=None,
)
@example(status=302, headers={}, content_type="", body=b"", location="/loop")
@given(
    status=s.statuses,
    headers=s.headers,
    content_type=s.content_types,
    body=s.bodies,
    location=st.none() | s.locations,
)
def test_any_response_gives_a_value_or_a_typed_error(
    fuzz_server: ScriptedServer,
    status: int,
    headers: dict[str, str],
    content_type: str,
    body: bytes,
    location: str | None,
) -> None:
    reply_headers = dict(headers)
    if content_type:
        reply_headers["Content-Type"] = content_type
    if location is not None:
        reply_headers["Location"] = location
    fuzz_server.handler = lambda seen: Reply(status=status, body=body, headers=reply_headers)
    policy = RetryPolicy(max_retries=1, idempotency_header="Idempotency-Key")
    with Fuzzed(
        base_url=fuzz_server.url,
        retry=policy,
        error_model=ErrorBody,
        sleep=_no_sleep,
        timeout=5,
    ) as api:
        for call in CALLS:
            try:
                call(api)
            except TypelinkError as exc:
                assert str(exc)
                repr(exc)
                if isinstance(exc, APIStatusError):
                    assert exc.status_code == status
                    assert exc.body is not None
