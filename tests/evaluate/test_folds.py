"""Held-out folds: threads of one opening post stay together, and the folds add up to the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.domain import Post, Thread
from argmap.evaluate import EvaluationError, GoldThread, baseline, load_cmv, score
from argmap.evaluate.folds import fold_ids, fold_scores


def _gold(name: str, title: str | None) -> GoldThread:
    post = Post(external_id="p", parent=None, author="a", text=f"Opening post of {title or name}.")
    return GoldThread(name, Thread(key=name, format="test", source=name, title=title, posts=[post]))


def test_folds_keep_threads_of_one_title_together_and_deal_titles_in_turn() -> None:
    corpus = [_gold("a1", "A"), _gold("b1", "B"), _gold("a2", "A"), _gold("c1", "C"), _gold("x", None),
              _gold("y", None)]
    assert fold_ids(corpus, 2) == [0, 1, 0, 0, 1, 0]  # groups A, B, C, x, y dealt to folds 0, 1, 0, 1, 0
    assert fold_ids(corpus, 2) == fold_ids(list(corpus), 2)  # the corpus alone decides


@pytest.mark.parametrize("folds", [0, 1, 4])
def test_folds_refuse_a_count_the_groups_cannot_fill(folds: int) -> None:
    corpus = [_gold("a1", "A"), _gold("b1", "B"), _gold("a2", "A")]
    with pytest.raises(EvaluationError, match="2 to 2 folds"):
        fold_ids(corpus, folds)


def test_folds_of_a_corpus_of_one_title_say_to_leave_them_out() -> None:
    """One document scored with --folds 2 was told to "ask for 2 to 1 folds"."""
    with pytest.raises(EvaluationError, match=r"cannot split 1 group of threads \(by title\) into 2 folds: held-out "
                                              r"folds need at least two; leave out --folds"):
        fold_ids([_gold("a1", "A"), _gold("a2", "A")], 2)


def test_folds_counts_add_up_to_the_whole_corpus(shared: Path) -> None:
    corpus = load_cmv(shared / "annotated" / "cmv-dev")
    predictions = [baseline(gold.thread) for gold in corpus]
    parts = fold_scores(corpus, predictions, 5)
    whole = score(corpus, predictions).counts
    assert len(parts) == 5 and all(part.counts["threads"] > 0 for part in parts)
    for name in ("threads", "gold_units", "matched_units", "hit_rel_all", "gold_rel_cross", "stance_replies"):
        assert sum(part.counts.get(name, 0) for part in parts) == whole.get(name, 0)
    titles = {gold.thread.title: fold for gold, fold in zip(corpus, fold_ids(corpus, 5), strict=True)}
    assert len(titles) == 21  # one fold per opening post, whichever thread it is read from
    assert all(fold_ids(corpus, 5)[i] == titles[gold.thread.title] for i, gold in enumerate(corpus))
