"""Clients generated from three real descriptions nobody here wrote, once per test session.

Stripe (no tags, form bodies, expandable fields, ``deepObject`` filters, fixtures in a
separate file) and Box (tags, ``allOf``, examples on most properties, offset and marker
pagination) from the excerpts committed under ``tests/openapi/data``; GitHub (Link-header
pagination, shared error responses) from ``@octokit/openapi``, fetched from the npm
registry into a cache (see :mod:`.octokit`). Everything is generated into a temporary
folder: no generated client is committed.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from typelink.openapi.clientgen import ClientOptions, ClientReport, generate_client
from typelink.openapi.select import parse_operation_list

from .octokit import SOURCE_NAME, DescriptionUnavailable, github_description

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "openapi" / "data"
GITHUB_OPERATIONS = Path(__file__).parent / "github_operations.txt"


NULL_EMPTY_OBJECT = "an empty-object answer documented with the example null"
NO_TEAM_TYPE = "the example team has no type, which the schema requires"
GITHUB_EXAMPLE_MISTAKES = {
    "actions/cancel-workflow-run 202 example default": NULL_EMPTY_OBJECT,
    "actions/create-or-update-repo-secret 201 example default": NULL_EMPTY_OBJECT,
    "actions/re-run-workflow 201 example default": NULL_EMPTY_OBJECT,
    "checks/rerequest-suite 201 example default": NULL_EMPTY_OBJECT,
    "teams/create 201 example default": NO_TEAM_TYPE,
    "teams/get-by-name 200 example default": NO_TEAM_TYPE,
    "markdown/render-raw request example default": "a text/plain body documented as an object",
    "repos/compare-commits 200.base_commit.commit.author.date": "a date example quoted twice",
    "search/issues-and-pull-requests 200 example lexical-fallback": "items elided as '...'",
}
"""Examples GitHub's description (@octokit/openapi 23.0.2) gets wrong, by where they are, with
why: the generated types follow the schemas, so these examples do not fit them. (The GitHub
client itself makes fields optional that an Enterprise Server release does not send, which
covers some of these; this proof uses api.github.com's description alone, with the client's
``overrides.json``: a job's ``created_at`` and a commit file's ``sha`` are optional there, since
the examples omit them.)"""
GITHUB_ANSWERS_REFUSED = {
    location.split(" ")[0]
    for location in GITHUB_EXAMPLE_MISTAKES
    if re.search(r" 2\d\d example default$", location)
} - {"actions/create-or-update-repo-secret"}
"""Operations whose documented answer the client rightly refuses (the request was exact): a
2xx example that misfits its schema, except where the misfit is a ``null`` that the declared
return type accepts (a secret answers 201 with an empty object or 204 with nothing, so the
method returns ``EmptyObject | None``)."""


@dataclass
class Description:
    """A description and how its client is generated."""

    package: str
    spec: Path
    operations: Path
    client_name: str
    overrides: Path | None = None
    fixtures: Path | None = None

    def options(self, command: str | None = None) -> ClientOptions:
        """Generation options (``command``: the header's regenerate command)."""
        words = [
            *("typelink", "openapi", "client", str(self.spec)),
            *("--operations", str(self.operations), "--output", self.package),
            *("--client-name", self.client_name),
        ]
        if self.overrides is not None:
            words += ["--overrides", str(self.overrides)]
        return ClientOptions(
            client_name=self.client_name,
            overrides=self.overrides,
            command=command or " ".join(words),
            source_name=self.spec.name,
        )

    def known_examples(self) -> dict[str, Any]:
        """Examples published apart from the description (Stripe's fixtures), by schema."""
        if self.fixtures is None:
            return {}
        resources: dict[str, Any] = json.loads(self.fixtures.read_text())["resources"]
        return resources


@dataclass
class Generated:
    """A generated client package, imported."""

    description: Description
    folder: Path
    report: ClientReport
    package: ModuleType
    operations: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def client_class(self) -> Any:
        return getattr(self.package, self.description.client_name)


STRIPE = Description(
    "stripe_client",
    DATA / "stripe-2020-08-27.excerpt.json",
    DATA / "stripe_operations.txt",
    "Stripe",
    fixtures=DATA / "stripe-fixtures-2020-08-27.excerpt.json",
)
BOX = Description(
    "box_client", DATA / "box-2024.0.excerpt.json", DATA / "box_operations.txt", "Box"
)


def github() -> Description | None:
    """GitHub's description, or None when it cannot be fetched (and may be skipped)."""
    try:
        spec = github_description()
    except DescriptionUnavailable:
        if os.environ.get("TYPELINK_REQUIRE_GITHUB_DESCRIPTION"):
            raise
        return None
    return Description(
        "github_client",
        spec,
        GITHUB_OPERATIONS,
        "GitHub",
        overrides=ROOT / "typelink" / "github" / "overrides.json",
    )


def generate(description: Description, root: Path) -> ClientReport:
    """Generate ``description``'s client into ``root``."""
    operations = parse_operation_list(str(description.operations))
    return generate_client(
        description.spec, operations, root / description.package, description.options()
    )


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Generated]]:
    """Stripe's, Box's and (when it can be fetched) GitHub's client, generated and imported."""
    root = tmp_path_factory.mktemp("clients")
    descriptions = [STRIPE, BOX]
    found = github()
    if found is not None:
        descriptions.append(found)
    reports = {d.package: generate(d, root) for d in descriptions}
    sys.path.insert(0, str(root))
    try:
        clients: dict[str, Generated] = {}
        for description in descriptions:
            package = importlib.import_module(description.package)
            index = importlib.import_module(f"{description.package}._operations")
            clients[description.package] = Generated(
                description, root, reports[description.package], package, dict(index.OPERATIONS)
            )
        yield clients
    finally:
        sys.path.remove(str(root))


def github_or_skip(clients: dict[str, Generated]) -> Generated:
    """GitHub's generated client, or skip (GitHub's description could not be fetched)."""
    if "github_client" not in clients:
        pytest.skip(f"{SOURCE_NAME} could not be fetched (npm and its registry are needed)")
    return clients["github_client"]
