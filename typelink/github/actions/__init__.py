"""GitHub Actions: workflows, workflow runs, jobs, artifacts, secrets and variables.

One group, ``gh.actions``, with a sub-group per part, as GitHub's REST documentation arranges
them: ``gh.actions.workflows.list(owner, repo)``, ``gh.actions.runs.get(owner, repo, run_id)``,
``gh.actions.jobs.download_logs(...)``, ``gh.actions.secrets.get_public_key(owner, repo)``.
"""

from __future__ import annotations

from typelink.github._base import GitHubConsumer
from typelink.github.actions.artifacts import Artifacts
from typelink.github.actions.jobs import WorkflowJobs
from typelink.github.actions.runs import WorkflowRuns
from typelink.github.actions.secrets import EnvironmentSecrets, OrgSecrets, RepoSecrets
from typelink.github.actions.variables import EnvironmentVariables, RepoVariables
from typelink.github.actions.workflows import Workflows

__all__ = ["Actions"]


class Actions(GitHubConsumer):
    """GitHub Actions, one sub-group per part (``workflows``, ``runs``, ``jobs``...)."""

    workflows: Workflows
    runs: WorkflowRuns
    jobs: WorkflowJobs
    artifacts: Artifacts
    secrets: RepoSecrets
    org_secrets: OrgSecrets
    environment_secrets: EnvironmentSecrets
    variables: RepoVariables
    environment_variables: EnvironmentVariables
