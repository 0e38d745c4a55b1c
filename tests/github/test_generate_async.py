"""The async GitHub client is the generator's output, and the generator is mechanical.

The committed ``typelink/github/aio/`` must be exactly what ``python -m
typelink.github._generate_async`` writes from the blocking declarations (fails when someone
changes a declaration and forgets to regenerate, or edits a generated file); running it again
changes nothing; what it cannot translate stops it with a message naming the method.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from typelink.github import _generate_async as generator

SOURCE = textwrap.dedent(
    '''\
    """Things."""

    from __future__ import annotations

    import typelink as tl
    from typelink import Page, Query
    from typelink.github._base import GitHubConsumer
    from typelink.github.releases import ReleaseAssetUploads


    class Parts(GitHubConsumer):
        @tl.get("parts")
        def list(self, size: Query[int | None] = None) -> Page[int]:
            """List parts — with a non-ASCII dash before the code."""
            raise NotImplementedError


    class Things(GitHubConsumer):
        parts: Parts
        uploads: ReleaseAssetUploads

        @tl.get("things/{name}")
        def get(self, name: str) -> tl.Page[str]:
            raise NotImplementedError

        def first_parts(self) -> Page[int]:
            """Hands over to another group."""
            return self.parts.list(size=1)
    '''
)


def test_the_committed_async_client_is_the_generators_output() -> None:
    stale = generator.stale(generator.render())
    assert stale == [], f"stale generated files {stale}: run `{generator.COMMAND}`"


def test_each_generated_file_says_how_to_regenerate_it() -> None:
    paths = list(generator.TARGET.rglob("*.py"))
    assert generator.TARGET / "actions" / "runs.py" in paths  # sub-packages are generated too
    for path in paths:
        first = "\n".join(path.read_text().splitlines()[:3])
        assert first.startswith("# Generated from typelink/github/"), path
        assert generator.COMMAND in first and "do not edit" in first, path


def test_declarations_become_awaitable_twins() -> None:
    groups = frozenset({"Parts", "Things", "ReleaseAssetUploads"})
    text = generator.async_module(SOURCE, "things", groups, frozenset({"releases"}))
    assert "class AsyncParts(AsyncGitHubConsumer):" in text
    assert "class AsyncThings(AsyncGitHubConsumer):" in text
    assert "    parts: AsyncParts\n" in text
    assert "    uploads: AsyncReleaseAssetUploads\n" in text
    assert "from typelink.github.aio.releases import AsyncReleaseAssetUploads" in text
    assert "    async def list(self, size: Query[int | None] = None) -> AsyncPage[int]:" in text
    assert "    async def get(self, name: str) -> tl.AsyncPage[str]:" in text
    assert "        return await self.parts.list(size=1)" in text
    assert "from typelink import AsyncPage, Query" in text
    assert "from typelink.github._base import AsyncGitHubConsumer" in text
    assert "non-ASCII dash" in text
    compile(text, "things.py", "exec")


@pytest.mark.parametrize(
    ("decorator", "body"),
    [
        ("", "        return [self.get(n) for n in names]\n"),
        ("", "        print(names)\n        return self.parts.list()\n"),
        ("@property", "        return self.get(names[0])\n"),
    ],
)
def test_what_is_not_a_declaration_stops_the_generator(decorator: str, body: str) -> None:
    source = (
        SOURCE + f"\n    {decorator}\n    def many(self, names: list[str]) -> list[str]:\n" + body
    )
    with pytest.raises(generator.GeneratorError, match=r"things: Things.many is neither"):
        generator.async_module(source, "things", frozenset({"Parts", "Things"}))


def test_check_finds_stale_files_and_a_rerun_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "aio"
    shutil.copytree(generator.TARGET, target)
    monkeypatch.setattr(generator, "TARGET", target)
    (target / "issues.py").write_text((target / "issues.py").read_text() + "# edited\n")
    (target / "gone.py").write_text("# Generated from typelink/github/gone.py by ...\n")
    assert generator.main(["--check"]) == 1
    assert generator.main([]) == 0
    assert not (target / "gone.py").exists()
    assert generator.main(["--check"]) == 0
    before = {p.name: p.read_text() for p in target.glob("*.py")}
    assert generator.main([]) == 0
    assert {p.name: p.read_text() for p in target.glob("*.py")} == before


def test_a_grown_client_needs_only_a_rerun(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What another branch adding groups and operations leaves to do: run the generator."""
    package = tmp_path / "github"
    package.mkdir()
    for path in generator.PACKAGE.glob("*.py"):
        shutil.copy(path, package / path.name)
    for sub in generator.PACKAGE.iterdir():  # group sub-packages (actions/), not models/
        if sub.is_dir() and sub.name not in generator.SKIPPED and (sub / "__init__.py").exists():
            shutil.copytree(sub, package / sub.name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(generator.TARGET, package / "aio")
    (package / "teams.py").write_text(SOURCE.replace("Things", "Teams").replace("Parts", "Members"))
    client = (package / "client.py").read_text()
    client = client.replace(
        "from typelink.github.stars import Stars\n",
        "from typelink.github.stars import Stars\nfrom typelink.github.teams import Teams\n",
    ).replace("    stars: Stars\n", "    stars: Stars\n    teams: Teams\n")
    (package / "client.py").write_text(client)
    monkeypatch.setattr(generator, "PACKAGE", package)
    monkeypatch.setattr(generator, "TARGET", package / "aio")

    assert generator.main(["--check"]) == 1
    assert generator.main([]) == 0
    assert generator.main(["--check"]) == 0
    generated = (package / "aio" / "client.py").read_text()
    assert "    teams: AsyncTeams\n" in generated
    assert "from typelink.github.aio.teams import AsyncMembers" not in generated  # not a root group
    assert "from typelink.github.aio.teams import AsyncTeams\n" in generated
    assert "class AsyncMembers(AsyncGitHubConsumer):" in (package / "aio" / "teams.py").read_text()
    unchanged = ("issues.py", "repos.py", "releases.py")
    for name in unchanged:
        assert (package / "aio" / name).read_text() == (
            generator.ROOT / "typelink/github/aio" / name
        ).read_text()
