"""``typelink openapi client`` from the command line: the report, ``--check`` for CI, and
exit status 2 for every wrong invocation."""

from __future__ import annotations

import pytest

from typelink.cli import main

from .shop_spec import OPERATIONS, write_spec


@pytest.fixture
def argv(tmp_path):
    spec = write_spec(tmp_path)
    ops = tmp_path / "ops.txt"
    ops.write_text("# the shop\n" + "\n".join(OPERATIONS) + "\n")
    out = tmp_path / "shop_client"
    return ["openapi", "client", str(spec), "--operations", str(ops), "--output", str(out)]


def test_the_report_says_what_is_paginated_and_what_not(argv, tmp_path, capsys):
    assert main([*argv, "--client-name", "Shop"]) == 0
    out = capsys.readouterr().out
    assert f"wrote {tmp_path / 'shop_client' / 'client.py'}" in out
    assert "Shop: 18 operations in 3 consumers, 3 error classes; 5 paginated, 13 not" in out
    assert "  paginated      orders.list (GetOrders): cursor from the last item's id" in out
    assert "  paginated      items.list (items/list): Link header" in out
    assert (
        "  not paginated  shelves.list_odd_shelves (listOddShelves): returns a list and takes "
        "cursor, but follows no known convention" in out
    )
    note = "the cookie parameter session is left out (no cookies per call)"
    assert f"  note           items.list: {note}" in out
    header = (tmp_path / "shop_client" / "orders.py").read_text()
    assert f"--operations {tmp_path / 'ops.txt'}" in header.replace(" \\\n#   ", " ")
    assert "--client-name Shop" in header.replace(" \\\n#   ", " ")


def test_check_exits_1_when_stale_and_0_when_current(argv, tmp_path, capsys):
    assert main([*argv, "--check"]) == 1
    assert "is stale" in capsys.readouterr().err
    assert not (tmp_path / "shop_client").exists()  # --check writes nothing
    assert main(argv) == 0
    assert main([*argv, "--check"]) == 0
    assert "is up to date" in capsys.readouterr().out
    orders = tmp_path / "shop_client" / "orders.py"
    orders.write_text(orders.read_text().replace("def cancel(", "def cancel_order("))
    assert main([*argv, "--check"]) == 1
    assert f"differs: {orders}" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--consumer-base", "typelink.Model"], "is not a subclass of typelink.Consumer"),
        (["--client-base", "nowhere.Root"], "cannot import 'nowhere.Root'"),
        (["--models", "no_such_models"], "is not an importable package"),
        (["--models-operations", "GetOrders"], "not in the models' operations"),
    ],
)
def test_wrong_options_exit_2(argv, capsys, extra, message):
    assert main([*argv, *extra]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["openapi", "client", "spec.json"], "required: --operations, --output"),
        (["openapi", "client", "/none.json", "--operations", "a", "--output", "o"], "cannot read"),
        (
            ["openapi", "client", "s.json", "--operations", ",", "--output", "o"],
            "names no operation",
        ),
    ],
)
def test_wrong_invocations_exit_2(capsys, args, message):
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_an_unknown_operation_is_named_with_suggestions(argv, capsys):
    argv[4] = "GetOrdres"
    assert main(argv) == 2
    assert (
        "no operation with operationId 'GetOrdres'; did you mean GetOrders"
        in capsys.readouterr().err
    )


def test_help_shows_an_example_and_the_github_growth_usage(capsys):
    assert main(["openapi", "client", "--help"]) == 0
    text = capsys.readouterr().out
    assert "example:" in text and "--check" in text
    assert "--consumer-base typelink.github._base.GitHubConsumer" in text
    assert "--models typelink.github.models" in text
