"""Read models: what the store's queries return to the API, exports and maps.

They are plain SQLModel classes (no table behind them), so the layers above the store work with validated,
typed records and never with rows of :mod:`argmap.store.tables`. :class:`ThreadInfo` shares its fields with the
thread table through :class:`~argmap.store.tables.ThreadBase`.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import computed_field
from sqlmodel import SQLModel

from argmap.domain import assumed_attack
from argmap.store.tables import ThreadBase

__all__ = [
    "CitationInfo",
    "ClaimHit",
    "DocumentInfo",
    "EvidenceItemInfo",
    "GraphData",
    "LabelInfo",
    "MemberInfo",
    "PassageHit",
    "PassageInfo",
    "PostInfo",
    "QuoteInfo",
    "RelationInfo",
    "ReplyInfo",
    "SearchHit",
    "SourceInfo",
    "StoredThread",
    "ThreadChanges",
    "ThreadInfo",
    "TopicCount",
    "TrackedInfo",
    "UnitInfo",
    "source_url",
]


class ThreadInfo(ThreadBase):
    """A thread as the API returns it."""

    id: str


class ThreadChanges(SQLModel):
    """What storing a thread changed against the version stored before it (README, "Re-ingesting").

    Attributes:
        status (str): ``new`` (nothing was stored for it), ``updated`` or ``unchanged``.
        title_changed (bool): the thread's title is another than the earlier version's (never for a new thread).
        url_changed (bool): the thread's link (its ``url``) is another than the earlier version's (likewise).
        posts_added (int): posts it did not hold before (every post of a new thread).
        posts_removed (int): posts of the earlier version it no longer holds.
        posts_edited (int): posts whose words, title, link, author or parent changed.
        units_added (int): units found anew.
        units_removed (int): units of the earlier version no longer found.
        units_changed (int): units at the same place with another kind or other words.
        relations_added (int): relations found anew.
        relations_removed (int): relations of the earlier version no longer found.
        relations_changed (int): relations between the same units, of the same kind, drawn by another rule or
            with another confidence (a newer argmap's rules, whose version is in each relation's ``model``).
        posts_restored (int): posts the earlier version held as deleted (a placeholder keeping its replies' place)
            that have words again, which no platform gives back: the version is an older copy.
        posts_newer_removed (int): posts of the earlier version it no longer holds that were written after every
            post it holds (the newest comments gone, as from an older copy; or deleted upstream).
    """

    status: str
    title_changed: bool = False
    url_changed: bool = False
    posts_added: int = 0
    posts_removed: int = 0
    posts_edited: int = 0
    units_added: int = 0
    units_removed: int = 0
    units_changed: int = 0
    relations_added: int = 0
    relations_removed: int = 0
    relations_changed: int = 0
    posts_restored: int = 0
    posts_newer_removed: int = 0


class StoredThread(ThreadInfo):
    """A thread just stored, with what storing it changed."""

    changes: ThreadChanges


class PostInfo(SQLModel):
    """A stored post as the API returns it."""

    id: str
    external_id: str
    thread: str
    parent: str | None
    author: str | None
    created_at: datetime | None
    title: str | None
    url: str | None
    depth: int
    text: str
    #: the platform marks the post as its staff's or the forum's moderators' own (a Reddit post a moderator
    #: distinguished or stickied, a forum's announcement); false in a database upgraded from schema 1
    official: bool = False


class QuoteInfo(SQLModel):
    """A stored quote: which post quotes which words of which post."""

    post: str
    text: str
    source_post: str | None
    source_start: int | None
    source_end: int | None
    #: where, in the quoting post's text, the words that answer the quote begin
    offset: int = 0


class UnitInfo(SQLModel):
    """A stored argument unit with its topics."""

    id: str
    post: str
    thread: str
    kind: str
    text: str
    start: int
    end: int
    confidence: float
    model: str
    reason: str
    topics: list[str] = []


class RelationInfo(SQLModel):
    """A stored relation between units."""

    id: str
    thread: str
    source: str
    target: str
    kind: str
    confidence: float
    model: str
    reason: str

    @computed_field  # type: ignore[prop-decorator]
    @property
    def assumed(self) -> bool:
        """An attack only by default: no word of the answer agrees or disagrees
        (:func:`~argmap.domain.assumed_attack`)."""
        return assumed_attack(self.kind, self.reason)


class ReplyInfo(SQLModel):
    """A unit answering another: a supporter, an attacker or evidence, with the relation's provenance (its reason,
    confidence and the rule that drew it, ``model``, as the exports give them).

    ``id`` is the answering unit's and ``relation`` the relation's kind; ``relation_id`` is the relation's own id
    (as the exports give it), ``post`` the answering unit's post and ``label`` its grounded label, as ``show``
    gives each unit of its tree; ``assumed`` says the relation is an attack only assumed.
    """

    id: str
    relation: str
    kind: str
    text: str
    author: str | None = None
    reason: str = ""
    confidence: float | None = None
    model: str | None = None
    relation_id: str | None = None
    post: str | None = None
    label: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def assumed(self) -> bool:
        """The relation is an attack only assumed: no word of the answer agrees or disagrees
        (:func:`~argmap.domain.assumed_attack`)."""
        return assumed_attack(self.relation, self.reason)


class ClaimHit(SQLModel):
    """A claim (or premise) found on a topic, with how much discussion it drew."""

    id: str
    kind: str
    text: str
    author: str | None
    thread: str
    thread_title: str | None
    post: str
    matched: list[str] = []
    relevance: float
    supports: int = 0
    attacks: int = 0
    evidence: int = 0
    label: str | None = None
    semantics: str | None = None
    """Which semantics gave ``label``: ``grounded+supported-attacks`` (stored at ingest, and by ``analyze``),
    ``grounded`` (``analyze --dung``), either ending ``/cued`` when attacks only assumed were left out."""
    rebuttals: list[ReplyInfo] = []
    created_at: datetime | None = None
    """When its post was written (UTC; ``None`` for an undated post): the time a later ``--since`` starts from."""


class TopicCount(SQLModel):
    """A topic with the number of units and threads about it."""

    id: str
    key: str
    units: int
    threads: int


class SearchHit(SQLModel):
    """A unit or post found by full-text search."""

    kind: str
    id: str
    thread: str
    thread_title: str | None
    post: str
    author: str | None
    text: str
    snippet: str
    r"""The passage around the match: the matched words between ``[`` and ``]``, the text's own brackets and
    backslashes written ``\[``, ``\]`` and ``\\`` (see :func:`argmap.store.search.marked_snippet`)."""
    score: float
    created_at: datetime | None = None
    """When its post was written (UTC; ``None`` for an undated post)."""


class MemberInfo(SQLModel):
    """One appearance of a tracked claim: where, by whom, when, how it fared and why it was merged.

    ``id`` is ``unit`` again, under the key that names a unit's id in every other answer (``unit`` kept).
    """

    unit: str
    kind: str
    text: str
    thread: str
    thread_title: str | None
    post: str
    author: str | None
    created_at: datetime | None
    similarity: float
    shared_terms: list[str] = []
    shared_phrases: list[str] = []
    reason: str = ""
    label: str | None = None
    supports: list[ReplyInfo] = []
    attacks: list[ReplyInfo] = []
    evidence: list[ReplyInfo] = []
    #: Answers left out by ``track(limit=...)``, counted by relation (``{"attack": 112}``).
    more: dict[str, int] = {}

    @computed_field  # type: ignore[prop-decorator]
    @property
    def id(self) -> str:
        """The unit's id, as ``unit`` (in --json too)."""
        return self.unit


class TrackedInfo(SQLModel):
    """A tracked claim and every appearance of it, in time order."""

    id: str | None
    text: str
    canonical_unit: str
    members: list[MemberInfo] = []
    #: how the words asked for were matched to a stored unit (``None`` when an id was given)
    found_by: str | None = None


class LabelInfo(SQLModel):
    """A stored grounded label (``id`` is ``unit`` again, under the key that names a unit's id elsewhere)."""

    unit: str
    thread: str
    label: str
    semantics: str
    reason: str
    chain: list[str] = []

    @computed_field  # type: ignore[prop-decorator]
    @property
    def id(self) -> str:
        """The labelled unit's id, as ``unit`` (in --json too)."""
        return self.unit


def source_url(kind: str | None, key: str | None, label: str | None) -> str | None:
    """A web address for an evidence source: a link's cleaned URL (its label), a DOI's or an arXiv id's
    resolver page; ``None`` for a named work or no source."""
    if kind == "url" and label and label.startswith(("https://", "http://")):
        return label
    if kind == "doi" and key and key.startswith("doi:"):
        return "https://doi.org/" + key.removeprefix("doi:")
    if kind == "arxiv" and key and key.startswith("arxiv:"):
        return "https://arxiv.org/abs/" + key.removeprefix("arxiv:")
    return None


class EvidenceItemInfo(SQLModel):
    """A stored evidence item with its source and provenance.

    ``start``/``end`` are character offsets into the text of the unit's post; ``source`` is the normalised key
    of what it points at (``url:...``, ``doi:...``, ``arxiv:...``, ``work:...``), if anything.
    """

    id: str
    unit: str
    thread: str
    kind: str
    text: str
    start: int
    end: int
    confidence: float
    model: str
    reason: str
    source: str | None = None
    source_kind: str | None = None
    source_label: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def url(self) -> str | None:
        """A web address for its source (:func:`source_url`), as the JSON export gives it."""
        return source_url(self.source_kind, self.source, self.source_label)


class CitationInfo(SQLModel):
    """One citation of a source: which unit, by whom, in which thread, backing which claim, on which side."""

    unit: str
    kind: str
    text: str
    author: str | None
    thread: str
    thread_title: str | None
    post: str
    claim: str | None = None
    side: str = "unknown"


class SourceInfo(SQLModel):
    """An evidence source with every citation of it."""

    id: str
    key: str
    kind: str
    label: str
    links: int
    threads: int
    citations: list[CitationInfo] = []
    #: What it is to a reader (:data:`argmap.nlp.evidence.SOURCE_ROLES`): ``page``, a source proper, or a link
    #: that is none (a picture, a profile, a subreddit, a discussion, a search), listed after the pages.
    role: str = "page"


class DocumentInfo(SQLModel):
    """A library document as the API returns it."""

    id: str
    key: str
    source: str
    title: str | None
    media: str
    chars: int
    passages: int
    added_at: datetime
    sha256: str = ""


class PassageInfo(SQLModel):
    """A passage of a library document."""

    id: str
    document: str
    document_title: str | None
    document_source: str
    position: int
    location: str
    text: str
    #: the document's key (``file:...``, ``url:...``, or ``stdin:...`` for one read from standard input)
    document_key: str
    #: character offsets of the passage into the document's clean text
    start: int
    end: int


class PassageHit(SQLModel):
    """A library passage linked to a unit, with its score, rank and stance."""

    unit: str
    passage: PassageInfo
    score: float
    bm25: float
    #: the link's place among the unit's links, best (highest ``score``) first, from 1
    rank: int
    stance: str
    reason: str
    #: the retrieval that linked them (``argmap.retrieval...``)
    model: str
    #: the unit's thread
    thread: str


class GraphData(SQLModel):
    """Everything stored about some threads: what exports and maps are built from.

    ``evidence_items`` and ``passage_links`` are filled only where asked for
    (:func:`argmap.store.evidence.with_evidence`): a map does not draw them.
    """

    threads: list[ThreadInfo] = []
    posts: list[PostInfo] = []
    quotes: list[QuoteInfo] = []
    units: list[UnitInfo] = []
    relations: list[RelationInfo] = []
    evidence_items: list[EvidenceItemInfo] = []
    passage_links: list[PassageHit] = []
