from __future__ import annotations

import pytest

from typelink.openapi.loader import Operation
from typelink.openapi.modules import group_for, path_group


@pytest.mark.parametrize(
    ("path", "group"),
    [
        ("/v1/customers/{customer}", "customers"),
        ("/v1/payment_intents/{intent}/capture", "payment_intents"),
        ("/api/v2/things", "things"),
        ("/2.0/files/{id}", "files"),
        ("/{id}", "root"),
        ("/", "root"),
        ("/v1beta1/pods", "pods"),
    ],
)
def test_path_group_skips_versions_and_parameters(path, group):
    assert path_group(path) == group


def _op(path: str, tags: tuple[str, ...] = ()) -> Operation:
    return Operation("x", "GET", path, tags, "", {}, ())


def test_group_is_the_first_tag_else_the_path_prefix():
    assert group_for(_op("/v1/charges", ("Uploads (Chunked)", "Files"))) == "uploads_chunked"
    assert group_for(_op("/v1/charges")) == "charges"
    assert group_for(_op("/v1/common/x")) == "common_operations"  # not the shared module
    assert group_for(_op("/class/x")) == "class_"
