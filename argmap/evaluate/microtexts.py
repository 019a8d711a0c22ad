"""Load the argumentative microtexts corpus (Peldszus & Stede 2015): short texts with argument graphs.

Each ``micro_<id>.xml`` (root ``<arggraph>``) annotates one text of about five argumentative discourse units
(ADUs). It becomes a thread of a single post whose text is the EDUs joined by single spaces, which is the
corpus's own ``micro_<id>.txt``; an ADU's offsets are those of its EDUs in that text.

The graph maps onto argmap's scored kinds and relations as follows:

- **Kinds.** The central claim (the one ADU that is the source of no edge) is a ``claim``; every other ADU,
  for or against it, is a ``premise``: the scheme has one claim per text and argumentative moves around it.
- **Relations.** ``sup`` (support) and ``exa`` (example) are ``support``; ``reb`` (rebut) is an ``attack`` on
  the ADU it points at. ``und`` (undercut) attacks an inference, the edge from one ADU to another; argmap
  relates units only, so it becomes an ``attack`` on the source of the undercut edge (the premise whose
  inference it denies). ``add`` joins a premise to a linked argument: the added ADU gets the same relation
  as the edge it is added to.

Each text being one post, this corpus scores ``adu``, ``kind`` and ``rel_all`` only. The corpus is licensed
CC BY-NC-SA 4.0: argmap evaluates on it and trains nothing on it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from argmap.domain import Note, Post, Thread
from argmap.evaluate.gold import CorpusError, GoldKind, GoldRelation, GoldRelationKind, GoldThread, GoldUnit

__all__ = ["FORMAT", "LABELS", "SUBFOLDER", "load_microtexts", "read_microtexts"]

FORMAT = "microtexts-xml"
#: Where the English texts lie under the corpus folder.
SUBFOLDER = "corpus/en"
#: Edge type -> relation label (``und`` and ``add`` are resolved through the edge they point at).
LABELS: dict[str, GoldRelationKind] = {"sup": "support", "exa": "support", "reb": "attack", "und": "attack"}


def _edge_relation(edge_id: str, edges: dict[str, tuple[str, str, str]],
                   seen: frozenset[str] = frozenset()) -> tuple[str, GoldRelationKind] | None:
    """(target ADU, label) of the relation an ``add`` edge joins: that of the edge it points at (followed in a loop:
    a chain of 1,500 ``add`` edges ended in a RecursionError)."""
    while edge_id not in seen and edge_id in edges:
        seen = seen | {edge_id}
        _, target, kind = edges[edge_id]
        if kind != "add":
            return _resolve(target, kind, edges, seen) if kind in LABELS else None
        edge_id = target
    return None


def _resolve(target: str, kind: str, edges: dict[str, tuple[str, str, str]],
             seen: frozenset[str]) -> tuple[str, GoldRelationKind] | None:
    """The ADU an edge of type ``kind`` ends at, and its label: an undercut ends at the undercut edge's source."""
    label = LABELS[kind]
    while target in edges:  # an edge aimed at an edge: the premise whose inference it concerns
        if target in seen:
            return None
        seen = seen | {target}
        target = edges[target][0]
    return target, label


def read_microtexts(path: Path) -> GoldThread:
    """Read one ``micro_<id>.xml`` argument graph into a single-post gold thread.

    Args:
        path (Path): the graph file.

    Returns:
        GoldThread: the text as one post, its ADUs as gold units and its edges as relations.

    Raises:
        CorpusError: when the file cannot be read, is not XML or is no ``<arggraph>``.
    """
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise CorpusError(str(path), f"is not a readable XML file ({exc}); re-copy the corpus") from exc
    if root.tag != "arggraph":
        raise CorpusError(str(path), f"has root <{root.tag}>, not <arggraph>; pass the microtexts corpus folder")
    text_id = root.get("id") or path.stem
    spans: dict[str, tuple[int, int]] = {}
    pieces: list[str] = []
    cursor = 0
    for edu in root.iter("edu"):
        words = " ".join((edu.text or "").split())
        if not words:
            continue
        if pieces:
            cursor += 1
        spans[edu.get("id", "")] = (cursor, cursor + len(words))
        pieces.append(words)
        cursor += len(words)
    text = " ".join(pieces)
    topic = (root.get("topic_id") or "").replace("_", " ") or None
    thread = Thread(key=f"microtexts:{text_id}", format=FORMAT, source=str(path), title=topic)
    thread.posts.append(Post(external_id=text_id, parent=None, author=None, text=text, raw=text))
    edges: dict[str, tuple[str, str, str]] = {
        edge.get("id", ""): (edge.get("src", ""), edge.get("trg", ""), edge.get("type", ""))
        for edge in root.iter("edge")
    }
    adu_spans: dict[str, tuple[int, int]] = {}
    for source, target, kind in edges.values():
        if kind == "seg" and source in spans:
            start, end = spans[source]
            old = adu_spans.get(target, (start, end))
            adu_spans[target] = (min(start, old[0]), max(end, old[1]))
    sources = {source for source, _, kind in edges.values() if kind != "seg"}
    units: list[GoldUnit] = []
    for adu in root.iter("adu"):
        adu_id = adu.get("id", "")
        if adu_id not in adu_spans:
            thread.notes.append(Note("adu-without-text", text_id, f"ADU {adu_id} has no EDU"))
            continue
        start, end = adu_spans[adu_id]
        role: GoldKind = "premise" if adu_id in sources else "claim"
        units.append(GoldUnit(adu_id, text_id, role, start, end, text[start:end]))
    units.sort(key=lambda unit: (unit.start, unit.end))
    known = {unit.id for unit in units}
    relations: list[GoldRelation] = []
    for edge_id, (source, target, kind) in edges.items():
        if kind == "seg":
            continue
        if kind not in LABELS and kind != "add":
            thread.notes.append(Note("unknown-edge-type", text_id, f"edge {edge_id}: {source} -> {target} has type "
                                                                   f"{kind!r}"))
            continue
        found = _edge_relation(edge_id, edges)
        if found is None or source not in known or found[0] not in known or source == found[0]:
            thread.notes.append(Note("unresolved-edge", text_id, f"{kind} edge {edge_id}: {source} -> {target}"))
            continue
        relation = GoldRelation(source, found[0], found[1])
        if relation not in relations:
            relations.append(relation)
    return GoldThread(name=f"microtexts/{text_id}", thread=thread, units=units, relations=relations)


def _graph_folder(root: Path) -> Path:
    """Where the graphs of a corpus folder lie: its ``corpus/en`` (or, given ``corpus``, its ``en``) when it has
    one, else the folder itself."""
    for inner in (root / SUBFOLDER, root / Path(SUBFOLDER).name):
        if inner.is_dir():
            return inner
    return root


def is_microtexts(folder: Path | str) -> bool:
    """Whether ``folder`` (or its ``corpus/en``) holds ``micro_*.xml`` argument graphs."""
    return any(_graph_folder(Path(folder)).glob("micro_*.xml"))


def load_microtexts(folder: Path | str) -> list[GoldThread]:
    """Load every English argument graph of the microtexts corpus.

    Args:
        folder (Path | str): the corpus folder (``shared/corpora/annotated/microtexts``), its ``corpus`` folder
            or directly its ``corpus/en`` folder.

    Returns:
        list[GoldThread]: one single-post thread per ``micro_*.xml`` file, by file name.

    Raises:
        CorpusError: when no graph file is found, or one cannot be read.

    Example:
        >>> len(load_microtexts("../shared/corpora/annotated/microtexts"))  # doctest: +SKIP
        112
    """
    root = Path(folder)
    directory = _graph_folder(root)
    files = sorted(directory.glob("micro_*.xml"))
    if not files:
        raise CorpusError(str(root), f"holds no micro_*.xml file (looked in {directory}); "
                                     "pass the microtexts folder")
    return [read_microtexts(path) for path in files]
