"""Generated clients make the descriptions' example requests, exactly, against a server that
derives each expected request from the description and refuses any difference.

Per operation: a call with only the required parameters (nothing else may reach the wire),
a call with every documented parameter and the request body, and a call answered with the
operation's documented error (its declared error class must be raised, body parsed).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from typelink import RetryPolicy

from .calls import Outcome, run_call, run_error
from .conftest import GITHUB_ANSWERS_REFUSED, Generated, github_or_skip
from .expected import base_path, example_calls
from .samples import Sampler
from .spec_server import spec_server

MINIMUM_CALLS = {"stripe_client": 72, "box_client": 62, "github_client": 340}
"""Two calls per operation: every operation of each list is exercised."""


def _spec_paths(data: dict[str, Any]) -> dict[str, str]:
    return {
        str(op["operationId"]): path
        for path, item in data["paths"].items()
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    }


def _run(client: Generated) -> tuple[int, int, list[str], list[Outcome]]:
    description = client.description
    data = json.loads(description.spec.read_text(encoding="utf-8"))
    sampler = Sampler(data, description.known_examples())
    calls, skipped = example_calls(data, list(client.operations), sampler, base_path(data))
    paths = _spec_paths(data)
    failures: list[Outcome] = []
    errors = 0
    with spec_server() as server:
        api = client.client_class(server.url + base_path(data), retry=RetryPolicy(max_retries=0))
        for call in calls:
            spec_path = paths[call.operation_id]
            outcome = run_call(server, api, client.operations, call, spec_path)
            failures += [outcome] if outcome.problems else []
            if call.error is not None:
                errors += 1
                outcome = run_error(server, api, client.operations, call, spec_path)
                failures += [outcome] if outcome.problems else []
    return len(calls), errors, skipped, failures


@pytest.mark.parametrize("package", ["stripe_client", "box_client"])
def test_every_example_request_is_exact_on_the_wire(generated, package):
    calls, errors, skipped, failures = _run(generated[package])
    assert [str(failure) for failure in failures] == []
    assert skipped == []
    assert calls >= MINIMUM_CALLS[package]
    assert errors >= len(generated[package].operations) // 2


def test_every_github_example_request_is_exact_on_the_wire(generated):
    """Every request exact; the answers the client refuses are exactly the ones whose
    example in GitHub's description does not fit the schema next to it."""
    client = github_or_skip(generated)
    calls, errors, skipped, failures = _run(client)
    assert [str(f) for f in failures if not f.answer_refused] == []
    refused = {f.call.split(" ")[0] for f in failures if f.answer_refused}
    assert refused == GITHUB_ANSWERS_REFUSED  # GitHub's own examples misfit its schemas
    assert skipped == []
    assert calls >= MINIMUM_CALLS["github_client"]
    assert errors >= len(client.operations) // 2
