"""Load the Habernal & Gurevych (2017) web-discourse corpus: gold Toulmin annotations as UIMA XMI.

Each ``<id>.xmi`` file of ``gold.data.toulmin`` is one document (a comment, forum post or blog post); it
becomes a thread of a single post whose text is the document's ``sofaString`` unchanged (it is already
plain text, holding no quoted line), so gold offsets are the corpus's own ``begin``/``end``.

The extended Toulmin roles map onto argmap's two scored kinds as follows:

==============  ========  =======================================================================
corpus role     kind      relation in the corpus (``ArgumentRelation`` source -> target) and label
==============  ========  =======================================================================
Claim           claim     claim -> claim (a restated or further claim): ``support``
Premise         premise   premise -> claim: ``support``
Backing         premise   backing -> claim: ``support`` (backing is evidence for the claim; argmap's
                          extra ``evidence`` kind is not scored, so it counts as a premise)
Rebuttal        premise   rebuttal -> claim: ``attack`` (a reason against the claim that the author
                          brings up)
Refutation      premise   refutation -> claim: ``support`` (it answers a rebuttal, so it defends the
                          claim; the corpus links it to the claim, not to the rebuttal)
==============  ========  =======================================================================

Implicit claims (zero-length spans; about half of all claims) have no words to find, so they are no units,
and relations into them are left out (note ``implicit-claim``). ``ArgumentComponent`` annotations mark
appeals to emotion, not Toulmin roles, and are ignored. Each document being one post, every relation lies
within a post: this corpus scores ``adu``, ``kind`` and ``rel_all`` only.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from argmap.domain import Note, Post, Thread
from argmap.evaluate.gold import CorpusError, GoldKind, GoldRelation, GoldRelationKind, GoldThread, GoldUnit, tokens

__all__ = ["FORMAT", "ROLES", "SUBFOLDER", "load_webdiscourse", "read_webdiscourse"]

FORMAT = "webdiscourse-xmi"
#: Where the gold Toulmin documents lie under the corpus folder.
SUBFOLDER = "habernal.gurevych.2017.argumentation.mining.CL.data/data/gold.data.toulmin"
#: Toulmin role -> (argmap kind, label of the relation it starts).
ROLES: dict[str, tuple[GoldKind, GoldRelationKind]] = {
    "Claim": ("claim", "support"),
    "Premise": ("premise", "support"),
    "Backing": ("premise", "support"),
    "Rebuttal": ("premise", "attack"),
    "Refutation": ("premise", "support"),
}
_XMI_ID = "{http://www.omg.org/XMI}id"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_webdiscourse(path: Path) -> GoldThread:
    """Read one XMI document into a single-post gold thread.

    Args:
        path (Path): an ``<id>.xmi`` file of ``gold.data.toulmin``.

    Returns:
        GoldThread: the document as one post, its gold units and relations, and notes on what was left out.

    Raises:
        CorpusError: when the file cannot be read or is not XML.
    """
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise CorpusError(str(path), f"is not a readable XMI document ({exc}); re-copy the corpus") from exc
    text = ""
    meta: dict[str, str] = {}
    doc_id = path.stem
    for element in root:
        name = _local(element.tag)
        if name == "Sofa":
            text = element.get("sofaString", "")
        elif name == "WebArgumentMetadata":
            meta = dict(element.attrib)
        elif name == "DocumentMetaData":
            doc_id = element.get("documentId") or doc_id
    thread = Thread(key=f"webdiscourse:{doc_id}", format=FORMAT, source=str(path),
                    title=meta.get("title") or None, url=meta.get("origUrl") or None)
    thread.posts.append(Post(external_id=doc_id, parent=None, author=meta.get("author") or None, text=text,
                             raw=text))
    units: list[GoldUnit] = []
    labels: dict[str, GoldRelationKind] = {}
    implicit: set[str] = set()
    for element in root:
        role = _local(element.tag)
        if role not in ROLES:
            continue
        xmi_id = element.get(_XMI_ID, "")
        begin, finish = element.get("begin", "0"), element.get("end", "0")
        if not (begin.isdigit() and finish.isdigit()) or len(begin) > 18 or len(finish) > 18:
            raise CorpusError(str(path), f"component {xmi_id or role!r} has begin={begin[:20]!r} and "
                                         f"end={finish[:20]!r}, which are no character offsets",
                              fix="mend the component's begin and end, or re-copy the corpus")
        start, end = int(begin), int(finish)
        start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if not tokens(text[start:end]):
            implicit.add(xmi_id)
            thread.notes.append(Note("implicit-claim" if role == "Claim" else "wordless-component", doc_id,
                                     f"{role} {xmi_id}"))
            continue
        kind, labels[xmi_id] = ROLES[role]
        units.append(GoldUnit(xmi_id, doc_id, kind, start, end, text[start:end]))
    units.sort(key=lambda unit: (unit.start, unit.end))
    relations: list[GoldRelation] = []
    for element in root:
        if _local(element.tag) != "ArgumentRelation":
            continue
        source, target = element.get("source", ""), element.get("target", "")
        if source in labels and target in labels and source != target:
            relation = GoldRelation(source, target, labels[source])
            if relation not in relations:
                relations.append(relation)
        else:
            reason = "implicit-claim-relation" if target in implicit or source in implicit else "dangling-ref"
            thread.notes.append(Note(reason, doc_id, f"{source} -> {target}"))
    return GoldThread(name=f"webdiscourse/{doc_id}", thread=thread, units=units, relations=relations)


def _number(path: Path) -> tuple[int, str]:
    return (int(path.stem), "") if path.stem.isdigit() else (1 << 30, path.stem)


def load_webdiscourse(folder: Path | str) -> list[GoldThread]:
    """Load every gold Toulmin document of the web-discourse corpus.

    Args:
        folder (Path | str): the corpus folder (``shared/corpora/annotated/webdiscourse``) or directly the
            ``gold.data.toulmin`` folder inside it.

    Returns:
        list[GoldThread]: one single-post thread per ``.xmi`` file, by document number.

    Raises:
        CorpusError: when no ``.xmi`` file is found, or one is not XML.

    Example:
        >>> len(load_webdiscourse("../shared/corpora/annotated/webdiscourse"))  # doctest: +SKIP
        340
    """
    root = Path(folder)
    directory = root / SUBFOLDER if (root / SUBFOLDER).is_dir() else root
    files = sorted(directory.glob("*.xmi"), key=_number)
    if not files:
        raise CorpusError(str(root), f"holds no .xmi file (looked in {directory}); pass the webdiscourse folder")
    return [read_webdiscourse(path) for path in files]
