"""Static typing of the generated ``AsyncGitHub``, checked by ``mypy --strict`` and
``pyright --strict``: every call is an awaitable of the blocking client's declared type.

Lines ending in both ignore comments are calls both checkers must reject (unused ignores are
errors in ``make check``). Never executed.
"""

from __future__ import annotations

from collections.abc import Awaitable

from typing_extensions import assert_type

from typelink import AsyncPage, Page
from typelink.github import AsyncGitHub, GitHubApp, models
from typelink.github.models import (
    ContentTree,
    FullRepository,
    Issue,
    IssuesCreateRequest,
    RateLimitOverview,
    ReleaseAsset,
    StarredRepository,
)


async def typed_calls(gh: AsyncGitHub) -> None:
    pending: Awaitable[FullRepository] = gh.repos.get("octocat", "Hello-World")
    assert_type(await pending, FullRepository)
    assert_type(await gh.repos.get("octocat", "Hello-World"), FullRepository)
    issues = await gh.issues.list_for_repo("octocat", "Hello-World", state="all")
    assert_type(issues, AsyncPage[Issue])
    async for issue in issues:
        assert_type(issue.number, int)
    assert_type(await issues.to_list(), list[Issue])
    assert_type(await gh.issues.create("o", "r", IssuesCreateRequest(title="t")), Issue)
    assert_type(await gh.rate_limit.get(), RateLimitOverview)
    assert_type(await gh.repos.list_languages("o", "r"), dict[str, int])
    assert_type(
        await gh.release_assets.upload("o", "r", 1, b"zip", "application/zip", "a.zip"),
        ReleaseAsset,
    )
    assert_type(await gh.contents.get_raw("o", "r", "logo.png"), bytes)
    assert_type(await gh.contents.get_object("o", "r", "docs"), ContentTree)
    assert_type(await gh.pulls.get_diff("o", "r", 1), str)
    assert_type(
        await gh.stars.list_for_user_with_timestamps("octocat"), AsyncPage[StarredRepository]
    )
    assert_type(await gh.issues.get("o", "r", 1), models.Issue)


async def rejected_calls(gh: AsyncGitHub) -> None:
    issue: Issue = gh.issues.get("o", "r", 1)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    page: Page[Issue] = await gh.issues.list_for_repo("o", "r")  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    await gh.repos.get("octocat")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    await gh.issues.get("o", "r", "1347")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    await gh.issues.create("o", "r", {"title": "t"})  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    await gh.issues.list_for_repo("o", "r", state="everything")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    del issue, page


async def clients(key: str) -> None:
    async with AsyncGitHub(token="t") as gh:
        assert_type(gh, AsyncGitHub)
    AsyncGitHub(app=GitHubApp(12345, key, installation_id=7))
    AsyncGitHub(base_url="https://github.example.com/api/v3", uploads_url="https://up.example.com")
    AsyncGitHub(token="t", timeot=5)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    with AsyncGitHub(token="t"):  # type: ignore[attr-defined]  # pyright: ignore[reportGeneralTypeIssues]
        pass
