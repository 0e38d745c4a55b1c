from __future__ import annotations

import json

import pytest

from typelink.openapi.loader import OpenAPIDocument, OpenAPIError
from typelink.openapi.overrides import apply_overrides, load_overrides

from .conftest import SPEC


def _write(tmp_path, patches):
    path = tmp_path / "overrides.json"
    path.write_text(json.dumps({"patches": patches}))
    return path


def test_optional_nullable_and_replace(tmp_path):
    path = _write(
        tmp_path,
        [
            {"schema": "pet", "optional": ["owner"], "reason": "examples omit it"},
            {"schema": "#/components/schemas/pet/properties/name", "nullable": True},
            {"schema": "#/components/schemas/pet/properties/id", "replace": {"type": "string"}},
        ],
    )
    doc = OpenAPIDocument(SPEC)
    patched = apply_overrides(doc, load_overrides(path))
    pet = patched.schemas["pet"]
    assert "owner" not in pet["required"]
    assert pet["properties"]["name"]["nullable"] is True
    assert pet["properties"]["id"] == {"type": "string"}
    assert "owner" in doc.schemas["pet"]["required"]  # the original is untouched
    assert "nullable" not in SPEC["components"]["schemas"]["pet"]["properties"]["name"]


def test_generated_models_follow_overrides(generate, tmp_path):
    path = _write(tmp_path, [{"schema": "pet", "optional": ["owner"]}])
    target, _ = generate(overrides=path)
    common = (target / "common.py").read_text()
    assert "    owner: User | None = None\n" in common
    assert f"# Overrides: {path}" in common.replace("\n#   ", "")


@pytest.mark.parametrize(
    ("patches", "message"),
    [
        ([{"schema": "pet", "optional": ["nope"]}], "not required there"),
        ([{"schema": "missing"}], "unresolvable"),
        ([{"schema": "pet", "typo": 1}], "bad patch"),
    ],
)
def test_bad_overrides_fail_clearly(tmp_path, patches, message):
    with pytest.raises(OpenAPIError, match=message):
        apply_overrides(OpenAPIDocument(SPEC), load_overrides(_write(tmp_path, patches)))


def test_overrides_file_must_have_patches(tmp_path):
    path = tmp_path / "o.json"
    path.write_text("[]")
    with pytest.raises(OpenAPIError, match="'patches' list"):
        load_overrides(path)
