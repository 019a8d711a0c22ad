"""The property graph as SQLModel tables (what the API returns is in :mod:`argmap.store.models`).

Nodes: threads, posts, authors, units, topics, evidence sources. Edges: a post's parent, a post's quotes,
relations between units (support/attack/quote/evidence), unit-topic links, evidence links. Every node has a
stable string id (see :func:`argmap.domain.stable_id`) so that re-ingesting a thread writes the same ids, and
every edge row says which rule or model made it, how sure it is and why.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlmodel import Field, SQLModel

__all__ = [
    "SCHEMA_VERSION",
    "AuthorRow",
    "DocumentRow",
    "DocumentScoredRow",
    "EvidenceItemRow",
    "EvidenceLinkRow",
    "EvidenceSourceRow",
    "MetaRow",
    "PassageLinkRow",
    "PassageRow",
    "PostRow",
    "QuoteRow",
    "RelationRow",
    "ThreadBase",
    "ThreadRow",
    "TopicRow",
    "TrackedClaimRow",
    "TrackedMemberRow",
    "UnitLabelRow",
    "UnitRow",
    "UnitTopicRow",
]

SCHEMA_VERSION = 2
"""Raised whenever a table or column changes, with a step in :mod:`argmap.store.migrations` that brings a
database of the number before up to it; a database with a higher number is refused.

1. The first schema.
2. ``post.official``: the platform marks the post as its staff's or the forum's moderators' own.
"""


class _Made(SQLModel):
    """Which rule or model made a row, and why, in words a person can audit."""

    model: str = Field(max_length=64)
    reason: str = Field(sa_type=Text)


class _Extracted(_Made):
    """A row made by extraction: its maker, its reason and how sure the maker is."""

    confidence: float


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
    # Added in schema 2; the server default fills the posts of a database upgraded from schema 1.
    official: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default=false()))


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


class UnitRow(_Extracted, table=True):
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


class RelationRow(_Extracted, table=True):
    """A typed, attributed edge between two units."""

    __tablename__ = "relation"
    id: str = Field(primary_key=True, max_length=40)
    thread_id: str = Field(foreign_key="thread.id", index=True, max_length=40)
    source_id: str = Field(foreign_key="unit.id", index=True, max_length=40)
    target_id: str = Field(foreign_key="unit.id", index=True, max_length=40)
    kind: str = Field(max_length=16)


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


class EvidenceLinkRow(_Extracted, table=True):
    """An evidence unit pointing at a source, with provenance."""

    __tablename__ = "evidence_link"
    id: str = Field(primary_key=True, max_length=40)
    thread_id: str = Field(foreign_key="thread.id", index=True, max_length=40)
    unit_id: str = Field(foreign_key="unit.id", index=True, max_length=40)
    source_id: str = Field(foreign_key="evidence_source.id", index=True, max_length=40)


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


class TrackedMemberRow(_Made, table=True):
    """A unit that states a tracked claim, with the evidence of the merge."""

    __tablename__ = "tracked_member"
    unit_id: str = Field(sa_column=_unit_fk(primary_key=True))
    claim_id: str = Field(sa_column=Column(String(40), ForeignKey("tracked_claim.id", ondelete="CASCADE"),
                                           nullable=False, index=True))
    thread_id: str = Field(foreign_key="thread.id", index=True, max_length=40)
    similarity: float
    shared_terms: str = Field(sa_column=Column(Text, nullable=False))
    shared_phrases: str = Field(sa_column=Column(Text, nullable=False))


class UnitLabelRow(SQLModel, table=True):
    """A unit's label under grounded semantics (in, out, undecided) and the chain of attacks that decides it."""

    __tablename__ = "unit_label"
    unit_id: str = Field(sa_column=_unit_fk(primary_key=True))
    thread_id: str = Field(foreign_key="thread.id", index=True, max_length=40)
    label: str = Field(max_length=16)
    semantics: str = Field(max_length=32)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    chain: str = Field(sa_column=Column(Text, nullable=False))


# Evidence (issue 4): what each unit offers as evidence, and the user's library of documents and the claims
# its passages bear on. Rows that hang off a unit are deleted with it; re-ingesting a thread replaces its units,
# and the passage links and scored pairs of those the new version keeps (same id, kind and words) are written
# again with them (repository.save_thread), so only new or changed claims are scored by the next linking run.


class EvidenceItemRow(_Extracted, table=True):
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


class PassageLinkRow(_Made, table=True):
    """A unit and a library passage that bears on it: retrieval score, rank and heuristic stance."""

    __tablename__ = "passage_link"
    unit_id: str = Field(sa_column=_unit_fk(primary_key=True))
    passage_id: str = Field(sa_column=_passage_fk(primary_key=True))
    thread_id: str = Field(foreign_key="thread.id", index=True, max_length=40)
    score: float
    bm25: float
    rank: int
    stance: str = Field(max_length=16)


class DocumentScoredRow(SQLModel, table=True):
    """That a unit was scored against a document's passages, so that linking again scores only what is new."""

    __tablename__ = "document_scored"
    unit_id: str = Field(sa_column=_unit_fk(primary_key=True))
    document_id: str = Field(sa_column=Column(String(40), ForeignKey("document.id", ondelete="CASCADE"),
                                              primary_key=True, nullable=False))


