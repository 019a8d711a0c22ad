"""Quoted words: separating them from a post's own text, and finding where they stand in the post quoted.

People quote loosely: they change case and punctuation, trim a sentence at either end or cut it with "...", mend
a typo or put their own word in brackets, and quote a grandparent as often as a parent. :func:`find_quote` compares
letters and digits only; :func:`find_edited_quote` also forgives a few changed words; :func:`find_in` tries the
first on every candidate post before the second, and :func:`resolve_quotes` walks up a reply's ancestors until one
holds the words (:func:`find_in_ancestors`).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

from argmap.domain import Note, Post, Quote
from argmap.markup import code_fence, line_ends

__all__ = [
    "EDITED_MIN_CHARS",
    "EDITED_SHARE",
    "MAX_QUOTED_POSTS",
    "MIN_QUOTE_CHARS",
    "QUOTE_LINE",
    "Located",
    "find_edited_quote",
    "find_in",
    "find_in_ancestors",
    "find_quote",
    "fold",
    "looked_in",
    "quoted_words",
    "resolve_quotes",
    "split_quoted",
]


QUOTE_LINE = re.compile(r"^ {0,3}(?:(?:>|&gt;)[ \t]?)+")
"""The marks that open a quoted line: ``>``, ``>>`` or ``> >`` (also HTML-escaped), and the space after each,
after at most three spaces (as in Markdown: a line indented further is code, ``    >>> import sys``)."""
CODE_MARK = "\x04"
"""Opens a line of code (an HTML ``<pre>`` block's, :func:`argmap.sources.common.html_to_text` with
``code_lines``): never a quoted line, whatever it starts with; :func:`split_quoted` takes the mark away."""
# Hacker News has no quote markup, so its users quote in a code block ("  > You said ..."): a code line is a quote
# when its marks open words (one ">" and a space, no prompt such as ">>>") that read as prose, not code.
_QUOTED_PROSE = re.compile(r"^\s*(?:>|&gt;)[ \t]+(?=[^\W\d_])(?![^\n]*(?:[=;{}`$]|<-|=>|::))(?:\S+\s+){2,}\S")


def _quoted_prose(line: str) -> bool:
    """Whether a line of code is a quote all the same: ``> `` then three words or more with nothing of code in
    them (``> Intent understanding: GPT-5 infers the goal``, not ``>>> import sys`` or ``> x <- c(1, 2)``)."""
    return _QUOTED_PROSE.match(line) is not None
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
    """Separate quoted lines (``>`` or ``&gt;``) from the author's own words; lines of code (in a fenced block,
    indented four spaces or more, or marked :data:`CODE_MARK`) are the author's own (``>>> import sys``, ``> x <-
    c(1, 2)``) unless they are words after one ``>``, as Hacker News users quote in a code block.

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
    fence: str | None = None  # the marks of the fenced code block being read: its lines are code, not quotes
    for line in line_ends(text).split("\n"):
        marked = line.startswith(CODE_MARK)
        line = line.replace(CODE_MARK, "") if CODE_MARK in line else line
        fenced, fence = code_fence(line, fence)
        code = marked or fenced
        if QUOTE_LINE.match(line) and (not code or _quoted_prose(line)):
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
    # Case folding and decomposition map each character on its own, so the whole text can go at once (what
    # ``_normalised`` does character by character, to keep offsets, is some ten times slower).
    kept = "".join(filter(str.isalnum, text))
    return "".join(filter(str.isalnum, unicodedata.normalize("NFKD", kept.casefold())))


#: :func:`fold` of the texts quotes were looked for in, kept while they hold under :data:`_FOLDED_CHARS` characters.
#: A quote found in no earlier post is looked for in each of them (a thread of N such quotes reads N² / 2 posts),
#: and each was folded again every time: 4,000 plain-text posts took 106 s to read, 1,000 took 8.
_FOLDED: dict[str, str] = {}
_FOLDED_CHARS = 20_000_000
_folded_size = 0


def folded_text(text: str) -> str:
    """:func:`fold` of a post's text, worked out once for all the quotes looked for in it."""
    global _folded_size
    found = _FOLDED.get(text)
    if found is None:
        if _folded_size > _FOLDED_CHARS:  # a new thread, most likely: the old texts are let go all at once
            _FOLDED.clear()
            _folded_size = 0
        found = _FOLDED[text] = fold(text)
        _folded_size += len(text)
    return found


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


def find_quote(quote: str, text: str, *, folded: str | None = None) -> tuple[int, int] | None:
    """Where ``text`` holds the words of ``quote``, ignoring case, white space and punctuation.

    A quote trimmed with an ellipsis ("...", "…", "[...]") matches when its pieces occur in order. A piece
    that is not found whole is retried without its first and last word (a word changed or mistyped at either
    end); :func:`find_in` then calls the match edited, as the reason drawn from it says.

    Args:
        quote (str): the quoted words.
        text (str): the text that may hold them.
        folded (str | None): ``fold(text)``, when the caller has it already.

    Returns:
        tuple[int, int] | None: start and end offsets in ``text``, or ``None``.

    Example:
        >>> find_quote("we JUST don't know", "Well, we just don't know.")
        (6, 24)
    """
    found = _found_quote(quote, text, folded=folded)
    return None if found is None else found[0]


def _found_quote(quote: str, text: str, *, folded: str | None = None) -> tuple[tuple[int, int], bool] | None:
    """:func:`find_quote`, and whether a piece was found only without its first and last word: the words the
    writer put there are not the post's ("a record of racist policies" for "a record of racist rhetoric and
    policies"), so the match is an edited one and its reason says so."""
    hay = fold(text) if folded is None else folded  # the offsets are only worked out once the quote is found
    if not hay:
        return None
    pieces, shortest = _quote_pieces(quote)
    if not pieces:
        return None
    cursor = 0
    first: int | None = None
    last = 0
    edited = False
    for needle, trimmed in pieces:
        at = hay.find(needle, cursor)
        if at < 0 and trimmed is not None:
            at = hay.find(trimmed, cursor)
            needle, edited = trimmed, True
        if at < 0 or len(needle) < shortest:
            return None
        if first is None:
            first = at
        cursor = at + len(needle)
        last = cursor
    assert first is not None
    index = _normalised(text)[1]
    return (index[first], index[last - 1] + 1), edited


@lru_cache(maxsize=1024)
def _quote_pieces(quote: str) -> tuple[tuple[tuple[str, str | None], ...], int]:
    """The folded pieces of a quote cut at its ellipses, each with its folded words but the first and last (for a
    piece of more than three words, else ``None``), and the fewest letters a piece found must have: worked out
    once for the many posts a quote is looked for in, not again for each."""
    pieces: list[tuple[str, str | None]] = []
    for piece in _ELLIPSIS.split(quote):
        needle = fold(piece)
        if needle:
            words = piece.split()
            pieces.append((needle, fold(" ".join(words[1:-1])) if len(words) > 3 else None))
    return tuple(pieces), min(MIN_QUOTE_CHARS, len(fold(quote)))


@lru_cache(maxsize=1024)
def _edited_pieces(quote: str) -> tuple[str, tuple[int, ...]]:
    """A quote's letters and digits, and where its pieces of :data:`_PIECE` start (the end of the quote being a
    piece too), for :func:`find_edited_quote`: worked out once per quote."""
    needle = fold(quote)
    starts = list(range(0, len(needle) - _PIECE + 1, _PIECE))
    if starts and starts[-1] + _PIECE < len(needle):
        starts.append(len(needle) - _PIECE)
    return needle, tuple(starts)


#: A quote must have at least this many letters and digits to be found with changes (:func:`find_edited_quote`):
#: a short one could be found nearly anywhere.
EDITED_MIN_CHARS = 40
#: The share of an edited quote's pieces that must stand, in order and where expected, in the post quoted.
EDITED_SHARE = 0.7
# The pieces an edited quote is cut into, in letters and digits (about three words each), and how many places of
# each of the first pieces are tried as the anchor the rest must line up with.
_PIECE = 12
_ANCHOR_PIECES = 3
_ANCHOR_TRIES = 3


def find_edited_quote(quote: str, text: str, *, folded: str | None = None) -> tuple[int, int] | None:
    """Where ``text`` holds ``quote`` with a few words changed: a typo mended, "[the author]" put for "he", an
    ending rewritten. The fallback when :func:`find_quote` finds nothing.

    The quote's letters and digits are cut into pieces of about three words; the quote is found where at least
    :data:`EDITED_SHARE` of them stand in ``text`` in order, each near where the pieces before it put it, over a
    stretch about as long as the quote. A quote under :data:`EDITED_MIN_CHARS` letters and digits is never found
    this way. The span runs from the first piece found to the end of the last.

    Args:
        quote (str): the quoted words.
        text (str): the text that may hold them.
        folded (str | None): ``fold(text)``, when the caller has it already.

    Returns:
        tuple[int, int] | None: start and end offsets in ``text``, or ``None``.

    Example:
        >>> text = "I said the bridge was closed for repairs last winter, and the ferry ran twice a day instead."
        >>> find_edited_quote("the bridge was closed for repiars last winter, and the ferry ran twice a day", text)
        (7, 83)
    """
    needle, starts = _edited_pieces(quote)
    if len(needle) < EDITED_MIN_CHARS:
        return None
    # The cheap test first, as most posts looked in do not hold the quote: one of the anchor pieces must be there.
    folded = fold(text) if folded is None else folded
    if len(folded) < len(needle) * EDITED_SHARE or not any(
            needle[start:start + _PIECE] in folded for start in starts[:_ANCHOR_PIECES]):
        return None
    hay, index = _normalised(text)
    best: _Lined | None = None
    for start in starts[:_ANCHOR_PIECES]:
        at = hay.find(needle[start:start + _PIECE])
        for _ in range(_ANCHOR_TRIES):
            if at < 0:
                break
            lined = _line_up(needle, hay, starts, at - start)
            if best is None or lined[0] > best[0]:
                best = lined
            at = hay.find(needle[start:start + _PIECE], at + 1)
    if best is None or best[0] < EDITED_SHARE * len(starts):
        return None
    _, first, last, head, tail = best
    # The first and last pieces found may stop short of where the quote and the text part: go on letter by letter
    # while they agree (a piece can start or end inside a word), then keep only whole words.
    while first > 0 and head > 0 and hay[first - 1] == needle[head - 1]:
        first, head = first - 1, head - 1
    while last < len(hay) and tail < len(needle) and hay[last] == needle[tail]:
        last, tail = last + 1, tail + 1
    if last - first > 1.3 * len(needle):
        return None
    start, end = index[first], index[last - 1] + 1
    while start < end and _joined(text, start):
        start += 1
    while start < end and _joined(text, end):
        end -= 1
    while start < end and not text[start].isalnum():
        start += 1
    while start < end and not text[end - 1].isalnum():
        end -= 1
    return (start, end) if start < end else None


def _joined(text: str, at: int) -> bool:
    """Whether ``at`` falls inside a word of ``text`` (an apostrophe between letters counts as a letter)."""
    if at <= 0 or at >= len(text):
        return False
    before, after = text[at - 1], text[at]
    if before in "'\u2019":
        before = text[at - 2] if at >= 2 else " "
    if after in "'\u2019":
        after = text[at + 1] if at + 1 < len(text) else " "
    return before.isalnum() and after.isalnum()


# Pieces found; where in the text the first starts and the last ends; where in the quote they do.
_Lined = tuple[int, int, int, int, int]


def _line_up(needle: str, hay: str, starts: Sequence[int], shift: int) -> _Lined:
    """How many of the quote's pieces ``hay`` holds in order, each near where the one before puts it, when the
    quote's first letter stands at ``shift`` in ``hay``."""
    slack = max(_PIECE, len(needle) // 10)
    found, first, last, head, tail = 0, -1, -1, 0, 0
    for piece in starts:
        expected = shift + piece
        spot = hay.find(needle[piece:piece + _PIECE], max(0, expected - slack), expected + slack + _PIECE)
        if spot < 0 or spot <= last - _PIECE:  # not there, or not after the piece before it
            continue
        found += 1
        if first < 0:
            first, head = spot, piece
        last, tail = spot + _PIECE, piece + _PIECE
        shift = spot - piece  # an edit that adds or drops letters moves the rest
    return found, first, last, head, tail


class Located(NamedTuple):
    """Where quoted words stand: the post holding them, their ``(start, end)`` in its text, and whether it holds
    them with a few words changed (:func:`find_edited_quote`) rather than as quoted."""

    post: Post
    span: tuple[int, int]
    edited: bool = False

    def place(self, quote: Quote) -> None:
        """Record this place on ``quote`` (its source post, start, end and whether it was edited)."""
        quote.source_post, (quote.source_start, quote.source_end) = self.post.external_id, self.span
        quote.edited = self.edited


MAX_QUOTED_POSTS = 1_000
"""How many posts a quote is looked for in, nearest first (the parent, the posts just before): a quote found in
none of them (a line of an outside article) was looked for in every earlier post, and a pasted thread of 20,000
such posts took nine minutes to read (10,000 now take 3.4 s). Of the 1,163 quotes found in the 19 shared threads
and the project's example threads, every one lies within the 9 nearest posts looked in."""


def looked_in(earlier: Sequence[Post], *, first: Post | None = None) -> list[Post]:
    """The posts before a quoting post that :func:`find_in` looks in, where the post it answers is not known (a
    pasted thread, a forum's flat list): ``first`` (the parent, when known), then the posts before, newest first,
    :data:`MAX_QUOTED_POSTS` in all, the last place kept for the thread's opening post however far back it lies.

    The opening post is the one a long thread quotes most: the 1,500th reply of a pasted thread quoting it was
    "not found in any earlier post", and it drew no relation from the quote.

    Args:
        earlier (Sequence[Post]): the posts before the quoting post, in thread order (the opening post first).
        first (Post | None): a post to look in before all others (the parent), wherever it lies.

    Returns:
        list[Post]: at most :data:`MAX_QUOTED_POSTS` posts, in the order to look in them.

    Example:
        >>> posts = [Post(external_id=str(n), parent=None, author=None, text="") for n in range(1_500)]
        >>> picked = looked_in(posts)
        >>> len(picked), picked[0].external_id, picked[-1].external_id
        (1000, '1499', '0')
    """
    head = [first] if first is not None else []
    rest = (post for post in reversed(earlier) if post is not first)
    picked = head + list(itertools.islice(rest, MAX_QUOTED_POSTS - len(head)))
    opening = earlier[0] if earlier else None
    if opening is not None and len(picked) == MAX_QUOTED_POSTS and not any(post is opening for post in picked):
        picked[-1] = opening
    return picked


def find_in(words: str, candidates: Iterable[Post]) -> Located | None:
    """The first of ``candidates`` whose text holds ``words`` as :func:`find_quote` finds them, else the first
    that holds them with a few words changed (:func:`find_edited_quote`), and where; only the first
    :data:`MAX_QUOTED_POSTS` candidates are looked in.

    Example:
        >>> text = "Buses should run all night on weekends, since the last train leaves before midnight."
        >>> post = Post(external_id="1", parent=None, author=None, text=text)
        >>> words = "buses should run all night at weekends, since the last train leaves before midnight"
        >>> found = find_in(words, [post])
        >>> found.post.external_id, found.span, found.edited
        ('1', (0, 83), True)
    """
    # Most posts looked in hold no piece of the quote: its first piece (whole, or without its end words) and the
    # anchors of an edited quote are looked for here first, sparing those posts the calls.
    pieces, _ = _quote_pieces(words)
    whole, cut = (pieces[0][0], pieces[0][1] or "") if pieces else ("", "")
    needle, starts = _edited_pieces(words)
    anchors = [needle[start:start + _PIECE] for start in starts[:_ANCHOR_PIECES]]
    looked: list[tuple[Post, str]] = []  # for the second look; the first stops at the first post holding the words
    for post in itertools.islice(candidates, MAX_QUOTED_POSTS):
        folded = folded_text(post.text)
        if whole and (whole in folded or (cut and cut in folded)):
            found = _found_quote(words, post.text, folded=folded)
            if found is not None:
                return Located(post, *found)
        looked.append((post, folded))
    if len(needle) < EDITED_MIN_CHARS:
        return None
    shortest = len(needle) * EDITED_SHARE
    for post, folded in looked:
        if len(folded) >= shortest and any(anchor in folded for anchor in anchors):
            span = find_edited_quote(words, post.text, folded=folded)
            if span is not None:
                return Located(post, span, edited=True)
    return None


def find_in_ancestors(words: str, post: Post, by_id: dict[str, Post]) -> Located | None:
    """The nearest ancestor of ``post`` (its parent first) whose text holds ``words``, and where; when none
    holds them as :func:`find_quote` finds them, the nearest that holds them with a few words changed
    (:func:`find_in`).

    Args:
        words (str): the quoted words.
        post (Post): the post that quotes them.
        by_id (dict[str, Post]): the thread's posts by external id.

    Returns:
        Located | None: the ancestor, ``(start, end)`` in its text (see :func:`find_quote`) and whether the words
        were changed, or ``None`` when no ancestor holds them (a cycle of parents is walked once).
    """
    return find_in(words, _ancestors(post, by_id))


def _ancestors(post: Post, by_id: dict[str, Post]) -> Iterator[Post]:
    """The parent of ``post``, its parent and so on, as far as asked for (a cycle of parents is walked once)."""
    seen: set[str] = set()
    ancestor = by_id.get(post.parent) if post.parent else None
    while ancestor is not None and ancestor.external_id not in seen:
        seen.add(ancestor.external_id)
        yield ancestor
        ancestor = by_id.get(ancestor.parent) if ancestor.parent else None


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
                found.place(quote)
        lost = sum(1 for quote in post.quotes if quote.source_post is None)
        if lost:
            notes.append(Note("unmatched-quote", post.external_id,
                              f"{lost} quote(s) in post {post.external_id!r} not found in the posts it answers (an "
                              f"outside source, or a deleted or edited post); kept, linked to no post"))
    return notes
