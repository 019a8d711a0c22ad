"""Reddit Markdown as the plain text a reader sees: links, emphasis, headings and escapes resolved.

Reddit comments are Markdown. Left as it is, a unit reads ``According to [this study](https://x.org/s),
**most** riders ...``; a reader of the page sees ``According to this study, most riders ...``. What is
resolved, line by line so that quoted lines (``>``) stay where they are:

- a link ``[label](url "title")`` becomes ``label (url)`` (the URL alone when the label is the URL), so that
  the evidence detector still finds the source;
- ``**strong**``, ``__strong__``, ``*emphasis*``, ``_emphasis_``, ``~~struck~~``, ``^(raised)`` and
  ```code``` keep their words and lose their marks;
- a heading's ``#`` marks go;
- a backslash escape (``\\*``) keeps the character it escapes, except ``\\>``, which must not turn into a quote;
  for the same reason a line that only resolving its marks would start with ``>`` (``*> x*``) is left as written;
- a character reference (``&#3232;``, ``&#x200B;``, ``&hellip;``), which Reddit shows as its character, becomes
  that character (``ಠ``, a zero-width space, ``…``), unless it stands for a line break or another control character;
- a superscript caret (``^word``, ``^^^stacked``) goes where it opens a word; after one (``n^2``) it stays.

Lists, tables and line breaks stay as they are: the segmenter already trims bullets and cuts at lines.
Anything unbalanced is left as written: this is a reading aid, not a Markdown parser.
"""

from __future__ import annotations

import html
import re
import unicodedata

from argmap.markup import code_fence

__all__ = ["plain_text"]

_LINK = re.compile(
    r"\[([^\[\]\n]{1,500})\]"  # the label
    r"\([ \t]*<?([^\s()<>]{1,2000}(?:\([^\s()<>]{0,200}\)[^\s()<>]{0,200})?)>?"  # the URL, one level of parentheses
    r"(?:[ \t]+\"[^\"\n]{0,300}\")?[ \t]*\)"  # an optional title
)
_HEADING = re.compile(r"^([ \t]{0,3})#{1,6}[ \t]+", re.MULTILINE)
# The words between two marks never run over another mark, so a failed match stops at the next one.
_STRONG = re.compile(r"(?<![\\*_\w])(\*\*|__)(?=[^\s*_])((?:(?!\1)[^\n]){1,2000}?)(?<=[^\s\\*_])\1(?![*_\w])")
_EMPHASIS = re.compile(r"(?<![\\*\w])\*(?=[^\s*])([^*\n]{1,2000}?)(?<=[^\s\\*])\*(?![*\w])|"
                       r"(?<![\\_\w])_(?=[^\s_])([^_\n]{1,2000}?)(?<=[^\s\\_])_(?![_\w])")
_STRUCK = re.compile(r"~~(?=\S)([^~\n]{1,2000}?)(?<=\S)~~")
_RAISED = re.compile(r"\^\(([^()\n]{0,500})\)")
_CODE = re.compile(r"`([^`\n]{1,2000})`")
_KEPT = re.compile(r"\x00(\d+)\x00")
# A spoiler, ">!hidden words!<": the words are the author's, not a quote.
_SPOILER = re.compile(r">!(?=\S)([^\n]{1,2000}?)(?<=\S)!<")
# A subreddit's emote, a link with no label to one of its images ("[](/b24)", '[](/derpwizard "Who doesn't?")').
_EMOTE = re.compile(r"\[\]\(/[^\s()]{0,200}(?:[ \t]+\"[^\"\n]{0,300}\")?\)[ \t]?")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!~^|])")
#: Unicode categories a reference may not bring in: control characters (line breaks among them), line and
#: paragraph separators.
_NO_LINE = frozenset({"Cc", "Zl", "Zp"})
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# A caret that opens a word (not one after a word, "n^2", nor one before a space, "this ^"), and the carets
# stacked with it.
_CARET = re.compile(r"(?<![^\s(\[])\^+(?=[^\s^(])")
_URL = re.compile(r"https?://[^\s()<>]+(?:\([^\s()<>]*\)[^\s()<>]*)?")


def _link(match: re.Match[str]) -> str:
    label, url = match.group(1).strip(), match.group(2)
    return url if label == url else f"{label} ({url})"


def _reference(match: re.Match[str]) -> str:
    """The character a reference stands for; the reference as written when that is a line break or another
    control character (a line break would change the post's lines) or when no character has its name."""
    char = html.unescape(match.group())
    if char == match.group() or any(unicodedata.category(c) in _NO_LINE for c in char):
        return match.group()
    return char


def _emphasis(match: re.Match[str]) -> str:
    return match.group(1) if match.group(1) is not None else match.group(2)


def plain_text(markdown: str) -> str:
    """The words of a Markdown text without its link, emphasis, heading and escape syntax.

    Args:
        markdown (str): a Reddit body (entities already decoded).

    Returns:
        str: the text as a reader sees it; the same lines in the same order.

    Example:
        >>> plain_text("**Fares** should be free: see [the study](https://x.org/s).")
        'Fares should be free: see the study (https://x.org/s).'
    """
    if not any(mark in markdown for mark in "[#*_~^`\\&") and ">!" not in markdown:  # ">!": a spoiler
        return markdown
    # Code keeps its words as written ("__init__", "# not a heading", ">>> run()"): only the prose between
    # code blocks is resolved.
    lines = markdown.split("\n")
    code = _code_lines(lines)
    if not any(code):
        return _prose(markdown)
    out: list[str] = []
    start = 0
    for n in range(len(lines) + 1):
        if n == len(lines) or code[n]:
            if n > start:
                out.append(_prose("\n".join(lines[start:n])))
            if n < len(lines):
                out.append(lines[n])
            start = n + 1
    return "\n".join(out)


def _code_lines(lines: list[str]) -> list[bool]:
    """Which lines are code: a fenced block's (its fences too), and a block indented four spaces or a tab after a
    blank line."""
    code: list[bool] = []
    fence: str | None = None
    for n, line in enumerate(lines):
        fenced, fence = code_fence(line, fence)
        if fenced:
            code.append(True)
        else:
            indented = line.startswith(("    ", "\t")) and bool(line.strip())
            after = n == 0 or not lines[n - 1].strip() or code[n - 1]
            code.append(indented and after)
    return code


def _prose(markdown: str) -> str:
    """:func:`plain_text` of Markdown that holds no code block."""
    spans: list[str] = []

    def keep(match: re.Match[str]) -> str:  # inline code: its words as written, out of reach of the marks
        spans.append(match.group(1))
        return f"\x00{len(spans) - 1}\x00"

    text = _CODE.sub(keep, markdown) if "`" in markdown else markdown
    text = _SPOILER.sub(r"\1", text) if ">!" in text else text
    text = _EMOTE.sub("", text) if "[](" in text else text
    text = _LINK.sub(_link, _HEADING.sub(r"\1", text))
    # Marks are resolved between URLs only: an underscore or asterisk inside a URL is part of it.
    pieces: list[str] = []
    cursor = 0
    for url in _URL.finditer(text):
        pieces.extend((_marks(text[cursor:url.start()]), url.group()))
        cursor = url.end()
    pieces.append(_marks(text[cursor:]))
    plain = "".join(pieces)
    if spans:
        plain = _KEPT.sub(lambda m: spans[int(m.group(1))], plain)
    return _keep_non_quotes(markdown, plain) if ">" in plain else plain


def _keep_non_quotes(markdown: str, plain: str) -> str:
    """Lines that resolving marks would turn into quotes (``*> x*``, ``# > x``) are kept as written: on the page
    they are emphasis or a heading, and a line that starts with ``>`` here is read as quoted from the parent."""
    before, after = markdown.split("\n"), plain.split("\n")
    if len(before) != len(after):  # cannot happen: every rule keeps the lines
        return plain
    return "\n".join(old if new.lstrip().startswith(">") and not old.lstrip().startswith(">") else new
                     for old, new in zip(before, after, strict=True))


def _marks(text: str) -> str:
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS.sub(_emphasis, text)
    text = _STRUCK.sub(r"\1", text)
    text = _RAISED.sub(r"\1", text)
    text = _CARET.sub("", text) if "^" in text else text
    text = _ESCAPE.sub(r"\1", text)
    # Last, so that a reference to a mark ("&#42;") is that character and marks nothing.
    return _REFERENCE.sub(_reference, text) if "&" in text else text
