"""GitHub's error bodies become ``exc.parsed`` (a GitHubError); the request id is kept."""

from __future__ import annotations

import pytest

from tests.fixtures.servers import Reply
from tests.github.fake import error_doc, error_reply
from typelink.errors import (
    AuthenticationError,
    InternalServerError,
    NotFoundError,
    UnprocessableEntityError,
)
from typelink.github import GitHub
from typelink.github.errors import GitHubError, GitHubFieldError
from typelink.github.models import (
    IssuesAddLabelsRequest,
    IssuesCreateRequest,
    ReposCreateForAuthenticatedUserRequest,
)
from typelink.github.repos import Repos

TOKEN = "ghp_errorstesttoken00000000000000000"


def client(url: str) -> GitHub:
    return GitHub(TOKEN, base_url=url, sleep=lambda seconds: None)


def test_validation_failed_exposes_the_field_errors(api):
    api.script = [error_reply("validation-failed")]
    with client(api.url) as gh, pytest.raises(UnprocessableEntityError) as info:
        gh.issues.create("octocat", "Hello-World", IssuesCreateRequest(title=""))
    exc = info.value
    assert isinstance(exc.parsed, GitHubError)
    assert exc.parsed.message == "Validation Failed"
    assert exc.parsed.documentation_url.endswith("#create-an-issue")
    assert exc.parsed.status == "422"
    title, milestone = exc.parsed.errors
    assert isinstance(title, GitHubFieldError)
    assert (title.resource, title.field, title.code) == ("Issue", "title", "missing_field")
    assert (milestone.field, milestone.code, milestone.value) == ("milestone", "invalid", 42)
    assert exc.parsed.field_errors() == [title, milestone]
    assert exc.request_id == "C0DE:1A2B:3C4D5E:6F7A8B:65A1B2C3"
    assert "Validation Failed" in str(exc) and exc.request_id in str(exc)
    assert exc.status_code == 422 and exc.method == "POST"
    assert len(api.seen) == 1  # a 422 is final


def test_a_custom_validation_error_keeps_its_message(api):
    api.script = [error_reply("repository-exists")]
    with client(api.url) as gh, pytest.raises(UnprocessableEntityError) as info:
        gh.repos.create(ReposCreateForAuthenticatedUserRequest(name="Hello-World"))
    (error,) = info.value.parsed.field_errors()
    assert error.code == "custom"
    assert error.message == "name already exists on this account"
    assert "Repository creation failed." in str(info.value)


def test_string_errors_are_kept_as_strings(api):
    api.script = [error_reply("validation-failed-simple")]
    with client(api.url) as gh, pytest.raises(UnprocessableEntityError) as info:
        gh.labels.add_to_issue(
            "octocat", "Hello-World", 1347, IssuesAddLabelsRequest(labels=["bug"])
        )
    assert info.value.parsed.errors == ["Labels must be strings"]
    assert info.value.parsed.field_errors() == []


def test_not_found_and_bad_credentials(api):
    api.script = [error_reply("not-found"), error_reply("bad-credentials")]
    with client(api.url) as gh:
        with pytest.raises(NotFoundError) as missing:
            gh.repos.get("octocat", "missing")
        with pytest.raises(AuthenticationError) as denied:
            gh.users.get_authenticated()
    assert missing.value.parsed.documentation_url.endswith("#get-a-repository")
    assert missing.value.request_id == error_doc("not-found")["headers"]["X-GitHub-Request-Id"]
    assert "Bad credentials" in str(denied.value)
    assert TOKEN not in str(denied.value) and TOKEN not in repr(denied.value.headers)


def test_a_body_that_is_not_githubs_leaves_parsed_empty(api):
    api.script = [
        Reply(status=502, body=b"<html>Bad gateway</html>", headers={"Content-Type": "text/html"})
    ]
    with client(api.url) as gh, pytest.raises(InternalServerError) as info:
        gh.repos.get("octocat", "Hello-World")
    assert info.value.parsed is None
    assert info.value.body == b"<html>Bad gateway</html>"
    assert len(api.seen) == 3  # retried twice, as any 5xx


def test_a_group_used_alone_has_the_same_error_model(api):
    api.script = [error_reply("not-found")]
    with Repos(base_url=api.url) as repos, pytest.raises(NotFoundError) as info:
        repos.get("octocat", "missing")
    assert isinstance(info.value.parsed, GitHubError)
    assert info.value.request_id is not None


def test_every_error_example_fits_the_model():
    for name in (
        "validation-failed",
        "validation-failed-simple",
        "repository-exists",
        "not-found",
        "bad-credentials",
        "forbidden-integration",
        "primary-rate-limit",
        "secondary-rate-limit",
    ):
        parsed = GitHubError.model_validate(error_doc(name)["body"])
        assert parsed.message and parsed.documentation_url
