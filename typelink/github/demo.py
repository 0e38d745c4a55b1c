"""``python -m typelink.github demo``: the typed GitHub client, offline or live.

Offline (the default; ``make demo`` runs it both ways) it replays the bundled session
cassette ``cassettes/github/demo/session.yaml`` with the network blocked. ``--live`` runs the same
steps against api.github.com with ``GITHUB_TOKEN``; add ``--record`` to re-record the
cassette (scrubbed of the token) from that live run. Live runs create one issue in
``--repo``, so point it at a repository you own. ``--async`` runs the same steps through
``AsyncGitHub`` (aiohttp), on the same cassette.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from typelink.errors import ConfigurationError, TypelinkError, UnprocessableEntityError
from typelink.github.aio.client import AsyncGitHub
from typelink.github.client import GitHub
from typelink.github.errors import GitHubError
from typelink.github.models import FullRepository, Issue, IssuesCreateRequest, RateLimitOverview

DEFAULT_CASSETTE = (
    Path(__file__).resolve().parents[2] / "cassettes" / "github" / "demo" / "session.yaml"
)
DEFAULT_REPO = "octocat/Hello-World"
REPLAY_TOKEN = "ghp_" + "0" * 36
"""Offline the token is never checked; it only has the shape of a real one."""


NEW_ISSUE = IssuesCreateRequest(
    title="typelink demo: found a bug", body="Opened by the typelink demo."
)
INVALID_ISSUE = IssuesCreateRequest(title="")


def run_steps(gh: GitHub, owner: str, repo: str, out: TextIO) -> None:
    """The demo itself: every step is a typed call."""
    _repository(out, gh.repos.get(owner, repo))
    issues = gh.issues.list_for_repo(owner, repo, state="all", per_page=2)
    for page in issues.iter_pages():
        _issues_page(out, page.number, page.items)
    created = gh.issues.create(owner, repo, NEW_ISSUE)
    out.write(f"created issue #{created.number}: {created.html_url}\n")
    try:
        gh.issues.create(owner, repo, INVALID_ISSUE)
    except UnprocessableEntityError as exc:
        _rejected(out, exc)
    _limits(out, gh.rate_limit.get())


async def run_steps_async(gh: AsyncGitHub, owner: str, repo: str, out: TextIO) -> None:
    """The same steps through :class:`~typelink.github.AsyncGitHub`, each call awaited."""
    _repository(out, await gh.repos.get(owner, repo))
    issues = await gh.issues.list_for_repo(owner, repo, state="all", per_page=2)
    async for page in issues.iter_pages():
        _issues_page(out, page.number, page.items)
    created = await gh.issues.create(owner, repo, NEW_ISSUE)
    out.write(f"created issue #{created.number}: {created.html_url}\n")
    try:
        await gh.issues.create(owner, repo, INVALID_ISSUE)
    except UnprocessableEntityError as exc:
        _rejected(out, exc)
    _limits(out, await gh.rate_limit.get())


def _repository(out: TextIO, repository: FullRepository) -> None:
    out.write(
        f"repository {repository.full_name}: {repository.stargazers_count} stars, "
        f"default branch {repository.default_branch!r}, "
        f"{repository.open_issues_count} open issues\n"
    )


def _issues_page(out: TextIO, number: int, items: Sequence[Issue]) -> None:
    titles = ", ".join(f"#{issue.number} {issue.title!r}" for issue in items)
    out.write(f"  issues page {number}: {titles or '(empty)'}\n")


def _rejected(out: TextIO, exc: UnprocessableEntityError) -> None:
    parsed = exc.parsed
    out.write(
        f"typed {type(exc).__name__} (status {exc.status_code}, request id {exc.request_id})\n"
    )
    if isinstance(parsed, GitHubError):
        for error in parsed.errors or []:
            if isinstance(error, str):
                out.write(f"  error: {error}\n")
            else:
                out.write(f"  field {error.field!r} of {error.resource}: {error.code}\n")


def _limits(out: TextIO, limits: RateLimitOverview) -> None:
    core = limits.resources.core
    out.write(
        f"rate limit: {core.remaining}/{core.limit} core calls left, resets at {core.reset}\n"
    )


def _session(path: Path, record: bool) -> Any:
    try:
        from typelink.testing.session import CassetteOptions, CassetteSession
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise SystemExit(
            "the offline demo replays a cassette: pip install 'typelink[testing]'"
        ) from None
    mode = "rewrite" if record else "none"
    return CassetteSession(path, CassetteOptions(record_mode=mode, strict=not record))


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Entry point of ``python -m typelink.github``; returns the exit code."""
    stream = out or sys.stdout
    parser = argparse.ArgumentParser(prog="python -m typelink.github", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="run the typed GitHub client demo")
    demo.add_argument("--live", action="store_true", help="call api.github.com with GITHUB_TOKEN")
    demo.add_argument("--record", action="store_true", help="with --live: re-record the cassette")
    demo.add_argument("--repo", default=None, help=f"owner/name (offline: {DEFAULT_REPO})")
    demo.add_argument("--cassette", type=Path, default=DEFAULT_CASSETTE)
    demo.add_argument(
        "--async",
        dest="use_async",
        action="store_true",
        help="run the same steps through AsyncGitHub (aiohttp, pip install 'typelink[async]')",
    )
    demo.add_argument(
        "--base-url",
        default=None,
        help="a GitHub Enterprise API URL (https://HOST/api/v3), live or recorded",
    )
    args = parser.parse_args(argv)
    if args.record and not args.live:
        parser.error("--record needs --live")
    repo_arg = args.repo or DEFAULT_REPO
    if "/" not in repo_arg:
        parser.error("--repo must look like owner/name")
    owner, repo = repo_arg.split("/", 1)
    if args.live:
        token = os.environ.get("GITHUB_TOKEN")
        if not token:
            parser.error("--live needs GITHUB_TOKEN in the environment")
        if args.repo is None:
            parser.error("--live creates an issue: pass --repo owner/name of a repository you own")
        stream.write(f"live against {args.base_url or GitHub.base_url} on {repo_arg}\n")
        session = _session(args.cassette, True) if args.record else None
        return _start(args.use_async, token, args.base_url, (owner, repo), stream, session)
    if not args.cassette.is_file():
        stream.write(f"no cassette at {args.cassette}: run from a source checkout (make demo)\n")
        return 2
    client = "AsyncGitHub" if args.use_async else "GitHub"
    stream.write(f"offline: {client} replaying {args.cassette.name} (network blocked)\n")
    session = _session(args.cassette, False)
    return _start(args.use_async, REPLAY_TOKEN, args.base_url, (owner, repo), stream, session)


def _start(
    use_async: bool,
    token: str,
    base_url: str | None,
    where: tuple[str, str],
    out: TextIO,
    session: Any,
) -> int:
    if use_async:
        try:
            async_client = AsyncGitHub(token=token, base_url=base_url)
        except ConfigurationError as exc:  # no aiohttp: pip install 'typelink[async]'
            out.write(f"demo failed: {type(exc).__name__}: {exc}\n")
            return 2
        return asyncio.run(_run_async(async_client, *where, out, session))
    return _run(GitHub(token=token, base_url=base_url), *where, out, session)


def _run(gh: GitHub, owner: str, repo: str, out: TextIO, session: Any) -> int:
    with gh:
        try:
            if session is None:
                run_steps(gh, owner, repo, out)
            else:
                with session:
                    run_steps(gh, owner, repo, out)
        except TypelinkError as exc:
            out.write(f"demo failed: {type(exc).__name__}: {exc}\n")
            return 1
    return 0


async def _run_async(gh: AsyncGitHub, owner: str, repo: str, out: TextIO, session: Any) -> int:
    async with gh:
        try:
            if session is None:
                await run_steps_async(gh, owner, repo, out)
            else:
                with session:
                    await run_steps_async(gh, owner, repo, out)
        except TypelinkError as exc:
            out.write(f"demo failed: {type(exc).__name__}: {exc}\n")
            return 1
    return 0
