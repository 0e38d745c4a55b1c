# Generated from typelink/github/actions/runs.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Workflow runs: get, cancel, re-run, approve, delete; attempts, logs, usage, deployments."""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import Literal

import typelink as tl
from typelink import Body, Query
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncWorkflowRuns(AsyncGitHubConsumer):
    """Workflow runs of a repository."""

    @tl.get("repos/{owner}/{repo}/actions/runs")
    async def list(
        self,
        owner: str,
        repo: str,
        actor: Query[str | None] = None,
        branch: Query[str | None] = None,
        event: Query[str | None] = None,
        status: Query[
            Literal[
                "completed",
                "action_required",
                "cancelled",
                "failure",
                "neutral",
                "skipped",
                "stale",
                "success",
                "timed_out",
                "in_progress",
                "queued",
                "requested",
                "waiting",
                "pending",
            ]
            | None
        ] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
        created: Query[datetime | None] = None,
        exclude_pull_requests: Query[bool | None] = None,
        check_suite_id: Query[int | None] = None,
        head_sha: Query[str | None] = None,
    ) -> models.ActionsListWorkflowRunsForRepoResponse:
        """List workflow runs for a repository.

        Lists all workflow runs for a repository. You can use parameters to narrow the list of
        results. For more information about using parameters, see Parameters.

        GitHub wraps the list: ``workflow_runs`` and ``total_count`` (all of them); one page per
        call, ask for the next with ``page=``.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``,
        ``exclude_pull_requests=False``.

        ``GET /repos/{owner}/{repo}/actions/runs``
        (operation ``actions/list-workflow-runs-for-repo``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/actions/runs/{run_id}")
    async def get(
        self,
        owner: str,
        repo: str,
        run_id: int,
        exclude_pull_requests: Query[bool | None] = None,
    ) -> models.WorkflowRun:
        """Get a workflow run.

        Gets a specific workflow run.

        Not sent unless given; GitHub then uses ``exclude_pull_requests=False``.

        ``GET /repos/{owner}/{repo}/actions/runs/{run_id}``
        (operation ``actions/get-workflow-run``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/actions/runs/{run_id}")
    async def delete(self, owner: str, repo: str, run_id: int) -> None:
        """Delete a workflow run.

        Deletes a specific workflow run.

        ``DELETE /repos/{owner}/{repo}/actions/runs/{run_id}``
        (operation ``actions/delete-workflow-run``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}")
    async def get_attempt(
        self,
        owner: str,
        repo: str,
        run_id: int,
        attempt_number: int,
        exclude_pull_requests: Query[bool | None] = None,
    ) -> models.WorkflowRun:
        """Get a workflow run attempt.

        Gets a specific workflow run attempt.

        Not sent unless given; GitHub then uses ``exclude_pull_requests=False``.

        ``GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}``
        (operation ``actions/get-workflow-run-attempt``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/actions/runs/{run_id}/cancel")
    async def cancel(self, owner: str, repo: str, run_id: int) -> models.EmptyObject:
        """Cancel a workflow run.

        Cancels a workflow run using its ``id``.

        ``POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel``
        (operation ``actions/cancel-workflow-run``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/actions/runs/{run_id}/rerun")
    async def rerun(
        self,
        owner: str,
        repo: str,
        run_id: int,
        body: Body[models.ActionsReRunWorkflowRequest | None | None] = None,
    ) -> models.EmptyObject:
        """Re-run a workflow.

        Re-runs your workflow run using its ``id``.

        ``POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun``
        (operation ``actions/re-run-workflow``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs")
    async def rerun_failed_jobs(
        self,
        owner: str,
        repo: str,
        run_id: int,
        body: Body[models.ActionsReRunWorkflowFailedJobsRequest | None | None] = None,
    ) -> models.EmptyObject:
        """Re-run failed jobs from a workflow run.

        Re-run all of the failed jobs and their dependent jobs in a workflow run using the
        ``id`` of the workflow run.

        ``POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs``
        (operation ``actions/re-run-workflow-failed-jobs``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/actions/runs/{run_id}/logs")
    async def download_logs(self, owner: str, repo: str, run_id: int) -> bytes:
        """Download workflow run logs.

        Gets a redirect URL to download an archive of log files for a workflow run. This link
        expires after 1 minute.

        GitHub redirects to a short-lived download URL on its storage host; the redirect is
        followed (without the token) and the zip's bytes are returned.

        ``GET /repos/{owner}/{repo}/actions/runs/{run_id}/logs``
        (operation ``actions/download-workflow-run-logs``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/actions/runs/{run_id}/logs")
    async def delete_logs(self, owner: str, repo: str, run_id: int) -> None:
        """Delete workflow run logs.

        Deletes all logs for a workflow run.

        ``DELETE /repos/{owner}/{repo}/actions/runs/{run_id}/logs``
        (operation ``actions/delete-workflow-run-logs``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/logs")
    async def download_attempt_logs(
        self, owner: str, repo: str, run_id: int, attempt_number: int
    ) -> bytes:
        """Download workflow run attempt logs.

        Gets a redirect URL to download an archive of log files for a specific workflow run
        attempt. This link expires after 1 minute.

        GitHub redirects to a short-lived download URL on its storage host; the redirect is
        followed (without the token) and the zip's bytes are returned.

        ``GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/logs``
        (operation ``actions/download-workflow-run-attempt-logs``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/actions/runs/{run_id}/timing")
    async def get_usage(self, owner: str, repo: str, run_id: int) -> models.WorkflowRunUsage:
        """Get workflow run usage.

        ``GET /repos/{owner}/{repo}/actions/runs/{run_id}/timing``
        (operation ``actions/get-workflow-run-usage``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/actions/runs/{run_id}/approve")
    async def approve(self, owner: str, repo: str, run_id: int) -> models.EmptyObject:
        """Approve a workflow run for a fork pull request.

        Approves a workflow run for a pull request from a public fork of a first time
        contributor. For more information, see "Approving workflow runs from public forks."

        ``POST /repos/{owner}/{repo}/actions/runs/{run_id}/approve``
        (operation ``actions/approve-workflow-run``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/actions/runs/{run_id}/force-cancel")
    async def force_cancel(self, owner: str, repo: str, run_id: int) -> models.EmptyObject:
        """Force cancel a workflow run.

        Cancels a workflow run and bypasses conditions that would otherwise cause a workflow
        execution to continue, such as an ``always()`` condition on a job. You should only use
        this endpoint to cancel a workflow run when the workflow run is not responding to ``POST
        /repos/{owner}/{repo}/actions/runs/{run_id}/cancel``.

        ``POST /repos/{owner}/{repo}/actions/runs/{run_id}/force-cancel``
        (operation ``actions/force-cancel-workflow-run``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments")
    async def get_pending_deployments(
        self, owner: str, repo: str, run_id: int
    ) -> builtins.list[models.PendingDeployment]:
        """Get pending deployments for a workflow run.

        Get all deployment environments for a workflow run that are waiting for protection rules
        to pass.

        ``GET /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments``
        (operation ``actions/get-pending-deployments-for-run``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments")
    async def review_pending_deployments(
        self,
        owner: str,
        repo: str,
        run_id: int,
        body: Body[models.ActionsReviewPendingDeploymentsForRunRequest],
    ) -> builtins.list[models.Deployment]:
        """Review pending deployments for a workflow run.

        Approve or reject pending deployments that are waiting on approval by a required
        reviewer.

        ``POST /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments``
        (operation ``actions/review-pending-deployments-for-run``)
        """
        raise NotImplementedError
