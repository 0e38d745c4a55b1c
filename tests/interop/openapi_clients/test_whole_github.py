"""Every operation of GitHub's REST API (over 1,200) becomes a declaration that compiles:
the generator is ready for the GitHub client to grow by any part of the API."""

from __future__ import annotations

import importlib
import inspect
import json
import sys

from typelink.declare.compiler import DeclaredMethod
from typelink.openapi.clientgen import ClientOptions, generate_client

from .conftest import ROOT, github_or_skip


def test_every_github_operation_compiles(generated, tmp_path):
    spec = github_or_skip(generated).description.spec
    data = json.loads(spec.read_text(encoding="utf-8"))
    operations = [
        op["operationId"]
        for item in data["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    ]
    options = ClientOptions(
        client_name="GitHub",
        overrides=ROOT / "typelink" / "github" / "overrides.json",
        command="x",
        run_formatter=False,
    )
    report = generate_client(spec, operations, tmp_path / "whole_github", options)
    assert len(operations) > 1200
    sys.path.insert(0, str(tmp_path))
    try:
        package = importlib.import_module("whole_github")
        index = importlib.import_module("whole_github._operations").OPERATIONS
    finally:
        sys.path.remove(str(tmp_path))
    assert sorted(index) == sorted(operations)
    for operation_id, (attribute, name) in index.items():
        consumer = next(c for c in report.plan.consumers if c.attribute == attribute)
        declared = inspect.getattr_static(getattr(package, consumer.class_name), name)
        assert isinstance(declared, DeclaredMethod), operation_id
        assert declared.spec.info.name == name  # compiled (forward references resolved)
    paginated = sum(m.page is not None for c in report.plan.consumers for m in c.methods)
    assert paginated > 250
