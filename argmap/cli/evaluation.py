"""``argmap eval``."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

import typer
from rich.table import Table

from argmap import api
from argmap.cli.app import JsonOption, app, ctx_of, errors, out, print_json
from argmap.evaluate import Scores

__all__ = ["eval_cli"]


@app.command("eval")
def eval_cli(
    ctx: typer.Context,
    corpora: Annotated[list[str] | None, typer.Argument(
        help="cmv, webdiscourse, microtexts, qt30, corpus folders, or argument maps made in another tool (AIF "
             "from OVA or AIFdb, Kialo exports) to score argmap against. Default: the four named corpora, from "
             "../shared/corpora/annotated.",
        show_default=False)] = None,
    evidence: Annotated[bool, typer.Option(
        "--evidence", help="Also score evidence units against gold backing and premise components (web "
                           "discourse).")] = False,
    folds: Annotated[int, typer.Option(
        "--folds", min=0, help="Also score N held-out folds (threads sharing an opening post kept together) and "
                               "show each F1's range over them; 0 for none.")] = 0,
    trivial: Annotated[bool, typer.Option(
        "--baseline", help="Score the trivial baseline (every sentence a claim; each reply's first sentence "
                           "attacks its parent's last) instead of argmap, for scale.")] = False,
    rules: Annotated[bool, typer.Option(
        "--rules", help="Also show, for each rule that made relations, how many it made and how many of them are "
                        "right (always in --json).")] = False,
    as_json: JsonOption = False,
) -> None:
    """Score the extraction against human-annotated corpora: units, kinds, relations, reply stance.

    Example: argmap eval cmv --folds 5 --json; argmap eval microtexts --rules; argmap eval --baseline
    """
    with errors(ctx):
        results = api.evaluate(corpora, settings=ctx_of(ctx).settings, evidence=evidence, folds=folds,
                               trivial=trivial)
    if as_json:
        print_json([{"corpus": r.corpus, "path": r.path, "threads": r.threads, "predictor": r.predictor,
                     **r.scores.as_dict(),
                     **({"evidence": asdict(r.evidence)} if r.evidence else {}),
                     **({"folds": [_without_rules(fold.as_dict()) for fold in r.folds]} if r.folds else {})}
                    for r in results])
        return
    for result in results:
        columns = ["metric", "precision", "recall", "F1", "coverage"]
        if result.folds:
            columns.append(f"F1 over {len(result.folds)} folds")
        who = " (trivial baseline)" if result.predictor == "baseline" else ""
        table = Table(*columns, title=f"{result.corpus}{who}: {result.threads} threads ({result.path})")
        scores = result.scores.as_dict()
        for metric in ("adu", "kind", "rel_all", "rel_cross", "stance"):
            values = scores[metric]
            row = [metric, f"{values['precision']:.3f}", f"{values['recall']:.3f}", f"{values['f1']:.3f}",
                   f"{values['coverage']:.3f}" if "coverage" in values else ""]
            if result.folds:
                spread = [getattr(fold, metric).f1 for fold in result.folds]
                row.append(f"{min(spread):.3f}–{max(spread):.3f}")
            table.add_row(*row)
        if result.evidence is not None:
            ev = result.evidence
            table.add_row("evidence", f"{ev.precision:.3f}", f"{ev.recall:.3f}", f"{ev.f1:.3f}", "",
                          *([""] if result.folds else []))
        if result.scores.confidence_auc is not None:
            table.caption = (f"relation confidence ranks right relations above wrong ones with AUC "
                             f"{result.scores.confidence_auc:.3f} (0.5: no better than chance)")
        out.print(table)
        if rules:
            out.print(_rule_table(result.corpus, result.scores) if result.scores.rules
                      else f"{result.corpus}: no relations to count by rule")


def _without_rules(scores: dict[str, Any]) -> dict[str, Any]:
    """A fold's scores without the per-rule counts, which the whole corpus's scores carry."""
    return {name: value for name, value in scores.items() if name != "rules"}


def _rule_table(corpus: str, scores: Scores) -> Table:
    """How many relations each rule made on ``corpus`` and how many of them are right, in the scores' order.

    Rules of one version (``argmap.relations.v10/quote``, ``.../backs``) show by their names, the version in
    the title; models of other kinds keep their whole name.
    """
    versions = {model.rpartition("/")[0] for model in scores.rules}
    version = versions.pop() if len(versions) == 1 else ""
    table = Table("rule" if version else "model", "relations", "right", "precision", "across posts", "right",
                  title=f"{corpus}: relations by rule{f' of {version}' if version else ''} (right: ends and label "
                        f"match a gold relation)")
    for model, rule in scores.rules.items():
        table.add_row(model.rpartition("/")[2] if version else model, str(rule.predicted), str(rule.correct),
                      f"{rule.precision:.3f}", str(rule.cross), str(rule.cross_correct))
    return table
