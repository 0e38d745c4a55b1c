# Generated from typelink/github/actions/__init__.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""GitHub Actions: workflows, workflow runs, jobs, artifacts, secrets and variables.

One group, ``gh.actions``, with a sub-group per part, as GitHub's REST documentation arranges
them: ``gh.actions.workflows.list(owner, repo)``, ``gh.actions.runs.get(owner, repo, run_id)``,
``gh.actions.jobs.download_logs(...)``, ``gh.actions.secrets.get_public_key(owner, repo)``.
"""

from __future__ import annotations

from typelink.github._base import AsyncGitHubConsumer
from typelink.github.aio.actions.artifacts import AsyncArtifacts
from typelink.github.aio.actions.jobs import AsyncWorkflowJobs
from typelink.github.aio.actions.runs import AsyncWorkflowRuns
from typelink.github.aio.actions.secrets import (
    AsyncEnvironmentSecrets,
    AsyncOrgSecrets,
    AsyncRepoSecrets,
)
from typelink.github.aio.actions.variables import AsyncEnvironmentVariables, AsyncRepoVariables
from typelink.github.aio.actions.workflows import AsyncWorkflows

__all__ = ["AsyncActions"]


class AsyncActions(AsyncGitHubConsumer):
    """GitHub Actions, one sub-group per part (``workflows``, ``runs``, ``jobs``...)."""

    workflows: AsyncWorkflows
    runs: AsyncWorkflowRuns
    jobs: AsyncWorkflowJobs
    artifacts: AsyncArtifacts
    secrets: AsyncRepoSecrets
    org_secrets: AsyncOrgSecrets
    environment_secrets: AsyncEnvironmentSecrets
    variables: AsyncRepoVariables
    environment_variables: AsyncEnvironmentVariables
