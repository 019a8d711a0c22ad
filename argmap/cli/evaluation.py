"""``argmap eval``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Column, Table

from argmap import api
from argmap.cli.app import JsonOption, app, bad_value, ctx_of, err, errors, fail, out, print_json
from argmap.config import GOLD_FORMATS
from argmap.domain import shorten
from argmap.evaluate import Explanation, GoldNote, Scores
from argmap.evaluate.bootstrap import LEVEL as BOOTSTRAP_LEVEL
from argmap.evaluate.explain import CAUSES
from argmap.evaluate.metrics import MATCH_THRESHOLD

__all__ = ["eval_cli"]

_TEXT = 70
"""How many characters of a unit ``--explain`` shows."""
_SCORED = {"adu": ("gold_units", "pred_units"), "kind": ("matched_units",), "rel_all": ("gold_rel_all", "pred_rel_all"),
           "rel_cross": ("gold_rel_cross", "pred_rel_cross"), "stance": ("stance_replies",)}
"""The counts behind each metric: when all are 0 there is nothing to score, and the table shows a dash."""


@app.command("eval")
def eval_cli(
    ctx: typer.Context,
    corpora: Annotated[list[str] | None, typer.Argument(
        help="cmv, webdiscourse, microtexts, qt30, corpus folders, brat standoff annotation (.ann files with "
             "their .txt, a folder of them; posts from a CMV-style .metadata beside each), or argument maps made "
             "in another tool (AIF from OVA or AIFdb, Kialo exports) to score argmap against. Default: the four "
             "named corpora, from ../shared/corpora/annotated.",
        show_default=False)] = None,
    evidence: Annotated[bool, typer.Option(
        "--evidence", help="Also score evidence units against gold backing and premise components (web "
                           "discourse).")] = False,
    folds: Annotated[int, typer.Option(
        "--folds", min=0, help="Also score N held-out folds (threads sharing an opening post kept together) and "
                               "show each F1's range over them; 0 for none.")] = 0,
    bootstrap: Annotated[int, typer.Option(
        "--bootstrap", min=0, metavar="N",
        help="Also give each F1 a 95 % interval from N resamples of the corpus's threads (those sharing an opening "
             "post drawn together; seeded, so the same every run): how far the score could move on other threads "
             "like these. 1000 is usual; 0 for none.")] = 0,
    trivial: Annotated[bool, typer.Option(
        "--baseline", help="Score the trivial baseline (every sentence a claim; each reply's first sentence "
                           "attacks its parent's last) instead of argmap, for scale.")] = False,
    rules: Annotated[bool, typer.Option(
        "--rules", help="Also show, for each rule that made relations, how many it made and how many of them are "
                        "right, and why relations are missed or extra (always in --json).")] = False,
    by_thread: Annotated[bool, typer.Option(
        "--threads", help="Also score each thread on its own (F1s and relations found, missed, extra), to pick one "
                          "for --explain; in --json under by_thread.")] = False,
    explain: Annotated[str | None, typer.Option(
        "--explain", metavar="THREAD",
        help="Explain one thread of the one corpus given (e.g. negative/8 of cmv): each gold and argmap relation "
             "found, missed or extra and why, and each unit matched, missed or extra. In --json the ids of "
             "argmap's own units are null, since eval stores nothing: join on post, start and end, as argmap "
             "export gives them for the thread ingested with argmap ingest FILE (README, Accuracy).")] = None,
    gold_format: Annotated[str | None, typer.Option(
        "--gold-format", metavar="FORMAT",
        help=f"Read every corpus given as this format ({', '.join(GOLD_FORMATS)}) instead of telling it from "
             "its name and files; e.g. brat for the brat files of a folder that also holds CMV XML.",
        show_default=False)] = None,
    predicted: Annotated[str | None, typer.Option(
        "--predicted", metavar="FILE",
        help="Score the predictions in FILE instead of argmap's: another system's, or a map you corrected, in the "
             "shape of argmap's JSON export (posts with external_id and text, units with start and end, relations). "
             "Each gold thread takes the file's thread with the same posts; one it lacks counts as predicting "
             "nothing.", show_default=False)] = None,
    versus: Annotated[str | None, typer.Option(
        "--versus", metavar="WHAT",
        help="Also score WHAT on the same threads (argmap, baseline, or a predictions file as for --predicted) and "
             "give each F1's difference from it, with a 95 % paired-bootstrap interval (over --bootstrap N draws; "
             "1000 when not given) and the share of draws the scored predictor wins: an interval that leaves out 0 "
             "says the corpus tells the two apart.", show_default=False)] = None,
    as_json: JsonOption = False,
) -> None:
    """Score the extraction against human-annotated corpora: units, kinds, relations, reply stance.

    Example: argmap eval cmv --folds 5 --json; argmap eval cmv --bootstrap 1000; argmap eval microtexts --rules;
    argmap eval --baseline;
    argmap eval cmv --explain negative/8; argmap eval essays/ (brat .ann + .txt); argmap eval cmv --gold-format brat;
    argmap eval cmv --predicted mine.json --versus argmap
    """
    if trivial and predicted is not None:
        fail("--baseline and --predicted each name what to score; give one\n"
             "  fix: argmap eval CORPUS --baseline, or argmap eval CORPUS --predicted FILE")
    if gold_format is not None and gold_format.lower() not in GOLD_FORMATS:  # in any case
        bad_value("--gold-format", f"no gold format called {gold_format!r}; give one of "
                                   f"{', '.join(GOLD_FORMATS)}, or leave --gold-format out to tell the format "
                                   "from the corpus's name and files")
    if explain is not None:
        whole = {"--folds": bool(folds), "--evidence": evidence, "--rules": rules, "--threads": by_thread,
                 "--bootstrap": bool(bootstrap), "--versus": versus is not None}
        _explain(ctx, corpora or [], explain, trivial=trivial, as_json=as_json,
                 corpus_options=[flag for flag, given in whole.items() if given], gold_format=gold_format,
                 predicted=predicted)
        return
    with errors(ctx):
        results = api.evaluate(corpora, settings=ctx_of(ctx).settings, evidence=evidence, folds=folds,
                               trivial=trivial, gold_format=gold_format, bootstrap=bootstrap, predicted=predicted,
                               versus=versus)
    for result in results:
        _print_notes(result)
    if as_json:
        print_json([result.as_dict(by_thread=by_thread) for result in results])
        return
    for result in results:
        # a name or a number is read whole or not at all: on a narrow terminal the headings wrap, not the values
        columns: list[str | Column] = [Column("metric", min_width=9), *(Column(name, min_width=5) for name in (
            "precision", "recall", "F1", "coverage"))]
        if result.folds:
            columns.append(Column(f"F1 over {len(result.folds)} folds", min_width=11))
        if result.intervals:
            columns.append(Column(f"F1 {round(100 * BOOTSTRAP_LEVEL)} % interval", min_width=11))
        extra = [""] * (bool(result.folds) + bool(result.intervals))  # the added columns of a row without them
        who = {"baseline": " (trivial baseline)", "predictions": f" (predictions of {escape(predicted or '')})"}.get(
            result.predictor, "")
        threads = f"{result.threads} thread{'' if result.threads == 1 else 's'}"
        table = Table(*columns, title=f"{result.corpus}{who}: {threads} ({result.path})")
        scores = result.scores.as_dict()
        for metric in ("adu", "kind", "rel_all", "rel_cross", "stance"):
            values = scores[metric]
            if not any(result.scores.counts.get(count, 0) for count in _SCORED[metric]):
                # nothing to score (no reply in single texts, no matched unit): a dash, as the README's table
                table.add_row(metric, "–", "–", "–", "", *extra)
                continue
            row = [metric, f"{values['precision']:.3f}", f"{values['recall']:.3f}", f"{values['f1']:.3f}",
                   f"{values['coverage']:.3f}" if "coverage" in values else ""]
            if result.folds:
                spread = [getattr(fold, metric).f1 for fold in result.folds]
                row.append(f"{min(spread):.3f}–{max(spread):.3f}")
            if result.intervals:
                low, high = result.intervals[metric]
                row.append(f"{low:.3f}–{high:.3f}")
            table.add_row(*row)
        if result.evidence is not None:
            ev = result.evidence
            table.add_row("evidence", f"{ev.precision:.3f}", f"{ev.recall:.3f}", f"{ev.f1:.3f}", "", *extra)
        if result.scores.confidence_auc is not None:
            table.caption = (f"relation confidence ranks right relations above wrong ones with AUC "
                             f"{result.scores.confidence_auc:.3f} (0.5: no better than chance)")
        out.print(table)
        if result.versus is not None:
            out.print(_versus_table(result, predicted))
        if by_thread:
            named = result.path in api.CORPORA.get(result.corpus, ())  # a named corpus, not a folder given
            out.print(_thread_table(result.corpus, result.corpus if named else result.path,
                                    result.as_dict(by_thread=True)["by_thread"]))
        if rules:
            out.print(_rule_table(result.corpus, result.scores) if result.scores.rules
                      else f"{result.corpus}: no relations to count by rule")
            if result.causes:
                out.print(_cause_table(result.corpus, result.causes))


_SHOWN = 5
"""How many warnings of one reason ``argmap eval`` lists on stderr (``--json`` has them all)."""


def _print_notes(result: api.EvalResult) -> None:
    """On stderr: the mistakes found in the gold annotation and the files of a folder of maps passed over, each
    with its file and fix, then a count of what the loaders passed over by design."""
    if result.unpredicted:
        shown = ", ".join(result.unpredicted[:_SHOWN]) + (", ..." if len(result.unpredicted) > _SHOWN else "")
        err.print(f"[bold yellow]warning:[/] {escape(result.corpus)}: {len(result.unpredicted)} of {result.threads} "
                  f"threads have no prediction in {escape(result.versions.get('predictions') or '')} and count as "
                  f"predicting nothing: {escape(shown)} (--json: unpredicted)\n"
                  "    fix: predict on them too, or score a corpus of only the threads predicted", highlight=False)
    if result.versus is not None and result.versus.unpredicted:
        missing = result.versus.unpredicted
        err.print(f"[bold yellow]warning:[/] {escape(result.corpus)}: {len(missing)} of {result.threads} threads have "
                  f"no prediction in {escape(result.versus.predictor)} (--versus) and count as predicting nothing "
                  f"(--json: versus.unpredicted)", highlight=False)
    warnings = result.warnings
    if warnings:
        err.print(f"[bold yellow]warning:[/] {escape(result.corpus)}: {len(warnings)} problem(s) in the gold "
                  "(mistakes in the annotation, files that are no map); what they name is not scored",
                  highlight=False)
        by_reason: dict[str, list[GoldNote]] = {}
        for note in warnings:
            by_reason.setdefault(note.reason, []).append(note)
        for reason, notes in by_reason.items():
            for note in notes[:_SHOWN]:
                post = f", post {note.post}" if note.post else ""
                err.print(f"  {escape(note.file)}{escape(post)}: {escape(note.detail)} ({reason})", highlight=False)
            if len(notes) > _SHOWN:
                err.print(f"  ... and {len(notes) - _SHOWN} more {reason} (--json lists them all under warnings)",
                          highlight=False)
            err.print(f"    fix: {escape(notes[0].fix or '')}", highlight=False)
    passed = {reason: count for reason, count in result.note_counts().items()
              if reason not in {note.reason for note in warnings}}
    if passed:
        counted = ", ".join(f"{count} {reason}" for reason, count in passed.items())
        err.print(f"notes: {escape(result.corpus)}: passed over in the gold (not scored) or adjusted (byte offsets, "
                  f"decoded entities): {counted} (--json: notes)",
                  highlight=False)


def _explain(ctx: typer.Context, corpora: list[str], thread: str, *, trivial: bool, as_json: bool,
             corpus_options: list[str], gold_format: str | None, predicted: str | None) -> None:
    """``argmap eval CORPUS --explain THREAD``: one thread's checks, or why they cannot be made."""
    if len(corpora) != 1:
        fail(f"--explain needs exactly one corpus, not {len(corpora)}\n  fix: argmap eval CORPUS --explain {thread}")
    if corpus_options:
        named = ", ".join(corpus_options)
        fail(f"--explain checks one thread; {named} score a whole corpus\n"
             f"  fix: run them without --explain, or drop {named}")
    with errors(ctx):
        report = api.explain_thread(corpora[0], thread, settings=ctx_of(ctx).settings, trivial=trivial,
                                    gold_format=gold_format, predicted=predicted)
    if as_json:
        with errors(ctx):
            data = api.explanation_dict(corpora[0], report, trivial=trivial, predicted=predicted is not None)
        print_json(data)  # outside errors(): a reader that stops early (| head) is no bug of argmap's
    else:
        _print_explanation(report, "predicted" if predicted is not None else "argmap")


def _versus_table(result: api.EvalResult, predicted: str | None) -> Table:
    """Each metric's F1 beside the compared predictor's, their difference and its paired interval."""
    versus = result.versus
    assert versus is not None  # the caller shows this table only for a comparison
    scored = {"baseline": "baseline", "predictions": predicted or "predictions"}.get(result.predictor, "argmap")
    # a file's column is headed by its name; the title gives it whole
    table = Table(Column("metric", min_width=9), Column(escape(Path(scored).name), min_width=5),
                  Column(escape(Path(versus.predictor).name), min_width=5), Column("difference", min_width=6),
                  Column(f"{round(100 * BOOTSTRAP_LEVEL)} % interval", no_wrap=True),
                  Column("draws won", min_width=5),
                  title=f"{escape(result.corpus)}: {escape(scored)} against {escape(versus.predictor)} (F1; paired "
                        f"bootstrap over {versus.resamples} draws of the same threads)")
    for metric, difference in versus.differences.items():
        table.add_row(metric, f"{getattr(result.scores, metric).f1:.3f}", f"{getattr(versus.scores, metric).f1:.3f}",
                      f"{difference.difference:+.3f}", f"[{difference.low:+.3f}, {difference.high:+.3f}]",
                      f"{difference.better:.0%}")
    return table


def _rule_table(corpus: str, scores: Scores) -> Table:
    """How many relations each rule made on ``corpus`` and how many of them are right, in the scores' order.

    Rules of one version (``argmap.relations.v22/quote``, ``.../backs``) show by their names, the version in
    the title; models of other kinds keep their whole name.
    """
    versions = {model.rpartition("/")[0] for model in scores.rules}
    version = versions.pop() if len(versions) == 1 else ""
    table = Table("rule" if version else "model", "relations", "right", "precision", "across posts", "right",
                  title=f"{corpus}: relations by rule{f' of {version}' if version else ''} (right: ends and label "
                        f"match a gold relation)")
    for model, rule in scores.rules.items():
        table.add_row(escape(model.rpartition("/")[2] if version else model), str(rule.predicted), str(rule.correct),
                      f"{rule.precision:.3f}", str(rule.cross), str(rule.cross_correct))
    return table


def _thread_table(corpus: str, given: str, rows: list[dict[str, Any]]) -> Table:
    """Each thread's F1s and relation counts (``by_thread`` of :meth:`argmap.api.EvalResult.as_dict`), in corpus
    order, named as briefly as ``--explain`` takes them (``given``: the corpus as ``argmap eval`` takes it, for
    the hint in the title)."""
    lasts = [row["name"].rsplit("/", 1)[-1] for row in rows]
    unique = len(set(lasts)) == len(lasts)
    table = Table(Column("thread", no_wrap=True), "adu", "kind", "rel", "cross", "found", "label", "missed",
                  "extra", show_edge=False,
                  title=f"{corpus}: each thread on its own (rel: rel_all, cross: rel_cross F1; label: relations "
                        f"found with the other label); argmap eval {escape(given)} --explain THREAD says why")
    for row, last in zip(rows, lasts, strict=True):
        # a dash where the thread has nothing to score (no relation across posts in a text that stands alone), as
        # in the corpus table: 0.00 there would read as a failure
        table.add_row(escape(last if unique else row["name"]),
                      *(f"{row[metric]:.2f}" if any(row["counts"].get(count, 0) for count in _SCORED[metric])
                        else "–" for metric in ("adu", "kind", "rel_all", "rel_cross")),
                      *(str(row[status]) for status in ("found", "wrong-label", "missed", "extra")))
    return table


def _cause_table(corpus: str, causes: dict[str, int]) -> Table:
    """Missed gold relations and extra argmap relations by cause, most first."""
    table = Table("relations", "cause", "count", title=f"{corpus}: why relations are missed or extra")
    for key, count in causes.items():
        status, _, code = key.partition(":")
        table.add_row(status, CAUSES.get(key, code), str(count))
    return table


def _print_explanation(report: Explanation, who: str) -> None:
    """The relation checks of one thread as a list (gold first, then argmap's extra ones), its units as a
    table, and the thread's scores in a line (``who``: the predictor's name in the headings, ``argmap`` or
    ``predicted``)."""
    scores, counts = report.scores, report.counts()
    name = escape(report.name)
    out.print(f"[bold]{name}[/]: adu F1 {scores.adu.f1:.3f}, kind F1 {scores.kind.f1:.3f}, rel_all F1 "
              f"{scores.rel_all.f1:.3f}; relations: {counts['found']} found, {counts['wrong-label']} with the other "
              f"label, {counts['missed']} missed, {counts['extra']} extra", highlight=False)
    colour = {"found": "green", "wrong-label": "yellow", "missed": "red", "extra": "magenta"}
    for check in report.relations:
        head = [f"[bold {colour[check.status]}]{check.status}[/]"]
        if check.cross:
            head.append("across posts")
        if check.gold_kind:
            head.append(f"annotators: {check.gold_kind}")
        if check.kind:
            rule = (check.model or "").rpartition("/")[2]
            sure = f" {check.confidence:.2f}" if check.confidence is not None else ""
            head.append(f"{who}: {check.kind} ({escape(rule)}{sure})")
        out.print(" · ".join(head), highlight=False)
        source, target = escape(shorten(check.source_text, _TEXT)), escape(shorten(check.target_text, _TEXT))
        out.print(f"  “{source}” → “{target}”", highlight=False)
        if check.why:
            out.print(f"  [dim]{escape(check.why)}[/]", highlight=False)
    units = Table("status", "post", "text", "annotators", who, "overlap",
                  title=f"{escape(report.name)}: units (gold components and argmap's claims and premises; overlap: "
                        f"the words they share, a match from {MATCH_THRESHOLD}, or for one unmatched the most it "
                        "shares with any of the other side in its post)")
    for unit in report.units:
        units.add_row(unit.status, escape(unit.post), escape(shorten(unit.text, _TEXT)), unit.gold_kind or "",
                      unit.kind or "", "" if unit.overlap is None else f"{unit.overlap:.2f}")
    out.print(units)
