"""GitHub's primary and secondary rate limits, handled by the retry and rate-limit hooks.

Clocks and sleep are injected: a sleep moves both clocks, so no test waits for real.
"""

from __future__ import annotations

import pytest

from tests.fixtures.servers import Reply, ScriptedServer
from tests.github.fake import error_reply, example_body
from typelink.errors import PermissionDeniedError, RateLimitError
from typelink.github import GitHub
from typelink.github.limits import GitHubQuotaLimiter, rate_limit_resource
from typelink.github.models import IssuesCreateRequest, RateLimitOverview
from typelink.github.search import Search

TOKEN = "ghp_ratelimitstesttoken0000000000000"
WALL = 1_700_000_000.0


class Clocks:
    """A monotonic clock, a wall clock and a sleep that advances both."""

    def __init__(self) -> None:
        self.mono = 500.0
        self.wall = WALL
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.mono += seconds
        self.wall += seconds


@pytest.fixture
def clocks() -> Clocks:
    return Clocks()


def client(api: ScriptedServer, clocks: Clocks, **options: object) -> GitHub:
    return GitHub(
        TOKEN,
        base_url=api.url,
        clock=lambda: clocks.mono,
        wall_clock=lambda: clocks.wall,
        sleep=clocks.sleep,
        **options,
    )


def repo_reply(**headers: str) -> Reply:
    return Reply(
        body=example_body("repos", "get"),
        headers={"Content-Type": "application/json", **headers},
    )


def test_a_primary_limit_403_within_the_cap_is_waited_out_and_retried(api, clocks):
    api.script = [error_reply("primary-rate-limit", reset=int(WALL) + 20), repo_reply()]
    with client(api, clocks) as gh:
        repo = gh.repos.get("octocat", "Hello-World")
    assert repo.name == "Hello-World"
    assert clocks.slept == [20.0]  # once: the limiter agrees the reset has come
    assert len(api.seen) == 2


def test_a_secondary_limit_403_is_retried_after_retry_after_even_for_a_post(api, clocks):
    created = Reply(
        status=201,
        body=example_body("issues", "create"),
        headers={"Content-Type": "application/json"},
    )
    api.script = [error_reply("secondary-rate-limit", retry_after=30), created]
    with client(api, clocks) as gh:
        issue = gh.issues.create("octocat", "Hello-World", IssuesCreateRequest(title="Found a bug"))
    assert issue.number == 1347
    assert clocks.slept == [30.0]
    assert [s.method for s in api.seen] == ["POST", "POST"]


def test_a_429_with_retry_after_is_retried(api, clocks):
    api.script = [
        Reply(status=429, body=b'{"message": "slow down"}', headers={"Retry-After": "3"}),
        repo_reply(),
    ]
    with client(api, clocks) as gh:
        gh.repos.get("octocat", "Hello-World")
    assert clocks.slept == [3.0]


def test_a_permission_403_is_not_retried(api, clocks):
    api.script = [error_reply("forbidden-integration"), repo_reply()]
    with client(api, clocks) as gh:
        with pytest.raises(PermissionDeniedError) as info:
            gh.issues.create("octocat", "Hello-World", IssuesCreateRequest(title="x"))
        assert not isinstance(info.value, RateLimitError)
        assert info.value.parsed.message == "Resource not accessible by integration"
        gh.repos.get("octocat", "Hello-World")  # and nothing was learned from it
    assert clocks.slept == []
    assert len(api.seen) == 2


def test_a_reset_beyond_the_cap_raises_and_later_calls_fail_without_sending(api, clocks):
    api.script = [error_reply("primary-rate-limit", reset=int(WALL) + 3600)]
    with client(api, clocks) as gh:
        with pytest.raises(RateLimitError) as first:
            gh.repos.get("octocat", "Hello-World")
        assert first.value.status_code == 403
        assert first.value.retry_after == 3600.0
        assert "API rate limit exceeded" in str(first.value)
        assert first.value.request_id == "C0DE:1A2B:3C4D5E:6F7A8B:65A1B2C9"
        with pytest.raises(RateLimitError) as later:
            gh.repos.get("octocat", "Hello-World")
        assert later.value.retry_after == pytest.approx(3600.0)
        assert len(api.seen) == 1  # the second call never left the client
        # search has its own budget; /rate_limit counts against none
        api.script = [
            Reply(
                body=example_body("search", "repos"), headers={"Content-Type": "application/json"}
            ),
            Reply(
                body=example_body("rate-limit", "get"), headers={"Content-Type": "application/json"}
            ),
        ]
        assert gh.search.repos("tetris language:assembly").total_count == 40
        status = gh.rate_limit.get()
        assert isinstance(status, RateLimitOverview)
        assert status.resources.core.limit == 5000
        assert status.rate.remaining >= 0
    assert clocks.slept == []


def test_a_secondary_limit_beyond_the_cap_is_a_rate_limit_error(api, clocks):
    api.script = [error_reply("secondary-rate-limit", retry_after=600)]
    with client(api, clocks) as gh, pytest.raises(RateLimitError) as info:
        gh.repos.get("octocat", "Hello-World")
    assert info.value.status_code == 403
    assert info.value.retry_after == 600.0
    assert "secondary rate limit" in str(info.value)
    assert len(api.seen) == 1


def test_an_exhausted_budget_on_a_success_makes_the_next_call_wait(api, clocks):
    api.script = [
        repo_reply(**{"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(WALL) + 10)}),
        repo_reply(),
    ]
    with client(api, clocks) as gh:
        gh.repos.get("octocat", "Hello-World")
        assert clocks.slept == []
        gh.repos.get("octocat", "Hello-World")
    assert clocks.slept == [10.0]


def test_the_limiter_and_retry_can_be_replaced_or_turned_off(api, clocks):
    api.script = [error_reply("primary-rate-limit", reset=int(WALL) + 20)]
    with client(api, clocks, rate_limiter=None) as gh:
        assert gh.runtime.config.rate_limiter is None
        assert gh.runtime.retry.retry_rate_limited_403
    from typelink.policies.retry import RetryPolicy

    with client(api, clocks, retry=RetryPolicy()) as gh:
        with pytest.raises(RateLimitError) as info:  # a 403 is not retried by the plain policy
            gh.repos.get("octocat", "Hello-World")
        assert info.value.retry_after == 20.0
    assert clocks.slept == []


def test_a_search_group_used_alone_has_the_github_defaults():
    search = Search(base_url="https://ghe.example.com/api/v3")
    assert isinstance(search.runtime.config.rate_limiter, GitHubQuotaLimiter)
    assert search.runtime.retry.retry_rate_limited_403
    assert search.runtime.config.request_id_header == ("x-github-request-id",)


def test_rate_limit_resources():
    from typelink.declare.spec import EndpointInfo

    def resource(path: str) -> str:
        return rate_limit_resource(EndpointInfo("G", "m", path, "GET", True))

    assert resource("search/code") == "code_search"
    assert resource("search/issues") == "search"
    assert resource("/search/repositories") == "search"
    assert resource("repos/{owner}/{repo}") == "core"
    assert resource("rate_limit") == "unlimited"
    assert "adaptive" in repr(GitHubQuotaLimiter())
    assert "10/60s" in repr(GitHubQuotaLimiter(10, 60))
