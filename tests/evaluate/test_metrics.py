"""The metrics on hand-built gold and predictions, with exact expected numbers."""

from __future__ import annotations

import pytest

from argmap.domain import Extraction, Post, Relation, Thread, Unit
from argmap.evaluate import (
    EvaluationError,
    GoldRelation,
    GoldThread,
    GoldUnit,
    RuleScore,
    match_units,
    overlap,
    score,
)
from argmap.evaluate.metrics import ranking_auc

OP = "Cats are better pets than dogs. They need less space. Dogs bark all night."
R1 = "Dogs are loyal friends. Cats ignore people. I disagree strongly."
R2 = "I agree with the loyal part."


def _gold_unit(uid: str, post: str, kind: str, text: str, phrase: str) -> GoldUnit:
    start = text.index(phrase)
    return GoldUnit(uid, post, kind, start, start + len(phrase), phrase)  # type: ignore[arg-type]


def _unit(post: str, kind: str, text: str, phrase: str) -> Unit:
    start = text.index(phrase)
    return Unit(post=post, kind=kind, start=start, end=start + len(phrase), text=phrase)


def _rel(source: int, target: int, kind: str) -> Relation:
    return Relation(source=source, target=target, kind=kind, confidence=1.0, model="test", reason="")


@pytest.fixture
def gold() -> GoldThread:
    thread = Thread(key="t", format="test", source="test", posts=[
        Post("op", None, None, OP), Post("r1", "op", None, R1), Post("r2", "r1", None, R2)])
    units = [
        _gold_unit("c1", "op", "claim", OP, "Cats are better pets than dogs."),
        _gold_unit("p1", "op", "premise", OP, "They need less space."),
        _gold_unit("p2", "op", "premise", OP, "Dogs bark all night."),
        _gold_unit("c2", "r1", "claim", R1, "Dogs are loyal friends."),
        _gold_unit("p3", "r1", "premise", R1, "Cats ignore people."),
        _gold_unit("c3", "r2", "claim", R2, "I agree with the loyal part."),
    ]
    relations = [
        GoldRelation("p1", "c1", "support"),
        GoldRelation("p2", "c1", "support"),
        GoldRelation("c2", "c1", "attack"),
        GoldRelation("p3", "c2", "support"),
        GoldRelation("c3", "c2", "support"),
    ]
    return GoldThread("tiny", thread, units, relations)


@pytest.fixture
def predicted() -> Extraction:
    units = [
        _unit("op", "claim", OP, "Cats are better pets than dogs."),  # c1, same kind
        _unit("op", "claim", OP, "They need less space."),  # p1, wrong kind
        _unit("op", "premise", OP, "Dogs bark"),  # p2 at exactly 2/4 = 0.5
        _unit("r1", "claim", R1, "Dogs are loyal"),  # c2 at 3/4
        _unit("r1", "claim", R1, "I disagree strongly."),  # no gold
        _unit("r1", "other", R1, "Cats ignore people."),  # not argumentative: ignored
    ]
    relations = [
        _rel(1, 0, "support"),  # p1 -> c1 support: right
        _rel(2, 0, "attack"),  # p2 -> c1 but gold says support: wrong
        _rel(3, 0, "attack"),  # c2 -> c1 attack, across posts: right
        _rel(4, 1, "attack"),  # unmatched source, across posts: wrong
        _rel(5, 3, "support"),  # from an "other" unit: ignored
        _rel(0, 1, "quote"),  # not support/attack: ignored
        _rel(1, 0, "support"),  # duplicate: ignored
    ]
    return Extraction(units, relations)


def test_metrics_overlap_is_multiset_share_of_longer() -> None:
    assert overlap("Cats are great pets.", "cats are great") == 0.75
    assert overlap("no no no", "no") == pytest.approx(1 / 3)
    assert overlap("", "anything") == 0.0


def test_metrics_match_units_is_one_to_one_greedy() -> None:
    text = "red apples are sweet. red apples are sour fruit."
    thread = Thread(key="g", format="test", source="test", posts=[Post("a", None, None, text)])
    gold = GoldThread("g", thread, [
        _gold_unit("A", "a", "claim", text, "red apples are sweet."),
        _gold_unit("B", "a", "claim", text, "red apples are sour fruit."),
    ])
    pred = Extraction([_unit("a", "claim", text, "red apples are sour"),
                       _unit("a", "claim", text, "red apples are sweet.")])
    # pred 1 takes A at 1.0 first; pred 0 then gets B (0.8) although it would also pass with A (0.75).
    assert match_units(gold, pred) == {1: "A", 0: "B"}


def test_metrics_score_exact(gold: GoldThread, predicted: Extraction) -> None:
    scores = score([gold], [predicted])
    assert scores.adu.precision == pytest.approx(4 / 5)
    assert scores.adu.recall == pytest.approx(4 / 6)
    assert scores.adu.f1 == pytest.approx(8 / 11)
    # matched (gold, pred): (claim, claim) (premise, claim) (premise, premise) (claim, claim)
    assert scores.kind.precision == pytest.approx((2 / 3 + 1) / 2)
    assert scores.kind.recall == pytest.approx((1 + 1 / 2) / 2)
    assert scores.kind.f1 == pytest.approx((0.8 + 2 / 3) / 2)
    assert (scores.rel_all.precision, scores.rel_all.recall) == pytest.approx((2 / 4, 2 / 5))
    assert scores.rel_all.f1 == pytest.approx(4 / 9)
    assert (scores.rel_cross.precision, scores.rel_cross.recall, scores.rel_cross.f1) == pytest.approx((0.5, 0.5, 0.5))
    # r1: gold attack, predicted attack; r2: gold support, predicted none.
    assert (scores.stance.precision, scores.stance.recall, scores.stance.f1) == pytest.approx((0.5, 0.5, 0.5))
    assert scores.stance.coverage == pytest.approx(0.5)
    assert scores.counts["pred_rel_all"] == 4
    assert scores.counts["stance_replies"] == 2


def test_metrics_perfect_prediction_scores_one(gold: GoldThread) -> None:
    index = {unit.id: i for i, unit in enumerate(gold.units)}
    pred = Extraction(
        [Unit(u.post, u.kind, u.start, u.end, u.text) for u in gold.units],
        [_rel(index[r.source], index[r.target], r.kind) for r in gold.relations],
    )
    result = score([gold], [pred]).as_dict()
    for name in ("adu", "kind", "rel_all", "rel_cross", "stance"):
        assert result[name]["f1"] == 1.0, name
    assert result["stance"]["coverage"] == 1.0
    assert result["counts"]["gold_units"] == 6


def test_metrics_empty_prediction_scores_zero(gold: GoldThread) -> None:
    scores = score([gold], [Extraction()])
    assert scores.adu.f1 == 0.0
    assert scores.stance.coverage == 0.0
    assert scores.counts["gold_rel_cross"] == 2


def test_metrics_score_rejects_mismatched_lengths(gold: GoldThread) -> None:
    with pytest.raises(EvaluationError, match="1 gold threads"):
        score([gold], [])


def test_metrics_rules_count_each_models_relations(gold: GoldThread, predicted: Extraction) -> None:
    models = ["a", "a", "b", "b", "c", "c", "a"]  # the last three are not scored: from "other", a quote, a twin
    predicted.relations = [Relation(r.source, r.target, r.kind, r.confidence, model, r.reason)
                           for r, model in zip(predicted.relations, models, strict=True)]
    scores = score([gold], [predicted])
    assert scores.rules == {"a": RuleScore(predicted=2, correct=1, cross=0, cross_correct=0),
                            "b": RuleScore(predicted=2, correct=1, cross=2, cross_correct=1)}
    assert scores.rules["a"].precision == 0.5 and RuleScore().precision == 0.0
    assert sum(rule.predicted for rule in scores.rules.values()) == scores.counts["pred_rel_all"]
    rules = scores.as_dict()["rules"]
    assert list(rules) == ["a", "b"]  # most relations first, then by name
    assert rules["b"] == {"predicted": 2, "correct": 1, "cross": 2, "cross_correct": 1, "precision": 0.5}


def test_metrics_confidence_auc_ranks_right_relations_above_wrong_ones(gold: GoldThread, predicted: Extraction) -> None:
    # scored, in order: right, wrong, right (across posts), wrong (across posts); the rest is not scored
    confidences = [0.9, 0.6, 0.6, 0.2, 1.0, 1.0, 0.1]
    predicted.relations = [Relation(r.source, r.target, r.kind, confidence, r.model, r.reason)
                           for r, confidence in zip(predicted.relations, confidences, strict=True)]
    scores = score([gold], [predicted])
    # right above wrong in 3 of the 4 pairs, and one tie (0.6 and 0.6) counting half
    assert scores.confidence_auc == pytest.approx(3.5 / 4)
    assert scores.as_dict()["confidence_auc"] == 0.875
    assert score([gold], [Extraction()]).confidence_auc is None  # nothing to rank


@pytest.mark.parametrize(("pairs", "auc"), [
    ([(0.1, False), (0.2, False), (0.8, True), (0.9, True)], 1.0),
    ([(0.1, True), (0.9, False)], 0.0),
    ([(0.5, True), (0.5, False), (0.5, True)], 0.5),
    ([(0.3, True), (0.3, True)], None),
])
def test_metrics_ranking_auc(pairs: list[tuple[float, bool]], auc: float | None) -> None:
    assert ranking_auc(pairs) == (pytest.approx(auc) if auc is not None else None)
