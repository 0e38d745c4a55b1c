"""Method and argument names: readable, valid Python, the same on every run."""

from __future__ import annotations

import pytest

from typelink import Consumer
from typelink.openapi.callnames import argument_name, method_names, rest_name
from typelink.openapi.loader import Operation

RESERVED = {name for name in dir(Consumer) if not name.startswith("__")}


def _op(operation_id: str, method: str = "GET", path: str = "/x") -> Operation:
    return Operation(operation_id, method, path, (), "", {}, ())


@pytest.mark.parametrize(
    ("method", "path", "group", "name"),
    [
        ("GET", "/v1/customers", "customers", "list"),
        ("POST", "/v1/customers", "customers", "create"),
        ("GET", "/v1/customers/{customer}", "customers", "get"),
        ("POST", "/v1/customers/{customer}", "customers", "update"),
        ("DELETE", "/v1/customers/{customer}", "customers", "delete"),
        ("GET", "/v1/customers/search", "customers", "search"),
        ("POST", "/v1/payment_intents/{intent}/capture", "payment_intents", "capture"),
        ("GET", "/users/me", "users", "get_me"),
        ("GET", "/folders/{folder_id}/items", "folders", "get_items"),
        ("GET", "/files/{file_id}/versions", "file_versions", "list"),  # Box's "File versions"
        ("GET", "/groups/{group_id}/memberships", "group_memberships", "list"),
        ("GET", "/search", "search", "search"),
        ("GET", "/files/{file_id}/content", "downloads", None),  # no segment names the group
        ("GET", "/shared_items", "shared_links_files", None),
    ],
)
def test_what_an_operation_does_to_its_resource(method, path, group, name):
    assert rest_name(method, path, group) == name


def test_operation_ids_with_a_verb_keep_it():
    ops = [
        _op("issues/list-for-repo", path="/repos/{owner}/{repo}/issues"),
        _op("listPets", path="/pets"),
        _op("GetCustomersCustomer", path="/v1/customers/{customer}"),
        _op("get_files_id_content", path="/files/{file_id}/content"),
    ]
    assert method_names(ops[:1], "issues", RESERVED) == ["list_for_repo"]  # GitHub
    assert method_names(ops[1:2], "pets", RESERVED) == ["list_pets"]  # chosen by hand
    assert method_names(ops[2:3], "customers", RESERVED) == ["get"]  # made from the path
    assert method_names(ops[3:], "downloads", RESERVED) == ["get_files_id_content"]


def test_collisions_fall_back_to_the_operation_id_then_a_number():
    ops = [
        _op("GetThings", path="/v1/things"),
        _op("GetThingsAll", path="/v1/things"),
        _op("things/x-y"),
        _op("things/x_y"),
    ]
    expected = ["get_things", "get_things_all", "things_x_y", "things_x_y2"]
    assert method_names(ops, "things", RESERVED) == expected
    assert method_names(ops, "things", RESERVED) == expected  # deterministic


def test_keywords_and_the_consumer_s_own_attributes_are_never_method_names():
    ops = [_op("import"), _op("close"), _op("with-options"), _op("_private")]
    names = method_names(ops, "misc", RESERVED)
    assert names == ["import_", "close_", "with_options_", "private"]
    assert all(name.isidentifier() for name in names)


@pytest.mark.parametrize(
    ("wire", "taken", "name"),
    [
        ("per_page", [], "per_page"),
        ("If-Match", [], "if_match"),
        ("class", [], "class_"),
        ("self", [], "self_"),
        ("type", [], "type"),  # a soft keyword is a fine argument name
        ("id", ["id"], "id2"),
        ("expand[]", [], "expand"),
        ("123", [], "op_123"),
    ],
)
def test_argument_names(wire, taken, name):
    assert argument_name(wire, taken) == name
