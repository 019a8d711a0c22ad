"""The metrics on hand-built gold and predictions, with exact expected numbers."""

from __future__ import annotations

import pytest

from argmap.domain import Extraction, Post, Relation, Thread, Unit
from argmap.evaluate import EvaluationError, GoldRelation, GoldThread, RuleScore, match_units, overlap, score
from argmap.evaluate.metrics import COUNT_KEYS, ranking_auc
from tests.evaluate.tiny import gold_unit, rel, unit


def test_metrics_overlap_is_multiset_share_of_longer() -> None:
    assert overlap("Cats are great pets.", "cats are great") == 0.75
    assert overlap("no no no", "no") == pytest.approx(1 / 3)
    assert overlap("", "anything") == 0.0


def test_metrics_match_units_is_one_to_one_greedy() -> None:
    text = "red apples are sweet. red apples are sour fruit."
    thread = Thread(key="g", format="test", source="test", posts=[Post("a", None, None, text)])
    gold = GoldThread("g", thread, [
        gold_unit("A", "a", "claim", text, "red apples are sweet."),
        gold_unit("B", "a", "claim", text, "red apples are sour fruit."),
    ])
    pred = Extraction([unit("a", "claim", text, "red apples are sour"),
                       unit("a", "claim", text, "red apples are sweet.")])
    # pred 1 takes A at 1.0 first; pred 0 then gets B (0.8) although it would also pass with A (0.75).
    assert match_units(gold, pred) == {1: "A", 0: "B"}


def test_metrics_match_units_breaks_ties_by_characters_then_order() -> None:
    """Two units that each hold half a gold component's words tie on the issue's overlap; the tie decides which is
    matched (on web discourse it moves kind macro-F1 by 0.002), so it follows the rule the README gives: the larger
    overlap in characters, then the earlier gold component, then the earlier unit, whatever order the units come in."""
    text = "Rent is high, but wages in Leeds keep rising."
    thread = Thread(key="g", format="test", source="test", posts=[Post("a", None, None, text)])
    gold = GoldThread("g", thread, [gold_unit("A", "a", "claim", text, text)])
    short = unit("a", "claim", text, "Rent is high, but wages")  # 5 of 9 words: 23 characters
    long = unit("a", "premise", text, "wages in Leeds keep rising.")  # 5 of 9 words: 27 characters
    assert overlap(text, short.text) == overlap(text, long.text) == pytest.approx(5 / 9)
    assert match_units(gold, Extraction([short, long])) == {1: "A"}
    assert match_units(gold, Extraction([long, short])) == {0: "A"}
    same = unit("a", "claim", text, "Rent is high, but wages")
    assert match_units(gold, Extraction([short, same])) == {0: "A"}


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
        [rel(index[r.source], index[r.target], r.kind) for r in gold.relations],
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


def test_metrics_macro_f1_averages_only_the_labels_that_occur() -> None:
    """A perfect answer on a thread whose gold has claims only, and replies that only attack, scores 1, not 0.5:
    a class absent from both gold and prediction is not averaged in as 0 (scikit-learn's labels=present)."""
    op, reply = "Night buses should run all year.", "Nobody rides them in winter."
    thread = Thread(key="t", format="test", source="test",
                    posts=[Post("op", None, None, op), Post("r", "op", None, reply)])
    gold = GoldThread("t", thread, [gold_unit("a", "op", "claim", op, op), gold_unit("b", "r", "claim", reply, reply)],
                      [GoldRelation("b", "a", "attack")])
    perfect = Extraction([unit("op", "claim", op, op), unit("r", "claim", reply, reply)], [rel(1, 0, "attack")])
    scores = score([gold], [perfect])
    assert (scores.kind.precision, scores.kind.recall, scores.kind.f1) == (1.0, 1.0, 1.0)
    assert (scores.stance.precision, scores.stance.recall, scores.stance.f1) == (1.0, 1.0, 1.0)
    # a class only the prediction has still counts (as a wrong one)
    premise = Extraction([unit("op", "claim", op, op), unit("r", "premise", reply, reply)], [rel(1, 0, "support")])
    wrong = score([gold], [premise])
    assert wrong.kind.f1 == pytest.approx((2 / 3 + 0) / 2) and wrong.stance.f1 == 0.0
    # nothing to score at all: 0, with its count 0 beside it
    nothing = score([gold], [Extraction()])
    assert nothing.kind.f1 == 0.0 and nothing.counts["matched_units"] == 0


def test_metrics_counts_have_every_key_even_when_nothing_was_counted() -> None:
    """A single text with no relation predicted: every count is there, 0, so data frames built from
    ``eval --json`` have the same columns for every corpus and thread (they lacked pred_rel_cross...)."""
    text = "Cities should ban cars."
    thread = Thread(key="one", format="test", source="test", posts=[Post("a", None, None, text)])
    gold = GoldThread("one", thread, [gold_unit("A", "a", "claim", text, text)])
    counts = score([gold], [Extraction([unit("a", "claim", text, text)])]).counts
    assert list(counts) == list(COUNT_KEYS)
    assert counts["pred_rel_cross"] == counts["hit_rel_cross"] == counts["pred_rel_all"] == counts["hit_rel_all"] == 0
    assert score([], []).counts == dict.fromkeys(COUNT_KEYS, 0)
