"""Static typing contract of open enums, checked by ``mypy --strict`` and ``pyright --strict``.

A response enum is ``Literal[...] | UnknownValue``: the documented values stay visible (a
typo in a comparison target or a constructor argument is an error), narrowing works, and an
unknown value is still a ``str``. Lines marked with both ``# type: ignore[code]`` and
``# pyright: ignore[rule]`` MUST be rejected (see check_declarations.py). Never executed.
"""

from __future__ import annotations

from typing import Literal

from typing_extensions import assert_type

from typelink import Model, UnknownEnumValue, UnknownValue, find_unknown_values
from typelink.github.models import PullRequest


class Issue(Model):
    """What ``typelink openapi models`` writes for a response enum."""

    state: Literal["open", "closed"] | UnknownValue
    labels: list[Literal["bug", "idea"] | UnknownValue] | None = None


def takes_text(text: str) -> str:
    return text


def known_values_stay_visible(issue: Issue) -> None:
    assert_type(issue.state, Literal["open", "closed"] | UnknownValue)
    if isinstance(issue.state, UnknownValue):
        assert_type(issue.state, UnknownValue)
    else:
        assert_type(issue.state, Literal["open", "closed"])
    takes_text(issue.state)  # an unknown value is still a string
    for label in issue.labels or []:
        assert_type(label, Literal["bug", "idea"] | UnknownValue)


def match_leaves_only_the_unknown(issue: Issue) -> str:
    match issue.state:
        case "open":
            return "o"
        case "closed":
            return "c"
        case _:
            assert_type(issue.state, UnknownValue)
            return str(issue.state)


def unknown_values_are_reported(issue: Issue) -> list[str]:
    found = find_unknown_values(issue)
    assert_type(found, list[UnknownEnumValue])
    return [f"{item.location}={item.value}" for item in found]


def constructing_with_an_undocumented_value_is_an_error() -> None:
    Issue(state="open")
    Issue(state="reopened")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def generated_github_models_are_open(pull: PullRequest) -> None:
    assert_type(pull.state, Literal["open", "closed"] | UnknownValue)
