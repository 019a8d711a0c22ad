"""Bootstrap intervals: per-thread tallies add up to the corpus's scores, and a resample draws whole groups."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from argmap.domain import Extraction
from argmap.evaluate import EvaluationError, GoldThread, baseline, load_cmv, score
from argmap.evaluate.bootstrap import differences, intervals
from argmap.evaluate.metrics import combine, tally
from tests.evaluate.tiny import tiny_gold, tiny_predicted


def _titled(gold: GoldThread, title: str, name: str) -> GoldThread:
    return dataclasses.replace(gold, name=name, thread=dataclasses.replace(gold.thread, title=title))


def _perfect(gold: GoldThread) -> Extraction:
    """The gold itself as a prediction: every unit, kind and relation right."""
    from argmap.domain import Relation, Unit

    index = {unit.id: i for i, unit in enumerate(gold.units)}
    units = [Unit(post=u.post, kind=u.kind, start=u.start, end=u.end, text=u.text) for u in gold.units]
    relations = [Relation(index[r.source], index[r.target], r.kind, 1.0, "test", "") for r in gold.relations]
    return Extraction(units, relations)


def test_bootstrap_tallies_add_up_to_the_scores_of_the_whole() -> None:
    gold = [_titled(tiny_gold(), "A", "a"), _titled(tiny_gold(), "B", "b")]
    predicted = [tiny_predicted(), _perfect(gold[1])]
    parts = [tally(g, p) for g, p in zip(gold, predicted, strict=True)]
    assert combine(parts).as_dict() == score(gold, predicted).as_dict()
    # a thread drawn twice counts twice
    twice = combine([parts[0], parts[0]])
    assert twice.counts["hit_rel_all"] == 2 * score(gold[:1], predicted[:1]).counts["hit_rel_all"]
    assert twice.rel_all.f1 == score(gold[:1], predicted[:1]).rel_all.f1


def test_bootstrap_draws_threads_of_one_opening_post_together() -> None:
    good, bad = _titled(tiny_gold(), "A", "good"), _titled(tiny_gold(), "A", "bad")
    predicted = [_perfect(good), tiny_predicted()]
    whole = score([good, bad], predicted)
    # one group: every draw holds both threads, so every draw scores what the corpus scores
    together = intervals([good, bad], predicted, 200)
    assert together["rel_all"] == (whole.rel_all.f1, whole.rel_all.f1)
    assert together["adu"] == (whole.adu.f1, whole.adu.f1)
    # two groups: some draws hold the perfect thread twice, some the other twice
    apart = intervals([good, _titled(bad, "B", "bad")], predicted, 200)
    low, high = apart["rel_all"]
    assert low < whole.rel_all.f1 < high == 1.0
    assert low == score([bad, bad], [predicted[1]] * 2).rel_all.f1


def test_bootstrap_is_the_same_every_run_and_moves_with_the_seed() -> None:
    gold = [_titled(tiny_gold(), title, title) for title in "ABCDEF"]
    predicted = [_perfect(g) if i % 2 else tiny_predicted() for i, g in enumerate(gold)]
    first = intervals(gold, predicted, 300)
    assert first == intervals(gold, predicted, 300)
    assert set(first) == {"adu", "kind", "rel_all", "rel_cross", "stance"}
    assert all(low <= high for low, high in first.values())
    others = [intervals(gold, predicted, 300, seed=seed) for seed in (1, 2, 3)]
    assert any(other != first for other in others)


@pytest.mark.parametrize(("resamples", "level", "message"), [
    (0, 0.95, "at least 1"), (-5, 0.95, "at least 1"), (10, 1.0, "between 0 and 1"), (10, 0.0, "between 0 and 1")])
def test_bootstrap_refuses_a_draw_that_cannot_be_made(resamples: int, level: float, message: str) -> None:
    with pytest.raises(EvaluationError, match=message):
        intervals([tiny_gold()], [tiny_predicted()], resamples, level=level)


def test_bootstrap_refuses_predictions_that_do_not_pair_with_the_threads() -> None:
    with pytest.raises(EvaluationError, match="2 predictions for 1 gold threads"):
        intervals([tiny_gold()], [tiny_predicted(), tiny_predicted()], 10)
    with pytest.raises(EvaluationError, match="no thread"):
        intervals([], [], 10)


def test_bootstrap_interval_of_the_cmv_baseline_holds_its_score(shared: Path) -> None:
    corpus = load_cmv(shared / "annotated" / "cmv-dev")
    predicted = [baseline(gold.thread) for gold in corpus]
    whole = score(corpus, predicted)
    found = intervals(corpus, predicted, 200)
    for metric, (low, high) in found.items():
        point = getattr(whole, metric).f1
        assert low <= point <= high and low < high, metric  # 21 opening posts: the scores do move


def test_bootstrap_differences_of_a_predictor_with_itself_are_nothing() -> None:
    gold = [_titled(tiny_gold(), title, title) for title in "ABCD"]
    predicted = [tiny_predicted() for _ in gold]
    for found in differences(gold, predicted, predicted, 100).values():
        assert (found.difference, found.low, found.high, found.better) == (0.0, 0.0, 0.0, 0.0)


def test_bootstrap_differences_are_paired_draws_of_the_same_threads() -> None:
    """A predictor perfect on every thread wins every draw that holds a thread where the two differ (ties are
    draws of the threads both get right); read the other way round, the comparison turns its sign."""
    gold = [_titled(tiny_gold(), title, title) for title in "ABCDEF"]
    perfect = [_perfect(g) for g in gold]
    mixed = [_perfect(g) if i % 2 else tiny_predicted() for i, g in enumerate(gold)]
    ahead = differences(gold, perfect, mixed, 300)
    behind = differences(gold, mixed, perfect, 300)
    whole = score(gold, perfect).rel_all.f1 - score(gold, mixed).rel_all.f1
    assert ahead["rel_all"].difference == pytest.approx(whole) and 0.95 < ahead["rel_all"].better < 1.0
    assert 0 < ahead["rel_all"].low <= whole <= ahead["rel_all"].high
    assert behind["rel_all"].better == 0.0
    assert (behind["rel_all"].low, behind["rel_all"].high) == pytest.approx((-ahead["rel_all"].high,
                                                                            -ahead["rel_all"].low))
    with pytest.raises(EvaluationError, match="5 predictions for 6 gold threads"):
        differences(gold, perfect, mixed[:5], 10)
