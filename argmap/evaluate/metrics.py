"""Score predicted argument maps against gold threads, and the trivial baseline every method must beat.

The metrics, exactly:

- **Unit matching.** Only predicted units of kind ``claim`` or ``premise`` are argumentative; others are
  ignored everywhere. A predicted unit matches a gold component of the same post when their word tokens
  (lower-cased alphanumeric runs, counted as multisets) overlap with ``|G ∩ P| / max(|G|, |P|) >= 0.5``.
  Pairs are matched one-to-one, greedily, highest overlap first (ties: larger character overlap, then
  earlier gold, then earlier prediction). A predicted unit's words are its post's ``text[start:end]`` (its
  own ``text`` when the offsets do not fit the post).
- ``adu``: precision, recall and F1 of argumentative units against gold components (a match is a hit).
- ``kind``: macro-F1 of claim vs premise over the matched pairs (precision and recall macro-averaged too). A
  macro average (here and for ``stance``) is over the classes that occur in the gold or the prediction, as
  scikit-learn's ``labels=present``: a perfect answer on a corpus of claims only scores 1, not 0.5; with no
  pair to score it is 0 (and the pair count in ``counts`` is 0).
- ``rel_all``: labelled relation F1. Only predicted relations of kind ``support`` or ``attack`` between two
  argumentative units count. One is correct when its source and target are matched to a gold relation's
  source and target and the labels agree. ``rel_cross``: the same with gold and predicted relations both
  restricted to those whose ends lie in different posts.
- ``stance``: for each reply (a post after the first) with a gold relation into an earlier post, the gold
  stance is ``attack`` when any such relation is an attack, else ``support``; the predicted stance comes
  likewise from predicted relations from that reply into earlier posts, and is "none" (always wrong) when
  there is none. Macro-F1 over attack and support (those that occur); ``coverage`` is the share of those
  replies with any predicted relation into an earlier post.
- ``confidence_auc``: how well the predicted relations' confidences rank the right ones (as in ``rel_all``)
  above the wrong ones: the area under the ROC curve, 0.5 for confidences that say nothing, 1 for a perfect
  ranking (ties count half; ``None`` when no relation or every relation is right, or none is).
- ``rules``: for each ``model`` that made scored relations (argmap names the rule there, e.g.
  ``argmap.relations.v22/quote``), how many it made, across posts too, and how many of them are right as in
  ``rel_all``: which rules a corpus's annotators agree with, and which they do not.

All counts are pooled over the corpus before any ratio is taken (micro-averaging over threads); a ratio
with a zero denominator is 0.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from argmap.domain import IMPORTED, Extraction, Relation, Thread, Unit
from argmap.evaluate.gold import EvaluationError, GoldThread, tokens

__all__ = [
    "ARGUMENTATIVE",
    "BASELINE_MODEL",
    "COUNT_KEYS",
    "MATCH_THRESHOLD",
    "Metric",
    "RuleScore",
    "Scores",
    "Tally",
    "baseline",
    "combine",
    "evaluate",
    "match_units",
    "overlap",
    "ranking_auc",
    "score",
    "scored_relations",
    "tally",
    "unit_words",
]

#: A predicted and a gold unit match when their token overlap reaches this.
MATCH_THRESHOLD = 0.5
#: Predicted unit kinds that count as argumentative units.
ARGUMENTATIVE = frozenset({"claim", "premise"})
#: The ``model`` name the baseline writes on its relations.
BASELINE_MODEL = "argmap.eval.baseline"
_LABELS = ("support", "attack")

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
#: The keys of :attr:`Scores.counts`, every one present (0 when nothing was counted), in this order, so that a
#: script or a data frame built from ``argmap eval --json`` (or from ``--threads`` rows) sees the same columns
#: for every corpus and thread.
COUNT_KEYS: tuple[str, ...] = (
    "threads", "gold_units", "pred_units", "matched_units", "pred_rel_all", "hit_rel_all", "gold_rel_all",
    "pred_rel_cross", "hit_rel_cross", "gold_rel_cross", "stance_replies", "stance_covered", "stance_correct")


@dataclass
class Metric:
    """Precision, recall and F1 of one metric (and coverage, for stance).

    Attributes:
        precision (float): share of predictions that are right (macro-averaged for ``kind``/``stance``).
        recall (float): share of gold items found (macro-averaged for ``kind``/``stance``).
        f1 (float): harmonic mean of the two (for macro metrics, the mean of the per-class F1s).
        coverage (float | None): for ``stance``, the share of scored replies given any stance.
    """

    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    coverage: float | None = None


@dataclass
class RuleScore:
    """How often the relations of one rule (one ``model``) are right.

    Attributes:
        predicted (int): its relations that take part in scoring (support or attack between argumentative units).
        correct (int): those whose ends and label match a gold relation.
        cross (int): of ``predicted``, those across posts.
        cross_correct (int): of ``correct``, those across posts.
    """

    predicted: int = 0
    correct: int = 0
    cross: int = 0
    cross_correct: int = 0

    @property
    def precision(self) -> float:
        """``correct / predicted`` (0 when it made none)."""
        return _ratio(self.correct, self.predicted)


@dataclass
class Scores:
    """Every metric of one evaluation.

    Attributes:
        adu (Metric): argumentative unit detection.
        kind (Metric): claim vs premise on matched units.
        rel_all (Metric): labelled relations, all.
        rel_cross (Metric): labelled relations across posts.
        stance (Metric): reply stance toward earlier posts, with coverage.
        counts (dict[str, int]): the raw counts behind the ratios; :func:`score` gives every key of
            :data:`COUNT_KEYS`, in that order, 0 where nothing was counted.
        rules (dict[str, RuleScore]): per ``model`` of the scored relations, how many it made and how many are
            right; :func:`score` orders them by how many relations they made, most first, then by name.
        confidence_auc (float | None): how well relation confidences rank right relations above wrong ones.
    """

    adu: Metric = field(default_factory=Metric)
    kind: Metric = field(default_factory=Metric)
    rel_all: Metric = field(default_factory=Metric)
    rel_cross: Metric = field(default_factory=Metric)
    stance: Metric = field(default_factory=Metric)
    counts: dict[str, int] = field(default_factory=dict)
    rules: dict[str, RuleScore] = field(default_factory=dict)
    confidence_auc: float | None = None

    def as_dict(self) -> dict[str, Any]:
        """The scores as plain nested dicts, ready for JSON.

        Returns:
            dict[str, Any]: ``{"adu": {"precision", "recall", "f1"}, ..., "stance": {..., "coverage"},
            "counts": {...}, "confidence_auc": float | None, "rules": {model: {"predicted", "correct", "cross",
            "cross_correct", "precision"}}}``, rules in :attr:`rules` order; ratios rounded to 4 places.
        """
        result: dict[str, Any] = {}
        for name in ("adu", "kind", "rel_all", "rel_cross", "stance"):
            values = asdict(getattr(self, name))
            result[name] = {key: round(value, 4) for key, value in values.items() if value is not None}
        result["counts"] = dict(self.counts)
        result["confidence_auc"] = None if self.confidence_auc is None else round(self.confidence_auc, 4)
        result["rules"] = {model: {**asdict(rule), "precision": round(rule.precision, 4)}
                           for model, rule in self.rules.items()}
        return result


def _ratio(part: int | float, whole: int | float) -> float:
    return part / whole if whole else 0.0


def ranking_auc(scored: list[tuple[float, bool]]) -> float | None:
    """The area under the ROC curve of ``(score, is_right)`` pairs: the chance that a right one, drawn at
    random, scores above a wrong one (ties count half).

    Returns:
        float | None: 0..1, or ``None`` when there is no right or no wrong pair.

    Example:
        >>> ranking_auc([(0.9, True), (0.6, False), (0.6, True), (0.2, False)])
        0.875
    """
    mean_rank: dict[float, float] = {}  # tied scores share the mean of their ranks (1 = lowest)
    below = 0
    for value, group in itertools.groupby(sorted(score for score, _ in scored)):
        count = sum(1 for _ in group)
        mean_rank[value] = below + (count + 1) / 2
        below += count
    right = [mean_rank[score] for score, is_right in scored if is_right]
    wrong = len(scored) - len(right)
    if not right or not wrong:
        return None
    return (sum(right) - len(right) * (len(right) + 1) / 2) / (len(right) * wrong)


def _prf(hits: int, predicted: int, gold: int) -> Metric:
    precision, recall = _ratio(hits, predicted), _ratio(hits, gold)
    return Metric(precision, recall, _ratio(2 * precision * recall, precision + recall))


def _macro(pairs: Iterable[tuple[str, str]] | Counter[tuple[str, str]], labels: tuple[str, ...]) -> Metric:
    """Macro-averaged precision, recall and F1 of ``(gold, predicted)`` label pairs (a list, or a Counter of how
    often each pair occurs) over those of ``labels`` that occur in the gold or the prediction (as scikit-learn's
    ``f1_score(..., labels=present)``): a class neither side has would add a 0 that says nothing. With none
    present, all three are 0.

    Example:
        >>> _macro([("claim", "claim"), ("claim", "claim")], ("claim", "premise")).f1
        1.0
    """
    counted = pairs if isinstance(pairs, Counter) else Counter(pairs)
    present = [label for label in labels if any(label in pair for pair, n in counted.items() if n)]
    if not present:
        return Metric()
    per_label = []
    for label in present:
        hits = counted[(label, label)]
        per_label.append(_prf(hits, sum(n for (_, pred), n in counted.items() if pred == label),
                              sum(n for (gold, _), n in counted.items() if gold == label)))
    n = len(present)
    return Metric(sum(m.precision for m in per_label) / n, sum(m.recall for m in per_label) / n,
                  sum(m.f1 for m in per_label) / n)


def overlap(gold: str, predicted: str) -> float:
    """Token overlap of two spans: ``|G ∩ P| / max(|G|, |P|)`` over lower-cased word multisets.

    Args:
        gold (str): the gold span's text.
        predicted (str): the predicted span's text.

    Returns:
        float: 0..1; 0 when either has no word.

    Example:
        >>> overlap("Cats are great pets.", "cats are great")
        0.75
    """
    g, p = Counter(tokens(gold)), Counter(tokens(predicted))
    size = max(sum(g.values()), sum(p.values()))
    return _ratio(sum((g & p).values()), size)


def unit_words(unit: Unit, texts: dict[str, str]) -> str:
    """A predicted unit's words as the metrics read them: its post's ``text[start:end]`` (``texts``: each post's
    text by external id), or its own ``text`` when the offsets do not fit the post, or when it is a unit of an
    imported map (model ``import.*``) whose words, the analyst's, are not those of its span (a proposition
    reworded from its locution spans the locution)."""
    text = texts.get(unit.post)
    if unit.source.startswith(IMPORTED) and unit.text.strip():
        return unit.text
    if text is not None and 0 <= unit.start <= unit.end <= len(text):
        return text[unit.start:unit.end]
    return unit.text


def _readings(unit: Unit, texts: dict[str, str]) -> list[str]:
    """The words a predicted unit may be matched by: :func:`unit_words`, and for a unit of an imported map also the
    words of its span, its locution (the whole post for an empty span), which is what a gold made from the map's
    brat export marks (brat annotates spans; the analyst's rewording of a proposition stands in the note beside
    it)."""
    words = [unit_words(unit, texts)]
    text = texts.get(unit.post)
    if unit.source.startswith(IMPORTED) and text is not None:
        # a second proposition reworded from one locution has an empty span at its end; brat marks the locution
        words.append(text[unit.start:unit.end] if 0 <= unit.start < unit.end <= len(text) else text)
    return words


def match_units(gold: GoldThread, predicted: Extraction) -> dict[int, str]:
    """Match predicted argumentative units to gold components one-to-one.

    Args:
        gold (GoldThread): the gold thread.
        predicted (Extraction): what a predictor found in ``gold.thread``.

    Returns:
        dict[int, str]: index in ``predicted.units`` -> :attr:`GoldUnit.id` of its match.
    """
    texts = {post.external_id: post.text for post in gold.thread.posts}
    candidates: list[tuple[float, int, int, int, str]] = []
    for g_index, g in enumerate(gold.units):
        for p_index, unit in enumerate(predicted.units):
            if unit.kind not in ARGUMENTATIVE or unit.post != g.post:
                continue
            score = max(overlap(g.text, words) for words in _readings(unit, texts))
            if score >= MATCH_THRESHOLD:
                chars = max(0, min(g.end, unit.end) - max(g.start, unit.start))
                candidates.append((score, chars, g_index, p_index, g.id))
    candidates.sort(key=lambda c: (-c[0], -c[1], c[2], c[3]))
    matched: dict[int, str] = {}
    taken: set[str] = set()
    for _, _, _, p_index, g_id in candidates:
        if p_index not in matched and g_id not in taken:
            matched[p_index] = g_id
            taken.add(g_id)
    return matched


def scored_relations(predicted: Extraction) -> list[Relation]:
    """Predicted relations that take part in scoring: labelled support/attack between argumentative units."""
    kept: list[Relation] = []
    seen: set[tuple[int, int, str]] = set()
    n = len(predicted.units)
    for relation in predicted.relations:
        key = (relation.source, relation.target, relation.kind)
        if (relation.kind not in _LABELS or key in seen or relation.source == relation.target
                or not (0 <= relation.source < n and 0 <= relation.target < n)
                or predicted.units[relation.source].kind not in ARGUMENTATIVE
                or predicted.units[relation.target].kind not in ARGUMENTATIVE):
            continue
        seen.add(key)
        kept.append(relation)
    return kept


def _stance(pairs: Counter[tuple[str, str]], gold: GoldThread, predicted: Extraction,
            relations: list[Relation]) -> None:
    """Count the ``(gold, predicted)`` stance labels of every scored reply of one thread in ``pairs``."""
    order = {post.external_id: i for i, post in enumerate(gold.thread.posts)}
    post_of = {unit.id: unit.post for unit in gold.units}
    gold_labels: dict[str, set[str]] = {}
    for link in gold.relations:
        source, target = post_of[link.source], post_of[link.target]
        if order[target] < order[source]:
            gold_labels.setdefault(source, set()).add(link.kind)
    pred_labels: dict[str, set[str]] = {}
    for relation in relations:
        source = predicted.units[relation.source].post
        target = predicted.units[relation.target].post
        if source in order and target in order and order[target] < order[source]:
            pred_labels.setdefault(source, set()).add(relation.kind)
    for post, labels in gold_labels.items():
        guess = pred_labels.get(post, set())
        pairs[("attack" if "attack" in labels else "support",
               "attack" if "attack" in guess else "support" if guess else "none")] += 1


@dataclass
class Tally:
    """What one thread adds to a corpus's scores, before any ratio is taken (see :func:`tally`).

    Tallies add up: :func:`combine` pools any of them (a corpus, a fold, a resample that draws a thread twice)
    into :class:`Scores`.

    Attributes:
        counts (Counter[str]): the thread's share of each of :data:`COUNT_KEYS` but the stance ones, which
            :func:`combine` takes from ``stances``.
        kinds (Counter[tuple[str, str]]): ``(gold, predicted)`` kinds of its matched units, with how often.
        stances (Counter[tuple[str, str]]): ``(gold, predicted)`` stances of its scored replies, with how often.
        rules (dict[str, RuleScore]): per ``model``, its scored relations and how many are right.
        confidences (list[tuple[float, bool]]): each scored relation's confidence, and whether it is right.
    """

    counts: Counter[str] = field(default_factory=Counter)
    kinds: Counter[tuple[str, str]] = field(default_factory=Counter)
    stances: Counter[tuple[str, str]] = field(default_factory=Counter)
    rules: dict[str, RuleScore] = field(default_factory=dict)
    confidences: list[tuple[float, bool]] = field(default_factory=list)


def tally(gold: GoldThread, predicted: Extraction) -> Tally:
    """Count what one thread's extraction gets right against its gold (the metrics of the module docstring)."""
    result = Tally()
    counts = result.counts
    counts["threads"] += 1
    matched = match_units(gold, predicted)
    by_id = {unit.id: unit for unit in gold.units}
    counts["gold_units"] += len(gold.units)
    counts["pred_units"] += sum(1 for unit in predicted.units if unit.kind in ARGUMENTATIVE)
    counts["matched_units"] += len(matched)
    result.kinds.update((by_id[g_id].kind, predicted.units[index].kind) for index, g_id in matched.items())
    gold_rel = {(r.source, r.target, r.kind) for r in gold.relations}
    gold_cross = {r for r in gold_rel if by_id[r[0]].post != by_id[r[1]].post}
    relations = scored_relations(predicted)
    for relation in relations:
        cross = predicted.units[relation.source].post != predicted.units[relation.target].post
        triple = (matched.get(relation.source), matched.get(relation.target), relation.kind)
        right = triple in gold_rel
        counts["pred_rel_all"] += 1
        counts["hit_rel_all"] += right
        result.confidences.append((relation.confidence, right))
        rule = result.rules.setdefault(relation.model, RuleScore())
        rule.predicted += 1
        rule.correct += right
        if cross:
            right_cross = triple in gold_cross
            counts["pred_rel_cross"] += 1
            counts["hit_rel_cross"] += right_cross
            rule.cross += 1
            rule.cross_correct += right_cross
    counts["gold_rel_all"] += len(gold_rel)
    counts["gold_rel_cross"] += len(gold_cross)
    _stance(result.stances, gold, predicted, relations)
    return result


def combine(tallies: Iterable[Tally], *, detail: bool = True) -> Scores:
    """Pool threads' tallies into scores: counts are summed before any ratio is taken (micro-averaging).

    Args:
        tallies (Iterable[Tally]): one per thread (a thread may come more than once, as in a resample).
        detail (bool): also count the relations by rule and rank their confidences (``rules`` and
            ``confidence_auc``); without, both are left empty, which is what a resample needs and much faster.

    Returns:
        Scores: every metric, with the counts behind it.
    """
    counts: Counter[str] = Counter(dict.fromkeys(COUNT_KEYS, 0))
    kinds: Counter[tuple[str, str]] = Counter()
    stances: Counter[tuple[str, str]] = Counter()
    rules: dict[str, RuleScore] = {}
    confidences: list[tuple[float, bool]] = []
    for part in tallies:
        counts.update(part.counts)
        kinds.update(part.kinds)
        stances.update(part.stances)
        if detail:
            confidences.extend(part.confidences)
            for model, rule in part.rules.items():
                pooled = rules.setdefault(model, RuleScore())
                pooled.predicted += rule.predicted
                pooled.correct += rule.correct
                pooled.cross += rule.cross
                pooled.cross_correct += rule.cross_correct
    counts["stance_replies"] = sum(stances.values())
    counts["stance_covered"] = sum(n for (_, pred), n in stances.items() if pred != "none")
    counts["stance_correct"] = sum(n for (gold_label, pred), n in stances.items() if gold_label == pred)
    stance = _macro(stances, ("attack", "support"))
    stance.coverage = _ratio(counts["stance_covered"], counts["stance_replies"])
    return Scores(
        adu=_prf(counts["matched_units"], counts["pred_units"], counts["gold_units"]),
        kind=_macro(kinds, ("claim", "premise")),
        rel_all=_prf(counts["hit_rel_all"], counts["pred_rel_all"], counts["gold_rel_all"]),
        rel_cross=_prf(counts["hit_rel_cross"], counts["pred_rel_cross"], counts["gold_rel_cross"]),
        stance=stance,
        counts={key: counts[key] for key in COUNT_KEYS},
        rules=dict(sorted(rules.items(), key=lambda item: (-item[1].predicted, item[0]))),
        confidence_auc=ranking_auc(confidences) if detail else None,
    )


def score(gold: list[GoldThread], predicted: list[Extraction]) -> Scores:
    """Score predictions against gold threads with the metrics described in the module docstring.

    Args:
        gold (list[GoldThread]): the gold threads.
        predicted (list[Extraction]): one extraction per gold thread, in the same order.

    Returns:
        Scores: every metric, with the counts behind it.

    Raises:
        EvaluationError: when the two lists differ in length.
    """
    if len(gold) != len(predicted):
        raise EvaluationError(f"got {len(predicted)} predictions for {len(gold)} gold threads; "
                              "pass one Extraction per GoldThread, in the same order")
    return combine(tally(g, p) for g, p in zip(gold, predicted, strict=True))


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text``: every line, cut after ``.``, ``!`` or ``?`` followed by space."""
    spans: list[tuple[int, int]] = []
    start = 0
    for line in text.split("\n"):
        cursor = start
        for piece in _SENTENCE_END.split(line):
            at = text.index(piece, cursor) if piece else cursor
            cursor = at + len(piece)
            stripped = piece.strip()
            if tokens(stripped):
                lead = len(piece) - len(piece.lstrip())
                spans.append((at + lead, at + lead + len(stripped)))
        start += len(line) + 1
    return spans


def baseline(thread: Thread) -> Extraction:
    """The trivial baseline: every sentence is a claim, and each reply's first sentence attacks the last
    sentence of its parent.

    Sentences are lines cut after ``.``, ``!`` or ``?`` followed by white space; pieces without a word are
    skipped.

    Args:
        thread (Thread): the thread to "analyse".

    Returns:
        Extraction: the units and relations described above.
    """
    extraction = Extraction()
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for post in thread.posts:
        for start, end in _sentences(post.text):
            index = len(extraction.units)
            first.setdefault(post.external_id, index)
            last[post.external_id] = index
            extraction.units.append(Unit(post=post.external_id, kind="claim", start=start, end=end,
                                         text=post.text[start:end], confidence=0.5, source=BASELINE_MODEL,
                                         reason="every sentence is a claim"))
    for post in thread.posts:
        if post.parent in last and post.external_id in first:
            extraction.relations.append(Relation(
                source=first[post.external_id], target=last[post.parent], kind="attack", confidence=0.5,
                model=BASELINE_MODEL, reason="a reply's first sentence attacks its parent's last"))
    return extraction


def evaluate(corpus: list[GoldThread], predict: Callable[[Thread], Extraction]) -> Scores:
    """Run a predictor over every gold thread and score what it finds.

    Args:
        corpus (list[GoldThread]): the gold threads.
        predict (Callable[[Thread], Extraction]): gets a copy of each thread (so it cannot alter the gold)
            and returns its extraction.

    Returns:
        Scores: the scores of ``predict`` on ``corpus``.

    Raises:
        EvaluationError: propagated from :func:`score` (never, with a well-behaved ``predict``).

    Example:
        >>> from argmap.evaluate import load_cmv  # doctest: +SKIP
        >>> round(evaluate(load_cmv("../shared/corpora/annotated/cmv-dev"), baseline).adu.f1, 3)  # doctest: +SKIP
        0.734
    """
    return score(corpus, [predict(copy.deepcopy(gold.thread)) for gold in corpus])
