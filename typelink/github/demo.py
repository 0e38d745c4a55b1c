"""``python -m typelink.github demo``: the typed GitHub client, offline or live.

Offline (the default, and what ``make demo`` runs) it replays the bundled session cassette
``cassettes/github/demo/session.yaml`` with the network blocked. ``--live`` runs the same
steps against api.github.com with ``GITHUB_TOKEN``; add ``--record`` to re-record the
cassette (scrubbed of the token) from that live run. Live runs create one issue in
``--repo``, so point it at a repository you own.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from typelink.errors import TypelinkError, UnprocessableEntityError
from typelink.github.client import GitHub
from typelink.github.errors import GitHubError
from typelink.github.models import IssuesCreateRequest

DEFAULT_CASSETTE = (
    Path(__file__).resolve().parents[2] / "cassettes" / "github" / "demo" / "session.yaml"
)
DEFAULT_REPO = "octocat/Hello-World"
REPLAY_TOKEN = "ghp_" + "0" * 36
"""Offline the token is never checked; it only has the shape of a real one."""


def run_steps(gh: GitHub, owner: str, repo: str, out: TextIO) -> None:
    """The demo itself: every step is a typed call."""
    repository = gh.repos.get(owner, repo)
    out.write(
        f"repository {repository.full_name}: {repository.stargazers_count} stars, "
        f"default branch {repository.default_branch!r}, "
        f"{repository.open_issues_count} open issues\n"
    )
    issues = gh.issues.list_for_repo(owner, repo, state="all", per_page=2)
    for page in issues.iter_pages():
        titles = ", ".join(f"#{issue.number} {issue.title!r}" for issue in page.items)
        out.write(f"  issues page {page.number}: {titles or '(empty)'}\n")
    created = gh.issues.create(
        owner,
        repo,
        IssuesCreateRequest(
            title="typelink demo: found a bug", body="Opened by the typelink demo."
        ),
    )
    out.write(f"created issue #{created.number}: {created.html_url}\n")
    try:
        gh.issues.create(owner, repo, IssuesCreateRequest(title=""))
    except UnprocessableEntityError as exc:
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
    limits = gh.rate_limit.get()
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
        "--base-url",
        default=None,
        help="with --live: a GitHub Enterprise API URL (https://HOST/api/v3)",
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
        gh = GitHub(token=token, base_url=args.base_url)
        stream.write(f"live against {gh.runtime.base_url} on {repo_arg}\n")
        session = _session(args.cassette, True) if args.record else None
        return _run(gh, owner, repo, stream, session)
    if not args.cassette.is_file():
        stream.write(f"no cassette at {args.cassette}: run from a source checkout (make demo)\n")
        return 2
    stream.write(f"offline: replaying {args.cassette.name} (network blocked)\n")
    return _run(GitHub(token=REPLAY_TOKEN), owner, repo, stream, _session(args.cassette, False))


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
