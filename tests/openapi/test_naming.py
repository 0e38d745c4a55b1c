from __future__ import annotations

import keyword

import pytest

from typelink.openapi.naming import class_name, field_name, unique


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("nullable-simple-user", "NullableSimpleUser"),
        ("repos/get-content", "ReposGetContent"),
        ("simple_user", "SimpleUser"),
        ("HTMLParser", "HTMLParser"),
        ("petStore", "PetStore"),
        ("3d-model", "Model3DModel"),
        ("", "Model"),
    ],
)
def test_class_name(raw, expected):
    assert class_name(raw) == expected


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("node_id", "node_id"),
        ("htmlUrl", "htmlUrl"),  # a valid wire name is kept as the documentation spells it
        ("last4", "last4"),
        ("line1", "line1"),
        ("p24", "p24"),
        ("Type", "Type"),
        ("UnknownValue", "unknown_value"),  # the generated module imports that name
        ("min-length", "min_length"),
        ("_links", "links"),
        ("+1", "plus_1"),
        ("-1", "minus_1"),
        ("class", "class_"),
        ("json", "json_"),
        ("schema", "schema_"),
        ("model_config", "model_config_"),
        ("datetime", "datetime_"),
        ("2fa", "field_2_fa"),
        ("@", "field"),
    ],
)
def test_field_name(wire, expected):
    name = field_name(wire)
    assert name == expected
    assert name.isidentifier() and not keyword.iskeyword(name) and not name.startswith("_")


def test_unique_appends_the_first_free_number():
    assert unique("Pet", []) == "Pet"
    assert unique("Pet", ["Pet", "Pet2"]) == "Pet3"
