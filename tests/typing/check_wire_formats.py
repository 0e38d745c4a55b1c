"""Static typing contract of the wire-format features, for mypy --strict and pyright --strict.

NOT_GIVEN defaults keep each parameter's own type; query styles and form styles are checked
literals; an API's error class gives its ``parsed`` body a real type (no ``Any``, no
``isinstance``); the built-in classes keep ``Any``. Lines carrying both ignore comments MUST
be rejected by both checkers (unused ignores fail ``make check``). This file is never executed.
"""

from __future__ import annotations

from typing import Annotated, Any

from typing_extensions import assert_type

from typelink import (
    NOT_GIVEN,
    APIStatusError,
    Body,
    Client,
    Consumer,
    Form,
    FormStyle,
    Header,
    Model,
    NotFoundError,
    NotGiven,
    ProblemDetails,
    Query,
    get,
    patch,
    post,
    query,
)


class Range(Model):
    gte: int | None = None


class Milestone(Model):
    title: str


class Failure(Model):
    code: str


class Declined(APIStatusError[Failure]):
    status_codes = frozenset({402})


class Items(Consumer):
    error_classes = (Declined,)

    @get("items")
    def search(
        self,
        limit: Query[int] | NotGiven = NOT_GIVEN,
        created: Annotated[Range, query("created", style="deepObject")] | NotGiven = NOT_GIVEN,
        ids: Annotated[list[int], query(style="pipeDelimited")] | NotGiven = NOT_GIVEN,
        trace: Header[str] | NotGiven = NOT_GIVEN,
    ) -> list[str]:
        raise NotImplementedError

    @patch("issues/{number}")
    def set_milestone(
        self, number: int, milestone: Body[Milestone | None] | NotGiven = NOT_GIVEN
    ) -> None:
        raise NotImplementedError

    @post("forms", form_style=FormStyle(objects="brackets", lists="indexed"), errors=[Declined])
    def submit(self, values: Form[Range], note: Form[str] | NotGiven = NOT_GIVEN) -> None:
        raise NotImplementedError


class Api(Client):
    base_url = "https://api.example.com"
    items: Items


def typed_calls(api: Api) -> None:
    assert_type(api.items.search(), list[str])
    assert_type(api.items.search(limit=5, created=Range(gte=1), ids=[1, 2], trace="t"), list[str])
    assert_type(api.items.search(limit=NOT_GIVEN), list[str])
    api.items.set_milestone(1)
    api.items.set_milestone(1, None)  # None is a value here: the JSON null
    api.items.set_milestone(1, Milestone(title="v1"))
    api.items.submit(Range(gte=1))
    Api(form_style=FormStyle(objects="dots"), errors=[Declined])


def typed_errors(api: Api) -> None:
    try:
        api.items.search()
    except Declined as declined:
        assert_type(declined.parsed, Failure)
        assert_type(declined.parsed.code, str)
        assert_type(declined.problem, ProblemDetails | None)
    except NotFoundError as missing:
        assert_type(missing.parsed, Any)
        assert_type(missing.status_code, int)


def rejected_calls(api: Api) -> None:
    api.items.search(limit="5")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    api.items.search(limit=None)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    api.items.search(created={"gte": 1})  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    api.items.set_milestone(1, "v1")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    FormStyle(objects="colons")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    FormStyle(lists="commas")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    query("x", style="matrix")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    Api(form_style="brackets")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    Api(errors=[ValueError])  # type: ignore[list-item]  # pyright: ignore[reportArgumentType]


def rejected_error_bodies(error: Declined) -> None:
    _ = error.parsed.missing  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue]
