"""Gold corpora and the evaluation metrics: how well an extraction matches human argument annotation.

Loaders turn an annotated corpus into :class:`GoldThread` objects (:func:`load_cmv`, :func:`load_webdiscourse`,
:func:`load_microtexts`, :func:`load_brat` for brat standoff files); :func:`evaluate` runs a predictor over them
and :func:`score` compares its :class:`argmap.domain.Extraction` objects with the gold (see
:mod:`argmap.evaluate.metrics` for the exact metrics); :func:`fold_scores` scores held-out folds of a corpus,
:func:`intervals` puts a bootstrap interval on each score (threads of one opening post drawn together), and
:func:`explain` shows, for one thread, which units and relations agree with the annotators and why the others do
not. :func:`baseline` is the trivial predictor any method must beat, and :func:`read_predictions` reads another system's
predictions from a file in the shape of argmap's JSON export. This package imports only :mod:`argmap.domain`
and :mod:`argmap.errors`.
"""

from __future__ import annotations

from argmap.evaluate.bootstrap import intervals
from argmap.evaluate.brat import load_brat, read_brat
from argmap.evaluate.cmv import load_cmv, read_cmv
from argmap.evaluate.explain import Explanation, RelationCheck, UnitCheck, UnitRef, explain
from argmap.evaluate.folds import fold_ids, fold_scores, group_ids
from argmap.evaluate.gold import (
    CorpusError,
    EvaluationError,
    GoldNote,
    GoldRelation,
    GoldThread,
    GoldUnit,
    gold_notes,
    summary,
    tokens,
)
from argmap.evaluate.metrics import (
    Metric,
    RuleScore,
    Scores,
    Tally,
    baseline,
    combine,
    evaluate,
    match_units,
    overlap,
    score,
    tally,
)
from argmap.evaluate.microtexts import load_microtexts, read_microtexts
from argmap.evaluate.predicted import Predictions, read_predictions
from argmap.evaluate.webdiscourse import load_webdiscourse, read_webdiscourse

__all__ = [
    "CorpusError",
    "EvaluationError",
    "Explanation",
    "GoldNote",
    "GoldRelation",
    "GoldThread",
    "GoldUnit",
    "Metric",
    "Predictions",
    "RelationCheck",
    "RuleScore",
    "Scores",
    "Tally",
    "UnitCheck",
    "UnitRef",
    "baseline",
    "combine",
    "evaluate",
    "explain",
    "fold_ids",
    "fold_scores",
    "gold_notes",
    "group_ids",
    "intervals",
    "load_brat",
    "load_cmv",
    "load_microtexts",
    "load_webdiscourse",
    "match_units",
    "overlap",
    "read_brat",
    "read_cmv",
    "read_microtexts",
    "read_predictions",
    "read_webdiscourse",
    "score",
    "summary",
    "tally",
    "tokens",
]
