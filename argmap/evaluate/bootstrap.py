"""Bootstrap intervals: how far a corpus's scores could move on another sample of threads like its own.

A development split of 69 threads scores one number per metric; the held-out threads will score another. The
percentile bootstrap puts a range on that: draw as many groups of threads as the corpus has, with replacement,
score the draw, and repeat; the middle 95 % of the scores is the interval. Threads that share an opening post
share its annotations (:func:`argmap.evaluate.folds.group_ids`), so they are drawn together, as a group, the way
a new sample of discussions would come. Each thread is scored once (:func:`argmap.evaluate.metrics.tally`), and a
draw only adds counts up, so a thousand draws take about a second. The draws come from a seeded generator: the
same corpus and predictions give the same intervals every time.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

from argmap.domain import Extraction
from argmap.evaluate.folds import group_ids
from argmap.evaluate.gold import EvaluationError, GoldThread
from argmap.evaluate.metrics import Scores, Tally, combine, tally

__all__ = ["LEVEL", "METRICS", "SEED", "intervals"]

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
    if not corpus:
        raise EvaluationError("no thread to draw from; give a corpus with at least one thread")
    if len(corpus) != len(predicted):
        raise EvaluationError(f"got {len(predicted)} predictions for {len(corpus)} gold threads")
    if resamples < 1:
        raise EvaluationError(f"cannot draw {resamples} resamples; ask for at least 1 (1,000 is usual)")
    if not 0 < level < 1:
        raise EvaluationError(f"an interval holds a share between 0 and 1 of the draws, not {level}")
    if tallies is None:
        tallies = [tally(g, p) for g, p in zip(corpus, predicted, strict=True)]
    members: dict[int, list[int]] = {}
    for index, group in enumerate(group_ids(corpus)):
        members.setdefault(group, []).append(index)
    groups = list(members.values())
    rng = random.Random(seed)
    draws: dict[str, list[float]] = {metric: [] for metric in METRICS}
    for _ in range(resamples):
        drawn = (tallies[index] for _ in groups for index in groups[rng.randrange(len(groups))])
        scores: Scores = combine(drawn, detail=False)
        for metric in METRICS:
            draws[metric].append(getattr(scores, metric).f1)
    low = max(0, math.floor((1 - level) / 2 * resamples))
    high = min(resamples - 1, math.ceil((1 + level) / 2 * resamples) - 1)
    for values in draws.values():
        values.sort()
    return {metric: (values[low], values[high]) for metric, values in draws.items()}
