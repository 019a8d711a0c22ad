"""A hand-built gold thread and predictions for it, shared by the metric and explanation tests."""

from __future__ import annotations

from argmap.domain import Extraction, Post, Relation, Thread, Unit
from argmap.evaluate import GoldRelation, GoldThread, GoldUnit

OP = "Cats are better pets than dogs. They need less space. Dogs bark all night."
R1 = "Dogs are loyal friends. Cats ignore people. I disagree strongly."
R2 = "I agree with the loyal part."


def gold_unit(uid: str, post: str, kind: str, text: str, phrase: str) -> GoldUnit:
    start = text.index(phrase)
    return GoldUnit(uid, post, kind, start, start + len(phrase), phrase)  # type: ignore[arg-type]


def unit(post: str, kind: str, text: str, phrase: str) -> Unit:
    start = text.index(phrase)
    return Unit(post=post, kind=kind, start=start, end=start + len(phrase), text=phrase)


def rel(source: int, target: int, kind: str) -> Relation:
    return Relation(source=source, target=target, kind=kind, confidence=1.0, model="test", reason="")


def tiny_gold() -> GoldThread:
    """Three posts, six gold units, five gold relations (two across posts)."""
    thread = Thread(key="t", format="test", source="test", posts=[
        Post("op", None, None, OP), Post("r1", "op", None, R1), Post("r2", "r1", None, R2)])
    units = [
        gold_unit("c1", "op", "claim", OP, "Cats are better pets than dogs."),
        gold_unit("p1", "op", "premise", OP, "They need less space."),
        gold_unit("p2", "op", "premise", OP, "Dogs bark all night."),
        gold_unit("c2", "r1", "claim", R1, "Dogs are loyal friends."),
        gold_unit("p3", "r1", "premise", R1, "Cats ignore people."),
        gold_unit("c3", "r2", "claim", R2, "I agree with the loyal part."),
    ]
    relations = [
        GoldRelation("p1", "c1", "support"),
        GoldRelation("p2", "c1", "support"),
        GoldRelation("c2", "c1", "attack"),
        GoldRelation("p3", "c2", "support"),
        GoldRelation("c3", "c2", "support"),
    ]
    return GoldThread("tiny", thread, units, relations)


def tiny_predicted() -> Extraction:
    """What a predictor might find in :func:`tiny_gold` (comments say how each piece scores)."""
    units = [
        unit("op", "claim", OP, "Cats are better pets than dogs."),  # c1, same kind
        unit("op", "claim", OP, "They need less space."),  # p1, wrong kind
        unit("op", "premise", OP, "Dogs bark"),  # p2 at exactly 2/4 = 0.5
        unit("r1", "claim", R1, "Dogs are loyal"),  # c2 at 3/4
        unit("r1", "claim", R1, "I disagree strongly."),  # no gold
        unit("r1", "other", R1, "Cats ignore people."),  # not argumentative: ignored
    ]
    relations = [
        rel(1, 0, "support"),  # p1 -> c1 support: right
        rel(2, 0, "attack"),  # p2 -> c1 but gold says support: wrong
        rel(3, 0, "attack"),  # c2 -> c1 attack, across posts: right
        rel(4, 1, "attack"),  # unmatched source, across posts: wrong
        rel(5, 3, "support"),  # from an "other" unit: ignored
        rel(0, 1, "quote"),  # not support/attack: ignored
        rel(1, 0, "support"),  # duplicate: ignored
    ]
    return Extraction(units, relations)
