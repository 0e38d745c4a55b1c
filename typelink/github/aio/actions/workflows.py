# Generated from typelink/github/actions/workflows.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Workflows and their runs' usage, enabling, disabling and dispatching."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import typelink as tl
from typelink import Body, Query
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncWorkflows(AsyncGitHubConsumer):
    """GitHub Actions workflows: list, get, enable, disable, dispatch, their runs and usage."""

    @tl.get("repos/{owner}/{repo}/actions/workflows")
    async def list(
        self,
        owner: str,
        repo: str,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> models.ActionsListRepoWorkflowsResponse:
        """List repository workflows.

        Lists the workflows in a repository.

        GitHub wraps the list: ``workflows`` and ``total_count`` (all of them); one page per
        call, ask for the next with ``page=``.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/actions/workflows``
        (operation ``actions/list-repo-workflows``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/actions/workflows/{workflow_id}")
    async def get(self, owner: str, repo: str, workflow_id: int | str) -> models.Workflow:
        """Get a workflow.

        Gets a specific workflow. You can replace ``workflow_id`` with the workflow file name.
        For example, you could use ``main.yaml``.

        ``GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}``
        (operation ``actions/get-workflow``)
        """
        raise NotImplementedError

    @tl.put("repos/{owner}/{repo}/actions/workflows/{workflow_id}/disable")
    async def disable(self, owner: str, repo: str, workflow_id: int | str) -> None:
        """Disable a workflow.

        Disables a workflow and sets the ``state`` of the workflow to ``disabled_manually``. You
        can replace ``workflow_id`` with the workflow file name. For example, you could use
        ``main.yaml``.

        ``PUT /repos/{owner}/{repo}/actions/workflows/{workflow_id}/disable``
        (operation ``actions/disable-workflow``)
        """
        raise NotImplementedError

    @tl.put("repos/{owner}/{repo}/actions/workflows/{workflow_id}/enable")
    async def enable(self, owner: str, repo: str, workflow_id: int | str) -> None:
        """Enable a workflow.

        Enables a workflow and sets the ``state`` of the workflow to ``active``. You can replace
        ``workflow_id`` with the workflow file name. For example, you could use ``main.yaml``.

        ``PUT /repos/{owner}/{repo}/actions/workflows/{workflow_id}/enable``
        (operation ``actions/enable-workflow``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches")
    async def dispatch(
        self,
        owner: str,
        repo: str,
        workflow_id: int | str,
        body: Body[models.ActionsCreateWorkflowDispatchRequest],
    ) -> models.WorkflowDispatchResponse | None:
        """Create a workflow dispatch event.

        You can use this endpoint to manually trigger a GitHub Actions workflow run. You can
        replace ``workflow_id`` with the workflow file name. For example, you could use
        ``main.yaml``.

        ``POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches``
        (operation ``actions/create-workflow-dispatch``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs")
    async def list_runs(
        self,
        owner: str,
        repo: str,
        workflow_id: int | str,
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
    ) -> models.ActionsListWorkflowRunsResponse:
        """List workflow runs for a workflow.

        List all workflow runs for a workflow. You can replace ``workflow_id`` with the workflow
        file name. For example, you could use ``main.yaml``. You can use parameters to narrow
        the list of results. For more information about using parameters, see Parameters.

        GitHub wraps the list: ``workflow_runs`` and ``total_count`` (all of them); one page per
        call, ask for the next with ``page=``.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``,
        ``exclude_pull_requests=False``.

        ``GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs``
        (operation ``actions/list-workflow-runs``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/actions/workflows/{workflow_id}/timing")
    async def get_usage(
        self, owner: str, repo: str, workflow_id: int | str
    ) -> models.WorkflowUsage:
        """Get workflow usage.

        ``GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/timing``
        (operation ``actions/get-workflow-usage``)
        """
        raise NotImplementedError
