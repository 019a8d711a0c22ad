"""brat standoff export: argmap's maps as pre-annotation, for annotators to correct in brat and score against.

Each thread becomes one brat document of three files, in the layout of the Change My View modes corpus that
``argmap eval`` reads back (:mod:`argmap.evaluate.brat`):

- ``<name>.txt``: the thread's title, then each post's text with the lines it quotes put back (``> ``),
  separated by blank lines;
- ``<name>.metadata``: ``Title 0 <end>``, ``Source <url>`` and a ``Content <post id> <author> <start> <end>``
  line per post, offsets into the ``.txt`` (an id with white space in it has it replaced by ``_``; an author's
  name is written as it is, its runs of white space one space, since the reader takes every word between the id
  and the offsets as the author: "Jo Bennett" comes back "Jo Bennett", not "Jo_Bennett"; a post with no author
  has none written),
  then a ``Reply <post id> <parent id>`` line for each post that answers another than the post before it,
  a ``Root <post id>`` line for each post after the first that answers none (a thread of several roots, such
  as a JSON Lines file without ``parent``), and last ``Text literal``: the text is the posts' own, so the
  reader decodes no HTML character reference in it (a post that says ``&amp;`` keeps those five characters,
  where the CMV modes corpus's ``&amp;`` is ``&``);
- ``<name>.ann``: a ``T`` line per claim and premise (``T1<TAB>Claim 120 180<TAB>words``, the words of the
  ``.txt`` at those offsets), an ``R`` line per support or attack between them (``R1<TAB>supports Arg1:T2
  Arg2:T1``), and for each an ``AnnotatorNotes`` line (``#1<TAB>AnnotatorNotes T1<TAB>...``), which brat shows
  beside the annotation: the rule or model that made it, its confidence and its reason, so that an annotator
  correcting the map sees why argmap drew it; and for a proposition of an imported map worded otherwise than
  what its span says (an AIF analyst's rewording, which spans its locution), ``; worded: <its words>``.

In that corpus each post answers the one before; the ``Reply`` and ``Root`` lines, argmap's own addition
(other tools pass over lines they do not know), keep a thread's tree of replies when ``argmap eval`` reads the
files back, and the ``Text literal`` line, argmap's too, keeps its text exact.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from argmap.domain import IMPORTED
from argmap.evaluate.brat import LITERAL
from argmap.store.models import GraphData, QuoteInfo

T = TypeVar("T")

__all__ = ["BratDocument", "document_names", "to_brat"]

#: What separates the title and the posts in a document's text.
SEPARATOR = "\n\n"
_KINDS = {"claim": "Claim", "premise": "Premise"}
_RELATIONS = {"support": "supports", "attack": "attacks"}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class BratDocument:
    """One thread as brat files.

    Attributes:
        name (str): the file name without its suffix (from the thread's key).
        text (str): the ``.txt`` file.
        ann (str): the ``.ann`` file.
        metadata (str): the ``.metadata`` file.
    """

    name: str
    text: str
    ann: str
    metadata: str


#: The longest a document's name may be, in bytes: a file name holds 255, and ``.metadata`` and a number added to
#: tell two names apart take some of them (a thread key of 500 characters, which ingest takes, failed the export).
MAX_NAME_BYTES = 200


def document_names(keys: list[str]) -> list[str]:
    """A file name for each thread key: its letters, digits, ``.``, ``_`` and ``-``, other runs made ``-``, and a
    number added where two would be the same (names are compared without case, as some file systems do); a name
    over :data:`MAX_NAME_BYTES` bytes is cut, with a hash of the whole key after it.

    Example:
        >>> document_names(["cmv:2rnr30/cnhmn66", "hn-open-models", "HN-open-models"])
        ['cmv-2rnr30-cnhmn66', 'hn-open-models', 'HN-open-models-2']
    """
    names: list[str] = []
    taken: set[str] = set()
    for key in keys:
        base = _UNSAFE.sub("-", key).strip("-.") or "thread"
        if len(base.encode("utf-8")) > MAX_NAME_BYTES:  # a file name holds 255 bytes: the start, and a hash of all
            base = base.encode("utf-8")[:MAX_NAME_BYTES - 17].decode("utf-8", "ignore").rstrip("-.") + "-" + \
                hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        name, n = base, 1
        while name.lower() in taken:
            n += 1
            name = f"{base}-{n}"
        taken.add(name.lower())
        names.append(name)
    return names


# Tabs, which part a line's fields, and every character Python's str.splitlines ends a line at: besides \n and \r,
# the vertical tab, form feed, the file, group and record separators, NEL and the line and paragraph separators. A
# post's U+2028 or NEL in a unit's words cut its T line in two for argmap's reader (and brat's), which then lost the
# rest of the words and read the part after the break as a line of its own.
_LINE_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")


def _one_line(text: str) -> str:
    """``text`` on one line, its tabs and line ends made spaces (a brat line holds no line end)."""
    return _LINE_BREAKS.sub(" ", text)


def _token(value: str | None, default: str) -> str:
    """A metadata field with no white space in it."""
    return re.sub(r"\s+", "_", value.strip()) if value and value.strip() else default


def _grouped(items: Iterable[T], key: Callable[[T], str]) -> dict[str, list[T]]:
    """``items`` by ``key``, each group in the order of ``items``."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups


def _with_quotes(text: str, quotes: list[QuoteInfo]) -> tuple[str, Callable[[int, bool], int]]:
    """A post's text with the lines it quotes put back where they stood (``> `` before each line), so that an
    annotator sees what a reply answers and the reader takes them as quotes again; and where each offset of
    ``text`` lies in the result. A quote whose answer does not begin a line (nowhere a quoted line could
    stand) is left out."""
    inserted: list[tuple[int, str]] = []
    for quote in sorted(quotes, key=lambda q: q.offset):
        if 0 <= quote.offset <= len(text) and (quote.offset == 0 or text[quote.offset - 1] == "\n"):
            lines = [line.strip() for line in quote.text.splitlines() if line.strip()]
            if lines:
                inserted.append((quote.offset, "".join(f"> {line}\n" for line in lines)))
    pieces: list[str] = []
    at = 0
    for offset, block in inserted:
        pieces.extend([text[at:offset], block])
        at = offset
    pieces.append(text[at:])

    def moved(offset: int, end: bool) -> int:
        # a start at a quote's offset begins after the quote, as the answer does; an end there stops before it
        return offset + sum(len(block) for at, block in inserted if at < offset or (at == offset and not end))

    return "".join(pieces), moved


def to_brat(data: GraphData) -> list[BratDocument]:
    """The threads of ``data`` as brat documents, one per thread, in the order of ``data.threads``.

    Args:
        data (GraphData): what :func:`argmap.api.graph_data` (or a filtered export) holds.

    Returns:
        list[BratDocument]: each thread's ``.txt``, ``.ann`` and ``.metadata``.

    Example:
        >>> from argmap import Settings  # doctest: +SKIP
        >>> from argmap.api import graph_data  # doctest: +SKIP
        >>> data = graph_data(settings=Settings(db="argmap.db"), thread="hn-open-models")  # doctest: +SKIP
        >>> [document] = to_brat(data)  # doctest: +SKIP
        >>> document.ann.splitlines()[0].split("\\t")  # doctest: +SKIP
        ['T1', 'Claim 16 122', "Open source models don't need to be anywhere near as good as Claude Mythos or ..."]
    """
    posts = _grouped(data.posts, lambda post: post.thread)
    quotes = _grouped(data.quotes, lambda quote: quote.post)
    units = _grouped(data.units, lambda unit: unit.thread)
    relations = _grouped(data.relations, lambda relation: relation.thread)
    documents: list[BratDocument] = []
    for thread, name in zip(data.threads, document_names([t.key for t in data.threads]), strict=True):
        pieces: list[str] = []
        meta: list[str] = []
        at = 0
        if thread.title:
            pieces.append(_one_line(thread.title))
            meta.append(f"Title 0 {len(pieces[0])}")
            at = len(pieces[0]) + len(SEPARATOR)
        if thread.url:
            meta.append(f"Source {_token(thread.url, '-')}")
        # post id -> where its text begins in the .txt, and where an offset of it (a start, or an end when the flag
        # is set) lies once its quotes are back
        places: dict[str, tuple[int, str, int, Callable[[int, bool], int]]] = {}
        ids = {post.id: _token(post.external_id, post.id) for post in posts.get(thread.id, [])}
        for post in posts.get(thread.id, []):
            raw, shift = _with_quotes(post.text, quotes.get(post.id, []))
            places[post.id] = at, raw, len(post.text), shift
            pieces.append(raw)
            # the author's words as they are: the reader joins every word between the id and the offsets
            author = f" {' '.join(post.author.split())}" if post.author and post.author.strip() else ""  # none: out
            meta.append(f"Content {ids[post.id]}{author} {at} {at + len(raw)}")
            at += len(raw) + len(SEPARATOR)
        # which post each answers, where that is not simply the post before it (a thread is a tree)
        order = list(ids)
        meta.extend(f"Reply {ids[post.id]} {ids[post.parent]}" for n, post in enumerate(posts.get(thread.id, []))
                    if post.parent in ids and (n == 0 or order[n - 1] != post.parent))
        # a later post that answers nothing (another root): without this line it read back as answering the post
        # before it, and the map extracted again gained relations between posts that never answered each other
        meta.extend(f"Root {ids[post.id]}" for post in posts.get(thread.id, [])[1:] if post.parent is None)
        meta.append(f"Text {LITERAL}")  # the text is the posts' own: no HTML character reference to decode
        lines: list[str] = []
        numbers: dict[str, int] = {}
        for unit in units.get(thread.id, []):
            if unit.post not in places or unit.kind not in _KINDS:
                continue
            numbers[unit.id] = number = len(numbers) + 1
            begin, raw, length, moved = places[unit.post]
            start, end = moved(unit.start, False), moved(unit.end, True)
            if unit.model.startswith(IMPORTED) and not unit.start < unit.end <= length:
                # A second proposition reworded from one locution has an empty span at its end (or, stored by an
                # earlier argmap, one past it), which brat cannot show: it spans the locution, as the first does.
                start, end = moved(0, False), moved(length, True)
            # The words at the offsets, as brat (and argmap's reader) checks them: a proposition of an imported map,
            # reworded by its analyst ("nobody rides night buses in winter" for "Nobody rides them in winter"),
            # spans its locution, and its own words go in the note.
            spanned = _one_line(raw[start:end])
            worded = "" if " ".join(unit.text.split()) == " ".join(spanned.split()) else f"; worded: {unit.text}"
            lines.append(f"T{number}\t{_KINDS[unit.kind]} {begin + start} {begin + end}\t{spanned}")
            lines.append(f"#{number}\tAnnotatorNotes T{number}\t"
                         f"{_one_line(f'{unit.kind}, {unit.model} {unit.confidence:.2f}: {unit.reason}{worded}')}")
        notes = len(numbers)
        written = 0
        for relation in relations.get(thread.id, []):
            if relation.kind not in _RELATIONS or relation.source not in numbers or relation.target not in numbers:
                continue
            written += 1
            notes += 1
            lines.append(f"R{written}\t{_RELATIONS[relation.kind]} Arg1:T{numbers[relation.source]} "
                         f"Arg2:T{numbers[relation.target]}")
            lines.append(f"#{notes}\tAnnotatorNotes R{written}\t"
                         f"{_one_line(f'{relation.model} {relation.confidence:.2f}: {relation.reason}')}")
        documents.append(BratDocument(name, SEPARATOR.join(pieces) + "\n", "".join(f"{line}\n" for line in lines),
                                      "".join(f"{line}\n" for line in meta)))
    return documents
