"""Descriptions as docstrings: plain text, short, and safe inside triple quotes."""

from __future__ import annotations

import ast

from typelink.openapi.prose import docstring_block, first_sentence, paragraphs, plain_text


def test_html_markdown_and_typography_become_plain_text():
    assert plain_text("<p>Returns a &lt;list&gt;.</p><p>Newest first.</p>").split() == [
        "Returns",
        "a",
        "<list>.",
        "Newest",
        "first.",
    ]
    assert plain_text("See [the docs](https://x.example) \u2014 \u201cquoted\u201d") == (
        'See the docs - "quoted"'
    )
    note = "> [!NOTE]\n> Pull requests are issues too."
    assert plain_text(note).strip() == "Pull requests are issues too."


def test_paragraphs_are_cut_at_a_sentence_within_the_budget():
    text = "First one. " * 100 + "\n\nSecond.\n\nThird."
    found = paragraphs(text, limit=2, max_chars=60)
    assert len(found) == 1 and found[0].endswith(".") and len(found[0]) <= 60
    assert paragraphs("A.\n\nB.\n\nC.", limit=2) == ["A.", "B."]
    assert first_sentence("<p>Creates a customer. Then more.</p>") == "Creates a customer."


def test_docstrings_never_end_early():
    for text in ['He said """no""".', 'Ends with a quote "x"', "Back\\slash"]:
        lines = docstring_block([text, "Second paragraph."], "    ")
        source = "def f():\n" + "\n".join(lines) + "\n    pass\n"
        function = ast.parse(source).body[0]
        assert isinstance(function, ast.FunctionDef)
        assert ast.get_docstring(function, clean=False).startswith(text[:5])
    assert docstring_block(["Short."], "") == ['"""Short."""']
    assert docstring_block([], "") == []
