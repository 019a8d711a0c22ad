"""The property graph as SQLModel tables, and the read models built on the same bases.

Nodes: threads, posts, authors, units, topics, evidence sources. Edges: a post's parent, a post's quotes,
relations between units (support/attack/quote/evidence), unit-topic links, evidence links. Every node has a
stable string id (see :func:`argmap.domain.stable_id`) so that re-ingesting a thread writes the same ids, and
every edge row says which rule or model made it, how sure it is and why.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

__all__ = [
    "SCHEMA_VERSION",
    "AuthorRow",
    "CitationInfo",
    "ClaimHit",
    "DocumentInfo",
    "DocumentRow",
    "DocumentScoredRow",
    "EvidenceItemInfo",
    "EvidenceItemRow",
    "EvidenceLinkRow",
    "EvidenceSourceRow",
    "GraphData",
    "LabelInfo",
    "MemberInfo",
    "MetaRow",
    "PassageHit",
    "PassageInfo",
    "PassageLinkRow",
    "PassageRow",
    "PostInfo",
    "PostRow",
    "QuoteInfo",
    "QuoteRow",
    "RelationInfo",
    "RelationRow",
    "ReplyInfo",
    "SearchHit",
    "SourceInfo",
    "ThreadBase",
    "ThreadInfo",
    "ThreadRow",
    "TopicCount",
    "TopicRow",
    "TrackedClaimRow",
    "TrackedInfo",
    "TrackedMemberRow",
    "UnitInfo",
    "UnitLabelRow",
    "UnitRow",
    "UnitTopicRow",
]

SCHEMA_VERSION = 1
"""Raised whenever a table or column changes; a database with a higher number is refused."""


class MetaRow(SQLModel, table=True):
    """Key-value facts about the database itself, such as its schema version."""

    __tablename__ = "meta"
    key: str = Field(primary_key=True, max_length=64)
    value: str


class ThreadBase(SQLModel):
    """What is known about a thread; shared by the table and the read model."""

    key: str = Field(index=True, unique=True, max_length=512)
    format: str = Field(max_length=32)
    source: str = Field(sa_column=Column(Text, nullable=False))
    title: str | None = Field(default=None, sa_column=Column(Text))
    url: str | None = Field(default=None, sa_column=Column(Text))
    posts: int = 0
    units: int = 0
    relations: int = 0
    missing: int = 0
    ingested_at: datetime


class ThreadRow(ThreadBase, table=True):
    """A discussion thread."""

    __tablename__ = "thread"
    id: str = Field(primary_key=True, max_length=40)


class ThreadInfo(ThreadBase):
    """A thread as the API returns it."""

    id: str


class AuthorRow(SQLModel, table=True):
    """A person who wrote posts, shared across threads by name."""

    __tablename__ = "author"
    id: str = Field(primary_key=True, max_length=40)
    name: str = Field(sa_column=Column(Text, nullable=False, unique=True))


class PostRow(SQLModel, table=True):
    """A post: the thread it belongs to, the post it answers, its author and text."""

    __tablename__ = "post"
    __table_args__ = (UniqueConstraint("thread_id", "external_id"),)
    id: str = Field(primary_key=True, max_length=40)
    thread_id: str = Field(foreign_key="thread.id", index=True, max_length=40)
    external_id: str = Field(max_length=255)
    parent_id: str | None = Field(default=None, index=True, max_length=40)
    author_id: str | None = Field(default=None, foreign_key="author.id", index=True, max_length=40)
    position: int
    depth: int
    created_at: datetime | None = None
    title: str | None = Field(default=None, sa_column=Column(Text))
    url: str | None = Field(default=None, sa_column=Column(Text))
    text: str = Field(sa_column=Column(Text, nullable=False))
    raw: str = Field(sa_column=Column(Text, nullable=False))


class QuoteRow(SQLModel, table=True):
    """Words a post quotes, and where they stand in the quoted post."""

    __tablename__ = "quote"
    id: str = Field(primary_key=True, max_length=40)
    thread_id: str = Field(foreign_key="thread.id", index=True, max_length=40)
    post_id: str = Field(foreign_key="post.id", index=True, max_length=40)
    text: str = Field(sa_column=Column(Text, nullable=False))
    offset: int = 0
    source_post_id: str | None = Field(default=None, max_length=40)
    source_start: int | None = None
    source_end: int | None = None


class UnitRow(SQLModel, table=True):
    """An argument unit: a span of a post with its kind."""

    __tablename__ = "unit"
    __table_args__ = (Index("ix_unit_thread_kind", "thread_id", "kind"),)
    id: str = Field(primary_key=True, max_length=40)
    thread_id: str = Field(foreign_key="thread.id", max_length=40)
    post_id: str = Field(foreign_key="post.id", index=True, max_length=40)
    kind: str = Field(max_length=16)
    start: int
    end: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    confidence: float
    model: str = Field(max_length=64)
    reason: str = Field(sa_column=Column(Text, nullable=False))


class RelationRow(SQLModel, table=True):
    """A typed, attributed edge between two units."""

    __tablename__ = "relation"
    id: str = Field(primary_key=True, max_length=40)
    thread_id: str = Field(foreign_key="thread.id", index=True, max_length=40)
    source_id: str = Field(foreign_key="unit.id", index=True, max_length=40)
    target_id: str = Field(foreign_key="unit.id", index=True, max_length=40)
    kind: str = Field(max_length=16)
    confidence: float
    model: str = Field(max_length=64)
    reason: str = Field(sa_column=Column(Text, nullable=False))


class TopicRow(SQLModel, table=True):
    """A normalised key phrase, shared across units and threads."""

    __tablename__ = "topic"
    id: str = Field(primary_key=True, max_length=40)
    key: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    label: str = Field(sa_column=Column(Text, nullable=False))


class UnitTopicRow(SQLModel, table=True):
    """Which unit is about which topic."""

    __tablename__ = "unit_topic"
    unit_id: str = Field(foreign_key="unit.id", primary_key=True, max_length=40)
    topic_id: str = Field(foreign_key="topic.id", primary_key=True, index=True, max_length=40)
    thread_id: str = Field(foreign_key="thread.id", index=True, max_length=40)


class EvidenceSourceRow(SQLModel, table=True):
    """Something evidence points at (a normalised URL, a DOI, a paper, a document), shared across threads."""

    __tablename__ = "evidence_source"
    id: str = Field(primary_key=True, max_length=40)
    key: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    kind: str = Field(max_length=32)
    label: str = Field(sa_column=Column(Text, nullable=False))


class EvidenceLinkRow(SQLModel, table=True):
    """An evidence unit pointing at a source, with provenance."""

    __tablename__ = "evidence_link"
    id: str = Field(primary_key=True, max_length=40)
    thread_id: str = Field(foreign_key="thread.id", index=True, max_length=40)
    unit_id: str = Field(foreign_key="unit.id", index=True, max_length=40)
    source_id: str = Field(foreign_key="evidence_source.id", index=True, max_length=40)
    confidence: float
    model: str = Field(max_length=64)
    reason: str = Field(sa_column=Column(Text, nullable=False))


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


class GraphData(SQLModel):
    """Everything stored about some threads: what exports and maps are built from."""

    threads: list[ThreadInfo] = []
    posts: list[PostInfo] = []
    quotes: list[QuoteInfo] = []
    units: list[UnitInfo] = []
    relations: list[RelationInfo] = []


# Querying, claim tracking and what stands (issue 6). Rows that hang off a unit are deleted with it, so
# re-ingesting a thread (which replaces its units) needs no change to save_thread.


def _unit_fk(*, primary_key: bool = False) -> Column[str]:
    return Column(String(40), ForeignKey("unit.id", ondelete="CASCADE"), primary_key=primary_key,
                  nullable=False, index=not primary_key)


class TrackedClaimRow(SQLModel, table=True):
    """A claim followed across threads: units that state it in other words, under one canonical wording."""

    __tablename__ = "tracked_claim"
    id: str = Field(primary_key=True, max_length=40)
    canonical_unit_id: str = Field(index=True, max_length=40)
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime


class TrackedMemberRow(SQLModel, table=True):
    """A unit that states a tracked claim, with the evidence of the merge."""

    __tablename__ = "tracked_member"
    unit_id: str = Field(sa_column=_unit_fk(primary_key=True))
    claim_id: str = Field(sa_column=Column(String(40), ForeignKey("tracked_claim.id", ondelete="CASCADE"),
                                           nullable=False, index=True))
    thread_id: str = Field(foreign_key="thread.id", index=True, max_length=40)
    similarity: float
    shared_terms: str = Field(sa_column=Column(Text, nullable=False))
    shared_phrases: str = Field(sa_column=Column(Text, nullable=False))
    model: str = Field(max_length=64)
    reason: str = Field(sa_column=Column(Text, nullable=False))


class UnitLabelRow(SQLModel, table=True):
    """A unit's label under grounded semantics (in, out, undecided) and the chain of attacks that decides it."""

    __tablename__ = "unit_label"
    unit_id: str = Field(sa_column=_unit_fk(primary_key=True))
    thread_id: str = Field(foreign_key="thread.id", index=True, max_length=40)
    label: str = Field(max_length=16)
    semantics: str = Field(max_length=32)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    chain: str = Field(sa_column=Column(Text, nullable=False))


class ReplyInfo(SQLModel):
    """A unit answering another: a supporter, an attacker or evidence, with the relation's reason."""

    id: str
    relation: str
    kind: str
    text: str
    author: str | None = None
    reason: str = ""


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
    rebuttals: list[ReplyInfo] = []


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
    post: str
    author: str | None
    text: str
    snippet: str
    score: float


class MemberInfo(SQLModel):
    """One appearance of a tracked claim: where, by whom, when, how it fared and why it was merged."""

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


class TrackedInfo(SQLModel):
    """A tracked claim and every appearance of it, in time order."""

    id: str | None
    text: str
    canonical_unit: str
    members: list[MemberInfo] = []
    #: how the words asked for were matched to a stored unit (``None`` when an id was given)
    found_by: str | None = None


class LabelInfo(SQLModel):
    """A stored grounded label."""

    unit: str
    thread: str
    label: str
    semantics: str
    reason: str
    chain: list[str] = []


# Evidence (issue 4): what each unit offers as evidence, and the user's library of documents and the claims
# its passages bear on. Rows that hang off a unit are deleted with it (re-ingesting a thread replaces its units
# and so drops their passage links, which the next linking run scores again).


class EvidenceItemRow(SQLModel, table=True):
    """One piece of evidence in a unit: a link, citation, figure, experience, example or quotation."""

    __tablename__ = "evidence_item"
    id: str = Field(primary_key=True, max_length=40)
    thread_id: str = Field(foreign_key="thread.id", index=True, max_length=40)
    unit_id: str = Field(sa_column=_unit_fk())
    kind: str = Field(max_length=16)
    start: int
    end: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    source_id: str | None = Field(default=None, foreign_key="evidence_source.id", index=True, max_length=40)
    confidence: float
    model: str = Field(max_length=64)
    reason: str = Field(sa_column=Column(Text, nullable=False))


class DocumentRow(SQLModel, table=True):
    """A document of the evidence library: a file or web page a user added, as clean text."""

    __tablename__ = "document"
    id: str = Field(primary_key=True, max_length=40)
    key: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    source: str = Field(sa_column=Column(Text, nullable=False))
    title: str | None = Field(default=None, sa_column=Column(Text))
    media: str = Field(max_length=16)
    sha256: str = Field(max_length=64)
    chars: int
    passages: int
    added_at: datetime


class PassageRow(SQLModel, table=True):
    """A passage of a library document, with where it stands in it."""

    __tablename__ = "passage"
    id: str = Field(primary_key=True, max_length=40)
    document_id: str = Field(sa_column=Column(String(40), ForeignKey("document.id", ondelete="CASCADE"),
                                              nullable=False, index=True))
    position: int
    start: int
    end: int
    location: str = Field(sa_column=Column(Text, nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))


def _passage_fk(*, primary_key: bool = False) -> Column[str]:
    return Column(String(40), ForeignKey("passage.id", ondelete="CASCADE"), primary_key=primary_key,
                  nullable=False, index=not primary_key)


class PassageLinkRow(SQLModel, table=True):
    """A unit and a library passage that bears on it: retrieval score, rank and heuristic stance."""

    __tablename__ = "passage_link"
    unit_id: str = Field(sa_column=_unit_fk(primary_key=True))
    passage_id: str = Field(sa_column=_passage_fk(primary_key=True))
    thread_id: str = Field(foreign_key="thread.id", index=True, max_length=40)
    score: float
    bm25: float
    rank: int
    stance: str = Field(max_length=16)
    model: str = Field(max_length=64)
    reason: str = Field(sa_column=Column(Text, nullable=False))


class DocumentScoredRow(SQLModel, table=True):
    """That a unit was scored against a document's passages, so that linking again scores only what is new."""

    __tablename__ = "document_scored"
    unit_id: str = Field(sa_column=_unit_fk(primary_key=True))
    document_id: str = Field(sa_column=Column(String(40), ForeignKey("document.id", ondelete="CASCADE"),
                                              primary_key=True, nullable=False))


class EvidenceItemInfo(SQLModel):
    """A stored evidence item with its source."""

    unit: str
    kind: str
    text: str
    confidence: float
    reason: str
    source: str | None = None
    source_kind: str | None = None
    source_label: str | None = None


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


class PassageHit(SQLModel):
    """A library passage linked to a unit, with its score, rank and stance."""

    unit: str
    passage: PassageInfo
    score: float
    bm25: float
    rank: int
    stance: str
    reason: str
