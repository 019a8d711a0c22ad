"""Reader for 4forums discussions of the Internet Argument Corpus (IAC v1, Walker et al. 2012).

A discussion file ``discussions/<id>.json`` is a JSON list ``[posts, annotations, metadata]``:

- ``posts``: one list per post, ``[id, side, author, text, {"post_info": {"post_title": ...}}, parent_post_id,
  category, unix_time]``. ``parent_post_id`` is ``null`` for the opening post; ``side`` and ``category`` are
  unused. The text is plain text in which quoted passages appear inline, with no marker.
- ``annotations``: an object, passed over.
- ``metadata``: ``{"title": "4Forums.com Political Debates and Polls - <title>", "url": ..., "id_number": <id>}``.

Which passages of a post quote another post is recorded beside the discussions, in
``ranges_quotes/<id>.json``: ``[[post_id, [start, end, {"quote_id": ..., "author": ...}]], ...]`` where
``[start, end)`` indexes the post's raw text and ``quote_id`` (when present) names the quoted post. When the
source is a file with such a sibling, each span is cut from the post's own text and recorded as a
:class:`~argmap.domain.Quote` of ``quote_id``, located in that post's own text; a span without ``quote_id``
is looked for in the parent, then in earlier posts, and otherwise quotes a text outside the thread. Without
the sibling (stdin, a URL, a copied file), the posts are read without quotes; a file with no ``ranges_quotes``
folder beside its folder (a copy taken out of the corpus) is noted (``no-quote-ranges``).

The thread's key is ``4forums:<discussion id>``.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from bisect import bisect_left, bisect_right
from pathlib import Path
from typing import Any

from argmap.domain import Note, Post, Quote, Thread
from argmap.errors import InputError
from argmap.sources.common import assemble, json_type, load_json, parse_time
from argmap.sources.quotes import find_in, looked_in

__all__ = ["NAME", "read", "sniff"]

NAME = "4forums"

#: The folder, beside ``discussions/``, that holds the quoted spans of each discussion.
QUOTES_FOLDER = "ranges_quotes"

_FIX = "give an IAC 4forums discussion file: [[post, ...], {annotations}, {metadata}]"
_FIX_POST = "each post must be [id, side, author, text, {info}, parent_id, category, unix_time]"
# `[[[<id>, <side: null, a string or a number>, <author: null or a string>` at the very start.
_HEAD = re.compile(r'\[\s*\[\s*\[\s*-?\d+\s*,\s*(?:null|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?)\s*,\s*(?:null|")')
_SITE_PREFIX = re.compile(r"^\s*4Forums\.com[^-]*-\s*")


def sniff(head: str) -> bool:
    """Whether ``head`` starts an IAC 4forums discussion: a list whose first item is a list of post lists.

    Args:
        head (str): the first 64 KiB of the input.

    Returns:
        bool: ``True`` when the input opens with ``[[[<id>, <side>, <author>``.
    """
    return bool(_HEAD.match(head.lstrip()))


def _post_id(value: Any, source: str, index: int, field: str) -> str:
    """A post id (integer or string) as a string.

    Raises:
        InputError: for any other type.
    """
    if isinstance(value, bool) or not isinstance(value, int | str) or (isinstance(value, str) and not value):
        raise InputError(source, f"post {index + 1} has a {field} of type {json_type(value)}, not an integer",
                         fix=_FIX_POST)
    return str(value)


def _post(entry: Any, source: str, index: int) -> Post:
    """One post list as a post whose ``text`` is still the raw text (quotes are cut later).

    Raises:
        InputError: when the entry is not a post list or a field has the wrong type.
    """
    if not isinstance(entry, list) or len(entry) < 6:
        raise InputError(source, f"post {index + 1} is not a list of at least 6 fields", fix=_FIX_POST)
    pid = _post_id(entry[0], source, index, "id")
    author, text, info, parent = entry[2], entry[3], entry[4], entry[5]
    if not isinstance(text, str):
        raise InputError(source, f"the text is {json_type(text, article=True)}, not a string", post=pid, fix=_FIX_POST)
    if author is not None and not isinstance(author, str):
        raise InputError(source, f"the author is {json_type(author, article=True)}, not a string", post=pid,
                         fix=_FIX_POST)
    post_info = info.get("post_info") if isinstance(info, dict) else None
    title = post_info.get("post_title") if isinstance(post_info, dict) else None
    return Post(external_id=pid, parent=None if parent is None else _post_id(parent, source, index, "parent"),
                author=author or None, text=text, raw=text,
                created_at=parse_time(entry[7]) if len(entry) > 7 else None,
                title=_unescape(title).strip() or None if isinstance(title, str) else None)


def _quote_ranges(source: str, notes: list[Note]) -> list[Any]:
    """The entries of the ``ranges_quotes`` sibling of ``source``; empty when there is none.

    A sibling that cannot be read is reported as a note, not an error: the posts are still good. So is a file
    read away from its corpus (no ``ranges_quotes`` folder beside its folder: a copy), since its quotes are then
    read as its own words, and storing it over the thread read in place drops the quotes stored before.
    """
    try:
        path = Path(source)
        sibling = path.parent.parent / QUOTES_FOLDER / path.name
        if path.is_file() and not sibling.parent.is_dir():
            notes.append(Note("no-quote-ranges", None,
                              f"no {QUOTES_FOLDER}/ folder beside {path.parent.name or '.'}/: read without the quoted "
                              f"spans the corpus records; ingest the file where the corpus keeps it "
                              f"(discussions/{path.name} beside {QUOTES_FOLDER}/)"))
            return []
        if not path.is_file() or not sibling.is_file():
            return []
        data = json.loads(sibling.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        notes.append(Note("quote-ranges", None, f"the quoted spans beside {source} could not be read: {exc}"))
        return []
    if not isinstance(data, list):
        notes.append(Note("quote-ranges", None, f"the quoted spans beside {source} are not a list; passed over"))
        return []
    return data


def _span(entry: Any, raws: dict[str, str]) -> tuple[str, int, int, dict[str, Any]] | None:
    """``(post id, start, end, info)`` of a quoted-span entry, or ``None`` when it does not fit its post."""
    if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], list) and len(entry[1]) >= 2):
        return None
    pid, (start, end, *rest) = entry[0], entry[1]
    if isinstance(pid, bool) or not isinstance(pid, int | str) or str(pid) not in raws:
        return None
    if any(isinstance(x, bool) or not isinstance(x, int) for x in (start, end)):
        return None
    if not 0 <= start < end <= len(raws[str(pid)]):
        return None
    info = rest[0] if rest and isinstance(rest[0], dict) else {}
    return str(pid), start, end, info


#: The code the corpus writes in place of a smiley the forum showed as an image ("Bottom line.emoticon_mad",
#: "emoticon_xgood"), with the spaces before it: no words of the post. The match starts where the spaces do:
#: trying it at every space of a long run made 100,000 tabs take 48 s.
_EMOTICON = re.compile(r"(?<![ \t])[ \t]*emoticon_[a-z]+", re.IGNORECASE)

#: The forum's own quote markup, which the corpus kept in a few posts where the forum did not render it:
#: ``[QUOTE=name;post id]`` (at times without its ``]``), ``[QUOTE=name]``, ``[QUOTE]``, and ``[/QUOTE]``.
_QUOTE_TAG = re.compile(r"\[(?P<close>/)?quote(?:=(?P<who>[^;\]\[\n]{0,60}?)(?:;(?P<id>\d+)\]?|\])|\])",
                        re.IGNORECASE)


def _unescape(text: str) -> str:
    """Text as the forum showed it: its HTML entities (``&#8211;``, ``&amp;``) and the backslash some posts keep
    before an apostrophe (``don\\'t``) undone, and the codes the corpus wrote for its smileys
    (``emoticon_xgood``) and its quote tags (``[QUOTE=name]``) left out.

    Example:
        >>> _unescape("don\\\\'t &amp; won&#8217;t emoticon_xgood")
        "don't & won’t"
    """
    return _EMOTICON.sub("", _QUOTE_TAG.sub("", html.unescape(text).replace("\\'", "'")))


def _own_text(raw: str, spans: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """The text of ``raw`` outside ``spans``, tidied, and where each span's answer starts in it.

    Lines are stripped, runs of blank lines become one paragraph break, and a cut span counts as a paragraph
    break. For each span the offset of the first own-text character that came after it in ``raw`` is given
    (the length of the text when nothing follows).

    Args:
        raw (str): the post as the source gave it.
        spans (list[tuple[int, int]]): ``[start, end)`` ranges of ``raw`` to cut, sorted and not overlapping.

    Returns:
        tuple[str, list[int]]: the own text, and one offset per span.

    Example:
        >>> _own_text("You said X.\\n \\nNo, Y.", [(0, 11)])
        ('No, Y.', [0])
    """
    # Pieces of kept text, each a stripped line with the raw index it starts at, or None for a break.
    pieces: list[tuple[str, int] | None] = []
    cursor = 0
    for start, end in [*spans, (len(raw), len(raw))]:
        position = cursor
        for line in raw[cursor:start].split("\n"):
            stripped = _unescape(line).strip()  # the forum kept entities (&#8211;, &amp;); ranges count them raw
            if stripped:
                pieces.append((stripped, position + len(line) - len(line.lstrip())))
            elif not _EMOTICON.search(line):  # a line of smileys alone is no paragraph break
                pieces.append(None)
            position += len(line) + 1
        pieces.append(None)
        cursor = end
    parts: list[str] = []
    starts: list[int] = []  # raw index of each kept line
    offsets: list[int] = []  # own-text index of each kept line
    length = 0
    gap = False
    for piece in pieces:
        if piece is None:
            gap = True
            continue
        if parts:
            separator = "\n\n" if gap else "\n"
            parts.append(separator)
            length += len(separator)
        parts.append(piece[0])
        starts.append(piece[1])
        offsets.append(length)
        length += len(piece[0])
        gap = False
    text = "".join(parts)
    answers = []
    for _, end in spans:
        at = bisect_left(starts, end)
        answers.append(offsets[at] if at < len(offsets) else len(text))
    return text, answers


def _tagged_quotes(raw: str) -> list[tuple[int, int, dict[str, Any]]]:
    """``(start, end, info)`` of each passage that the forum's quote tags enclose in ``raw``, tags included.

    A ``[QUOTE...]`` tag is closed by the next ``[/QUOTE]``, or by the next plain ``[QUOTE]`` (a closing tag
    that lost its slash). A ``[/QUOTE]`` with no opening tag closes a passage that runs from the end of the last
    one (or the post's start): the forum dropped the opening tag. ``info`` holds the quoted author and post id
    when the tag names them. An opening tag that nothing closes encloses nothing; :func:`_unescape` drops it.

    Example:
        >>> raw = "[QUOTE=ann;12]Ferries are slow.[/QUOTE] Not at night."
        >>> _tagged_quotes(raw)
        [(0, 39, {'author': 'ann', 'quote_id': '12'})]
    """
    found: list[tuple[int, int, dict[str, Any]]] = []
    opened: re.Match[str] | None = None
    done = 0
    for tag in _QUOTE_TAG.finditer(raw):
        closes = bool(tag["close"]) or (opened is not None and tag["who"] is None and tag["id"] is None)
        if not closes:
            opened = tag
            continue
        start = opened.start() if opened is not None else done
        info: dict[str, Any] = {}
        if opened is not None and opened["who"]:
            info["author"] = opened["who"].strip()
        if opened is not None and opened["id"]:
            info["quote_id"] = opened["id"]
        if raw[start:tag.start()].strip():
            found.append((start, tag.end(), info))
        opened, done = None, tag.end()
    return found


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping ones joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _attach_quotes(posts: list[Post], entries: list[Any], notes: list[Note]) -> None:
    """Cut quoted spans out of the posts' text and record them as located quotes."""
    by_id = {p.external_id: p for p in posts}
    raws = {p.external_id: p.raw for p in posts}
    spans: dict[str, list[tuple[int, int, dict[str, Any]]]] = {}
    bad = 0
    for entry in entries:
        span = _span(entry, raws)
        if span is None:
            bad += 1
            continue
        spans.setdefault(span[0], []).append(span[1:])
    if bad:
        notes.append(Note("bad-quote-range", None, f"{bad} quoted span(s) did not fit their post; passed over"))
    for pid, raw in raws.items():
        listed = [(start, end) for start, end, _ in spans.get(pid, [])]
        for start, end, info in _tagged_quotes(raw):
            if not any(start < e and s < end for s, e in listed):  # the quote file has it already
                spans.setdefault(pid, []).append((start, end, info))
    for pid, post in by_id.items():
        if pid not in spans:
            continue
        merged = _merge([(s, e) for s, e, _ in spans[pid]])
        post.text, answers = _own_text(post.raw, merged)
        merged_starts = [s for s, _ in merged]
        for start, end, info in sorted(spans[pid], key=lambda x: (x[0], x[1])):
            # The answer to a quote starts after the merged span that holds it.
            at = answers[bisect_right(merged_starts, start) - 1]
            quoted = info.get("quote_id")
            target = str(quoted) if isinstance(quoted, int | str) and not isinstance(quoted, bool) else None
            if target is not None and target not in by_id:
                notes.append(Note("unknown-quote-source", pid,
                                  f"post {pid!r} quotes post {target!r}, which is not in the thread"))
                target = None
            post.quotes.append(Quote(" ".join(_unescape(post.raw[start:end]).split()), target, offset=at))
    for post in posts:
        if post.external_id not in spans:
            post.text = _own_text(post.raw, [])[0]
    for index, post in enumerate(posts):
        for quote in post.quotes:
            _locate(quote, post, posts[:index], by_id, notes)


def _locate(quote: Quote, post: Post, earlier: list[Post], by_id: dict[str, Post], notes: list[Note]) -> None:
    """Find a quote's words in the post it names or, when it names none, in the parent or an earlier post.

    A span that names no post and is found in none quotes something outside the thread (an article, a
    book): its ``source_post`` stays ``None``.
    """
    if quote.source_post is not None:
        candidates = [by_id[quote.source_post]]
    else:
        candidates = looked_in(earlier, first=by_id.get(post.parent) if post.parent else None)
    found = find_in(quote.text, candidates)
    if found is not None:
        found.place(quote)
        return
    where = f"post {quote.source_post!r}" if quote.source_post else "any earlier post (an outside source?)"
    notes.append(Note("unmatched-quote", post.external_id,
                      f"words quoted in post {post.external_id!r} were not found in {where}"))


def _key(metadata: dict[str, Any], source: str, posts: list[Post]) -> str:
    """``4forums:`` + the discussion id from the metadata, else the file's stem, else a hash of the first post."""
    for field in ("id_number", "identifier"):
        value = metadata.get(field)
        if isinstance(value, int | str) and not isinstance(value, bool) and str(value).strip():
            return f"4forums:{value}"
    if source not in ("", "<stdin>") and not source.startswith(("http://", "https://")):
        return f"4forums:{Path(source).stem}"
    first = posts[0] if posts else None
    digest = hashlib.sha256(f"{first.external_id}\x1f{first.raw}".encode() if first else b"").hexdigest()
    return f"4forums:{digest[:16]}"


def read(text: str, *, source: str) -> Thread:
    """Read an IAC 4forums discussion, with its quoted spans when ``source`` is a file that has them.

    Args:
        text (str): the discussion file's content.
        source (str): its path (used to find ``../ranges_quotes/<name>``), URL or ``<stdin>``.

    Returns:
        Thread: key ``4forums:<discussion id>``, posts parents first, quotes cut from the posts' own text.

    Raises:
        InputError: when the JSON is not a discussion or a post has fields of the wrong type.
        EmptyInput: when no post has text.
    """
    data = load_json(text, source)
    if not isinstance(data, list) or not data or not isinstance(data[0], list):
        raise InputError(source, "is not a list starting with the list of posts", fix=_FIX)
    metadata = data[2] if len(data) > 2 and isinstance(data[2], dict) else {}
    notes: list[Note] = []
    posts = [_post(entry, source, index) for index, entry in enumerate(data[0])]
    _attach_quotes(posts, _quote_ranges(source, notes), notes)
    title = metadata.get("title")
    title = _SITE_PREFIX.sub("", title).strip() if isinstance(title, str) else None
    if not title:
        title = next((p.title for p in posts if p.parent is None and p.title), None)
    url = metadata.get("url") if isinstance(metadata.get("url"), str) else None
    return assemble(key=_key(metadata, source, posts), format=NAME, source=source, posts=posts, title=title,
                    url=url, notes=notes)
