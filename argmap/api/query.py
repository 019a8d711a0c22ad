"""Querying what is stored: claims by topic, topics, full-text search, a claim's tree, tracked claims, analysis.

Every function opens the configured database, runs index-backed queries and returns typed objects, so a
notebook gets what the CLI prints::

    from argmap import Settings, claims, analyze
    for hit in claims("open source", settings=Settings(db="debates.db")):
        print(hit.text, hit.attacks, hit.label)
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

import networkx as nx
from sqlalchemy.engine import Engine

from argmap.api._args import Moment, check_count, check_text, check_topic_words, moment
from argmap.api._linking import label_rows
from argmap.api._store import opened, thread_ids
from argmap.api._units import id_kind, id_written, resolve, resolve_claim
from argmap.api.authors import stored_spellings
from argmap.config import DEFAULT_DEPTH, DEFAULT_LIMIT, LABELS, Settings
from argmap.domain import shorten
from argmap.errors import NotFound, QueryError
from argmap.graph.argumentation import Analysis, analyse
from argmap.graph.build import build_graph
from argmap.graph.tracking import TRACKED_KINDS, compare, signature
from argmap.store import queries, repository, tracked
from argmap.store import search as text_search
from argmap.store.models import (
    ClaimHit,
    LabelInfo,
    MemberInfo,
    QuoteInfo,
    ReplyInfo,
    SearchHit,
    TopicCount,
    TrackedInfo,
)
from argmap.store.terms import MAX_SEARCH_WORDS, STOP_WORDS, claim_words, fts_words, search_words, terms_of
from argmap.store.terms import words as text_words

__all__ = [
    "DEFAULT_DEPTH",
    "DEFAULT_LIMIT",
    "LABELS",
    "ClaimTree",
    "SearchResults",
    "TopicReport",
    "TreeNode",
    "analyze",
    "claims",
    "search",
    "show",
    "topics",
    "track",
]

KINDS = ("claim", "premise")
MIN_TOPIC_ASSOCIATION = 0.05
"""Least share of their units (shared units / sqrt(units of one * units of the other)) two topics have in common to
be related in :func:`topics`' groups."""


@dataclass
class TopicReport:
    """The topics of a thread or of the whole database.

    Attributes:
        topics (list[TopicCount]): the most frequent topics, with unit and thread counts.
        groups (list[list[str]]): related topics: communities of the graph in which two topics are joined
            when they are topics of the same unit; largest group first.
        untagged (int): when no unit has a topic, how many units the thread (or the database) holds all the
            same (a map imported from AIF, Kialo or brat with ``extract=False``, or with no spaCy pipeline
            installed, is stored without topics); else 0.
        more (int): the topics the limit left out.
    """

    topics: list[TopicCount] = field(default_factory=list)
    groups: list[list[str]] = field(default_factory=list)
    untagged: int = 0
    more: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The topics and groups as ``argmap topics --json`` prints them, and how many topics the limit left out."""
        return {"topics": [t.model_dump(mode="json") for t in self.topics], "groups": self.groups, "more": self.more}


@dataclass
class TreeNode:
    """A unit in a claim's tree, and how it relates to its parent in the tree.

    Attributes:
        id (str): the unit id.
        kind (str): its kind.
        text (str): its words.
        author (str | None): who wrote it.
        relation (str | None): ``support``, ``attack`` or ``evidence`` towards the parent; ``None`` at the root.
        reason (str): why the relation was drawn.
        confidence (float | None): the relation's confidence; ``None`` at the root.
        model (str | None): the rule that drew the relation (``argmap.relations.v22/quote``); ``None`` at the root.
        label (str | None): its grounded label.
        children (list[TreeNode]): the units answering it, supporters first.
        more (dict[str, int]): answers left out by ``show(limit=...)``, counted by relation (``{"attack": 190}``).
        relation_id (str | None): the relation's own id (as the exports give it); ``None`` at the root.
        post (str | None): the post that holds the unit, as ``track`` gives each appearance's.
        assumed (bool): the relation to its parent is an attack only assumed (no word of the answer agrees or
            disagrees: :func:`argmap.domain.assumed_attack`); ``False`` at the root.
        repeated (bool): the unit is in the tree already (an answer to two units of it, or a cycle back to a unit
            above): its answers are under its first place, not again here.
    """

    id: str
    kind: str
    text: str
    author: str | None
    relation: str | None = None
    reason: str = ""
    label: str | None = None
    confidence: float | None = None
    model: str | None = None
    children: list[TreeNode] = field(default_factory=list)
    more: dict[str, int] = field(default_factory=dict)
    relation_id: str | None = None
    post: str | None = None
    assumed: bool = False
    repeated: bool = False


@dataclass
class ClaimTree:
    """A claim with everything around it.

    Attributes:
        root (TreeNode): the claim; its children support, attack or give evidence, recursively.
        thread (str): the thread id.
        thread_title (str | None): its title.
        unit_reason (str): why the unit has its kind.
        quotes (list[QuoteInfo]): replies quoting its words.
        label (LabelInfo | None): its stored grounded label with the deciding chain.
        tracked (str | None): the tracked claim it belongs to.
        truncated (bool): the depth limit cut some branches.
    """

    root: TreeNode
    thread: str
    thread_title: str | None
    unit_reason: str
    quotes: list[QuoteInfo] = field(default_factory=list)
    label: LabelInfo | None = None
    tracked: str | None = None
    truncated: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The tree as ``argmap show --json`` prints it: plain values all through, ready for ``json.dumps``.

        Built level by level, not by ``dataclasses.asdict``, which recursed once a level: a reply chain shown
        330 levels deep ended in a RecursionError.
        """
        names = [f.name for f in fields(TreeNode) if f.name != "children"]
        root: dict[str, Any] = {}
        stack: list[tuple[TreeNode, dict[str, Any]]] = [(self.root, root)]
        while stack:
            node, made = stack.pop()
            made.update({name: getattr(node, name) for name in names}, more=dict(node.more), children=[])
            for child in node.children:
                made["children"].append({})
                stack.append((child, made["children"][-1]))
        return {"root": root, "thread": self.thread, "thread_title": self.thread_title, "unit_reason": self.unit_reason,
                "quotes": [q.model_dump(mode="json") for q in self.quotes],
                "label": self.label.model_dump(mode="json") if self.label else None, "tracked": self.tracked,
                "truncated": self.truncated}


class SearchResults(list[SearchHit]):
    """What :func:`search` found, units first, then posts, each best first: a list of hits that also says which
    words were searched for, since a search leaves some out ("nothing like this" searches for "nothing" alone).

    Attributes:
        terms (list[str]): the words searched for; every hit holds each of them (or a form of it).
        ignored (list[str]): the words of the query left out, as typed: stop words ("like", "this"), a contraction
            ("don't"), and the words after the first :data:`~argmap.store.terms.MAX_SEARCH_WORDS` searched.
        id_given (str | None): the id, in the case ids are stored in, when the query was one and found nothing (a
            search looks for words, not ids; :attr:`note` names the command that takes it).
    """

    def __init__(self, hits: Iterable[SearchHit] = (), *, terms: Iterable[str] = (),
                 ignored: Iterable[str] = (), id_given: str | None = None) -> None:
        super().__init__(hits)
        self.terms: list[str] = list(terms)
        self.ignored: list[str] = list(ignored)
        self.id_given = id_given

    def __repr__(self) -> str:
        """The hits with the words searched for and left out: a notebook showed an empty search as ``[]``, not
        saying that only some of its words were looked for.

        Example:
            >>> SearchResults(terms=["nothing"], ignored=["like", "this"])
            SearchResults([], terms=['nothing'], ignored=['like', 'this'])
        """
        return f"SearchResults({list.__repr__(self)}, terms={self.terms!r}, ignored={self.ignored!r})"

    @property
    def note(self) -> str | None:
        """What the search left out, in words, for a reader of its hits; ``None`` when it searched every word.

        Example:
            >>> SearchResults(terms=["nothing"], ignored=["like", "this"]).note
            "searched for 'nothing' only: 'like', 'this' left out (a search leaves out stop words)"
            >>> SearchResults(terms=["u", "94d3"], id_given="u-94d3").note
            "'u-94d3' is a unit id, and a search looks for words; see the unit with: argmap show u-94d3"
        """
        if self.id_given is not None:
            kind = id_kind(self.id_given)
            command = {"unit": "see the unit with: argmap show", "tracked claim": "follow it with: argmap track"}
            fix = f"{command[kind]} {self.id_given}" if kind in command else "search for words of its text"
            article = "an" if str(kind)[:1] in "aeio" else "a"
            return f"{self.id_given!r} is {article} {kind} id, and a search looks for words; {fix}"
        if not self.ignored:
            return None
        stop = [w for w in self.ignored if not fts_words(w)]
        past = [w for w in self.ignored if fts_words(w)]  # searchable, but after the first MAX_SEARCH_WORDS
        why = [f"{_quoted(stop)} left out (a search leaves out stop words)"] if stop else []
        why += [f"{_quoted(past)} left out (a search looks for its first {MAX_SEARCH_WORDS} words)"] if past else []
        return f"searched for {_quoted(self.terms)} only: {'; '.join(why)}"


def _quoted(words: list[str], most: int = 8) -> str:
    """``'a', 'b', 'c'``, at most ``most`` of ``words`` and ``...`` for the others."""
    return ", ".join(repr(w) for w in words[:most]) + (", ..." if len(words) > most else "")


def claims(
    topic: str | None,
    *,
    settings: Settings | None = None,
    thread: str | None = None,
    kind: str | None = None,
    attacked: bool = False,
    unanswered: bool = False,
    label: str | None = None,
    author: str | None = None,
    limit: int = DEFAULT_LIMIT,
    since: Moment = None,
    answered_since: Moment = None,
) -> list[ClaimHit]:
    """Claims (and premises) on a topic, ranked by relevance, then by how much discussion they drew.

    The topic is normalised like stored key phrases (lower case, hyphens as spaces, plurals made singular) and
    matched on the topic key index, fuzzily: ``"open source"`` finds units about ``open source model``. With
    no topic, the claims of one thread or author, or of every thread since a time (posted, or answered, since
    then; one or more of these must be given), most discussed first.

    Args:
        topic (str | None): words, e.g. ``"open source"``; ``None`` for claims on any topic.
        settings (Settings | None): which database.
        thread (str | None): one thread (id, key or title prefix).
        kind (str | None): ``claim`` or ``premise``; both when ``None``.
        attacked (bool): only attacked units.
        unanswered (bool): only units no other post answers.
        label (str | None): only units with this grounded label (``in``, ``out``, ``undecided``).
        author (str | None): only units by this author.
        limit (int): at most this many.
        since (datetime | str | None): only units of posts written at this time or later (UTC when it has no
            zone); a string as ``--since`` takes it (``"2020-11-08"``, ``"2020-11-08T14:00:00Z"``).
        answered_since (datetime | str | None): only units that another post written at this time or later supports or
            attacks, however old they are: what was argued over since a moderator last looked.

    Returns:
        list[ClaimHit]: each with its author, thread, counts of supports, attacks and evidence, and rebuttals.

    Raises:
        QueryError: an empty topic, thread or author, a topic of stop words only ("of the"), no topic with no
            thread, author, since or answered_since, unanswered with attacked or answered_since, an unknown kind
            or label, a limit below 1, a time that is none.
        NotFound: an unknown thread.

    Example:
        >>> from argmap import Settings, claims
        >>> hits = claims("open source", settings=Settings(db="argmap.db"))  # doctest: +SKIP
        >>> [(hit.text[:30], hit.attacks) for hit in hits][:1]  # doctest: +SKIP
        [("Open source models don't need ", 5)]
    """
    for name, value in (("topic", topic), ("thread", thread), ("kind", kind), ("label", label), ("author", author)):
        check_text(name, value)
    kind, label = (kind.lower() if kind else kind), (label.lower() if label else label)  # "OUT" is out
    since, answered_since = moment(since, "since"), moment(answered_since, "answered_since")
    if kind is not None and kind not in KINDS:
        raise QueryError(f"no unit kind {kind!r}; use --kind claim or --kind premise")
    if label is not None and label not in LABELS:
        raise QueryError(f"no label {label!r}; use one of: {', '.join(LABELS)}")
    limit = check_count("limit", limit)
    if topic is not None and not topic.strip():
        raise QueryError("the topic is empty; give some words, e.g. --topic 'open source'")
    check_topic_words(topic)
    # Without any of them every unit of every thread would be ranked; since a time, what is new is (0.05-0.1 s
    # over the 19,400 units of 8 4forums and 2 Hacker News threads).
    if topic is None and thread is None and author is None and since is None and answered_since is None:
        raise QueryError("no topic, thread, author or time to find claims by: give --topic WORDS, --thread ID, "
                         "--author NAME, --since DATE or --answered-since DATE (list the topics with: argmap topics)")
    if unanswered and attacked:  # nothing is both: an empty answer would look like a quiet database
        raise QueryError("--attacked and --unanswered contradict each other (an attacked claim has been answered); "
                         "use just one of them")
    if unanswered and answered_since is not None:
        raise QueryError("--unanswered and --answered-since contradict each other (an answered claim has been "
                         "answered); use just one of them")
    _check_author(author)
    with opened(settings) as engine:
        ids = thread_ids(engine, thread)
        matches = None if topic is None else text_search.match_topics(engine, topic)
        # The stored names of that author in any case, as the names compare everywhere (SQLite's lower() knows no
        # letter outside ASCII: "JOSÉ" found nothing by "José", nor "STRASSE" by "Straße").
        authors = None if author is None else stored_spellings(engine, author)
        return queries.find_claims(engine, matches, thread_ids=ids, kinds=(kind,) if kind else KINDS,
                                   attacked=attacked, unanswered=unanswered, label=label, authors=authors,
                                   limit=limit, since=since, answered_since=answered_since)


def topics(*, settings: Settings | None = None, thread: str | None = None, limit: int = 30) -> TopicReport:
    """The most frequent topics of a thread (or of every thread) and groups of related topics.

    Args:
        settings (Settings | None): which database.
        thread (str | None): one thread (id, key or title prefix); all threads when ``None``.
        limit (int): how many topics to count and group.

    Returns:
        TopicReport: topics with counts, and groups from the co-occurrence graph (greedy modularity
        communities of the topics that share at least :data:`MIN_TOPIC_ASSOCIATION` of their units; the others
        stay out of the groups).

    Raises:
        QueryError: a limit below 1, an empty thread.
        NotFound: an unknown thread.

    Example:
        >>> from argmap import Settings, topics
        >>> [(t.key, t.units) for t in topics(settings=Settings(db="argmap.db"), limit=2).topics]  # doctest: +SKIP
        [('ai', 9), ('agency', 4)]
    """
    limit = check_count("limit", limit)
    with opened(settings) as engine:
        ids = thread_ids(engine, thread)
        counts = queries.topic_counts(engine, ids, limit=limit)
        pairs = queries.topic_pairs(engine, [t.id for t in counts], ids)
        # No topic is no proof of no units: say how many, so the CLI can tell a map stored without topics apart.
        untagged = 0 if counts else sum(t.units for t in repository.list_threads(engine) if ids is None or t.id in ids)
        more = queries.topic_total(engine, ids) - len(counts) if len(counts) == limit else 0
    key, units = {t.id: t.key for t in counts}, {t.id: t.units for t in counts}
    graph = nx.Graph()
    # Two topics are related by how much of their units they share (n / sqrt(units a * units b)), not by how many:
    # weighed by the count, a word of every thread ("year", "guy", "word") joined each group it once met, and the
    # 19 shared threads' 100 topics were four groups, "codex" and "poll" in one.
    shares = ((key[a], key[b], n / math.sqrt(units[a] * units[b])) for a, b, n in pairs)
    graph.add_weighted_edges_from(edge for edge in shares if edge[2] >= MIN_TOPIC_ASSOCIATION)
    groups: list[list[str]] = []
    if graph.number_of_edges():
        communities = nx.community.greedy_modularity_communities(graph, weight="weight")
        groups = sorted((sorted(c) for c in communities if len(c) > 1), key=lambda g: (-len(g), g))
    return TopicReport(counts, groups, untagged, more)


def _check_author(author: str | None) -> None:
    """Refuse an empty author, as an empty thread is refused: an unset shell variable names no one."""
    check_text("author", author)
    if author is not None and not author.strip():
        raise QueryError("--author '' names no one (an unset shell variable?): give an author's name, or leave "
                         "--author out for everyone")


def search(text: str, *, settings: Settings | None = None, limit: int = DEFAULT_LIMIT, units: bool = True,
           posts: bool = True, thread: str | None = None, author: str | None = None,
           since: Moment = None) -> SearchResults:
    """Full-text search over units and posts, with the database's own index (SQLite FTS5, PostgreSQL tsvector).

    Stop words are left out of the query, and so are the words after the first
    :data:`~argmap.store.terms.MAX_SEARCH_WORDS`: the result says which words were searched for and which were
    left out (``terms``, ``ignored`` and ``note``), since "nothing like this" searches for "nothing" alone.

    Args:
        text (str): words that must all occur (stems match: "models" finds "model"); words in double quotes must
            occur together and in order (``'"open source" models'``), and "C++" or "C#" as they are.
        settings (Settings | None): which database.
        limit (int): at most this many units and this many posts.
        units (bool): search units.
        posts (bool): search posts.
        thread (str | None): one thread (id, key or title prefix); every thread when ``None``.
        author (str | None): only units and posts by this author (case-insensitive).
        since (datetime | str | None): only units and posts of posts written at this time or later (UTC when it
            has no zone); a string as ``--since`` takes it.

    Returns:
        SearchResults: units, then posts, best first, each with a snippet and its thread's title; a list, which
        also names the words searched for and those left out.

    Raises:
        QueryError: no searchable word in ``text`` (stop words or punctuation only: "of the", "???"), naming the
            words left out; a limit below 1, an empty thread or author, ``units`` and ``posts`` both off, a time
            that is none.
        NotFound: an unknown thread.

    Example:
        >>> from argmap import Settings, search
        >>> hits = search("hardware", settings=Settings(db="argmap.db"), posts=False)  # doctest: +SKIP
        >>> [(hit.kind, hit.text[:30]) for hit in hits]  # doctest: +SKIP
        [('unit', 'Practically speaking, hardware')]
        >>> search("nothing like this", settings=Settings(db="argmap.db")).note  # doctest: +SKIP
        "searched for 'nothing' only: 'like', 'this' left out (a search leaves out stop words)"
    """
    limit = check_count("limit", limit)
    if not units and not posts:
        raise QueryError("units=False and posts=False (--no-units --no-posts) leave nothing to search; drop one")
    since = moment(since, "since")
    check_text("text", text, optional=False)
    terms, ignored = search_words(text)
    if not terms:
        what = (f"a search leaves out stop words ({_quoted(ignored)})" if ignored else
                "it holds no word, no letter or digit")
        raise QueryError(f"nothing to search for in {shorten(text, 80)!r}: {what}; give the words you look for, "
                         "e.g. argmap search 'open source'")
    _check_author(author)
    with opened(settings) as engine:
        ids = thread_ids(engine, thread)
        authors = None if author is None else stored_spellings(engine, author)  # as claims finds them
        hits = text_search.search_text(engine, text, limit=limit, units=units, posts=posts, thread_ids=ids,
                                       authors=authors, since=since)
    # An id has digits: "a-bad", "d-face" are words that only look like one.
    given = id_written(text) if not hits and id_kind(text) is not None and any(map(str.isdigit, text)) else None
    return SearchResults(hits, terms=terms, ignored=ignored, id_given=given)


def _answers_kept(replies: list[ReplyInfo], limit: int | None) -> tuple[list[ReplyInfo], dict[str, int]]:
    """At most ``limit`` of a unit's answers, taken in turn from each relation so that both sides stay in sight.

    A claim attacked 200 times and supported 30 times keeps 10 of each at a limit of 20 (each relation's most
    confident), not the 20 supports that come first; the answers left out are counted by relation. A unit that
    supports and gives evidence (evidence runs along a support) is an answer of each: kept once, the evidence it
    gives was never shown.
    """
    order = {"support": 0, "evidence": 1, "attack": 2}
    ordered: list[ReplyInfo] = []
    ids: set[tuple[str, str]] = set()
    for reply in sorted(replies, key=lambda r: order.get(r.relation, 3)):  # a unit once in each relation
        if (reply.id, reply.relation) not in ids:
            ids.add((reply.id, reply.relation))
            ordered.append(reply)
    if limit is None or len(ordered) <= limit:
        return ordered, {}
    by_relation: dict[str, list[ReplyInfo]] = {}
    for reply in ordered:
        by_relation.setdefault(reply.relation, []).append(reply)
    kept: list[ReplyInfo] = []
    turn = 0
    while len(kept) < limit:
        kept.extend(group[turn] for group in by_relation.values() if turn < len(group))
        turn += 1
    chosen = {(r.id, r.relation) for r in kept[:limit]}
    more: dict[str, int] = {}
    for reply in ordered:
        if (reply.id, reply.relation) not in chosen:
            more[reply.relation] = more.get(reply.relation, 0) + 1
    return [r for r in ordered if (r.id, r.relation) in chosen], more


def show(ref: str, *, settings: Settings | None = None, depth: int = DEFAULT_DEPTH,
         limit: int | None = None) -> ClaimTree:
    """A claim with everything around it: supporters, attackers (recursively), evidence, quotes, its label.

    Args:
        ref (str): a unit id (or a prefix only one unit id has).
        settings (Settings | None): which database.
        depth (int): how many levels of replies to follow.
        limit (int | None): at most this many answers under each unit, taken in turn from supports, evidence and
            attacks (each node's ``more`` counts the rest); every answer when ``None``.

    Returns:
        ClaimTree: the tree; a unit met again (an answer to two units of it, or a cycle back to a unit above) is
        listed again as ``repeated``, its answers under its first place only.

    Raises:
        NotFound: no such unit (the message names an id of another kind, such as a post's, and the fix).
        QueryError: no unit id (an empty one, or none), a depth below 0 or a limit below 1.

    Example:
        >>> from argmap import Settings, claims, show
        >>> hit = claims("open source", settings=Settings(db="argmap.db"))[0]  # doctest: +SKIP
        >>> tree = show(hit.id, settings=Settings(db="argmap.db"), depth=1)  # doctest: +SKIP
        >>> tree.root.text[:30], len(tree.root.children)  # doctest: +SKIP
        ("Open source models don't need ", 6)
    """
    if not isinstance(ref, str):  # show(None) failed deep inside, on .strip()
        raise QueryError(f"show({ref!r}): give a unit id (or a start only one unit id has), e.g. from claims()")
    if not ref.strip():  # as render --claim '' says it
        raise QueryError("no unit id given; find unit ids with: argmap search WORDS or argmap claims --topic WORDS")
    depth = check_count("depth", depth, 0)
    limit = None if limit is None else check_count("limit", limit)
    with opened(settings) as engine:
        unit_id = resolve(engine, ref, command="show")
        info = queries.units_by_id(engine, [unit_id])[unit_id]
        unit, author, title, _ = info
        labels = queries.labels_for(engine, [unit_id])
        root = TreeNode(unit.id, unit.kind, unit.text, author, label=labels[unit_id].label if unit_id in labels
                        else None, post=unit.post)
        seen = {unit_id}
        frontier = [root]
        truncated = False
        for level in range(depth + 1):
            replies = queries.replies_to(engine, [n.id for n in frontier])
            if level == depth:
                truncated = any(r.id not in seen for rs in replies.values() for r in rs)
                break
            nxt: list[TreeNode] = []
            for node in frontier:
                # Every answer is listed; one already in the tree (it answers two units of it, or a cycle leads
                # back to a unit above) is marked and not followed again. Left out, a unit attacked by it looked
                # unanswered, and nothing said so.
                kept, node.more = _answers_kept(replies.get(node.id, []), limit)
                for reply in kept:
                    again = reply.id in seen
                    seen.add(reply.id)
                    child = TreeNode(reply.id, reply.kind, reply.text, reply.author, reply.relation, reply.reason,
                                     reply.label, confidence=reply.confidence, model=reply.model,
                                     relation_id=reply.relation_id, post=reply.post, assumed=reply.assumed,
                                     repeated=again)
                    node.children.append(child)
                    if not again:
                        nxt.append(child)
            frontier = nxt
            if not frontier:
                break
        membership = tracked.membership(engine, [unit_id])
        return ClaimTree(root=root, thread=unit.thread, thread_title=title, unit_reason=unit.reason,
                         quotes=queries.quotes_of(engine, unit), label=labels.get(unit_id),
                         tracked=membership[unit_id][0] if unit_id in membership else None, truncated=truncated)


def track(ref: str, *, settings: Settings | None = None, limit: int | None = None) -> TrackedInfo:
    """Every appearance of a claim across threads, in time order, with how it fared each time.

    Args:
        ref (str): a tracked claim id (``c-...``) or a unit id (or a prefix only one such id has), or the words
            of a claim (the stored unit stating the same claim, else the best full-text match, is followed).
        settings (Settings | None): which database.
        limit (int | None): at most this many answers under each appearance, taken in turn from supports,
            evidence and attacks as :func:`show` takes them (each member's ``more`` counts the rest); every answer
            when ``None``.

    Returns:
        TrackedInfo: the canonical wording and every member with thread, author, date, label, the units that
        support and attack it there, and the evidence of the merge; for words, how they were matched
        (``found_by``). A unit tracked with no other gives a
        claim of one appearance (``id`` ``None``).

    Raises:
        QueryError: ``ref`` is empty, or ``limit`` is below 1, or ``ref`` is words none of which tells one claim
            from another (stop words, negations and hedges only: "nothing like this", "I think so").
        NotFound: nothing stored matches ``ref``; an id of another kind (a post's) is named as such.

    Example:
        >>> from argmap import Settings, track
        >>> settings = Settings(db="argmap.db")
        >>> history = track("Open source models need not be as good as Claude", settings=settings)  # doctest: +SKIP
        >>> [(m.thread_title, m.label) for m in history.members]  # doctest: +SKIP
        [('hn-open-models', 'out')]
    """
    check_text("ref", ref, optional=False, what="a claim id, a unit id or the words of a claim")
    ref = ref.strip()  # an id copied with a space around it: " c-..." was taken for words, then refused
    if not ref:
        raise QueryError("nothing to track; give a claim id, a unit id or the words of a claim")
    limit = None if limit is None else check_count("limit", limit)
    with opened(settings) as engine:
        # By the id's shape, not its first two letters: "c-sections are overused" is words.
        claim_id: str | None = resolve_claim(engine, ref) if id_kind(ref) == "tracked claim" else None
        unit_id: str | None = None
        found_by: str | None = None
        if claim_id is None:
            if id_kind(ref) is None:
                unit_id, found_by = _by_words(engine, ref)
            else:  # an id: a unit's, or one of another kind (a post's) the error names
                unit_id = resolve(engine, ref, command="track")
            membership = tracked.membership(engine, [unit_id])
            claim_id = membership[unit_id][0] if unit_id in membership else None
        members: list[MemberInfo]
        if claim_id is not None:
            text, canonical, members = tracked.tracked_members(engine, claim_id)
            if not members:
                raise NotFound(f"no tracked claim {claim_id!r}; find claims with: argmap claims --topic WORDS")
        else:
            assert unit_id is not None
            unit, author, title, created = queries.units_by_id(engine, [unit_id])[unit_id]
            labels = queries.labels_for(engine, [unit_id])
            text, canonical = unit.text, unit.id
            members = [MemberInfo(unit=unit.id, kind=unit.kind, text=unit.text, thread=unit.thread,
                                  thread_title=title, post=unit.post, author=author, created_at=created,
                                  similarity=1.0, reason="the only appearance found",
                                  label=labels[unit_id].label if unit_id in labels else None)]
        replies = queries.replies_to(engine, [m.unit for m in members])
        for member in members:
            answers = replies.get(member.unit, [])
            kept, member.more = _answers_kept(answers, limit)  # as show takes them, with or without a limit
            for reply in kept:
                getattr(member, {"support": "supports", "attack": "attacks"}.get(reply.relation, "evidence")
                        ).append(reply)
        return TrackedInfo(id=claim_id, text=text, canonical_unit=canonical, members=members, found_by=found_by)


def _by_words(engine: Engine, words: str) -> tuple[str, str]:
    """The stored unit that states the claim in ``words``: one that tracking would merge with them, else one that
    holds all of the words (full-text search: the first 12 of a longer text, as the answer then says), else the
    closest one holding two and at least half of their content words. A unit sharing one word of several ("fly" of
    "zebras are purple and fly at night") is no match, and words without a content word ("nothing like this") match
    nothing.
    Returns the unit's id and how it matched, in words."""
    asked = terms_of(claim_words(words))
    if not asked:
        # "nothing-like-this" found "Nothing." (the full-text search keeps negations such as "nothing"): words that
        # say nothing of their own match a claim by chance, so they are refused, not followed.
        said = list(dict.fromkeys(w for w in text_words(words) if w != "n't"))
        # "C++" and "x" are left out as single letters, not as stop words; "???" holds no word at all.
        kinds = "stop words, negations and hedges"
        if any(len(w) < 2 and not w.isdigit() and w not in STOP_WORDS for w in said):
            kinds = "stop words, negations, hedges and single letters"
        common = f"{', '.join(said)}: {kinds}" if said else "no letter or digit"
        raise QueryError(f"{shorten(words, 80)!r} holds no word that tells one claim from another ({common}); give "
                         "more of the claim's own words, e.g. argmap track \"the death penalty deters crime\", or find "
                         "claims with: argmap claims --topic WORDS")
    probe = signature("(query)", "(query)", words)
    candidates = tracked.similar_units(engine, asked or [words], kinds=TRACKED_KINDS, limit=30)
    for cand in candidates:
        if compare(probe, signature(cand.id, cand.post, cand.text)) is not None:
            return cand.id, "a stored unit states the same claim"
    # Words alone do not tell "X deters crime" from "X does not deter crime": a unit that says the same way
    # round is preferred, and one that says the opposite is named as such.
    def same_way(unit_id: str, text: str) -> bool:
        return signature(unit_id, "(found)", text).polarity == probe.polarity

    opposite = "; it says the opposite (one of the two is a denial)"
    hits = text_search.search_text(engine, words, limit=10, posts=False)
    if hits:
        hit = min(hits, key=lambda h: not same_way(h.id, h.text))  # the best-ranked, same way round if any
        # A search looks for the first words only: a unit found by them need not hold the others.
        unsearched = [w for w in search_words(words)[1] if fts_words(w)]
        why = ("the stored unit that best holds all of the words" if not unsearched else
               f"the stored unit that best holds the first {MAX_SEARCH_WORDS} of its words (the others, "
               f"{_quoted(unsearched, 4)}, were not searched for)")
        return hit.id, why if same_way(hit.id, hit.text) else why + opposite
    wanted = set(asked)
    close = [(cand, shared) for cand in candidates
             for shared in [sorted(wanted.intersection(terms_of(claim_words(cand.text))))]
             if len(shared) >= 2 and 2 * len(shared) >= len(wanted)]  # one word alone is a coincidence
    if close:
        cand, shared = min(close, key=lambda pair: not same_way(pair[0].id, pair[0].text))
        why = (f"no stored unit states it; the closest shares {', '.join(shared)} "
               f"({len(shared)} of its {len(wanted)} content words)")
        return cand.id, why if same_way(cand.id, cand.text) else why + opposite
    raise NotFound(f"no stored claim matches {shorten(words, 80)!r}: no unit holds all of its words, nor two and "
                   f"at least half of {', '.join(asked[:8])}{'...' * (len(asked) > 8)}; give other words of the "
                   "claim, or find claims with: argmap claims --topic WORDS or argmap search WORDS")


def analyze(*, settings: Settings | None = None, thread: str | None = None, bipolar: bool = True,
            top: int = 10, store: bool = True, assumed: bool = True) -> Analysis:
    """What stands: grounded labels (stored for ``claims --label``), contested, central and unanswered claims,
    and per-author summaries.

    Args:
        settings (Settings | None): which database.
        thread (str | None): one thread (id, key or title prefix); every thread when ``None``.
        bipolar (bool): count supported attacks (a unit supporting an attacker attacks too); plain Dung
            semantics over attacks when ``False``.
        top (int): how many claims each ranking lists.
        store (bool): store the labels.
        assumed (bool): count attacks only assumed (no word of the answer agrees or disagrees, so the extraction
            took it to disagree as replies in debates mostly do) as attacks; ``False`` decides what stands on the
            attacks the words show, the others counting as answers with no stance. ``assumed_attacks`` in the
            result says how many there are either way.

    Returns:
        Analysis: see :class:`argmap.graph.argumentation.Analysis`.

    Raises:
        NotFound: an unknown thread.
        QueryError: ``top`` below 1, an empty thread.

    Example:
        >>> from argmap import Settings, analyze
        >>> result = analyze(settings=Settings(db="argmap.db"), thread="hn-open-models")  # doctest: +SKIP
        >>> [(c.text[:30], c.attacks, c.label) for c in result.contested][:1]  # doctest: +SKIP
        [("Open source models don't need ", 5, 'out')]
    """
    top = check_count("top", top)
    with opened(settings) as engine:
        ids = thread_ids(engine, thread)
        data = repository.load_graph(engine, ids)
        result = analyse(build_graph(data), bipolar=bipolar, top=top, assumed=assumed)
        if store:
            threads = {u.id: u.thread for u in data.units}
            queries.save_labels(engine, [t.id for t in data.threads],
                                 label_rows(result.labels, threads, bipolar=bipolar, cued=not assumed))
    return result
