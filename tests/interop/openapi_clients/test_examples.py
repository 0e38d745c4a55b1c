"""Every example the descriptions publish validates against the generated client's models:
request and response bodies, schemas and properties (with no undocumented field), Stripe's
fixtures, and the bodies of error responses."""

from __future__ import annotations

import importlib

import pytest

from tests.openapi.schema_examples import ExampleCase, example_cases, validate
from typelink.openapi.loader import load_document

from .conftest import GITHUB_EXAMPLE_MISTAKES, Generated, github_or_skip

MINIMUM = {"stripe_client": 58, "box_client": 400, "github_client": 300}


def _cases(client: Generated) -> list[ExampleCase]:
    index = importlib.import_module(f"{client.description.package}.models._index")
    cases = example_cases(load_document(client.description.spec), index)
    for schema, value in client.description.known_examples().items():
        cases.append(ExampleCase(f"fixture {schema}", value, index.COMPONENTS[schema]))
    return cases


@pytest.mark.parametrize("package", ["stripe_client", "box_client"])
def test_every_example_validates_against_the_client_models(generated, package):
    cases = _cases(generated[package])
    assert len(cases) >= MINIMUM[package]
    assert [error for error in map(validate, cases) if error] == []


def test_every_github_example_validates_against_the_client_models(generated):
    """GitHub's examples also carry fields its schemas do not declare (a repository's
    ``network_count``...): the models keep those as extras; every example must validate."""
    cases = _cases(github_or_skip(generated))
    assert len(cases) >= MINIMUM["github_client"]
    errors = [error for error in map(validate, cases) if error]
    wrong = {e.split(": ", 1)[0] for e in errors if not e.startswith("undocumented fields")}
    assert wrong == set(GITHUB_EXAMPLE_MISTAKES)
