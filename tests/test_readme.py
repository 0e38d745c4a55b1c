"""The README's ```python blocks run (in order, one namespace), so the docs cannot rot."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def test_readme_python_blocks_run() -> None:
    blocks = BLOCK.findall(README.read_text())
    assert blocks, "the README should have runnable examples"
    namespace: dict[str, object] = {"__name__": "readme"}
    for index, block in enumerate(blocks):
        code = compile(block, f"README.md block {index + 1}", "exec", dont_inherit=True)
        exec(code, namespace)
