"""Gold-standard argument annotations, in the shape the metrics compare predictions against.

A :class:`GoldThread` wraps a :class:`argmap.domain.Thread` whose posts carry exactly the text a user would
ingest (markup removed, quoted lines moved to :attr:`argmap.domain.Post.quotes`), together with the gold
components (:class:`GoldUnit`, offsets into that post text) and the relations between them
(:class:`GoldRelation`). Every loader in this package produces this shape; the metrics know no corpus.

Kinds are reduced to what argmap predicts and scores: a unit is a ``claim`` or a ``premise``, a relation a
``support`` or an ``attack``. Each loader documents how its corpus's own labels map onto these.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Literal

from argmap.domain import Thread
from argmap.errors import ArgmapError

__all__ = [
    "GOLD_RELATION_KINDS",
    "GOLD_UNIT_KINDS",
    "NOTE_FIXES",
    "CorpusError",
    "EvaluationError",
    "GoldKind",
    "GoldNote",
    "GoldRelation",
    "GoldRelationKind",
    "GoldThread",
    "GoldUnit",
    "gold_notes",
    "summary",
    "tokens",
]

GoldKind = Literal["claim", "premise"]
GoldRelationKind = Literal["support", "attack"]
GOLD_UNIT_KINDS: tuple[str, ...] = ("claim", "premise")
GOLD_RELATION_KINDS: tuple[str, ...] = ("support", "attack")

_TOKEN = re.compile(r"[^\W_]+")

#: Notes that are mistakes in an annotation (a relation or component it names but does not hold), by reason,
#: with how to correct the file; ``argmap eval`` shows them as warnings. Other notes are documented omissions
#: (relations to a CMV title, AIF rephrases), only counted.
NOTE_FIXES: dict[str, str] = {
    "dangling-ref": "make ref (or the relation's target) the id of a component of the same thread",
    "self-relation": "point the relation (ref, or Arg2) at the other component it supports or attacks, not its "
                     "source; or delete it",
    "missing-ref": "add ref=\"ID\" naming the component it answers (or ref=\"title\")",
    "unknown-relation": "use one of the relation labels: support, supports, agreement, partial_agreement "
                        "(support); rebuttal, rebuttal_attack, undercutter, undercutter_attack, partial_attack, "
                        "disagreement, partial_disagreement, attack, attacks (attack)",
    "unresolved-edge": "point the edge's src and trg at ids of <adu> or <edge> elements of the same graph",
    "unknown-edge-type": "use one of the microtexts edge types: seg (an EDU's ADU), sup, exa (support), reb, und "
                         "(attack), add (joins a linked argument)",
    "adu-without-text": "join the ADU to its text with a seg edge from an <edu>",
    "dangling-edge": "point the edge's fromID and toID at nodeIDs of the map's nodes",
    "unknown-parent": "make the Reply line name a post listed before it in the .metadata (Reply <post id> <id of "
                      "the post it answers>)",
    "dangling-link": "point '-> See N.' at the number of a claim the file holds",
    "missing-parent": "number the Kialo claim under a claim the file holds (1.2.1 under 1.2)",
    "unclosed-component": "close the component's element where its words end",
    "duplicate-id": "give every component, post or claim an id (a Kialo claim a number) of its own",
    "span-mismatch": "pair the .ann with the .txt it was annotated on, or correct the component's offsets",
    "straddling-component": "split the component where one post ends and the next begins, or correct its offsets",
    "outside-posts": "correct the component's offsets, or the Content ranges of the .metadata file",
    "unknown-stance": "write the stance as For or Against",
    "stance-without-major-claim": "mark the major claim (MajorClaim) the stances are toward",
}


class CorpusError(ArgmapError):
    """A gold corpus folder or file that is missing, holds no annotated document or cannot be scored.

    Args:
        path (str): the folder or file that was asked for.
        message (str): what is wrong (and how to fix it, when ``fix`` is not given).
        fix (str | None): what the user can do about it, shown on a line of its own.
    """

    def __init__(self, path: str, message: str, *, fix: str | None = None) -> None:
        self.path = path
        self.detail = message
        self.fix = fix
        super().__init__(f"{path}: {message}" + (f"\n  fix: {fix}" if fix else ""))

    def __reduce__(self) -> tuple[Any, ...]:
        """Made again from its parts, as a worker process sends it back (``pickle`` calls the class with ``args``,
        the one message)."""
        return partial(type(self), fix=self.fix), (self.path, self.detail)


@dataclass(frozen=True)
class GoldNote:
    """Something a gold loader passed over in one thread's annotation, and where.

    Attributes:
        thread (str): the thread's name in its corpus (:attr:`GoldThread.name`).
        file (str): the file it was read from.
        reason (str): the note's reason (``dangling-ref``, ``title-relation``...).
        post (str | None): the post it concerns, when one.
        detail (str): what was passed over (the component or edge).
        fix (str | None): how to correct the annotation (:data:`NOTE_FIXES`); ``None`` for documented omissions.
    """

    thread: str
    file: str
    reason: str
    post: str | None
    detail: str
    fix: str | None = None

    @property
    def warning(self) -> bool:
        """Whether the note is a mistake in the annotation (it has a fix), not a documented omission."""
        return self.fix is not None

    def as_dict(self) -> dict[str, str | None]:
        """The note as plain values, ready for JSON."""
        return {"thread": self.thread, "file": self.file, "reason": self.reason, "post": self.post,
                "detail": self.detail, "fix": self.fix}


class EvaluationError(ArgmapError):
    """Predictions that cannot be scored against the gold threads they were given for."""


@dataclass(frozen=True)
class GoldUnit:
    """One gold argument component.

    Attributes:
        id (str): the corpus's id for the component, unique inside its thread.
        post (str): external id of the post that holds it.
        kind (GoldKind): ``"claim"`` or ``"premise"``.
        start (int): character offset into the post's ``text``.
        end (int): end offset (exclusive).
        text (str): ``post.text[start:end]``.
    """

    id: str
    post: str
    kind: GoldKind
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class GoldRelation:
    """A gold relation between two components of the same thread.

    Attributes:
        source (str): :attr:`GoldUnit.id` of the component that supports or attacks.
        target (str): :attr:`GoldUnit.id` of the component supported or attacked.
        kind (GoldRelationKind): ``"support"`` or ``"attack"``.
    """

    source: str
    target: str
    kind: GoldRelationKind


@dataclass
class GoldThread:
    """A thread with its gold argument annotation.

    Attributes:
        name (str): where it came from inside its corpus, e.g. ``"cmv-dev/positive/0"``.
        thread (Thread): the posts exactly as a predictor receives them.
        units (list[GoldUnit]): the gold components, in post order.
        relations (list[GoldRelation]): relations between components (relations to a thread title, which
            is no post, are left out).
    """

    name: str
    thread: Thread
    units: list[GoldUnit] = field(default_factory=list)
    relations: list[GoldRelation] = field(default_factory=list)

    def unit(self, unit_id: str) -> GoldUnit:
        """The gold unit with ``unit_id``.

        Args:
            unit_id (str): a :attr:`GoldUnit.id` of this thread.

        Returns:
            GoldUnit: the unit.

        Raises:
            KeyError: when the thread holds no unit of that id.
        """
        for unit in self.units:
            if unit.id == unit_id:
                return unit
        raise KeyError(unit_id)


def tokens(text: str) -> list[str]:
    """The lower-cased alphanumeric word tokens of ``text``, as the metrics count them.

    Args:
        text (str): any text.

    Returns:
        list[str]: the tokens in order (a multiset when counted).

    Example:
        >>> tokens("Don't panic, it's 42!")
        ['don', 't', 'panic', 'it', 's', '42']
    """
    return _TOKEN.findall(text.lower())


def gold_notes(corpus: list[GoldThread]) -> list[GoldNote]:
    """Every note the loader left on the threads of ``corpus``, with its file, and the fix for those that are
    mistakes in the annotation (:data:`NOTE_FIXES`).

    Args:
        corpus (list[GoldThread]): what a loader returned.

    Returns:
        list[GoldNote]: in corpus order.
    """
    return [GoldNote(gold.name, gold.thread.source or gold.name, note.reason, note.post, note.detail,
                     NOTE_FIXES.get(note.reason))
            for gold in corpus for note in gold.thread.notes]


def summary(corpus: list[GoldThread]) -> dict[str, int]:
    """Counts that describe a loaded corpus, for reports and tests.

    Args:
        corpus (list[GoldThread]): what a loader returned.

    Returns:
        dict[str, int]: ``threads``, ``posts``, ``units``, ``claims``, ``premises``, ``relations``,
        ``cross_post`` (relations whose ends lie in different posts), ``attacks``, ``quotes`` and one
        ``note:<reason>`` entry per kind of :class:`argmap.domain.Note` the loader left.
    """
    counts: Counter[str] = Counter()
    for gold in corpus:
        counts["threads"] += 1
        counts["posts"] += len(gold.thread.posts)
        counts["quotes"] += sum(len(post.quotes) for post in gold.thread.posts)
        post_of = {unit.id: unit.post for unit in gold.units}
        for unit in gold.units:
            counts["units"] += 1
            counts["claims" if unit.kind == "claim" else "premises"] += 1
        for relation in gold.relations:
            counts["relations"] += 1
            counts["attacks"] += relation.kind == "attack"
            counts["cross_post"] += post_of[relation.source] != post_of[relation.target]
        for note in gold.thread.notes:
            counts[f"note:{note.reason}"] += 1
    keys = ["threads", "posts", "units", "claims", "premises", "relations", "cross_post", "attacks", "quotes"]
    result = {key: counts[key] for key in keys}
    result.update(sorted((key, value) for key, value in counts.items() if key.startswith("note:")))
    return result
