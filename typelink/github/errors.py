"""GitHub's error body, parsed onto every :class:`typelink.errors.APIStatusError`.

GitHub answers errors with ``{"message", "documentation_url"}``, and a 422 "Validation
Failed" adds ``errors``: one object per rejected field (``resource``, ``field``, ``code``,
sometimes ``message``), or plain strings on a few endpoints. ``GitHub`` passes
:class:`GitHubError` as its ``error_model``, so ``exc.parsed.errors`` lists them::

    try:
        gh.issues.create("octocat", "Hello-World", IssuesCreateRequest(title=""))
    except UnprocessableEntityError as exc:
        for error in exc.parsed.errors or []:
            print(error.field, error.code)      # title missing_field
"""

from __future__ import annotations

from typelink.declare.models import Model

__all__ = ["REQUEST_ID_HEADER", "GitHubError", "GitHubFieldError"]

REQUEST_ID_HEADER = "x-github-request-id"
"""The header naming a request in GitHub's logs (quote it to GitHub support)."""


class GitHubFieldError(Model):
    """One rejected field of a 422: ``code`` is e.g. ``missing_field``, ``invalid``,
    ``already_exists``, ``custom`` (then ``message`` explains)."""

    code: str
    resource: str | None = None
    field: str | None = None
    message: str | None = None
    index: int | None = None
    value: str | int | list[str] | None = None


class GitHubError(Model):
    """An error body: GitHub's ``message``, the docs page about it, and field errors.

    ``status`` is the status code as a string (newer responses repeat it in the body).
    """

    message: str | None = None
    documentation_url: str | None = None
    status: str | None = None
    errors: list[GitHubFieldError | str] | None = None

    def field_errors(self) -> list[GitHubFieldError]:
        """The structured entries of ``errors`` (plain-string entries left out)."""
        return [error for error in self.errors or () if isinstance(error, GitHubFieldError)]
