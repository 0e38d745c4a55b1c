# Generated from typelink/github/actions/jobs.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Workflow jobs: list a run's jobs, get one, download its logs, re-run it."""

from __future__ import annotations

from typing import Literal

import typelink as tl
from typelink import Body, Query
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncWorkflowJobs(AsyncGitHubConsumer):
    """Jobs of workflow runs."""

    @tl.get("repos/{owner}/{repo}/actions/runs/{run_id}/jobs")
    async def list_for_run(
        self,
        owner: str,
        repo: str,
        run_id: int,
        filter: Query[Literal["latest", "all"] | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> models.ActionsListJobsForWorkflowRunResponse:
        """List jobs for a workflow run.

        Lists jobs for a workflow run. You can use parameters to narrow the list of results. For
        more information about using parameters, see Parameters.

        GitHub wraps the list: ``jobs`` and ``total_count`` (all of them); one page per call,
        ask for the next with ``page=``.

        Not sent unless given; GitHub then uses ``filter="latest"``, ``per_page=30``,
        ``page=1``.

        ``GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs``
        (operation ``actions/list-jobs-for-workflow-run``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs")
    async def list_for_run_attempt(
        self,
        owner: str,
        repo: str,
        run_id: int,
        attempt_number: int,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> models.ActionsListJobsForWorkflowRunAttemptResponse:
        """List jobs for a workflow run attempt.

        Lists jobs for a specific workflow run attempt. You can use parameters to narrow the
        list of results. For more information about using parameters, see Parameters.

        GitHub wraps the list: ``jobs`` and ``total_count`` (all of them); one page per call,
        ask for the next with ``page=``.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs``
        (operation ``actions/list-jobs-for-workflow-run-attempt``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/actions/jobs/{job_id}")
    async def get(self, owner: str, repo: str, job_id: int) -> models.Job:
        """Get a job for a workflow run.

        Gets a specific job in a workflow run.

        ``GET /repos/{owner}/{repo}/actions/jobs/{job_id}``
        (operation ``actions/get-job-for-workflow-run``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/actions/jobs/{job_id}/logs")
    async def download_logs(self, owner: str, repo: str, job_id: int) -> bytes:
        """Download job logs for a workflow run.

        Gets a redirect URL to download a plain text file of logs for a workflow job. This link
        expires after 1 minute.

        GitHub redirects to a short-lived download URL on its storage host; the redirect is
        followed (without the token) and the log's bytes (plain text) are returned.

        ``GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs``
        (operation ``actions/download-job-logs-for-workflow-run``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/actions/jobs/{job_id}/rerun")
    async def rerun(
        self,
        owner: str,
        repo: str,
        job_id: int,
        body: Body[models.ActionsReRunJobForWorkflowRunRequest | None | None] = None,
    ) -> models.EmptyObject:
        """Re-run a job from a workflow run.

        Re-run a job and its dependent jobs in a workflow run.

        ``POST /repos/{owner}/{repo}/actions/jobs/{job_id}/rerun``
        (operation ``actions/re-run-job-for-workflow-run``)
        """
        raise NotImplementedError
