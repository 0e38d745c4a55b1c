"""Pickling: every typelink exception survives a round trip with all it says.

Errors cross process boundaries (multiprocessing, Celery, ``concurrent.futures``) by pickle.
Exception's own pickling calls ``cls(*args)``, which keyword-only constructors cannot take:
the worker's error then arrives as a ``TypeError`` about ``__init__``, or the pool breaks.
"""

from __future__ import annotations

import concurrent.futures
import inspect
import multiprocessing
import pickle
from typing import Any

import pytest

import typelink.errors as tl_errors
from tests.fixtures.servers import Reply
from typelink import Consumer, RetryPolicy, get


class Api(Consumer):
    @get("thing")
    def thing(self) -> dict[str, Any]:
        raise NotImplementedError


def status_error(server: Any, status: int) -> tl_errors.APIStatusError:
    """A status error as a real call produces it (headers, body, request id, message)."""
    server.handler = lambda seen: Reply(
        status=status,
        body=b'{"message": "no such thing"}',
        headers={"Content-Type": "application/json", "X-Request-Id": "req-42"},
    )
    with pytest.raises(tl_errors.APIStatusError) as caught:
        Api(base_url=server.url, retry=RetryPolicy(max_retries=0)).thing()
    return caught.value


def round_trip(error: BaseException) -> Any:
    return pickle.loads(pickle.dumps(error))


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 429, 500, 418])
def test_status_errors_round_trip_with_everything(good, status):
    error = status_error(good, status)
    copy = round_trip(error)
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    for field in ("status_code", "body", "request_id", "message", "method", "url", "headers"):
        assert getattr(copy, field) == getattr(error, field), field
    assert copy.request_id == "req-42" and copy.body == b'{"message": "no such thing"}'


def test_every_error_class_round_trips():
    for name in tl_errors.__all__:
        cls = getattr(tl_errors, name)
        if not (inspect.isclass(cls) and issubclass(cls, BaseException)):
            continue
        error = _example(cls)
        copy = round_trip(error)
        assert type(copy) is cls and str(copy) == str(error), name
        assert vars(copy) == vars(error), name


def _example(cls: type[BaseException]) -> BaseException:
    if issubclass(cls, tl_errors.APIStatusError):
        return cls(status_code=400, method="GET", url="https://x/y", headers={}, body=b"b")
    if issubclass(cls, tl_errors.ResponseValidationError):
        errors = [{"loc": ("id",), "msg": "field required", "type": "missing"}]
        return cls(method="GET", url="https://x/y", status_code=200, body=b"{}",
                   expected="Thing", errors=errors)  # fmt: skip
    if issubclass(cls, tl_errors.APIError):
        return cls("GET https://x/y: broke", method="GET", url="https://x/y")
    return cls("something failed")


class TeapotError(tl_errors.APIStatusError):
    """A subclass with fields of its own (as per-status or per-discriminator classes have)."""

    def __init__(self, *, code: str, **fields: Any) -> None:
        super().__init__(**fields)
        self.code = code


def test_a_subclass_with_extra_fields_round_trips():
    error = TeapotError(
        code="E42", status_code=418, method="GET", url="https://x/y", headers={}, body=b""
    )
    copy = round_trip(error)
    assert type(copy) is TeapotError and copy.code == "E42" and copy.status_code == 418


def _fail_in_worker(url: str) -> None:
    Api(base_url=url).thing()


def test_an_error_raised_in_a_worker_process_arrives_whole(good):
    good.handler = lambda seen: Reply(
        status=404, body=b'{"message": "gone"}', headers={"X-Request-Id": "req-7"}
    )
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
        future = pool.submit(_fail_in_worker, good.url)
        with pytest.raises(tl_errors.NotFoundError) as caught:
            future.result(timeout=60)
    assert caught.value.status_code == 404 and caught.value.request_id == "req-7"
    assert "gone" in str(caught.value)
