"""MkDocs hook: show the Sphinx roles of our docstrings as plain code.

typelink's docstrings name other objects the Sphinx way (``:class:`Page```), which Markdown
renders as the role's name followed by the code. The reference pages show the code alone.
"""

from __future__ import annotations

import re
from typing import Any

ROLE = re.compile(r":(?:class|func|meth|attr|data|mod|exc|obj):(<code>)")
TILDE = re.compile(r"<code>~([\w.]+)</code>")


def on_page_content(html: str, page: Any, **_: Any) -> str:
    """Drop ``:role:`` before inline code, and Sphinx's ``~`` (show the last name) inside."""
    if not page.file.src_uri.startswith("reference/"):
        return html
    html = ROLE.sub(r"\1", html)
    return TILDE.sub(lambda match: f"<code>{match.group(1).rsplit('.', 1)[-1]}</code>", html)
