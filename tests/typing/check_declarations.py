"""Static typing contract, checked by ``mypy --strict`` and ``pyright --strict`` (``make check``).

``assert_type`` lines prove the declared types flow through the decorators. Lines marked with
both ``# type: ignore[code]`` and ``# pyright: ignore[rule]`` are calls that MUST be rejected:
mypy runs with ``warn_unused_ignores`` and pyright with ``reportUnnecessaryTypeIgnoreComment``,
so if either checker stopped rejecting them, ``make check`` would fail.
This file is never executed.
"""

from __future__ import annotations

from typing import Annotated

from typing_extensions import assert_type

from typelink import (
    Body,
    Client,
    Consumer,
    Header,
    Model,
    Page,
    Query,
    RawResponse,
    get,
    post,
    query,
)


class Issue(Model):
    number: int
    title: str


class NewIssue(Model):
    title: str
    body: str | None = None


class Issues(Consumer):
    @get("meta")
    def meta(self) -> dict[str, list[str]] | None:
        raise NotImplementedError

    @get("repos/{owner}/{repo}/issues/{number}")
    def fetch(self, owner: str, repo: str, number: int) -> Issue:
        raise NotImplementedError

    @get("repos/{owner}/{repo}/issues")
    def list(
        self,
        owner: str,
        repo: str,
        state: Query[str] = "open",
        per_page: Annotated[int, query("per-page")] = 30,
        etag: Header[str | None] = None,
    ) -> Page[Issue]:
        raise NotImplementedError

    @post("repos/{owner}/{repo}/issues")
    def create(self, owner: str, repo: str, issue: Body[NewIssue]) -> Issue:
        raise NotImplementedError

    @get("repos/{owner}/{repo}/issues/{number}")
    def raw(self, owner: str, repo: str, number: int) -> RawResponse[Issue]:
        raise NotImplementedError


class Tracker(Client):
    base_url = "https://api.example.com"
    issues: Issues


def typed_calls(api: Tracker) -> None:
    assert_type(api.issues, Issues)
    assert_type(api.issues.fetch("acme", "web", 1), Issue)
    assert_type(api.issues.list("acme", "web", state="closed", per_page=5), Page[Issue])
    assert_type(api.issues.create("acme", "web", NewIssue(title="t")), Issue)
    assert_type(api.issues.raw("acme", "web", 1).parse(), Issue)
    assert_type(api.issues.raw("acme", "web", 1).status_code, int)
    assert_type(api.issues.meta(), dict[str, list[str]] | None)
    assert_type(api.with_options(retries=0), Tracker)
    assert_type(api.with_options(retries=0).issues.fetch("a", "b", 2), Issue)
    for issue in api.issues.list("acme", "web"):
        assert_type(issue, Issue)


def rejected_calls(api: Tracker) -> None:
    api.issues.fetch("acme", "web", "1")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    api.issues.fetch("acme", "web")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    api.issues.list("acme", "web", per_page="5")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    api.issues.create("acme", "web", {"title": "t"})  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    _ = api.issues.fetch("a", "b", 1).missing  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue]
    _ = api.nothing  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue]


def standalone() -> None:
    with Issues(base_url="https://api.example.com") as issues:
        assert_type(issues.fetch("a", "b", 3), Issue)
