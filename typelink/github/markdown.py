"""Markdown rendering."""

from __future__ import annotations

import typelink as tl
from typelink import Body
from typelink.github import models
from typelink.github._base import GitHubConsumer


class Markdown(GitHubConsumer):
    """Render Markdown to HTML."""

    @tl.post("markdown")
    def render(self, body: Body[models.MarkdownRenderRequest]) -> str:
        """Render a Markdown document.

        ``POST /markdown``
        (operation ``markdown/render``)
        """
        raise NotImplementedError

    @tl.post("markdown/raw")
    @tl.headers({"Content-Type": "text/plain"})
    def render_raw(self, text: Body[str]) -> str:
        """Render a Markdown document in raw mode (plain Markdown in, HTML out).

        ``POST /markdown/raw``
        (operation ``markdown/render-raw``)
        """
        raise NotImplementedError
