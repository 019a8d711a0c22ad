"""Quoted words: separating them from a post's own text, and finding where they stand in the post quoted.

People quote loosely: they change case and punctuation, trim a sentence at either end or cut it with "...", and
quote a grandparent as often as a parent. :func:`find_quote` compares letters and digits only, and
:func:`resolve_quotes` walks up a reply's ancestors until one holds the words (:func:`find_in_ancestors`).
"""

from __future__ import annotations

import re
import unicodedata

from argmap.domain import Note, Post

__all__ = ["MIN_QUOTE_CHARS", "QUOTE_LINE", "find_in_ancestors", "find_quote", "fold", "quoted_words", "resolve_quotes",
           "split_quoted"]


QUOTE_LINE = re.compile(r"^\s*(?:(?:>|&gt;)[ \t]?)+")
"""The marks that open a quoted line: ``>``, ``>>`` or ``> >`` (also HTML-escaped), and the space after each."""
_MARK = re.compile(r">|&gt;")


def quoted_words(lines: list[str]) -> str:
    """The words a run of quoted lines quotes from the post answered: the lines of the outermost level.

    In ``>> what the grandparent said`` / ``> what the parent answered``, the deeper lines are the context the
    parent was answering (mail and forum clients quote the whole exchange); the post answers the ``>`` lines.

    Args:
        lines (list[str]): consecutive lines that :data:`QUOTE_LINE` matches, marks included.

    Returns:
        str: the quoted words of the least-nested level, joined with spaces.

    Example:
        >>> quoted_words([">> Renewables cannot cover the peak.", "> Batteries can cover it."])
        'Batteries can cover it.'
    """
    levels: list[tuple[int, str]] = []
    for line in lines:
        marks = QUOTE_LINE.match(line)
        depth = len(_MARK.findall(marks.group())) if marks else 0
        levels.append((depth, line[marks.end():].strip() if marks else line.strip()))
    top = min((depth for depth, words in levels if words), default=0)
    return " ".join(words for depth, words in levels if depth == top and words)


def split_quoted(text: str) -> tuple[str, list[tuple[str, int]]]:
    """Separate quoted lines (``>`` or ``&gt;``) from the author's own words.

    Args:
        text (str): clean text of a post.

    Returns:
        tuple[str, list[tuple[str, int]]]: the post's own text, and each quote with the offset in that own
        text where the words answering it begin.
    """
    own: list[str] = []
    quotes: list[tuple[str, int]] = []
    pending: list[str] = []
    length = 0
    for line in text.split("\n"):
        if QUOTE_LINE.match(line):
            pending.append(line)
            continue
        if pending:
            quote = quoted_words(pending)
            if quote:
                quotes.append((quote, length + 1 if own else 0))
            pending = []
        if not own and not line.strip():
            continue
        # The length of "\n".join(own), kept as it grows: joining the whole list again for every line made a
        # post of 100,000 short lines take 24 s.
        length += len(line) + 1 if own else len(line)
        own.append(line)
    if pending:
        quote = quoted_words(pending)
        if quote:
            quotes.append((quote, length))
    body = "\n".join(own).strip("\n")
    body = re.sub(r"\n{3,}", "\n\n", body)
    return body, [(q, min(o, len(body))) for q, o in quotes]


_NOT_ASCII_ALNUM = re.compile(r"[^A-Za-z0-9]+")


def fold(text: str) -> str:
    """Letters and digits of ``text`` only, lower-cased: what quotes are compared by (no offsets, unlike
    :func:`_normalised`)."""
    if text.isascii():
        return _NOT_ASCII_ALNUM.sub("", text).lower()
    return _normalised(text)[0]


def _normalised(text: str) -> tuple[str, list[int]]:
    """Lower-case alphanumeric characters of ``text`` and, for each, its index in ``text``."""
    if text.isascii():  # nothing to fold or decompose: the common case, at a fraction of the cost
        return fold(text), [i for i, ch in enumerate(text) if ch.isalnum()]
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch.isalnum():
            folded = unicodedata.normalize("NFKD", ch.casefold())
            for f in folded:
                if f.isalnum():
                    chars.append(f)
                    index.append(i)
    return "".join(chars), index


_ELLIPSIS = re.compile(r"\s*(?:\.\.\.+|…|\[\.\.\.\]|\[…\])\s*")
MIN_QUOTE_CHARS = 8


def find_quote(quote: str, text: str) -> tuple[int, int] | None:
    """Where ``text`` holds the words of ``quote``, ignoring case, white space and punctuation.

    A quote trimmed with an ellipsis ("...", "…", "[...]") matches when its pieces occur in order. A piece
    that is not found whole is retried without its first and last word, since people cut quotes mid-word.

    Args:
        quote (str): the quoted words.
        text (str): the text that may hold them.

    Returns:
        tuple[int, int] | None: start and end offsets in ``text``, or ``None``.

    Example:
        >>> find_quote("we JUST don't know", "Well, we just don't know.")
        (6, 24)
    """
    hay = fold(text)  # the offsets are only worked out once the quote is found
    if not hay:
        return None
    pieces = [p for p in _ELLIPSIS.split(quote) if fold(p)]
    if not pieces:
        return None
    cursor = 0
    first: int | None = None
    last = 0
    for piece in pieces:
        needle = fold(piece)
        at = hay.find(needle, cursor)
        if at < 0:
            words = piece.split()
            if len(words) > 3:
                trimmed = fold(" ".join(words[1:-1]))
                at = hay.find(trimmed, cursor)
                needle = trimmed
        if at < 0 or len(needle) < min(MIN_QUOTE_CHARS, len(fold(quote))):
            return None
        if first is None:
            first = at
        cursor = at + len(needle)
        last = cursor
    assert first is not None
    index = _normalised(text)[1]
    return index[first], index[last - 1] + 1


def find_in_ancestors(words: str, post: Post, by_id: dict[str, Post]) -> tuple[str, tuple[int, int]] | None:
    """The nearest ancestor of ``post`` (its parent first) whose text holds ``words``, and where.

    Args:
        words (str): the quoted words.
        post (Post): the post that quotes them.
        by_id (dict[str, Post]): the thread's posts by external id.

    Returns:
        tuple[str, tuple[int, int]] | None: the ancestor's external id and ``(start, end)`` in its text (see
        :func:`find_quote`), or ``None`` when no ancestor holds them (a cycle of parents is walked once).
    """
    seen: set[str] = set()
    ancestor = by_id.get(post.parent) if post.parent else None
    while ancestor is not None and ancestor.external_id not in seen:
        seen.add(ancestor.external_id)
        span = find_quote(words, ancestor.text)
        if span is not None:
            return ancestor.external_id, span
        ancestor = by_id.get(ancestor.parent) if ancestor.parent else None
    return None


def resolve_quotes(posts: list[Post]) -> list[Note]:
    """Locate each quote in the post it most likely came from: the parent, else the nearest ancestor holding it.

    Fills ``source_post``, ``source_start`` and ``source_end`` of every quote that can be found; a quote found
    nowhere (it quotes an outside text, or a deleted post) keeps ``source_post = None``. Only ancestors are
    searched: a reply is written below what it answers, and the search stays cheap on long threads.

    Returns:
        list[Note]: an ``unmatched-quote`` note for each post with quotes found nowhere, for the thread's notes.
    """
    by_id = {p.external_id: p for p in posts}
    notes: list[Note] = []
    for post in posts:
        for quote in post.quotes:
            if quote.source_post is not None:
                continue
            found = find_in_ancestors(quote.text, post, by_id)
            if found is not None:
                quote.source_post, (quote.source_start, quote.source_end) = found
        lost = sum(1 for quote in post.quotes if quote.source_post is None)
        if lost:
            notes.append(Note("unmatched-quote", post.external_id,
                              f"{lost} quote(s) in post {post.external_id!r} not found in the posts it answers (an "
                              f"outside source, or a deleted or edited post); kept, linked to no post"))
    return notes
