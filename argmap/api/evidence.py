"""Evidence: the sources threads cite, the user's library of documents, and the passages that bear on claims.

Evidence *in threads* is found during ingest (:mod:`argmap.nlp.evidence`) and stored with each thread; this
module lists it. Evidence *a user brings* is added with :func:`add_documents` (files, folders, URLs), split
into passages, and linked to claims by :func:`link_library` (BM25 retrieval, a threshold, heuristic stance;
see :mod:`argmap.nlp.retrieval`), incrementally: only (claim, document) pairs not scored before are scored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from argmap.api._args import Items, check_count, check_text, check_topic_words, configured, input_key, listed, once
from argmap.api._store import WhenStored, opened, thread_ids
from argmap.api._units import resolve
from argmap.config import Settings, mask_url
from argmap.domain import UNIT_KINDS
from argmap.errors import ArgmapError, InputError, NotFound, QueryError
from argmap.graph.sides import UNKNOWN, post_sides
from argmap.nlp.evidence import source_role
from argmap.nlp.retrieval import MIN_SCORE, MODEL, TOP_K, PassageIndex, stance
from argmap.sources.common import is_url, printable
from argmap.sources.documents import DOCUMENT_SUFFIXES, check_target, document_files, read_document
from argmap.store import evidence as store
from argmap.store import queries, repository
from argmap.store import search as text_search
from argmap.store.models import DocumentInfo, EvidenceItemInfo, PassageHit, ReplyInfo, SourceInfo, UnitInfo

__all__ = [
    "AddReport",
    "ClaimEvidence",
    "DocumentFailure",
    "LibraryDocument",
    "LinkReport",
    "add_documents",
    "evidence_for",
    "evidence_sources",
    "library_documents",
    "link_claims_to_library",
    "link_library",
    "remove_documents",
]


@dataclass
class LinkReport:
    """What a linking run did.

    Attributes:
        units (int): claims considered.
        passages (int): passages in the library.
        scored (int): (claim, document) pairs scored in this run (the others were scored before).
        links (int): passage links stored in this run.
        min_score (float): the normalised score threshold it used.
        top_k (int): the passages it kept per claim.
        remembered (bool): whether those are not the defaults but what ``evidence link`` was last given, kept in
            the database for every later linking run (``ingest``'s, ``evidence add``'s) until it is given others.
    """

    units: int = 0
    passages: int = 0
    scored: int = 0
    links: int = 0
    min_score: float = MIN_SCORE
    top_k: int = TOP_K
    remembered: bool = False

    @property
    def note(self) -> str | None:
        """What a run with the settings ``evidence link`` was last given says of them (``None`` with the defaults):
        they are kept until it is given others."""
        if not self.remembered:
            return None
        return (f"linked with --min-score {self.min_score:g} --top {self.top_k}, as evidence link was last given "
                f"(kept for later linking, ingest's and evidence add's too); evidence link --min-score "
                f"{MIN_SCORE:g} --top {TOP_K} goes back to the defaults")


@dataclass
class DocumentFailure:
    """A document that could not be added, and why (the message says the fix); a URL's password masked in both."""

    source: str
    message: str

    def __post_init__(self) -> None:
        self.source, self.message = mask_url(self.source), mask_url(self.message)


@dataclass
class AddReport:
    """What ``evidence add`` did.

    Attributes:
        added (list[DocumentInfo]): documents stored (new or changed).
        updated (list[str]): the ids of those of ``added`` that replaced an earlier version under their key (a
            file edited since it was added; its old passages and their links went with it).
        unchanged (list[DocumentInfo]): documents already stored with the same content (as stored: a copy
            given by another path, URL or stdin is the document first stored with its bytes, under its key).
        failures (list[DocumentFailure]): documents refused; the library holds nothing of them.
        linking (LinkReport | None): the linking run after adding, when asked for.
        passed_over (list[str]): entries of the folders given that are named like documents but are no files to
            read (a named pipe, a link in a loop or to nothing), each naming the entry, what it is and the fix;
            and documents edited into a copy of another stored document, whose earlier version was dropped.
    """

    added: list[DocumentInfo] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[DocumentInfo] = field(default_factory=list)
    failures: list[DocumentFailure] = field(default_factory=list)
    linking: LinkReport | None = None
    passed_over: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The report as ``argmap evidence add --json`` prints it."""
        return {"added": [d.model_dump(mode="json") for d in self.added], "updated": self.updated,
                "unchanged": [d.model_dump(mode="json") for d in self.unchanged],
                # "error" as in ingest's failures; "message" kept for the scripts that read it
                "failures": [asdict(f) | {"error": f.message} for f in self.failures],
                "linking": asdict(self.linking) if self.linking else None, "passed_over": self.passed_over}


@dataclass
class ClaimEvidence:
    """Everything that backs or contests one unit.

    Attributes:
        unit (UnitInfo): the claim.
        own (list[EvidenceItemInfo]): evidence in the unit's own words.
        given (list[ReplyInfo]): units that give evidence for it (``evidence`` relations), with their reason.
        given_items (list[EvidenceItemInfo]): the evidence items of those units.
        passages (list[PassageHit]): library passages linked to it, best first.
        library (int): the documents the library holds, linked to this unit or not (none linked from a library
            of many says no passage scored enough; from an empty one, that there is nothing to link).
    """

    unit: UnitInfo
    own: list[EvidenceItemInfo] = field(default_factory=list)
    given: list[ReplyInfo] = field(default_factory=list)
    given_items: list[EvidenceItemInfo] = field(default_factory=list)
    passages: list[PassageHit] = field(default_factory=list)
    library: int = 0

    def as_dict(self) -> dict[str, Any]:
        """Everything as ``argmap evidence for --json`` prints it."""
        return {"unit": self.unit.model_dump(mode="json"), "own": [i.model_dump(mode="json") for i in self.own],
                "given": [r.model_dump(mode="json") for r in self.given],
                "given_items": [i.model_dump(mode="json") for i in self.given_items],
                "passages": [p.model_dump(mode="json") for p in self.passages], "library": self.library}


@dataclass
class LibraryDocument:
    """A document of the library with how many claims' links its passages hold.

    Attributes:
        document (DocumentInfo): the document as stored.
        links (int): passage links from claims to its passages.
    """

    document: DocumentInfo
    links: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The document as ``argmap evidence documents --json`` and ``evidence remove --json`` print it."""
        return self.document.model_dump(mode="json", exclude={"sha256"}) | {"links": self.links}


def _targets(targets: Sequence[str], passed_over: list[str]) -> list[str]:
    """Files of folders expanded; paths and URLs kept in order. ``passed_over`` gets the entries of folders that
    are named like documents but are no files to read (:func:`argmap.sources.documents.document_files`).

    Raises:
        InputError: an empty or blank target (``Path("")`` is the current folder: an unset shell variable would
            add every document under it), or a folder with no document in it.
    """
    out: list[str] = []
    for target in targets:
        check_target(target)  # before Path(""), which is the current folder
        path = Path(target)
        if not is_url(target) and path.is_dir():
            skipped: list[str] = []
            files = document_files(path, skipped)
            passed_over += skipped
            if not files:
                raise InputError(target, "holds no document" + "".join(f"; {entry}" for entry in skipped),
                                 fix=f"put {', '.join(sorted(DOCUMENT_SUFFIXES))} files in it")
            out.extend(str(f) for f in files)
        else:
            out.append(target)
    # Each input once, as ingest reads them: "-" given twice read standard input twice, the second time empty.
    return once(out, lambda target: input_key(target, None if target == "-" or is_url(target) else target))[0]


def add_documents(targets: Items, *, settings: Settings | None = None, link: bool = True,
                  on_document: Callable[[str], None] | None = None, report: AddReport | None = None) -> AddReport:
    """Add documents to the evidence library (each in its own transaction), then link claims to them.

    Args:
        targets (str | Path | Iterable[str | Path]): files, folders (their files of a kind in
            :data:`argmap.sources.documents.DOCUMENT_SUFFIXES`), http(s) URLs and ``-`` (standard input), as
            strings or paths; one string or path is one target.
        settings (Settings | None): which database; the timeout for URLs.
        link (bool): run :func:`link_library` afterwards, which scores only the (claim, document) pairs not
            scored before: the new passages, and those of a run stopped before it linked.
        on_document (Callable[[str], None] | None): told each target before it is read.
        report (AddReport | None): filled in as each document is stored (a new one when ``None``), so that a
            caller stopped part-way (Ctrl-C) still knows what was stored.

    Returns:
        AddReport: added, unchanged and refused documents, and the entries of folders passed over. A refused
        document leaves the library as it was; the others are still added.

    Raises:
        InputError: an empty target, a URL of another scheme than http(s), or a folder with no document in it
            (then nothing is added).
        StoreError: the database cannot be opened.

    Example:
        >>> from argmap import Settings, add_documents
        >>> report = add_documents(["corpora/evidence/library"], settings=Settings(db="argmap.db"))  # doctest: +SKIP
        >>> report.added[0].passages  # doctest: +SKIP
        3
    """
    settings = configured(settings)
    report = AddReport() if report is None else report
    expanded = _targets(listed(targets), report.passed_over)
    # A new SQLite file is made with the first document stored: an add whose every input fails leaves no empty
    # database, which later commands would answer from instead of naming a mistyped --db (as ingest does).
    with WhenStored(settings) as library:
        for target in expanded:
            if on_document:
                on_document(target)
            try:
                document = read_document(target, settings)
                engine = library.engine() if library.exists else None
                known = store.document_by_key(engine, document.key) if engine else None
                if engine and known is None:  # the same bytes from another path, a URL or stdin: listed once
                    known = store.document_by_content(engine, document.sha256)
                if known is not None and known.sha256 == document.sha256:
                    report.unchanged.append(known)
                    continue
                copy = store.document_by_content(engine, document.sha256) if engine and known is not None else None
                if engine and known is not None and copy is not None:
                    # Edited into a copy of another stored document: its passages are stored once, under that one.
                    store.delete_document(engine, known.id)
                    report.unchanged.append(copy)
                    report.passed_over.append(f"{printable(target)}: now holds the same bytes as {copy.source}, "
                                              "stored before, so its earlier version is dropped from the library "
                                              "and its passages are listed once, as that document's")
                    continue
                if known is not None:  # the same key with other bytes: an edited file, a page that changed
                    report.updated.append(known.id)
                report.added.append(store.save_document(
                    library.engine(), key=document.key, source=document.source, title=document.title,
                    media=document.media, sha256=document.sha256, chars=len(document.text),
                    passages=[(p.start, p.end, p.location, p.text) for p in document.passages]))
            except ArgmapError as exc:
                report.failures.append(DocumentFailure(printable(target), str(exc)))
        if link and library.exists:  # also when nothing is new: a run stopped before linking left claims unlinked
            report.linking = _link(library.engine(), settings)
    return report


def _link(engine: Engine, settings: Settings, *, min_score: float | None = None, top_k: int | None = None,
          kinds: Sequence[str] = ("claim",), rescore: bool = False,
          unscored_of: Sequence[str] | None = None) -> LinkReport:
    """Score claims against the library and store the links; ``unscored_of`` (thread ids) scores only the claims
    of those threads that were never scored against any document (see :func:`link_claims_to_library`). A
    threshold or a count left ``None`` is the one ``evidence link`` was last given, else the default."""
    passages = store.stored_passages(engine)
    if not passages:  # no library: the claims are not even read (a huge thread's would fill memory for nothing)
        return LinkReport(units=0, passages=0)
    if min_score is None or top_k is None:
        min_score, top_k = _chosen(store.link_settings(engine), min_score, top_k)
    units = store.linkable_units(engine, kinds=kinds, thread_ids=unscored_of)
    done = set() if rescore else store.scored_pairs(engine)
    if unscored_of is not None:
        seen = {unit for unit, _ in done}
        units = [unit for unit in units if unit[0] not in seen]
    report = LinkReport(units=len(units), passages=len(passages), min_score=min_score, top_k=top_k,
                        remembered=(min_score, top_k) != (MIN_SCORE, TOP_K))
    if not units:
        return report
    index = PassageIndex([text for _, _, text in passages])
    by_document: dict[str, list[int]] = {}
    for position, (_, document_id, _) in enumerate(passages):
        by_document.setdefault(document_id, []).append(position)
    links: list[dict[str, Any]] = []
    scored: list[tuple[str, str]] = []
    for unit_id, thread_id, text in units:
        pending = [d for d in by_document if (unit_id, d) not in done]
        if not pending:
            continue
        among = [i for d in pending for i in by_document[d]]
        for match in index.search(text, top_k=top_k, min_score=min_score, among=among):
            passage_id, _, passage_text = passages[match.index]
            side, why = stance(text, passage_text, match.score)
            links.append({"unit_id": unit_id, "passage_id": passage_id, "thread_id": thread_id,
                          "score": match.score, "bm25": match.bm25, "rank": match.rank, "stance": side,
                          "model": MODEL, "reason": f"shares {', '.join(match.shared[:4])}; BM25 {match.bm25:.2f}, "
                                                    f"normalised {match.score:.2f} (threshold {min_score:.2f}); {why}"})
        scored.extend((unit_id, d) for d in pending)
    store.save_passage_links(engine, links, scored, replace=rescore)
    report.scored, report.links = len(scored), len(links)
    return report


def _chosen(kept: tuple[float, int] | None, min_score: float | None, top_k: int | None) -> tuple[float, int]:
    """The threshold and count a linking run uses: each given, else the one ``evidence link`` was last given
    (``kept``), else the default."""
    return (min_score if min_score is not None else kept[0] if kept else MIN_SCORE,
            top_k if top_k is not None else kept[1] if kept else TOP_K)


def link_claims_to_library(engine: Engine, thread_ids: Sequence[str]) -> LinkReport:
    """Score the claims of some threads that were never scored against the library (new claims, or those of an
    ingest stopped before it linked them) against every document, with the threshold and count ``evidence link``
    was last given, else the defaults (ingest calls this with the threads it stored).

    A claim scored before keeps the links and the documents it was scored against: a thread ingested again keeps
    them for the claims it still holds (:func:`argmap.store.evidence.library_state`), and the documents added with
    ``evidence add --no-link`` stay unlinked to them, as do the other threads' claims, until ``evidence link``.

    Raises:
        StoreError: the database cannot be read or written.
    """
    return _link(engine, Settings(), unscored_of=thread_ids)


def link_library(*, settings: Settings | None = None, min_score: float | None = None, top_k: int | None = None,
                 kinds: str | Iterable[str] = ("claim",), rescore: bool = False) -> LinkReport:
    """Link claims to the library passages that bear on them, scoring only pairs not scored before.

    New documents are scored against every claim; claims of newly ingested (or re-ingested) threads against
    every document. Links are ranked by BM25 (``bm25s``) and kept when their normalised score reaches
    ``min_score``; each carries a heuristic stance (supports / contests / related). With ``rescore`` every
    pair is scored again, and the links stored before are replaced by this run's, in one transaction (to try
    another threshold on claims and documents already linked).

    Args:
        settings (Settings | None): which database.
        min_score (float | None): normalised score threshold (0..1); ``None``: the one given last, else
            :data:`argmap.nlp.retrieval.MIN_SCORE`.
        top_k (int | None): passages kept per claim and run; ``None``: the count given last, else
            :data:`argmap.nlp.retrieval.TOP_K`. Either given is kept in the database, with the other as it
            stands, for every later linking run (``ingest``'s and ``add_documents``'s too) until others are given;
            the defaults given keep nothing.
        kinds (str | Iterable[str]): unit kinds to link (:data:`argmap.domain.UNIT_KINDS`; claims by default);
            one string is one kind.
        rescore (bool): score every pair again and replace the stored links.

    Returns:
        LinkReport: counts of this run.

    Raises:
        QueryError: a threshold outside 0..1, a ``top_k`` below 1, or a kind that is no unit kind.
        StoreError: the database cannot be read or written.

    Example:
        >>> from argmap import Settings, add_documents, link_library
        >>> added = add_documents("corpora/evidence/library", settings=Settings(db="argmap.db"))  # doctest: +SKIP
        >>> link_library(settings=Settings(db="argmap.db"), rescore=True).links  # doctest: +SKIP
        1
    """
    if min_score is not None and not 0 <= min_score <= 1:
        raise QueryError(f"--min-score must be between 0 and 1, not {min_score}")
    top_k = None if top_k is None else check_count("top_k", top_k, flag="--top")
    kinds = listed(kinds)
    unknown = [kind for kind in kinds if kind not in UNIT_KINDS]
    if unknown or not kinds:  # an unknown kind would link nothing, and say nothing about why
        raise QueryError(f"no unit kind {', '.join(map(repr, unknown))}; use some of: {', '.join(UNIT_KINDS)}"
                         if unknown else f"no unit kind given; use some of: {', '.join(UNIT_KINDS)}")
    settings = configured(settings)
    with opened(settings) as engine:
        if min_score is not None or top_k is not None:
            kept = store.link_settings(engine)
            min_score, top_k = chosen = _chosen(kept, min_score, top_k)
            if chosen != (kept or (MIN_SCORE, TOP_K)):
                store.save_link_settings(engine, None if chosen == (MIN_SCORE, TOP_K) else chosen)
        return _link(engine, settings, min_score=min_score, top_k=top_k, kinds=kinds, rescore=rescore)


def evidence_for(ref: str, *, settings: Settings | None = None) -> ClaimEvidence:
    """The evidence for one unit: its own, what other units give for it, and linked library passages.

    Args:
        ref (str): a unit id (or a prefix only one unit id has).
        settings (Settings | None): which database.

    Returns:
        ClaimEvidence: the unit and its evidence.

    Raises:
        NotFound: no such unit (the message names an id of another kind, such as a post's, and the fix).

    Example:
        >>> from argmap import Settings, claims, evidence_for
        >>> hit = claims("open source", settings=Settings(db="argmap.db"))[0]  # doctest: +SKIP
        >>> found = evidence_for(hit.id, settings=Settings(db="argmap.db"))  # doctest: +SKIP
        >>> found.unit.text[:30]  # doctest: +SKIP
        "Open source models don't need "
    """
    check_text("ref", ref, optional=False)
    with opened(settings) as engine:
        unit_id = resolve(engine, ref, command="evidence for")
        unit = queries.units_by_id(engine, [unit_id])[unit_id][0]
        given = queries.replies_to(engine, [unit_id], kinds=("evidence",)).get(unit_id, [])
        return ClaimEvidence(
            unit=unit, own=store.evidence_items(engine, [unit_id]), given=given,
            given_items=store.evidence_items(engine, [r.id for r in given]),
            passages=store.passage_hits(engine, [unit_id]), library=store.library_counts(engine)[0],
        )


def evidence_sources(*, settings: Settings | None = None, thread: str | None = None,
                     topic: str | None = None) -> list[SourceInfo]:
    """The sources threads cite: which, cited by whom, backing which claim, on which side.

    A citation's side is its post's side of the debate (:func:`argmap.graph.sides.post_sides`): with the
    opening post, against it, or unknown.

    Args:
        settings (Settings | None): which database.
        thread (str | None): only this thread (id, key or title prefix).
        topic (str | None): only citations whose unit, or the claim it backs, is about this topic (matched as
            ``argmap claims --topic`` matches it).

    Returns:
        list[SourceInfo]: most cited first; the sources proper (role ``page``) before the links that are no
        source (a picture, a profile, a subreddit, a Reddit or Hacker News discussion, a search; see
        :func:`argmap.nlp.evidence.source_role`).

    Raises:
        NotFound: no such thread.
        QueryError: an empty topic or thread, a topic of stop words only ("of the").

    Example:
        >>> from argmap import Settings, evidence_sources
        >>> [(s.label, s.citations) for s in evidence_sources(settings=Settings(db="argmap.db"))]  # doctest: +SKIP
        []
    """
    check_topic_words(topic)  # "of the" matched no key: an empty list, as if nothing were cited; no string
    if topic is not None and not topic.strip():
        raise QueryError("--topic needs words, e.g. --topic 'remote work'")
    with opened(settings) as engine:
        threads = thread_ids(engine, thread)
        # The topic is matched as `argmap claims --topic` matches it: "four-day week" meets "four day week".
        topic_ids = [m.id for m in text_search.match_topics(engine, topic)] if topic is not None else None
        found = store.sources(engine, thread_ids=threads, topic_ids=topic_ids)
        threads = sorted({c.thread for _, cited in found for c in cited})
        sides = post_sides(repository.load_graph(engine, threads)) if threads else {}
    result = []
    for source, cited in found:
        for citation in cited:
            citation.side = sides.get(citation.post, UNKNOWN)
        result.append(SourceInfo(id=source.id, key=source.key, kind=source.kind, label=source.label,
                                 links=len(cited), threads=len({c.thread for c in cited}), citations=cited,
                                 role=source_role(source.key)))
    # Sources proper first, then the links that are none (a GIF cited twice ranked above an article cited once).
    return sorted(result, key=lambda s: s.role != "page")


def library_documents(*, settings: Settings | None = None) -> list[LibraryDocument]:
    """The documents of the evidence library, most recently added first, with their links.

    Args:
        settings (Settings | None): which database.

    Returns:
        list[LibraryDocument]: every document (an empty list for an empty library).

    Raises:
        StoreError: the database cannot be read.

    Example:
        >>> from argmap import Settings
        >>> from argmap.api import add_documents, library_documents
        >>> settings = Settings(db="argmap.db")
        >>> add_documents("corpora/evidence/library/remote-work-study.md", settings=settings).failures  # doctest: +SKIP
        []
        >>> [(d.document.title, d.document.passages) for d in library_documents(settings=settings)]  # doctest: +SKIP
        [('Working from home: a field experiment', 4)]
    """
    with opened(settings) as engine:
        links = store.document_link_counts(engine)
        return [LibraryDocument(d, links.get(d.id, 0)) for d in store.list_documents(engine)]


def _document_of(ref: str, documents: Sequence[DocumentInfo]) -> DocumentInfo:
    """The document ``ref`` names: its id (or a prefix only it has), its path or URL as added, or its title.

    Raises:
        NotFound: no document, or several, answer to ``ref``.
    """
    target = ref.strip()
    keys = {target}
    if is_url(target):
        keys.add("url:" + target.split("#", 1)[0].rstrip("/"))  # as the reader keys a URL
    elif target:
        keys.add("file:" + str(Path(target).resolve()))
    # Stored as the reader stores them: a URL's password masked, a file name's bytes that are no UTF-8 escaped.
    keys = {printable(mask_url(key)) for key in keys}
    named: list[Callable[[DocumentInfo], bool]] = [
        lambda d: d.id == target or d.key in keys or d.source in keys,
        lambda d: bool(target) and d.id.startswith(target),
        lambda d: (d.title or "").casefold() == target.casefold(),
    ]
    for names in named:  # the surest way first: a title is only tried when no id, path or URL answers
        found = [d for d in documents if names(d)]
        if len(found) == 1:
            return found[0]
        if found:
            raise NotFound(f"{ref!r} names {len(found)} library documents ({', '.join(d.id for d in found[:5])}); "
                           "give one's id, as argmap evidence documents lists them")
    raise NotFound(f"no library document {ref!r}; argmap evidence documents lists them (id, title, path or URL)")


def remove_documents(refs: str | Iterable[str], *, settings: Settings | None = None) -> list[LibraryDocument]:
    """Remove documents from the evidence library with their passages and the claims' links to them.

    The threads, their evidence in posts and the links to other documents stay. A document removed and added
    again is scored against every claim afresh.

    Args:
        refs (str | Iterable[str]): documents by id (or a prefix only one id has), path or URL as added, or
            title; one string is one document.
        settings (Settings | None): which database.

    Returns:
        list[LibraryDocument]: the documents removed, as they were (with the links they had).

    Raises:
        NotFound: a ref that names no document, or several; then nothing is removed.
        StoreError: the database cannot be read or written.

    Example:
        >>> from argmap import Settings
        >>> from argmap.api import add_documents, remove_documents
        >>> settings = Settings(db="argmap.db")
        >>> add_documents("corpora/evidence/library/remote-work-study.md", settings=settings).failures  # doctest: +SKIP
        []
        >>> [d.document.title for d in remove_documents("corpora/evidence/library/remote-work-study.md",
        ...                                              settings=settings)]  # doctest: +SKIP
        ['Working from home: a field experiment']
    """
    with opened(settings) as engine:
        documents = store.list_documents(engine)
        if not documents:
            raise NotFound("the evidence library holds no document; add some with: argmap evidence add PATH")
        found = {d.id: d for d in (_document_of(ref, documents) for ref in listed(refs))}
        links = store.document_link_counts(engine)
        store.delete_documents(engine, list(found))
        return [LibraryDocument(d, links.get(d.id, 0)) for d in found.values()]
