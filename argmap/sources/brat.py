"""brat standoff annotation (``<name>.ann`` beside ``<name>.txt``): an annotated document, imported as it is.

The format most argument-mining corpora ship in (Persuasive Essays, AbstRCT, the Change My View modes corpus).
It is read as ``argmap eval`` reads it (:func:`argmap.evaluate.brat.read_brat`, README "Accuracy"): one post
per document, or the posts a CMV-style ``<name>.metadata`` beside it gives; ``T`` components of type major
claim, main claim or claim are claims and premise a premise; ``R`` relations and Persuasive Essays stances are
supports and attacks. The annotation is what is stored, as a curated map: each component a unit (model
``import.brat``, confidence 1, its reason naming its id), each relation a relation, and no extraction is run,
so ``argmap export`` turns a brat document into AIF, Argdown or GraphML, and ``argmap render`` draws it.

The ``.ann`` lines give offsets into the ``.txt``, so the reader needs the file's path (``source``): the text
is read from beside it. What the evaluation notes (a span whose words differ from the text, a relation to a
missing id) becomes the thread's notes.
"""

from __future__ import annotations

import re
from pathlib import Path

from argmap.domain import IMPORTED, Extraction, Note, Relation, Thread, Unit
from argmap.errors import InputError
from argmap.evaluate.brat import read_brat
from argmap.evaluate.gold import CorpusError
from argmap.sources.common import file_title
from argmap.sources.quotes import resolve_quotes

__all__ = ["IMPORT_MODEL", "NAME", "read", "sniff"]

NAME = "brat"
IMPORT_MODEL = f"{IMPORTED}brat"
#: A line of a brat ``.ann`` file: an id (T, R, A, E, M, N and a number; ``*`` equivalences) and a tab, or a
#: ``#`` note or comment.
_LINE = re.compile(r"^(?:(?:[TRAEMN]\d+|\*)\t|#)")
#: A text-bound annotation: ``T1<TAB>Type 12 30<TAB>words`` (fragments joined by ``;``).
_COMPONENT = re.compile(r"^T\d+\t\S+ \d+ \d+")


def sniff(head: str) -> bool:
    """True for a brat ``.ann`` file: every line an annotation line, at least one a text-bound component.

    Example:
        >>> sniff("T1\\tClaim 0 25\\tTowns should keep libraries\\nR1\\tsupports Arg1:T2 Arg2:T1\\n")
        True
        >>> sniff("T1 is a tank\\nthat is all\\n")
        False
    """
    lines = [line for line in head.splitlines() if line.strip()]
    if len(head) >= 65536 and len(lines) > 1:
        lines = lines[:-1]  # the sniffed head may cut the last line
    return bool(lines) and all(_LINE.match(line) for line in lines) and any(_COMPONENT.match(line) for line in lines)


def read(text: str, *, source: str) -> Thread:
    """Read a brat document into a thread whose :attr:`~argmap.domain.Thread.extraction` holds its annotation.

    Args:
        text (str): the ``.ann`` file's content (unused: the file is read from ``source``, with the ``.txt``
            beside it, as ``argmap eval`` reads it).
        source (str): the ``.ann`` file's path (or its ``.txt``'s).

    Returns:
        Thread: key ``brat:<folder>/<name>``, format ``brat``; its components as units and its relations.

    Raises:
        InputError: no path to find the text by (standard input), an ``.ann`` without its ``.txt``, or a line
            or span that cannot be read (naming the file, the line and the fix).
    """
    if source in ("", "-", "<stdin>"):
        raise InputError(source or "<stdin>", "is brat standoff annotation, whose offsets point into the text "
                                              "beside it, and standard input has no place",
                         fix="give the .ann file's path, with its .txt beside it: argmap ingest essay01.ann")
    try:
        gold = read_brat(Path(source))
    except CorpusError as exc:
        raise InputError(exc.path, exc.detail, fix=exc.fix) from None
    thread = gold.thread
    thread.title = thread.title or file_title(source)  # as an AIF map or a Kialo export without a title
    _requote(thread)
    extraction = Extraction()
    index: dict[str, int] = {}
    # A unit is its span: two components on one span ("T1 Claim 0 21", "T2 Premise 0 21") are one unit, the first's
    # kind kept and the relations of both joined to it (storing both failed on the database's unique unit ids).
    spans: dict[tuple[str, int, int], int] = {}
    names: list[str] = []  # each unit's component, for the note
    for unit in gold.units:
        place = (unit.post, unit.start, unit.end)
        if place in spans:
            index[unit.id] = spans[place]
            first = names[spans[place]]
            thread.notes.append(Note("duplicate-span", unit.post, f"component {unit.id} ({unit.kind}) has the span "
                                                                  f"of {first}: read as that one unit"))
            continue
        index[unit.id] = spans[place] = len(extraction.units)
        names.append(f"{unit.id} ({unit.kind})")
        extraction.units.append(Unit(post=unit.post, kind=unit.kind, start=unit.start, end=unit.end, text=unit.text,
                                     confidence=1.0, source=IMPORT_MODEL, reason=f"imported from brat ({unit.id})"))
    joined: set[tuple[int, int, str]] = set()
    for relation in gold.relations:
        ends = (index[relation.source], index[relation.target], relation.kind)
        if ends in joined or ends[0] == ends[1]:  # the same relation twice, or one between two components now one
            continue
        joined.add(ends)
        extraction.relations.append(Relation(source=ends[0], target=ends[1],
                                             kind=relation.kind, confidence=1.0, model=IMPORT_MODEL,
                                             reason=f"imported from brat ({relation.source} {relation.kind}s "
                                                    f"{relation.target})"))
    thread.extraction = extraction
    return thread


def _requote(thread: Thread) -> None:
    """Look again, as every threaded reader does, for each quote the parent does not hold: in the ancestors, else
    nowhere (an ``unmatched-quote`` note). The evaluation's reader, made for the CMV corpus where each reply
    answers the post before, takes the parent as the source of every quote; a brat export of a threaded map
    (``Reply`` lines) ingested back then pointed a grandparent's quoted words at the parent."""
    for post in thread.posts:
        for quote in post.quotes:
            if quote.source_start is None:
                quote.source_post = None
    thread.notes.extend(resolve_quotes(thread.posts))
