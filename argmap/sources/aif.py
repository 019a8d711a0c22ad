"""Argument Interchange Format (AIF) JSON, as AIFdb and OVA write it: a curated map, imported as it is.

The shape: ``{"nodes": [{"nodeID", "text", "type", "timestamp"?}], "edges": [{"edgeID", "fromID", "toID"}],
"locutions": [{"nodeID", "personID", "start"?}], "participants": [{"participantID", "firstname",
"surname"}]}``, or the same under an ``"AIF"`` key (xAIF, as OVA3 saves a map beside its ``"OVA"`` layout and
ARG-tech's argument-mining services exchange one). How it is read:

- **Posts** are the speakers' turns: the L-nodes (locutions), in file order, written by their locution's
  participant; the speaker prefix of an L-node's text (``"Name: words"``, or ``"Name : words"`` as AIFdb and OVA
  write it) is taken off. An analyst's
  locution, whose illocutions only analyse other locutions (L -> YA "Analysing" -> L), is passed over.
  **Reported speech** (``"Bob: Ann said trams are cheaper"`` -> YA "Asserting" -> ``"Ann: trams are
  cheaper"`` -> YA -> I, as QT30 annotates it) is one turn, the reporting speaker's: the reported locution
  is no post, and what it asserts, and the transitions into it, belong to the locution that reports it. A
  transition L -> TA -> L makes the second turn a reply to the first.
- **Units** are the I-nodes (propositions), one in each post whose locution asserts it (L -> YA -> I, or
  through a reported locution), with offsets where its text occurs in the locution and the whole locution
  otherwise (AIF propositions are often reworded); each names the illocution that asserts it there. An
  I-node that no locution asserts becomes a post of its own.
- **Relations**: RA (I -> RA -> I) is support, CA is attack, MA (rephrase) is a quote relation; an S-node
  with several premises gives one relation per premise. A proposition asserted in several posts is joined
  where both ends are asserted in one post, else at its first assertion, so no relation is counted twice.
  S-nodes aimed at other S-nodes (undercutters) have
  no counterpart in argmap and are counted in the notes, as are edges that name a node the map does not hold
  (``dangling-edge``).
- **Kinds**: an I-node that only ever supports is a premise, every other one a claim; an ``argmap``
  key (written by ``argmap export --format aif``) restores the kinds and topics argmap had.
- **Threads**: AIF has none, so a map is one thread; an ``argmap`` key that lists ``threads`` and gives each
  L-node its thread (``posts``) makes :func:`read_threads` give each thread back under its own key, format,
  source, title and url, with its posts' own ids, in the order the file lists them (an argmap export lists
  them in the order they were stored, so ingesting it stores them in that order again; one written before
  that lists them newest first). A locution the export did not record (added in OVA) joins
  the thread of the locution it answers, else the first; a relation between units of two threads has no place
  in either and is counted (``aif-cross-thread``).

Units and relations are stored as given: model ``import.aif``, confidence 1, no extraction is run; the reason
names the illocution that asserts a proposition (``imported from AIF (Pure Questioning)``) and a relation's
scheme (``imported from AIF (Default Conflict)``), which ``argmap export --format aif`` writes back. An argmap
export gives back each unit's and relation's own model, confidence and reason, and each unit's offsets.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections import defaultdict
from typing import Any, TypeGuard

from argmap.domain import (
    IMPORTED,
    RELATION_KINDS,
    UNIT_KINDS,
    EvidenceItem,
    Extraction,
    Note,
    Post,
    Quote,
    Relation,
    Thread,
    Unit,
)
from argmap.errors import InputError
from argmap.sources.common import assemble, file_title, json_type, load_json, parse_time, scrub

__all__ = ["IMPORT_MODEL", "NAME", "RELATION_OF", "import_reason", "imported_detail", "read", "read_threads", "sniff"]

NAME = "aif"
IMPORT_MODEL = f"{IMPORTED}aif"
#: S-node type -> argmap relation kind, and back (``argmap export --format aif``).
RELATION_OF = {"RA": "support", "CA": "attack", "MA": "quote"}
_SPEAKER = re.compile(r"^([^:\n]{1,80}):\s+")
_IMPORTED = "imported from AIF"
_IMPORTED_DETAIL = re.compile(re.escape(_IMPORTED) + r" \((.+)\)", re.DOTALL)


def import_reason(detail: str | None) -> str:
    """The reason an imported unit or relation gets: ``imported from AIF (<detail>)``, the detail being the
    illocution that asserts a proposition (``Asserting``, ``Pure Questioning``...) or a scheme's name
    (``Default Inference``, ``Argument From Expert Opinion``...), which AIF tools want back.

    Example:
        >>> import_reason("Pure Questioning"), import_reason(None)
        ('imported from AIF (Pure Questioning)', 'imported from AIF')
    """
    return f"{_IMPORTED} ({detail})" if detail else _IMPORTED


def imported_detail(model: str, reason: str) -> str | None:
    """The illocution or scheme :func:`import_reason` named, for a unit or relation imported from AIF (so that
    ``argmap export --format aif`` writes them back); ``None`` for anything else.

    Example:
        >>> imported_detail("import.aif", "imported from AIF (Default Conflict)")
        'Default Conflict'
        >>> imported_detail("argmap.relations.v22/quote", "imported from AIF (x)") is None
        True
    """
    if model != IMPORT_MODEL:
        return None
    match = _IMPORTED_DETAIL.fullmatch(reason)
    return match.group(1) if match else None
_FIX = "give an AIF JSON file (AIFdb or OVA export) with nodes and edges"
_NODES = re.compile(r'"nodes"\s*:\s*\[\s*(?=\{)')


def sniff(head: str) -> bool:
    """Whether ``head`` starts an AIF map: a JSON object whose ``nodes`` list holds objects with ``nodeID`` and
    ``type``.

    AIFdb and OVA list every node before the first edge, so in a large map ``edges`` and ``fromID`` lie beyond
    the sniffed head: the first node, parsed on its own, is what tells.

    Args:
        head (str): the first 64 KiB of the input.

    Returns:
        bool: ``True`` for AIF JSON of any size.

    Example:
        >>> sniff('{"nodes": [{"nodeID": "1", "type": "I", "text": "Buses help."}')
        True
    """
    if head.lstrip()[:1] != "{":
        return False
    if '"nodes"' in head and '"nodeID"' in head and ('"fromID"' in head or '"edges"' in head):
        return True
    match = _NODES.search(head)
    if match is None:
        return False
    try:
        first, _ = json.JSONDecoder().raw_decode(head, match.end())
    except ValueError:  # a first node longer than the head
        return False
    return isinstance(first, dict) and "nodeID" in first and "type" in first


def _str_id(value: Any) -> str:
    return str(value).strip()




def _id(value: Any, where: str, field: str, source: str) -> str:
    """An id field (a string or an integer) as a string.

    Raises:
        InputError: for any other type (an object where an id belongs), naming ``where`` and the field.
    """
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InputError(source, f"{where}: {field!r} is {json_type(value, article=True)}; it must be a string or "
                                 "an integer",
                         fix=f"give {field} as a string or a number, as AIFdb and OVA write it")
    return _str_id(value)


def _text(node: dict[str, Any], field: str, nid: str, source: str) -> str:
    """A text field of a node (absent: empty).

    Raises:
        InputError: when it is there but not a string (a list, an object, null), naming the node.
    """
    value = node.get(field, "")
    if not isinstance(value, str):
        raise InputError(source, f"node {nid!r}: {field!r} is {json_type(value, article=True)}, not a string",
                         fix=f'give the node\'s {field} as one string: "{field}": "..."')
    return value


def _list(value: Any) -> list[Any]:
    """A list field of the map; anything else (a number, an object, null) reads as no entries."""
    return value if isinstance(value, list) else []


def _participants(doc: dict[str, Any], source: str) -> dict[str, str]:
    names: dict[str, str] = {}
    for n, person in enumerate(_list(doc.get("participants"))):
        if isinstance(person, dict) and "participantID" in person:
            pid = _id(person["participantID"], f"participants[{n}]", "participantID", source)
            parts = [person.get(k) for k in ("firstname", "surname")]
            if any(part is not None and not isinstance(part, str) for part in parts):
                raise InputError(source, f"participants[{n}]: a name is not a string",
                                 fix='give firstname and surname as strings: "firstname": "..."')
            names[pid] = " ".join((part or "").strip() for part in parts).strip()
    return names


def _nodes(doc: Any, source: str) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str]]]:
    if not isinstance(doc, dict) or not isinstance(doc.get("nodes"), list) or not isinstance(doc.get("edges"), list):
        raise InputError(source, "is not AIF JSON: no 'nodes' and 'edges' lists", fix=_FIX)
    nodes: dict[str, dict[str, Any]] = {}
    for n, node in enumerate(doc["nodes"]):
        if not isinstance(node, dict) or "nodeID" not in node or "type" not in node:
            raise InputError(source, f"node {n} has no nodeID or type", fix=_FIX)
        nid = _id(node["nodeID"], f"nodes[{n}]", "nodeID", source)
        if not isinstance(node["type"], str):
            raise InputError(source, f"node {nid!r}: 'type' is {json_type(node['type'], article=True)}, not a string",
                             fix='give the node\'s type as a string such as "I", "L" or "RA"')
        _text(node, "text", nid, source)  # checked here so that no node's text is read as "['a', 'b']"
        if nid in nodes and nodes[nid] != node:
            # Which of the two an edge or a locution means cannot be told: Ann's words were stored as Ben's.
            raise InputError(source, f"nodes[{n}] repeats nodeID {nid!r} of an earlier node with other content",
                             fix="give every node an id of its own (an exact copy of a node may repeat)")
        nodes.setdefault(nid, node)
    edges: list[tuple[str, str]] = []
    for n, edge in enumerate(doc["edges"]):
        if not isinstance(edge, dict) or "fromID" not in edge or "toID" not in edge:
            raise InputError(source, f"edge {n} has no fromID or toID", fix=_FIX)
        edges.append((_id(edge["fromID"], f"edges[{n}]", "fromID", source),
                      _id(edge["toID"], f"edges[{n}]", "toID", source)))
    return nodes, edges


def read(text: str, *, source: str) -> Thread:
    """Read an AIF JSON map into a thread whose :attr:`~argmap.domain.Thread.extraction` holds its units.

    An argmap export of several threads is read as one thread here, the whole map as AIF tools see it;
    :func:`read_threads` gives each thread.

    Raises:
        InputError: not JSON, or not AIF.
        EmptyInput: no locution and no proposition.
    """
    return _read(text, source, split=False)[0]


def read_threads(text: str, *, source: str) -> list[Thread]:
    """Read an AIF JSON map into the threads it holds: one per thread an argmap export records in its ``argmap``
    key, else the whole map as one thread (as :func:`read`).

    Raises:
        InputError: not JSON, or not AIF.
        EmptyInput: no locution and no proposition.
    """
    return _read(text, source, split=True)


def _unwrapped(doc: Any) -> Any:
    """The AIF of an xAIF document (``{"AIF": {"nodes", "edges", "locutions", "participants"...}, "OVA": {...},
    "text": ...}``, as OVA3 saves a map and ARG-tech's argument-mining services pass one on); any other document
    as it is."""
    if isinstance(doc, dict) and "nodes" not in doc and isinstance(doc.get("AIF"), dict):
        return {**doc["AIF"], **({"argmap": doc["argmap"]} if "argmap" in doc else {})}
    return doc


def _read(text: str, source: str, *, split: bool) -> list[Thread]:
    doc = _unwrapped(load_json(text, source))
    nodes, edges = _nodes(doc, source)
    kind_of = {nid: str(node.get("type", "")).upper() for nid, node in nodes.items()}
    out: dict[str, list[str]] = defaultdict(list)
    into: dict[str, list[str]] = defaultdict(list)
    notes: list[Note] = []
    for n, (a, b) in enumerate(edges):
        if a in nodes and b in nodes:
            out[a].append(b)
            into[b].append(a)
        else:
            missing = ", ".join(repr(end) for end in dict.fromkeys((a, b)) if end not in nodes)
            notes.append(Note("dangling-edge", None, f"edges[{n}] ({a} -> {b}) names no node {missing}; passed over"))
    extension = doc.get("argmap") if isinstance(doc.get("argmap"), dict) else {}
    records = _records(extension, notes)
    recorded: dict[str, Any] = extension["posts"] if records else {}
    names = _participants(doc, source)
    speaker: dict[str, str] = {}
    unnamed: set[str] = set()  # locutions of a person the participants do not name: named in the words (QT30)
    started: dict[str, Any] = {}
    for n, loc in enumerate(_list(doc.get("locutions"))):
        if isinstance(loc, dict) and "nodeID" in loc:
            nid = _id(loc["nodeID"], f"locutions[{n}]", "nodeID", source)
            person = None if loc.get("personID") is None else _id(loc["personID"], f"locutions[{n}]", "personID",
                                                                    source)
            if person is not None and person in names:
                speaker[nid] = names[person]
            elif person is not None:
                unnamed.add(nid)
            started[nid] = loc.get("start") or loc.get("timestamp")

    turn = _turns(kind_of, nodes, out)
    locutions = [nid for nid, k in kind_of.items() if k == "L" and turn.get(nid) == nid]
    reports: dict[str, list[str]] = defaultdict(list)  # the locutions a turn reports
    for nid, t in turn.items():
        if nid != t:
            reports[t].append(nid)
    posts: dict[str, Post] = {}
    for nid in locutions:
        node = nodes[nid]
        words = str(node.get("text") or "")
        author = speaker.get(nid)
        if author and nid in recorded and words.startswith(f"{author}: "):
            words = words[len(author) + 2:]  # as argmap wrote it: the post's own words may open with spaces (code)
        elif author and (match := re.match(re.escape(author) + r"[ \t]*:", words)):
            # "Ann: words" (QT30) or "Ann : words" (AIFdb and OVA put a space before the colon)
            words = words[match.end():].lstrip()
        elif nid in unnamed and nid not in recorded and (match := _SPEAKER.match(words)):
            # A speaker named in the words, as QT30 names them, its participants left out; not a locution of no
            # person (an argmap export's post without author, whose words may open "Note: ...").
            author, words = match.group(1).strip(), words[match.end():]
        # What the turn answers: a transition into it, or into the locutions it reports, from another turn.
        parent = next((turn[a] for said in (nid, *reports[nid]) for ta in into[said] if kind_of.get(ta) == "TA"
                       for a in into[ta]
                       if turn.get(a) not in (None, nid)), None)
        given = _dict(recorded.get(nid))
        posts[nid] = Post(external_id=nid, parent=parent, author=author, text=words, raw=str(node.get("text") or ""),
                          created_at=parse_time(started.get(nid) or node.get("timestamp")),
                          title=_str(given.get("title")), url=_str(given.get("url")),
                          official=given.get("official") is True)
    _restore(posts, extension)
    # Each proposition in every post that asserts it (itself, or through the locution it reports), with the
    # illocution that asserts it there; propositions nobody asserts become posts of their own.
    order = {nid: n for n, nid in enumerate(posts)}
    home: dict[str, list[tuple[str, str | None]]] = {}
    for nid, k in kind_of.items():
        if k != "I":
            continue
        anchors: dict[str, str | None] = {}
        for ya in into[nid]:
            if kind_of.get(ya) != "YA":
                continue
            for a in into[ya]:
                if turn.get(a) in posts:
                    anchors.setdefault(turn[a], scrub(str(nodes[ya].get("text") or "")).strip() or None)
        if anchors:
            home[nid] = sorted(anchors.items(), key=lambda item: order[item[0]])
        else:
            posts[nid] = Post(external_id=nid, parent=None, author=None, text=str(nodes[nid].get("text") or ""),
                              created_at=parse_time(nodes[nid].get("timestamp")))
            home[nid] = [(nid, None)]
    if records and (split or len(records) == 1):
        return _split(records, recorded, posts, home, nodes, kind_of, out, into, extension, notes, source)
    # Roots: a map's opening locutions; assemble() orders replies after what they answer.
    title = str(extension.get("title") or "") or file_title(source)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    thread = assemble(key=f"aif:{digest}", format=NAME, source=source, posts=list(posts.values()), title=title,
                      url=extension.get("url") if isinstance(extension.get("url"), str) else None, notes=notes)
    kept = {p.external_id: p for p in thread.posts}
    thread.extraction = _extraction(nodes, kind_of, out, into, home, kept, extension, thread.notes)
    return [thread]


#: The illocution of an analyst's locution about a locution (``"Steffi: Ann: words" -> Analysing -> "Ann: words"``).
_ANALYSING = "analysing"


def _turns(kind_of: dict[str, str], nodes: dict[str, dict[str, Any]], out: dict[str, list[str]]) -> dict[str, str]:
    """The turn each L-node belongs to: itself for a speaker's own locution; the locution reporting it for reported
    speech (``"Ann: Bob said buses help" -> Asserting -> "Bob: buses help"``), followed up a chain of reports; none
    for an analyst's locution, whose only illocutions are ``Analysing`` other locutions."""
    reported_by: dict[str, str] = {}
    analyst: set[str] = set()
    for nid, k in kind_of.items():
        if k != "L":
            continue
        links = [(ya, t) for ya in out[nid] if kind_of.get(ya) == "YA" for t in out[ya] if kind_of.get(t) == "L"]
        reports = [t for ya, t in links if str(nodes[ya].get("text") or "").strip().lower() != _ANALYSING]
        if links and not reports:
            analyst.add(nid)
        for t in reports:
            if t != nid:
                reported_by.setdefault(t, nid)
    turn: dict[str, str] = {}
    for nid, k in kind_of.items():
        if k != "L" or nid in analyst:
            continue
        seen, at = {nid}, nid
        while (up := reported_by.get(at)) is not None and up not in analyst and up not in seen:
            seen.add(up)
            at = up
        turn[nid] = nid if reported_by.get(at) in seen else at  # a cycle of reports: each locution its own turn
    return turn


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _dict(value: Any) -> dict[str, Any]:
    """A field of the ``argmap`` key that should be an object; anything else reads as empty."""
    return value if isinstance(value, dict) else {}


def _records(extension: dict[str, Any], notes: list[Note]) -> list[dict[str, Any]]:
    """The threads an argmap export records (``threads``, and ``posts`` giving each L-node its thread); none when
    the map records none, or records them in a shape that cannot be followed (noted: the map reads as one)."""
    threads, posts = extension.get("threads"), extension.get("posts")
    if threads is None:
        return []
    keys = [t.get("key") if isinstance(t, dict) else None for t in _list(threads)]
    if (not keys or not isinstance(posts, dict) or not all(isinstance(k, str) and k.strip() for k in keys)
            or len(set(keys)) < len(keys)):
        notes.append(Note("aif-threads-unreadable", None, "the map's 'argmap' key lists threads without a key each "
                                                          "(or twice the same key); read as one thread"))
        return []
    return list(threads)


def _split(records: list[dict[str, Any]], recorded: dict[str, Any], posts: dict[str, Post],
           home: dict[str, list[tuple[str, str | None]]], nodes: dict[str, dict[str, Any]], kind_of: dict[str, str],
           out: dict[str, list[str]], into: dict[str, list[str]], extension: dict[str, Any], notes: list[Note],
           source: str) -> list[Thread]:
    """One thread per recorded thread (see the module docstring), each with its posts' own ids."""
    group: dict[str, int] = {}
    for nid, post in posts.items():  # file order: an argmap export lists a post after the one it answers
        given = _dict(recorded.get(nid))
        number = given.get("thread")
        if _count(number) and number < len(records):
            group[nid] = number
        else:
            group[nid] = group.get(post.parent, 0) if post.parent is not None else 0
    external: dict[str, str] = {}
    for nid in posts:
        given = _dict(recorded.get(nid))
        external[nid] = scrub(given["external_id"]) if isinstance(given.get("external_id"), str) else nid
    filled = sorted(set(group.values()))
    # Each relation belongs to the thread of its units; one joining units of two threads has no place.
    owner: dict[str, int] = {}
    crossed = 0
    for nid, k in kind_of.items():
        if k in RELATION_OF:
            ends = {group[home[e][0][0]] for e in (*into[nid], *out[nid]) if e in home}
            if len(ends) > 1:
                crossed += 1
            else:
                owner[nid] = ends.pop() if ends else filled[0]
    if crossed:
        notes.append(Note("aif-cross-thread", None, f"{crossed} relation(s) join units of two threads, which "
                                                     "argmap keeps apart; passed over"))
    threads: list[Thread] = []
    for number in filled:
        record = records[number]
        members: list[Post] = []
        for nid, post in posts.items():
            if group[nid] != number:
                continue
            quotes = [q if q.source_post is not None and group.get(q.source_post) == number
                      else dataclasses.replace(q, source_post=None, source_start=None, source_end=None)
                      for q in post.quotes]
            for q in quotes:
                if q.source_post is not None:
                    q.source_post = external[q.source_post]
            parent = external[post.parent] if post.parent is not None and group.get(post.parent) == number else None
            members.append(dataclasses.replace(post, external_id=external[nid], parent=parent, quotes=quotes))
        missing = record.get("missing")
        thread = assemble(key=record["key"], format=_str(record.get("format")) or NAME,
                          source=_str(record.get("source")) or source, posts=members,
                          title=_str(record.get("title")), url=_str(record.get("url")),
                          notes=notes if not threads else (), missing=missing if _count(missing) else 0)
        kept = {p.external_id: p for p in thread.posts}
        mine = {i: [(external[h], illocution) for h, illocution in said if group[h] == number]
                for i, said in home.items()}
        thread.extraction = _extraction(nodes, kind_of, out, into, mine, kept, extension, thread.notes,
                                        schemes={s for s, n in owner.items() if n == number})
        threads.append(thread)
    return threads


def _count(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _restore(posts: dict[str, Post], extension: dict[str, Any]) -> None:
    """What an argmap export keeps beside the AIF: each post's own time (``null``: the source gave none, so the
    AIF timestamp, which is when the thread was stored, is not taken for it) and the quotes. Values of the
    wrong type or out of range are passed over: the AIF itself still reads."""
    created = extension.get("created")
    if isinstance(created, dict):
        for nid, when in created.items():
            post = posts.get(str(nid))
            if post is not None and (when is None or isinstance(when, str)):
                post.created_at = parse_time(when)
    for item in _list(extension.get("quotes")):
        if not isinstance(item, dict) or item.get("post") is None or not isinstance(item.get("text"), str):
            continue
        post = posts.get(_str_id(item["post"]))
        if post is None:
            continue
        source = posts.get(_str_id(item["source_post"])) if item.get("source_post") is not None else None
        start, end, offset = item.get("source_start"), item.get("source_end"), item.get("offset", 0)
        quote = Quote(text=scrub(item["text"]), offset=offset if _count(offset) and offset <= len(post.text) else 0)
        if source is not None and _count(start) and _count(end) and start <= end <= len(source.text):
            quote.source_post, quote.source_start, quote.source_end = source.external_id, start, end
        elif source is not None and start is None and end is None:
            quote.source_post = source.external_id  # the post quoted, its words not found in it
        post.quotes.append(quote)


def _extraction(nodes: dict[str, dict[str, Any]], kind_of: dict[str, str], out: dict[str, list[str]],
                into: dict[str, list[str]], home: dict[str, list[tuple[str, str | None]]], posts: dict[str, Post],
                extension: dict[str, Any], notes: list[Note], *, schemes: set[str] | None = None) -> Extraction:
    """Units for the I-nodes, one in each post that asserts one (``home``: the posts in order, each with the
    illocution that asserts it there), and relations for the S-nodes (those in ``schemes``, all when ``None``),
    as the map gives them."""
    given_units: dict[str, Any] = extension["units"] if isinstance(extension.get("units"), dict) else {}
    provenance: dict[str, Any] = extension["provenance"] if isinstance(extension.get("provenance"), dict) else {}
    given_relations: dict[str, Any] = (extension["relations"] if isinstance(extension.get("relations"), dict)
                                       else {})
    given_evidence = _dict(extension.get("evidence"))
    extraction = Extraction()
    index: dict[str, list[tuple[str, int]]] = defaultdict(list)  # I-node -> (post, unit) for each assertion
    spans: set[tuple[str, int, int]] = set()
    supports_only = {
        nid for nid, k in kind_of.items() if k == "I"
        and any(kind_of.get(s) == "RA" for s in out[nid])
        and not any(kind_of.get(s) == "CA" for s in out[nid])  # one that also attacks does more than support
        and not any(kind_of.get(s) in ("RA", "CA") for s in into[nid])
    }
    wordless: set[str] = set()
    for nid, post_id, illocution in ((nid, p, i) for nid, said in home.items() for p, i in said):
        post = posts.get(post_id)
        if post is None:
            continue
        given: dict[str, Any] = given_units[nid] if isinstance(given_units.get(nid), dict) else {}
        words = str(nodes[nid].get("text") or "").strip()
        if not words:  # a proposition with no words: a unit of '' spanning its whole locution said nothing
            wordless.add(nid)
            continue
        at = post.text.lower().find(words.lower()) if words else -1
        start, end = (at, at + len(words)) if at >= 0 else (0, len(post.text))
        first, last = given.get("start"), given.get("end")
        if _count(first) and _count(last) and words and post.text[first:last].strip() == words:
            at, start, end = first, first, last  # where argmap found it (the words may occur twice in the post)
        if at < 0 and _count(first) and first == last and first <= len(post.text) and (post_id, first, last) \
                not in spans:
            start = end = first  # the empty span an argmap export gave a second rewording: the same unit id again
        if (post_id, start, end) in spans:
            # Two propositions reworded from one locution need distinct spans (a unit's id is its span): an empty one
            # at the locution's end, then just before it, and so on. Past the end (len, len + n), as they were, the
            # export's offsets were no offsets into the post: eval --predicted refused argmap's own JSON, the brat
            # export marked the next post's first letter, and n, which counted the units before, changed the unit's
            # id when the map went through AIF again.
            point = next((n for n in range(len(post.text), -1, -1) if (post_id, n, n) not in spans), None)
            if point is None:  # more rewordings than characters: past the end, the one place left
                at, start, end = -1, len(post.text), len(post.text) + len(extraction.units)
            else:
                at, start, end = -1, point, point
        spans.add((post_id, start, end))
        kind = str(given["kind"]) if given.get("kind") in UNIT_KINDS else "premise" if nid in supports_only else "claim"
        topics = [scrub(t) for t in _list(given.get("topics")) if isinstance(t, str)]
        index[nid].append((post_id, len(extraction.units)))
        confidence, model, reason = _provenance(provenance.get(nid), import_reason(illocution))
        text = post.text[start:end] if at >= 0 else scrub(words)
        extraction.units.append(Unit(post=post_id, kind=kind, start=start, end=end, text=text, confidence=confidence,
                                     source=model, reason=reason, topics=topics,
                                     evidence=_evidence(given_evidence.get(nid), text)))
    skipped = looped = 0
    for nid, k in kind_of.items():
        if k not in RELATION_OF or (schemes is not None and nid not in schemes):
            continue
        sources = [s for s in into[nid] if s in index]
        targets = [t for t in out[nid] if t in index]
        if not sources or not targets:
            skipped += 1
            continue
        given_kind = given_relations.get(nid)
        kind = str(given_kind) if given_kind in RELATION_KINDS else RELATION_OF[k]
        scheme = scrub(str(nodes[nid].get("text") or k))
        confidence, model, reason = _provenance(provenance.get(nid), import_reason(scheme))
        for s in sources:
            for t in targets:
                if s == t:
                    looped += 1
                    continue
                source, target = _ends(index[s], index[t])
                extraction.relations.append(Relation(source=source, target=target, kind=kind,
                                                     confidence=confidence, model=model, reason=reason))
    if wordless:
        notes.append(Note("aif-empty-proposition", None, f"{len(wordless)} I-node(s) with no words "
                                                         f"({', '.join(sorted(wordless)[:5])}); no unit made"))
    if looped:
        notes.append(Note("aif-self-relation", None, f"{looped} RA/CA/MA relation(s) from a proposition to itself; "
                                                     "passed over"))
    if skipped:
        notes.append(Note("aif-unlinked-scheme", None, f"{skipped} RA/CA/MA node(s) do not join two propositions "
                                                       "(e.g. undercutters aimed at another scheme); passed over"))
    return extraction


def _ends(sources: list[tuple[str, int]], targets: list[tuple[str, int]]) -> tuple[int, int]:
    """The units a relation joins when its propositions are asserted more than once: those asserted in one post
    when there is one (a speaker who repeats a point argues from it there), else the first assertions."""
    same = next(((s, t) for post, s in sources for other, t in targets if post == other), None)
    return same if same is not None else (sources[0][1], targets[0][1])


def _evidence(given: Any, text: str) -> list[EvidenceItem]:
    """The evidence items an argmap export gives a unit whose words are ``text``; an item whose offsets do not
    hold its words there (the proposition was reworded in an AIF tool), or of the wrong shape, is passed over."""
    items: list[EvidenceItem] = []
    for item in _list(given):
        if not isinstance(item, dict):
            continue
        kind, start, end, words = item.get("kind"), item.get("start"), item.get("end"), item.get("text")
        confidence, reason = item.get("confidence"), item.get("reason")
        source = [item.get(k) for k in ("source", "source_kind", "source_label")]
        if not (isinstance(kind, str) and kind.strip() and _count(start) and _count(end) and isinstance(words, str)
                and text[start:end] == words and words and isinstance(reason, str)
                and isinstance(confidence, int | float) and not isinstance(confidence, bool) and 0 <= confidence <= 1
                and all(value is None or isinstance(value, str) for value in source)):
            continue
        key, source_kind, label = (scrub(v) if isinstance(v, str) else None for v in source)
        items.append(EvidenceItem(kind=scrub(kind), start=start, end=end, text=words, source_key=key,
                                  source_kind=source_kind, source_label=label, confidence=float(confidence),
                                  reason=scrub(reason)))
    return items


def _provenance(given: Any, reason: str) -> tuple[float, str, str]:
    """The confidence, model and reason an argmap export gives a unit or relation; those of an import otherwise
    (and where a value is of the wrong type or out of range)."""
    if isinstance(given, dict):
        confidence, model, why = given.get("confidence"), given.get("model"), given.get("reason")
        if (isinstance(confidence, int | float) and not isinstance(confidence, bool) and 0 <= confidence <= 1
                and isinstance(model, str) and model.strip() and isinstance(why, str)):
            return float(confidence), scrub(model), scrub(why)
    return 1.0, IMPORT_MODEL, reason
