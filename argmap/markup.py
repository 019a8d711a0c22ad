"""Plain-text markup that both the readers and the extraction read: line ends and fenced code blocks.

A post's text keeps the author's Markdown-like marks; a thread reader needs to know which lines are code (no
quote there, ``>>> import sys``), and so does the extraction (code is shown, not argued: no claim). One rule for
both, here, below the layers that use it.
"""

from __future__ import annotations

import re

__all__ = ["code_fence", "line_ends"]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def line_ends(text: str) -> str:
    """``text`` with its Windows (CRLF) and old Mac (CR) line ends written LF, the line end every rule reads: a JSON
    string can hold ``"\\r\\r"``, and a reply whose quote ended so was read as one long quote, its words lost.

    Example:
        >>> line_ends("> a quote\\r\\rMy answer.\\r\\nMore.")
        '> a quote\\n\\nMy answer.\\nMore.'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def code_fence(line: str, fence: str | None) -> tuple[bool, str | None]:
    """Whether ``line`` belongs to a fenced code block (its fences included), and the fence open after it, given
    the fence open before it (``None``: none). A fence of three or more backticks or tildes opens a block; one of
    the same marks with nothing after them closes it.

    Example:
        >>> code_fence("```python", None), code_fence("x = 1", "```"), code_fence("```", "```")
        ((True, '```'), (True, '```'), (True, None))
    """
    marks = _FENCE.match(line)
    if fence is None:
        return (True, marks.group(1)[0] * 3) if marks is not None else (False, None)
    closes = marks is not None and marks.group(1).startswith(fence) and not line.strip().strip("`~")
    return True, None if closes else fence
