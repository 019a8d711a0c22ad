"""Bootstrap intervals: how far a corpus's scores could move on another sample of threads like its own.

A development split of 69 threads scores one number per metric; the held-out threads will score another. The
percentile bootstrap puts a range on that: draw as many groups of threads as the corpus has, with replacement,
score the draw, and repeat; the middle 95 % of the scores is the interval. Two predictors are compared on the
same draws (:func:`differences`, a paired bootstrap). Threads that share an opening post
share its annotations (:func:`argmap.evaluate.folds.group_ids`), so they are drawn together, as a group, the way
a new sample of discussions would come. Each thread is scored once (:func:`argmap.evaluate.metrics.tally`), and a
draw only adds counts up, so a thousand draws take about a second. The draws come from a seeded generator: the
same corpus and predictions give the same intervals every time.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from argmap.domain import Extraction
from argmap.evaluate.folds import group_ids
from argmap.evaluate.gold import EvaluationError, GoldThread
from argmap.evaluate.metrics import Scores, Tally, combine, tally

__all__ = ["LEVEL", "METRICS", "SEED", "Difference", "differences", "intervals"]

#: The share of the resampled scores an interval holds (its ends are the 2.5th and 97.5th percentiles).
LEVEL = 0.95
#: The seed of the draws, so that an interval can be reproduced.
SEED = 0
#: The metrics that get an interval, each by its F1.
METRICS = ("adu", "kind", "rel_all", "rel_cross", "stance")


def intervals(corpus: Sequence[GoldThread], predicted: Sequence[Extraction], resamples: int, *,
              level: float = LEVEL, seed: int = SEED,
              tallies: Sequence[Tally] | None = None) -> dict[str, tuple[float, float]]:
    """The percentile-bootstrap interval of each metric's F1, threads of one opening post drawn together.

    Args:
        corpus (Sequence[GoldThread]): the gold threads.
        predicted (Sequence[Extraction]): one extraction per gold thread, in the same order.
        resamples (int): how many draws (1,000 is usual; at least 1).
        level (float): the share of draws the interval holds, between 0 and 1.
        seed (int): the seed of the draws.
        tallies (Sequence[Tally] | None): each thread's :func:`~argmap.evaluate.metrics.tally`, when the caller
            has them already; made here when ``None``.

    Returns:
        dict[str, tuple[float, float]]: for each of :data:`METRICS`, the interval's low and high end.

    Raises:
        EvaluationError: no thread, predictions that do not pair with the threads, fewer than one draw, or a
            level outside (0, 1).

    Example:
        >>> from argmap.evaluate.metrics import baseline
        >>> from argmap.domain import Post, Thread
        >>> thread = Thread(key="t", format="t", source="t", posts=[Post("p", None, "a", "Buses should be free.")])
        >>> intervals([GoldThread("t", thread)], [baseline(thread)], 10)["adu"]  # one thread: every draw is it
        (0.0, 0.0)
    """
    tallies = _checked(corpus, predicted, resamples, level, tallies)
    draws: dict[str, list[float]] = {metric: [] for metric in METRICS}
    for drawn in _draws(corpus, resamples, seed):
        scores: Scores = combine((tallies[index] for index in drawn), detail=False)
        for metric in METRICS:
            draws[metric].append(getattr(scores, metric).f1)
    return {metric: _percentiles(values, level) for metric, values in draws.items()}


@dataclass(frozen=True)
class Difference:
    """How one predictor's F1 on a metric compares with another's on the same threads (:func:`differences`).

    Attributes:
        difference (float): the first predictor's F1 less the other's, on the whole corpus.
        low (float): the low end of the difference's percentile-bootstrap interval.
        high (float): its high end.
        better (float): the share of the draws in which the first predictor scores higher.
    """

    difference: float
    low: float
    high: float
    better: float


def differences(corpus: Sequence[GoldThread], predicted: Sequence[Extraction], other: Sequence[Extraction],
                resamples: int, *, level: float = LEVEL, seed: int = SEED,
                tallies: Sequence[Tally] | None = None,
                other_tallies: Sequence[Tally] | None = None) -> dict[str, Difference]:
    """The paired bootstrap of two predictors on the same threads: each draw scores both on the very same threads,
    so an interval of their difference that leaves out 0 says the corpus tells them apart, which two separate
    intervals that overlap do not rule out.

    Args:
        corpus (Sequence[GoldThread]): the gold threads.
        predicted (Sequence[Extraction]): the first predictor's extraction of each thread, in corpus order.
        other (Sequence[Extraction]): the other predictor's.
        resamples (int): how many draws (1,000 is usual; at least 1).
        level (float): the share of draws the interval holds, between 0 and 1.
        seed (int): the seed of the draws.
        tallies (Sequence[Tally] | None): the first predictor's per-thread tallies, when the caller has them.
        other_tallies (Sequence[Tally] | None): the other's.

    Returns:
        dict[str, Difference]: for each of :data:`METRICS`, the difference of the F1s and its interval.

    Raises:
        EvaluationError: as :func:`intervals`, for either predictor.

    Example:
        >>> from argmap.evaluate.metrics import baseline
        >>> from argmap.domain import Extraction, Post, Thread
        >>> thread = Thread(key="t", format="t", source="t", posts=[Post("p", None, "a", "Buses should be free.")])
        >>> gold = GoldThread("t", thread)
        >>> differences([gold], [baseline(thread)], [Extraction()], 10)["adu"]
        Difference(difference=0.0, low=0.0, high=0.0, better=0.0)
    """
    tallies = _checked(corpus, predicted, resamples, level, tallies)
    other_tallies = _checked(corpus, other, resamples, level, other_tallies)
    whole = combine(tallies, detail=False), combine(other_tallies, detail=False)
    draws: dict[str, list[float]] = {metric: [] for metric in METRICS}
    for drawn in _draws(corpus, resamples, seed):
        first = combine((tallies[index] for index in drawn), detail=False)
        second = combine((other_tallies[index] for index in drawn), detail=False)
        for metric in METRICS:
            draws[metric].append(getattr(first, metric).f1 - getattr(second, metric).f1)
    result = {}
    for metric, values in draws.items():
        better = sum(value > 0 for value in values) / resamples
        result[metric] = Difference(getattr(whole[0], metric).f1 - getattr(whole[1], metric).f1,
                                    *_percentiles(values, level), better)
    return result


def _checked(corpus: Sequence[GoldThread], predicted: Sequence[Extraction], resamples: int, level: float,
             tallies: Sequence[Tally] | None) -> Sequence[Tally]:
    """The per-thread tallies of ``predicted``, once the arguments are checked.

    Raises:
        EvaluationError: no thread, predictions that do not pair with the threads, fewer than one draw, or a
            level outside (0, 1).
    """
    if not corpus:
        raise EvaluationError("no thread to draw from; give a corpus with at least one thread")
    if len(corpus) != len(predicted):
        raise EvaluationError(f"got {len(predicted)} predictions for {len(corpus)} gold threads")
    if resamples < 1:
        raise EvaluationError(f"cannot draw {resamples} resamples; ask for at least 1 (1,000 is usual)")
    if not 0 < level < 1:
        raise EvaluationError(f"an interval holds a share between 0 and 1 of the draws, not {level}")
    return tallies if tallies is not None else [tally(g, p) for g, p in zip(corpus, predicted, strict=True)]


def _draws(corpus: Sequence[GoldThread], resamples: int, seed: int) -> Iterator[list[int]]:
    """The threads of each draw, by index: as many groups as the corpus has (threads of one opening post
    together), drawn with replacement from a generator seeded with ``seed``."""
    members: dict[int, list[int]] = {}
    for index, group in enumerate(group_ids(corpus)):
        members.setdefault(group, []).append(index)
    groups = list(members.values())
    rng = random.Random(seed)
    for _ in range(resamples):
        yield [index for _ in groups for index in groups[rng.randrange(len(groups))]]


def _percentiles(values: list[float], level: float) -> tuple[float, float]:
    """The ends of the middle ``level`` share of ``values``."""
    ordered = sorted(values)
    count = len(ordered)
    low = max(0, math.floor((1 - level) / 2 * count))
    high = min(count - 1, math.ceil((1 + level) / 2 * count) - 1)
    return ordered[low], ordered[high]
