"""``typelink cassettes check`` reads a ``Page[T]`` body the way the endpoint's own strategy
does (``items_key``), and fails when it cannot resolve an endpoint instead of passing quietly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.testing.test_cassettes_cli import interaction, run, write
from typelink import Consumer, Model, Page, get
from typelink.pagination import Cursor, PageNumber

HERE = "tests.testing.test_drift_pages"


class Customer(Model):
    id: str
    email: str | None = None


class Shop(Consumer):
    @get(
        "customers",
        paginate=Cursor(
            param="starting_after", last_item_key="id", has_more_key="has_more", items_key="data"
        ),
    )
    def customers(self) -> Page[Customer]:
        raise NotImplementedError

    @get("search", paginate=PageNumber(items_key="result.items", total_key="result.total"))
    def search(self) -> Page[Customer]:
        raise NotImplementedError

    @get("plain")
    def plain(self) -> Page[Customer]:
        raise NotImplementedError


STRIPE_PAGE = {
    "object": "list",
    "url": "/v1/customers",
    "has_more": True,
    "data": [{"id": "cus_1", "email": "a@example.com"}],
}


def test_a_wrapped_page_is_checked_through_its_items_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path / "pages.yaml",
        [
            interaction("https://a/customers", STRIPE_PAGE, endpoint=f"{HERE}:Shop.customers"),
            interaction(
                "https://a/search",
                {"result": {"total": 1, "items": [{"id": "cus_2"}]}, "took": 3},
                endpoint=f"{HERE}:Shop.search",
            ),
            interaction("https://a/plain", [{"id": "cus_3"}], endpoint=f"{HERE}:Shop.plain"),
        ],
    )
    code, out = run(capsys, "check", str(tmp_path))
    assert code == 0, out
    assert "DRIFT" not in out


def test_drift_inside_the_items_of_a_wrapped_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = {**STRIPE_PAGE, "data": [{"email": "a@example.com", "livemode": False}]}
    write(
        tmp_path / "pages.yaml",
        [
            interaction("https://a/customers", body, endpoint=f"{HERE}:Shop.customers"),
            interaction("https://a/search", {"result": {}}, endpoint=f"{HERE}:Shop.search"),
        ],
    )
    code, out = run(capsys, "check", str(tmp_path))
    assert code == 1
    assert f"DRIFT {HERE}:Shop.customers" in out
    assert "missing field: data[].id" in out
    assert "new field (not declared): data[].livemode" in out
    assert "has_more" not in out and "object" not in out  # the strategy's fields, not drift
    assert "missing field: result.items" in out


def test_an_endpoint_that_cannot_be_resolved_fails_the_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tmp_path / "gone.yaml",
        [
            interaction("https://a/x", {"id": "1"}, endpoint="no_such_package.api:Shop.list"),
            interaction("https://a/y", {"id": "1"}, endpoint=f"{HERE}:Shop.missing"),
        ],
    )
    code, out = run(capsys, "check", str(tmp_path))
    assert code == 1, out
    assert "REFUSED no_such_package.api:Shop.list: " in out and "nothing imported" in out
    assert f"REFUSED {HERE}:Shop.missing" in out
    table = [line for line in out.splitlines() if line.startswith(HERE)]
    assert table and table[0].endswith("REFUSED")
