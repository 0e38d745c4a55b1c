# Generated from typelink/github/checks.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Checks: check runs and check suites (GitHub Apps write them; anyone with read access reads them).

``ref`` is a commit SHA, a branch or a tag; its slashes are sent as they are
(``commits/feature/x/check-runs``).
"""

from __future__ import annotations

from typing import Literal

import typelink as tl
from typelink import AsyncPage, Body, Query
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncCheckRuns(AsyncGitHubConsumer):
    """Check runs."""

    @tl.post("repos/{owner}/{repo}/check-runs")
    async def create(
        self, owner: str, repo: str, body: Body[models.ChecksCreateRequest]
    ) -> models.CheckRun:
        """Create a check run.

        ``POST /repos/{owner}/{repo}/check-runs``
        (operation ``checks/create``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/check-runs/{check_run_id}")
    async def get(self, owner: str, repo: str, check_run_id: int) -> models.CheckRun:
        """Get a check run.

        Gets a single check run using its ``id``.

        ``GET /repos/{owner}/{repo}/check-runs/{check_run_id}``
        (operation ``checks/get``)
        """
        raise NotImplementedError

    @tl.patch("repos/{owner}/{repo}/check-runs/{check_run_id}")
    async def update(
        self,
        owner: str,
        repo: str,
        check_run_id: int,
        body: Body[models.ChecksUpdateRequest1 | models.ChecksUpdateRequest2],
    ) -> models.CheckRun:
        """Update a check run.

        Updates a check run for a specific commit in a repository.

        ``PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}``
        (operation ``checks/update``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/check-runs/{check_run_id}/annotations")
    async def list_annotations(
        self,
        owner: str,
        repo: str,
        check_run_id: int,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.CheckAnnotation]:
        """List check run annotations.

        Lists annotations for a check run using the annotation ``id``.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations``
        (operation ``checks/list-annotations``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/check-runs/{check_run_id}/rerequest")
    async def rerequest(self, owner: str, repo: str, check_run_id: int) -> models.EmptyObject:
        """Rerequest a check run.

        ``POST /repos/{owner}/{repo}/check-runs/{check_run_id}/rerequest``
        (operation ``checks/rerequest-run``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/commits/{+ref}/check-runs")
    async def list_for_ref(
        self,
        owner: str,
        repo: str,
        ref: str,
        check_name: Query[str | None] = None,
        status: Query[Literal["queued", "in_progress", "completed"] | None] = None,
        filter: Query[Literal["latest", "all"] | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
        app_id: Query[int | None] = None,
    ) -> models.ChecksListForRefResponse:
        """List check runs for a Git reference.

        Lists check runs for a commit ref. The ``ref`` can be a SHA, branch name, or a tag name.

        GitHub wraps the list: ``check_runs`` and ``total_count`` (all of them); one page per
        call, ask for the next with ``page=``.

        Not sent unless given; GitHub then uses ``filter="latest"``, ``per_page=30``,
        ``page=1``.

        ``GET /repos/{owner}/{repo}/commits/{ref}/check-runs``
        (operation ``checks/list-for-ref``)
        """
        raise NotImplementedError


class AsyncCheckSuites(AsyncGitHubConsumer):
    """Check suites."""

    @tl.post("repos/{owner}/{repo}/check-suites")
    async def create(
        self, owner: str, repo: str, body: Body[models.ChecksCreateSuiteRequest]
    ) -> models.CheckSuite:
        """Create a check suite.

        Creates a check suite manually. By default, check suites are automatically created when
        you create a check run. You only need to use this endpoint for manually creating check
        suites when you've disabled automatic creation using "Update repository preferences for
        check suites".

        ``POST /repos/{owner}/{repo}/check-suites``
        (operation ``checks/create-suite``)
        """
        raise NotImplementedError

    @tl.patch("repos/{owner}/{repo}/check-suites/preferences")
    async def set_preferences(
        self,
        owner: str,
        repo: str,
        body: Body[models.ChecksSetSuitesPreferencesRequest],
    ) -> models.CheckSuitePreference:
        """Update repository preferences for check suites.

        ``PATCH /repos/{owner}/{repo}/check-suites/preferences``
        (operation ``checks/set-suites-preferences``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/check-suites/{check_suite_id}")
    async def get(self, owner: str, repo: str, check_suite_id: int) -> models.CheckSuite:
        """Get a check suite.

        Gets a single check suite using its ``id``.

        ``GET /repos/{owner}/{repo}/check-suites/{check_suite_id}``
        (operation ``checks/get-suite``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/check-suites/{check_suite_id}/check-runs")
    async def list_check_runs(
        self,
        owner: str,
        repo: str,
        check_suite_id: int,
        check_name: Query[str | None] = None,
        status: Query[Literal["queued", "in_progress", "completed"] | None] = None,
        filter: Query[Literal["latest", "all"] | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> models.ChecksListForSuiteResponse:
        """List check runs in a check suite.

        Lists check runs for a check suite using its ``id``.

        GitHub wraps the list: ``check_runs`` and ``total_count`` (all of them); one page per
        call, ask for the next with ``page=``.

        Not sent unless given; GitHub then uses ``filter="latest"``, ``per_page=30``,
        ``page=1``.

        ``GET /repos/{owner}/{repo}/check-suites/{check_suite_id}/check-runs``
        (operation ``checks/list-for-suite``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/check-suites/{check_suite_id}/rerequest")
    async def rerequest(self, owner: str, repo: str, check_suite_id: int) -> models.EmptyObject:
        """Rerequest a check suite.

        Triggers GitHub to rerequest an existing check suite, without pushing new code to a
        repository. This endpoint will trigger the ``check_suite`` webhook event with the action
        ``rerequested``. When a check suite is ``rerequested``, its ``status`` is reset to
        ``queued`` and the ``conclusion`` is cleared.

        ``POST /repos/{owner}/{repo}/check-suites/{check_suite_id}/rerequest``
        (operation ``checks/rerequest-suite``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/commits/{+ref}/check-suites")
    async def list_for_ref(
        self,
        owner: str,
        repo: str,
        ref: str,
        app_id: Query[int | None] = None,
        check_name: Query[str | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> models.ChecksListSuitesForRefResponse:
        """List check suites for a Git reference.

        Lists check suites for a commit ``ref``. The ``ref`` can be a SHA, branch name, or a tag
        name.

        GitHub wraps the list: ``check_suites`` and ``total_count`` (all of them); one page per
        call, ask for the next with ``page=``.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/commits/{ref}/check-suites``
        (operation ``checks/list-suites-for-ref``)
        """
        raise NotImplementedError
