"""Static typing of the GitHub client, checked by ``mypy --strict`` and ``pyright --strict``.

As in ``check_declarations.py``, lines ending in both ignore comments are calls both checkers
must reject (unused ignores are errors in ``make check``). Never executed.
"""

from __future__ import annotations

from datetime import datetime

from typing_extensions import assert_type

from typelink import Page
from typelink.github import GitHub, GitHubApp, models
from typelink.github.models import (
    ContentTree,
    FullRepository,
    Issue,
    IssuesCreateRequest,
    RateLimitOverview,
    ReleaseAsset,
    SearchIssuesAndPullRequestsResponse,
    Stargazer,
    StarredRepository,
)


def typed_calls(gh: GitHub) -> None:
    assert_type(gh.repos.get("octocat", "Hello-World"), FullRepository)
    assert_type(gh.issues.list_for_repo("octocat", "Hello-World", state="all"), Page[Issue])
    assert_type(gh.issues.create("o", "r", IssuesCreateRequest(title="t")), Issue)
    assert_type(gh.rate_limit.get(), RateLimitOverview)
    assert_type(gh.search.issues_and_pull_requests("is:open"), SearchIssuesAndPullRequestsResponse)
    assert_type(gh.repos.list_languages("o", "r"), dict[str, int])
    assert_type(
        gh.release_assets.upload("o", "r", 1, b"zip", "application/zip", "a.zip"), ReleaseAsset
    )
    for issue in gh.issues.list_for_repo("o", "r"):
        assert_type(issue.number, int)


def other_representations(gh: GitHub) -> None:
    assert_type(gh.contents.get_raw("o", "r", "docs/logo.png", ref="feature/x"), bytes)
    assert_type(gh.contents.get_html("o", "r", "README.md"), str)
    assert_type(gh.contents.get_object("o", "r", "docs"), ContentTree)
    assert_type(gh.contents.get_readme_raw("o", "r"), bytes)
    assert_type(gh.contents.get_readme_html("o", "r"), str)
    assert_type(gh.pulls.get_diff("o", "r", 1), str)
    assert_type(gh.pulls.get_patch("o", "r", 1), str)
    assert_type(gh.commits.get_diff("o", "r", "feature/x"), str)
    assert_type(gh.commits.get_patch("o", "r", "v1.0"), str)
    assert_type(gh.commits.get_sha("o", "r", "heads/main"), str)
    assert_type(gh.stars.list_stargazers_with_timestamps("o", "r"), Page[Stargazer])
    assert_type(gh.stars.list_for_user_with_timestamps("octocat"), Page[StarredRepository])
    assert_type(gh.stars.list_for_authenticated_user_with_timestamps(), Page[StarredRepository])
    for star in gh.stars.list_for_user_with_timestamps("octocat"):
        assert_type(star.starred_at, datetime)


def grown_groups(gh: GitHub) -> None:
    """Nested groups (``gh.actions.runs``), wrapped lists, downloads, unions, keyword filters."""
    runs = gh.actions.runs.list("o", "r", branch="main", status="failure", per_page=100)
    assert_type(runs, models.ActionsListWorkflowRunsForRepoResponse)
    assert_type(runs.workflow_runs, list[models.WorkflowRun])
    assert_type(gh.actions.runs.download_logs("o", "r", 1), bytes)
    assert_type(gh.actions.jobs.get("o", "r", 1), models.Job)
    assert_type(gh.actions.secrets.get_public_key("o", "r"), models.ActionsPublicKey)
    assert_type(gh.actions.workflows.get("o", "r", "ci.yml"), models.Workflow)
    assert_type(
        gh.actions.runs.get_pending_deployments("o", "r", 1), list[models.PendingDeployment]
    )
    assert_type(
        gh.actions.environment_variables.get("o", "r", "prod", "HOST"), models.ActionsVariable
    )
    assert_type(gh.check_runs.list_for_ref("o", "r", "feature/x"), models.ChecksListForRefResponse)
    assert_type(gh.commits.compare("o", "r", "main...feature/x"), models.CommitComparison)
    assert_type(gh.commits.get("o", "r", "main"), models.Commit)
    assert_type(gh.commits.list("o", "r", since=datetime(2026, 1, 1)), Page[models.Commit])
    assert_type(gh.teams.list("github"), Page[models.Team])
    assert_type(gh.hooks.ping("o", "r", 1), None)
    assert_type(gh.reactions.list_for_issue("o", "r", 1, content="heart"), Page[models.Reaction])
    created = gh.deployments.create("o", "r", models.ReposCreateDeploymentRequest(ref="main"))
    assert_type(created, models.Deployment | models.ReposCreateDeploymentResponse)
    gh.actions.runs.list("o", "r", status="exploded")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def lazily_loaded_models(gh: GitHub) -> None:
    """``typelink.github.models`` loads each module on first use (a module ``__getattr__`` at
    run time); the checkers read its real imports, so every name keeps its type and a
    misspelt one is still an error."""
    assert_type(gh.issues.get("o", "r", 1), models.Issue)
    assert_type(models.Issue, type[Issue])
    assert_type(models.IssuesCreateRequest(title="t").title, str | int)
    assert_type(gh.pulls.list("o", "r"), Page[models.PullRequestSimple])
    misspelt = models.Isue  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue]
    del misspelt


def rejected_calls(gh: GitHub) -> None:
    gh.repos.get("octocat")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    gh.issues.get("o", "r", "1347")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    gh.issues.create("o", "r", {"title": "t"})  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    gh.issues.list_for_repo("o", "r", state="everything")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def clients(key: str) -> None:
    GitHub(token="t")
    GitHub(app=GitHubApp(12345, key, installation_id=7))
    GitHub(base_url="https://github.example.com/api/v3", uploads_url="https://up.example.com")


def misspelt_option() -> None:
    GitHub(token="t", timeot=5)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    GitHub(token="t", timeout="5s")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
