"""``from __future__ import annotations`` with models defined after the consumer."""

from __future__ import annotations

from pytest_httpserver import HTTPServer

from typelink import Consumer, Model, get, post


class Later(Consumer):
    @get("things/{thing_id}")
    def fetch(self, thing_id: int) -> Thing:
        raise NotImplementedError

    @post("things")
    def create(self, thing: NewThing) -> list[Thing]:
        raise NotImplementedError


class Thing(Model):
    id: int


class NewThing(Model):
    name: str


def test_hints_defined_later_resolve_on_first_use(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/things/3").respond_with_json({"id": 3})
    httpserver.expect_request("/things", method="POST", json={"name": "n"}).respond_with_json(
        [{"id": 4}]
    )
    api = Later(base_url=httpserver.url_for("/"))
    assert api.fetch(3) == Thing(id=3)
    assert api.create(NewThing(name="n")) == [Thing(id=4)]
