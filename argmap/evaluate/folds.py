"""Scores per held-out fold, so that a corpus's numbers come with their spread.

Change My View threads that share an opening post share its annotations, so a fold must hold all of them:
threads are grouped by title (the opening post's; its text differs by a few characters between some copies),
and the groups, in the order they first appear, are dealt to the folds in turn. Web-discourse comments on one
article share its title and stay together too; a document without a title is a group of its own. The split
depends only on the corpus, so the same corpus always gives the same folds.
"""

from __future__ import annotations

from collections.abc import Sequence

from argmap.domain import Extraction
from argmap.evaluate.gold import EvaluationError, GoldThread
from argmap.evaluate.metrics import Scores, Tally, combine, tally

__all__ = ["fold_ids", "fold_scores", "group_ids"]


def group_ids(corpus: Sequence[GoldThread]) -> list[int]:
    """The group of each thread: threads that share an opening post (by title) share a group, numbered in the
    order the groups first appear; a thread without a title is a group of its own.

    Example:
        >>> from argmap.domain import Thread
        >>> corpus = [GoldThread(n, Thread(key=n, format="t", source=n, title=t)) for n, t in
        ...           [("a1", "A"), ("b1", "B"), ("a2", "A"), ("x", None)]]
        >>> group_ids(corpus)
        [0, 1, 0, 2]
    """
    groups: dict[str, int] = {}
    return [groups.setdefault(gold.thread.title or gold.name, len(groups)) for gold in corpus]


def fold_ids(corpus: Sequence[GoldThread], folds: int) -> list[int]:
    """The fold (``0 .. folds-1``) of each thread.

    Args:
        corpus (Sequence[GoldThread]): the gold threads.
        folds (int): how many folds; at least 2 and at most the number of groups.

    Returns:
        list[int]: one fold number per thread, in corpus order.

    Raises:
        EvaluationError: when ``folds`` is below 2 or above the number of groups.
    """
    ids = group_ids(corpus)
    groups = max(ids, default=-1) + 1
    if groups < 2:
        raise EvaluationError(f"cannot split {groups} group{'s' if groups != 1 else ''} of threads (by title) into "
                              f"{folds} folds: held-out folds need at least two; leave out --folds, or score a corpus "
                              "of threads with two titles or more")
    if not 2 <= folds <= groups:
        raise EvaluationError(f"cannot split {groups} groups of threads (by title) into {folds} folds; "
                              f"ask for 2 to {groups} folds")
    return [group % folds for group in ids]


def fold_scores(corpus: Sequence[GoldThread], predicted: Sequence[Extraction], folds: int, *,
                tallies: Sequence[Tally] | None = None) -> list[Scores]:
    """Score each fold on its own (see :func:`fold_ids` for the split).

    Args:
        corpus (Sequence[GoldThread]): the gold threads.
        predicted (Sequence[Extraction]): one extraction per gold thread, in the same order.
        folds (int): how many folds.
        tallies (Sequence[Tally] | None): each thread's :func:`~argmap.evaluate.metrics.tally`, when the caller
            has them already (a thread's units are matched once, whatever is scored of it); made here when
            ``None``.

    Returns:
        list[Scores]: one per fold; their counts add up to the whole corpus's.

    Raises:
        EvaluationError: a bad fold count, or predictions that do not pair with the threads.
    """
    if len(corpus) != len(predicted):
        raise EvaluationError(f"got {len(predicted)} predictions for {len(corpus)} gold threads")
    ids = fold_ids(corpus, folds)
    if tallies is None:
        tallies = [tally(g, p) for g, p in zip(corpus, predicted, strict=True)]
    return [combine(t for t, i in zip(tallies, ids, strict=True) if i == fold) for fold in range(folds)]
