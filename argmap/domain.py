"""Plain data that flows between the layers: what a reader yields and what extraction adds.

Readers build :class:`Thread` objects holding :class:`Post` objects; the extraction adds :class:`Unit` and
:class:`Relation` objects; the store persists all of them. Nothing here knows about files, spaCy or SQL.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

import wcwidth

from argmap.errors import InputError

__all__ = [
    "ASSUMED_STANCE",
    "ID_KINDS",
    "IMPORTED",
    "RELATION_KINDS",
    "TIME_FORMATS",
    "UNIT_KINDS",
    "EvidenceItem",
    "Extraction",
    "Note",
    "Post",
    "Quote",
    "Relation",
    "RelationKind",
    "Thread",
    "Unit",
    "UnitKind",
    "assumed_attack",
    "clip",
    "iso_time",
    "parse_time",
    "shorten",
    "stable_id",
]

UnitKind = Literal["claim", "premise", "rebuttal", "quote", "evidence", "other"]
RelationKind = Literal["support", "attack", "quote", "evidence"]
UNIT_KINDS: tuple[str, ...] = ("claim", "premise", "rebuttal", "quote", "evidence", "other")
RELATION_KINDS: tuple[str, ...] = ("support", "attack", "quote", "evidence")
IMPORTED = "import."
"""How the model of a unit or relation read from an imported map begins (``import.aif``, ``import.brat``,
``import.kialo``): an analyst made it, not argmap's extraction."""
ASSUMED_STANCE = "replies in debates mostly disagree"
"""The words every relation reason holds when no word of the answer says how it stands (no agreement, denial,
challenge or concession): the extraction then takes the answer to disagree, as most replies in debates do."""


def assumed_attack(kind: str, reason: str) -> bool:
    """Whether a relation is an attack only by default: the answer's words neither agree nor disagree.

    Maps draw these apart and ``analyze --no-assumed`` leaves them out, since in a casual thread an answer is not
    a disagreement as often as in a debate.

    Args:
        kind (str): the relation's kind.
        reason (str): its reason (:data:`ASSUMED_STANCE` in it marks the default).

    Returns:
        bool: an attack whose reason says its stance was assumed.

    Example:
        >>> assumed_attack("attack", "reply opens by answering its parent and answers without agreeing "
        ...                "(replies in debates mostly disagree)")
        True
        >>> assumed_attack("attack", "reply quotes 'x' and disagrees ('no')"), assumed_attack("support", "")
        (False, False)
    """
    return kind == "attack" and ASSUMED_STANCE in reason


ID_KINDS: dict[str, str] = {"t": "thread", "p": "post", "u": "unit", "r": "relation", "q": "quote", "a": "author",
                            "k": "topic", "c": "tracked claim", "d": "document", "g": "passage",
                            "s": "evidence source", "el": "evidence link", "ei": "evidence item"}
"""What a stable id names, by the prefix :func:`stable_id` gives it (``u-...`` a unit, ``p-...`` a post)."""


def shorten(text: object, limit: int) -> str:
    """``text`` on one line (runs of white space made one space), cut to ``limit`` characters with "...".

    The one way argmap shortens quoted words in reasons, labels and printed tables; ``None`` gives "". The cut
    falls between grapheme clusters, so that no flag is halved and no letter loses its accent or emoji its skin tone.

    Example:
        >>> shorten("Night buses   should run all year.", 20)
        'Night buses shoul...'
    """
    words = " ".join(str(text or "").split())
    return words if len(words) <= limit else clip(words, limit - 3).rstrip() + "..."


def clip(text: str, limit: int, width: Callable[[str], int] = len) -> str:
    """The start of ``text`` at most ``limit`` wide, of whole grapheme clusters (never half a flag, a letter without
    its accent or an emoji without its skin tone); ``width`` measures a cluster (characters, or e.g. the columns a
    terminal or label draws it in; ASCII text is taken as one a character).

    Example:
        >>> clip("Night buses", 5), clip("cafe\u0301s", 4)
        ('Night', 'caf')
    """
    if text.isascii():  # one character a cluster, one column a character: the common case, at a fraction of the cost
        return text[:limit]
    kept: list[str] = []
    used = 0
    for cluster in wcwidth.iter_graphemes(text):
        used += width(cluster)
        if used > limit:
            break
        kept.append(cluster)
    return "".join(kept)


def iso_time(when: datetime | None) -> str | None:
    """``when`` as every export writes a time: ISO 8601 in UTC with a ``Z``, as the JSON export (pydantic) does.

    Args:
        when (datetime | None): a time; one without a zone is taken to be UTC already.

    Returns:
        str | None: ``2024-03-01T08:00:00Z`` (microseconds kept when there are any), ``None`` for ``None``.

    Example:
        >>> from datetime import timedelta, timezone
        >>> iso_time(datetime(2024, 3, 1, 9, tzinfo=timezone(timedelta(hours=1))))
        '2024-03-01T08:00:00Z'
    """
    if when is None:
        return None
    moment = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    return moment.isoformat().removesuffix("+00:00") + "Z"


#: The forms of a time argmap reads (``--since``, ``since=``); the zoned ones are what every JSON answer prints
#: (``created_at: "2020-11-08T14:00:00Z"``), so that a time copied from one answer into the next query is taken.
#: A space for the ``T`` and seconds are taken too: ``track`` and the map show ``2020-11-08 14:00 UTC``, an AIF
#: export's ``start`` is ``2020-11-08 14:00:00`` (``UTC`` after a time is taken off: a time without a zone is UTC).
TIME_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%dT%H:%M%z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f%z")


def parse_time(value: str) -> datetime:
    """A time typed by a user, in one of :data:`TIME_FORMATS` (zoned only when a zone is given).

    Raises:
        ValueError: naming the forms a time takes as a user types them, not as ``strptime`` codes.

    Example:
        >>> parse_time("2020-11-08T14:00:00Z")
        datetime.datetime(2020, 11, 8, 14, 0, tzinfo=datetime.timezone.utc)
        >>> parse_time("yesterday")
        Traceback (most recent call last):
        ...
        ValueError: 'yesterday' is not a date or time argmap reads; give a date, 2020-11-08, a UTC time, ...
    """
    bare = value[:-4] if value.endswith(" UTC") and value[:1].isdigit() else value
    for form in TIME_FORMATS:
        try:
            return datetime.strptime(bare, form)
        except ValueError:
            continue
    raise ValueError(f"{value!r} is not a date or time argmap reads; give a date, 2020-11-08, a UTC time, "
                     "2020-11-08T14:00, or a time as --json prints it, 2020-11-08T14:00:00Z")


def stable_id(prefix: str, *parts: object) -> str:
    """A short id that is the same for the same parts on every machine and every run.

    Args:
        prefix (str): names the kind of node, e.g. ``"t"`` for threads, ``"p"`` for posts.
        *parts: what identifies the node.

    Returns:
        str: ``prefix`` + ``-`` + 16 hex digits of a SHA-256 over the parts.

    Example:
        >>> stable_id("p", "t-1", "42") == stable_id("p", "t-1", "42")
        True
    """
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8", "surrogatepass"))
    return f"{prefix}-{digest.hexdigest()[:16]}"


@dataclass(slots=True)
class Quote:
    """Words a reply quotes from an earlier post.

    Attributes:
        text (str): the quoted words as the reply gives them.
        source_post (str | None): external id of the post that holds them, when found.
        source_start (int | None): where they start in that post's ``text``.
        source_end (int | None): where they end in that post's ``text``.
        offset (int): where, in the reply's own ``text``, the words that answer the quote begin.
        edited (bool): the quoted post holds the words with a few changed (a typo mended, "[she]" put for a name),
            not as the reply gives them; a relation drawn from the quote says so in its reason.
    """

    text: str
    source_post: str | None = None
    source_start: int | None = None
    source_end: int | None = None
    offset: int = 0
    edited: bool = False


@dataclass(slots=True)
class Post:
    """One comment, message or opening post.

    Attributes:
        external_id (str): the id the source gave the post (or its position, where it gave none).
        parent (str | None): external id of the post it answers; ``None`` for the thread's root(s).
        author (str | None): the author's name as the source gives it.
        text (str): clean text, the author's own words (quoted lines removed).
        raw (str): the post as the source gave it (HTML, Markdown, ...).
        created_at (datetime | None): when it was written, in UTC.
        quotes (list[Quote]): what the post quotes from others.
        title (str | None): a title, for opening posts that have one.
        url (str | None): a link the post is about or a permalink.
        line (int | None): 1-based line of the input it came from, for messages.
        official (bool): the platform marks the post as its staff's or the forum's moderators' own (a Reddit
            post distinguished as an admin's or a moderator's, or pinned to the top of the forum): in an opening
            post, an announcement, which replies react to rather than rebut. Read from the source; not stored.
    """

    external_id: str
    parent: str | None
    author: str | None
    text: str
    raw: str = ""
    created_at: datetime | None = None
    quotes: list[Quote] = field(default_factory=list)
    title: str | None = None
    url: str | None = None
    line: int | None = None
    official: bool = False


@dataclass(slots=True)
class Note:
    """Something a reader passed over or decided on its own, counted in the ingest summary.

    Attributes:
        reason (str): a short machine-friendly reason, e.g. ``"empty-text"``, ``"more-stub"``.
        post (str | None): the post it concerns.
        detail (str): a sentence for people.
    """

    reason: str
    post: str | None = None
    detail: str = ""


@dataclass
class Thread:
    """A whole discussion as a reader recovered it.

    Attributes:
        key (str): what identifies the thread across ingests, e.g. ``"hn:26312516"``; re-ingesting a source
            with the same key updates the stored thread in place.
        format (str): the reader that produced it.
        source (str): the file name or URL it came from.
        title (str | None): the thread's title.
        url (str | None): where the thread lives online.
        posts (list[Post]): every post, parents before children.
        notes (list[Note]): what was passed over or inferred, and why.
        missing (int): comments the source announced but did not include (Reddit ``more`` stubs).
        extraction (Extraction | None): units and relations given by the source itself (curated maps such as
            AIF or Kialo); when set, ingest stores them as they are instead of running the extraction.
        opening_key (bool): the key comes from the opening post's words alone (a pasted text, JSON Lines without
            a ``thread`` field), or names no more than a topic's number (a Discourse topic file that does not tell
            its forum), so another thread has it too; ingest then gives that thread a key of its own
            (:func:`argmap.store.repository.own_key`).
    """

    key: str
    format: str
    source: str
    title: str | None = None
    url: str | None = None
    posts: list[Post] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    missing: int = 0
    extraction: Extraction | None = None
    opening_key: bool = False

    @property
    def id(self) -> str:
        """The thread's stable id, derived from its key."""
        return stable_id("t", self.key)

    def post_id(self, external_id: str) -> str:
        """The stable id of the post with ``external_id`` in this thread."""
        return stable_id("p", self.key, external_id)

    def check(self) -> None:
        """Refuse a thread no reader makes: one built by hand in Python, whose faults would otherwise come out
        as relations from a unit to itself or an error deep inside the extraction. The readers repair these
        faults in a file and note them (a repeated id, a parent cycle, a parent that is not there).

        Raises:
            InputError: naming the post and the fix: a post id or text that is no string, an empty id, an id
                given twice, a parent that is no earlier post of the thread (itself, a later post: a cycle, or
                none of them), an author that is neither a string nor ``None``.

        Example:
            >>> Thread("k", "python", "notebook", posts=[Post("1", None, "ann", "Buses should be free."),
            ...                                          Post("2", "2", "ben", "No.")]).check()
            Traceback (most recent call last):
            ...
            argmap.errors.InputError: notebook, post '2': its parent '2' is no earlier post of the thread
              fix: ...
        """
        seen: set[str] = set()
        for post in self.posts:
            name: object = post.external_id
            problem = (f"a post id is {type(name).__name__} ({name!r}), not a string" if not isinstance(name, str)
                       else "a post has an empty id" if not name.strip()
                       else "its id is given to an earlier post too" if name in seen
                       else f"its text is {type(post.text).__name__}, not a string" if not isinstance(post.text, str)
                       else f"its author is {type(post.author).__name__}, not a string or None"
                       if post.author is not None and not isinstance(post.author, str)
                       else f"its parent {post.parent!r} is no earlier post of the thread"
                       if post.parent is not None and post.parent not in seen else None)
            if problem is not None:
                raise InputError(self.source, problem, post=name if isinstance(name, str) and name.strip() else None,
                                 fix="give each post a unique string id, string text, and a parent listed before "
                                     "it (None for the opening post), or read the thread with read_thread(), "
                                     "which repairs such faults and notes them")
            seen.add(post.external_id)

    def post_depths(self) -> dict[str, int]:
        """How deep each post sits in the reply tree, by external id: 0 for a root, its parent's depth + 1 for a
        reply (a parent that is not in the thread counts as a root's)."""
        depth: dict[str, int] = {}
        for post in self.posts:
            depth[post.external_id] = depth.get(post.parent, -1) + 1 if post.parent else 0
        return depth


@dataclass(frozen=True)
class EvidenceItem:
    """Evidence a unit offers for what it argues: a link, a citation, a figure, an experience, an example or a
    quotation of an outside source.

    Attributes:
        kind (str): ``link``, ``citation``, ``statistic``, ``experience``, ``example`` or ``quotation``.
        start (int): character offset of the evidence words into the unit's ``text``.
        end (int): end offset (exclusive).
        text (str): the evidence words, e.g. ``"5x productivity boost"``.
        source_key (str | None): the normalised key of what it points at (``url:example.com/a``, ``doi:10.1/x``,
            ``arxiv:2401.00001``, ``work:smith 2019``); ``None`` for evidence without an outside source.
        source_kind (str | None): ``url``, ``doi``, ``arxiv`` or ``work``.
        source_label (str | None): the source as people read it (a cleaned URL, a DOI, a name).
        domain (str | None): a URL's host without ``www.``.
        confidence (float): 0..1.
        reason (str): which rule found it, in words.
    """

    kind: str
    start: int
    end: int
    text: str
    source_key: str | None = None
    source_kind: str | None = None
    source_label: str | None = None
    domain: str | None = None
    confidence: float = 0.7
    reason: str = ""


@dataclass(slots=True)
class Unit:
    """An argument unit found in a post.

    Attributes:
        post (str): external id of the post.
        kind (str): one of :data:`UNIT_KINDS`.
        start (int): character offset into the post's ``text``.
        end (int): end offset (exclusive).
        text (str): ``post.text[start:end]``.
        confidence (float): 0..1.
        source (str): the rule or model that made it, e.g. ``"argmap.units.v10"``
            (:data:`argmap.nlp.components.UNITS_MODEL`).
        reason (str): why, in words.
        topics (list[str]): normalised key phrases.
        evidence (list[EvidenceItem]): the evidence the unit offers (see :mod:`argmap.nlp.evidence`).
    """

    post: str
    kind: str
    start: int
    end: int
    text: str
    confidence: float = 1.0
    source: str = ""
    reason: str = ""
    topics: list[str] = field(default_factory=list)
    evidence: list[EvidenceItem] = field(default_factory=list)

    def id(self, thread_key: str) -> str:
        """The unit's stable id inside the thread with ``thread_key``."""
        return stable_id("u", thread_key, self.post, self.start, self.end)


@dataclass(slots=True)
class Relation:
    """A typed edge between two units.

    Attributes:
        source (int): index of the source unit in :attr:`Extraction.units`.
        target (int): index of the target unit.
        kind (str): one of :data:`RELATION_KINDS`.
        confidence (float): 0..1; higher for relations more often right (see ``argmap eval``'s confidence AUC).
            1.0 when not given, as a :class:`Unit`'s.
        model (str): the rule or model that made it, e.g. ``argmap.relations.v22/quote`` (see
            :data:`argmap.nlp.relations.RULES`), ``argmap.evidence.v2`` or ``import.aif``.
        reason (str): a short sentence a person can audit.

    Example:
        Predictions made by hand, to score with :func:`argmap.evaluate.score`, need only the ends and the kind,
        as a :class:`Unit` needs only its place and kind:

        >>> Relation(1, 0, "support")
        Relation(source=1, target=0, kind='support', confidence=1.0, model='', reason='')
    """

    source: int
    target: int
    kind: str
    confidence: float = 1.0
    model: str = ""
    reason: str = ""

    def id(self, unit_ids: Sequence[str]) -> str:
        """The relation's stable id, from its ends' unit ids (``unit_ids[i]`` the id of unit ``i``) and its kind."""
        return stable_id("r", unit_ids[self.source], unit_ids[self.target], self.kind)


@dataclass
class Extraction:
    """What the NLP found in one thread."""

    units: list[Unit] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
