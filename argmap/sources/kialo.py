"""Kialo's text export: a curated pro/con tree, imported as it is.

The shape::

    Discussion Title: Should cities ban cars from their centres?

    1. Cities should ban cars from their centres.
    1.1. Pro: Air quality improves where cars are banned.
    1.1.1. Con: Deliveries still need vans.
    1.2. Con: Shops lose customers who drive.
    1.2.1. Con: -> See 1.1.1.

How it is read: each numbered claim is a post and one unit spanning it, answering the claim its number
nests under (``1.2.1`` answers ``1.2``); ``Pro:`` makes a support relation to that claim, ``Con:`` an
attack. The thesis (``1.``) and claims that others answer are claims, the rest premises. A line without a
number continues the claim before it, and so does a numbered list inside a claim (``1. cost``, ``2. safety``:
stanceless top-level numbers after the thesis, the first of them one the thesis already has). ``Con: -> See 1.1.1.``
links an existing claim into a second place: no new post, a relation from the claim linked to (a link that says
neither ``Pro:`` nor ``Con:``, or links a claim under itself, draws none and is noted). A claim's
``[1]`` footnotes are defined under a ``Sources:`` line (one block after each claim that has sources, or one at
the end for all of them): each definition a claim cites is added to its post below the claim's words, which
alone make the unit, so the evidence reading finds the source the footnote names; the block is never read as
words of the claim before it. Units and relations are stored as given: model ``import.kialo``, confidence 1, no
extraction is run.
"""

from __future__ import annotations

import hashlib
import re

from argmap.domain import IMPORTED, Extraction, Note, Post, Relation, Thread, Unit
from argmap.errors import InputError
from argmap.sources.common import assemble

__all__ = ["IMPORT_MODEL", "NAME", "read", "sniff"]

NAME = "kialo"
IMPORT_MODEL = f"{IMPORTED}kialo"
_TITLE = re.compile(r"^\s*Discussion Title:\s*(.*)$", re.IGNORECASE)
# A number ends in a dot and white space: "4.2 million deaths ..." goes on with the claim before it.
_CLAIM = re.compile(r"^\s*((?:\d+\.)+)(?=\s|$)\s*(?:(Pro|Con)\s*:\s*)?(.*)$", re.IGNORECASE)
_SEE = re.compile(r"^->\s*See\s+((?:\d+\.)*\d+)\.?\s*$", re.IGNORECASE)
_SOURCES = re.compile(r"^\s*Sources\s*:\s*$", re.IGNORECASE)
_NOTE = re.compile(r"^\s*\[(\d{1,3})\]\s*:?\s*(\S.*)$")
_CITED = re.compile(r"\[(\d{1,3})\]")
_FIX = "give Kialo's text export: 'Discussion Title: ...', then numbered lines like '1.1. Pro: ...'"


def sniff(head: str) -> bool:
    """True for Kialo's export: a ``Discussion Title:`` line, or numbered ``1.1. Pro:``/``Con:`` lines."""
    first = next((line for line in head.splitlines() if line.strip()), "")
    if _TITLE.match(first):
        return True
    return len(re.findall(r"(?m)^\s*\d+(?:\.\d+)+\.\s+(?:Pro|Con):", head)) >= 2


def read(text: str, *, source: str) -> Thread:
    """Read a Kialo discussion into a thread whose :attr:`~argmap.domain.Thread.extraction` holds its tree.

    Raises:
        InputError: no numbered claim in the text.
        EmptyInput: no claim with text.
    """
    title: str | None = None
    nodes: dict[str, dict[str, object]] = {}
    order: list[str] = []
    links: list[tuple[str, str, str, int]] = []  # (linked claim, parent, stance, line)
    notes: list[Note] = []
    current: str | None = None
    sources: dict[str, list[str]] = {}  # claim -> the footnote definitions it cites, as "[1] ..." lines
    uncited: list[str] = []  # claims read since the last Sources: block, which the next one defines
    block: dict[str, str] | None = None  # the footnotes of the Sources: block being read
    listed: int | None = None  # the number the next item of a numbered list inside a claim's text would have
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if title is None and not nodes and (match := _TITLE.match(line)):
            title = match.group(1).strip() or None
            continue
        claim = _CLAIM.match(line)
        if block is not None and claim is None:
            if (note := _NOTE.match(line)) is not None:
                block[note.group(1)] = note.group(2).strip()
            elif block:  # a definition that goes on over several lines
                last = next(reversed(block))
                block[last] = f"{block[last]} {line.strip()}"
            continue
        if block is not None:
            _cite(block, uncited, nodes, sources, notes)
            block, uncited = None, []
        if claim is None and _SOURCES.match(line) and nodes:
            block = {}
            continue
        if claim is None:
            if current is None:
                raise InputError(source, "text before the first numbered claim", line=line_no, fix=_FIX)
            nodes[current]["text"] = f"{nodes[current]['text']}\n{line.strip()}".strip()
            continue
        number = claim.group(1).rstrip(".")
        parent = number.rpartition(".")[0] or None
        stance = (claim.group(2) or "").lower()
        body = claim.group(3).strip()
        if current is not None and not stance and parent is None and (
                number in nodes or (listed is not None and number == str(listed))):
            # Below the thesis Kialo writes every claim with Pro: or Con:, so "1. cost" / "2. safety" there is a
            # numbered list inside the claim before (it was dropped as a second claim 1, then read as a thesis 2).
            nodes[current]["text"] = f"{nodes[current]['text']}\n{line.strip()}".strip()
            listed = int(number) + 1 if number.isdigit() else None
            continue
        listed = None
        if (see := _SEE.match(body)) is not None:
            if parent is not None:
                links.append((see.group(1), parent, stance, line_no))
            current = None
            continue
        if number in nodes:
            notes.append(Note("duplicate-id", number, f"line {line_no}: claim {number} appears again; kept the first"))
            current = None
            continue
        nodes[number] = {"parent": parent, "stance": stance, "text": body, "line": line_no}
        order.append(number)
        uncited.append(number)
        current = number
    if block is not None:
        _cite(block, uncited, nodes, sources, notes)
    if not nodes:
        raise InputError(source, "holds no numbered claim", fix=_FIX)
    for number in order:
        parent = nodes[number]["parent"]
        if parent is not None and parent not in nodes:
            notes.append(Note("missing-parent", number, f"line {nodes[number]['line']}: claim {number} nests under "
                                                         f"{parent}, which the file does not hold; read as a thesis"))
    # A claim's post holds the sources it cites below its words (the unit is the words alone).
    texts = {n: "\n\n".join([str(nodes[n]["text"]), "\n".join(sources[n])]) if n in sources else str(nodes[n]["text"])
             for n in order}
    posts = [Post(external_id=n, parent=nodes[n]["parent"] if nodes[n]["parent"] in nodes else None,  # type: ignore[arg-type]
                  author=None, text=texts[n], raw=texts[n], line=int(str(nodes[n]["line"])))
             for n in order]
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    thread = assemble(key=f"kialo:{digest}", format=NAME, source=source, posts=posts, title=title, notes=notes)
    thread.extraction = _extraction(thread, nodes, links)
    return thread


def _cite(block: dict[str, str], claims: list[str], nodes: dict[str, dict[str, object]],
          sources: dict[str, list[str]], notes: list[Note]) -> None:
    """Give each of ``claims`` the definitions of ``block`` it cites; a footnote none of them cites is a note."""
    cited: set[str] = set()
    for number in claims:
        for ref in dict.fromkeys(_CITED.findall(str(nodes[number]["text"]))):
            if ref in block:
                sources.setdefault(number, []).append(f"[{ref}] {block[ref]}")
                cited.add(ref)
    for ref in block:
        if ref not in cited:
            notes.append(Note("uncited-source", ref, f"source [{ref}] is cited by no claim before its Sources: block"))


def _extraction(thread: Thread, nodes: dict[str, dict[str, object]],
                links: list[tuple[str, str, str, int]]) -> Extraction:
    kept = [p for p in thread.posts if p.text.strip()]
    answered = {p.parent for p in kept if p.parent} | {parent for _, parent, _, _ in links}
    extraction = Extraction()
    index: dict[str, int] = {}
    for post in kept:
        kind = "claim" if post.parent is None or post.external_id in answered else "premise"
        index[post.external_id] = len(extraction.units)
        end = min(len(str(nodes[post.external_id]["text"])), len(post.text))  # not its sources below it
        extraction.units.append(Unit(post=post.external_id, kind=kind, start=0, end=end, text=post.text[:end],
                                     confidence=1.0, source=IMPORT_MODEL, reason="imported from Kialo"))

    def relate(source: str, target: str, stance: str, how: str) -> None:
        if source in index and target in index and source != target and stance in ("pro", "con"):
            extraction.relations.append(Relation(
                source=index[source], target=index[target], kind="support" if stance == "pro" else "attack",
                confidence=1.0, model=IMPORT_MODEL, reason=f"imported from Kialo ({stance} {how})"))

    for post in kept:
        if post.parent is not None:
            relate(post.external_id, post.parent, str(nodes[post.external_id]["stance"]), f"of {post.parent}")
    for linked, parent, stance, line in links:
        if linked not in index:
            thread.notes.append(Note("dangling-link", linked, f"line {line}: '-> See {linked}' names no claim"))
        elif linked == parent:
            thread.notes.append(Note("self-link", linked, f"line {line}: '-> See {linked}' links claim {linked} "
                                                          "under itself; no relation drawn"))
        elif stance not in ("pro", "con"):
            thread.notes.append(Note("link-without-stance", linked, f"line {line}: '-> See {linked}' under {parent} "
                                                                    "says neither Pro: nor Con:, so whether it "
                                                                    "supports or attacks is unknown; no relation "
                                                                    "drawn"))
        relate(linked, parent, stance, f"of {parent}, linked")
    return extraction
