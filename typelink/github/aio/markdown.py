# Generated from typelink/github/markdown.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Markdown rendering."""

from __future__ import annotations

import typelink as tl
from typelink import Body
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncMarkdown(AsyncGitHubConsumer):
    """Render Markdown to HTML."""

    @tl.post("markdown")
    async def render(self, body: Body[models.MarkdownRenderRequest]) -> str:
        """Render a Markdown document.

        ``POST /markdown``
        (operation ``markdown/render``)
        """
        raise NotImplementedError

    @tl.post("markdown/raw")
    @tl.headers({"Content-Type": "text/plain"})
    async def render_raw(self, text: Body[str]) -> str:
        """Render a Markdown document in raw mode (plain Markdown in, HTML out).

        ``POST /markdown/raw``
        (operation ``markdown/render-raw``)
        """
        raise NotImplementedError
