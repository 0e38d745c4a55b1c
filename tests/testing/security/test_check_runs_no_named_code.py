"""``typelink cassettes check`` never runs code a cassette names.

The endpoint reference of each interaction (``module:Class.method``) comes from the file,
which a pull request can change. Only a decorated method of a class in a module under the
checked project may be imported; anything else is refused, and the gate fails.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from tests.testing.security.conftest import typelink_cli

CONSUMER = """
from typelink import Consumer, Model, get

class User(Model):
    login: str
    id: int

class Users(Consumer):
    @get("users/{login}")
    def fetch(self, login: str) -> User:
        raise NotImplementedError
"""


def _interaction(endpoint: str, body: Any) -> dict[str, Any]:
    return {
        "request": {
            "method": "GET",
            "uri": "https://api.example.com/x",
            "body": None,
            "headers": {},
        },
        "response": {
            "status": {"code": 200, "message": "OK"},
            "headers": {"Content-Type": ["application/json"]},
            "body": {"string": json.dumps(body)},
            "typelink": {"endpoint": endpoint, "recorded_at": "2026-11-01T00:00:00+00:00"},
        },
    }


def _project(tmp_path: Path, endpoints: list[str]) -> Path:
    """A project with one real consumer, and a cassette naming it and ``endpoints``."""
    project = tmp_path / "project"
    (project / "myclient").mkdir(parents=True)
    (project / "myclient" / "__init__.py").write_text("")
    (project / "myclient" / "api.py").write_text(textwrap.dedent(CONSUMER))
    items = [_interaction("myclient.api:Users.fetch", {"login": "octocat"})]  # "id" missing
    items += [_interaction(ref, {"login": "x", "id": 1}) for ref in endpoints]
    (project / "cassettes").mkdir()
    (project / "cassettes" / "users.json").write_text(
        json.dumps({"version": 1, "interactions": items})
    )
    return project


def test_a_module_outside_the_project_is_never_imported_and_cannot_pass_the_gate(
    tmp_path: Path,
) -> None:
    elsewhere = tmp_path / "site-packages"  # stands for any installed package
    elsewhere.mkdir()
    marker = tmp_path / "ran"
    (elsewhere / "gate_opener.py").write_text(
        f"open({str(marker)!r}, 'w').close()\nraise SystemExit(0)\n"
    )
    project = _project(tmp_path, ["this:Zen.line", "gate_opener:Gate.open"])

    result = typelink_cli("cassettes", "check", "cassettes", cwd=project, extra_path=elsewhere)
    assert result.returncode == 1, result.stdout + result.stderr
    assert not marker.exists()  # the named module never ran
    assert "Beautiful is better than ugly" not in result.stdout  # nor did the stdlib's `this`
    assert "REFUSED this:Zen.line" in result.stdout
    assert "REFUSED gate_opener:Gate.open" in result.stdout
    assert "DRIFT myclient.api:Users.fetch" in result.stdout  # the real endpoint is checked
    assert "missing field: id" in result.stdout


def test_project_code_that_is_not_an_endpoint_is_never_imported(tmp_path: Path) -> None:
    marker = tmp_path / "deployed"
    project = _project(tmp_path, ["scripts.deploy:Release.run"])
    (project / "scripts").mkdir()
    (project / "scripts" / "__init__.py").write_text("")
    (project / "scripts" / "deploy.py").write_text(
        f"open({str(marker)!r}, 'w').close()\n\nclass Release:\n    def run(self):\n        pass\n"
    )
    result = typelink_cli("cassettes", "check", "cassettes", cwd=project)
    assert not marker.exists()
    assert result.returncode == 1, result.stdout + result.stderr
    assert "REFUSED scripts.deploy:Release.run" in result.stdout
    assert "no decorated method Release.run" in result.stdout
