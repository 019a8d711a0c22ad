"""``argmap eval``."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer
from rich.table import Table

from argmap import api
from argmap.cli.app import JsonOption, app, ctx_of, errors, out, print_json

__all__ = ["eval_cli"]


@app.command("eval")
def eval_cli(
    ctx: typer.Context,
    corpora: Annotated[list[str] | None, typer.Argument(
        help="cmv, webdiscourse, or corpus folders. Default: both, from ../shared/corpora/annotated.",
        show_default=False)] = None,
    evidence: Annotated[bool, typer.Option(
        "--evidence", help="Also score evidence units against gold backing and premise components (web "
                           "discourse).")] = False,
    as_json: JsonOption = False,
) -> None:
    """Score the extraction against human-annotated corpora: units, kinds, relations, reply stance.

    Example: argmap eval cmv --json
    """
    with errors(ctx):
        results = api.evaluate(corpora, settings=ctx_of(ctx).settings, evidence=evidence)
    if as_json:
        print_json([{"corpus": r.corpus, "path": r.path, "threads": r.threads, **r.scores.as_dict(),
                     **({"evidence": asdict(r.evidence)} if r.evidence else {})} for r in results])
        return
    for result in results:
        table = Table("metric", "precision", "recall", "F1", "coverage",
                      title=f"{result.corpus}: {result.threads} threads ({result.path})")
        scores = result.scores.as_dict()
        for metric in ("adu", "kind", "rel_all", "rel_cross", "stance"):
            values = scores[metric]
            table.add_row(metric, f"{values['precision']:.3f}", f"{values['recall']:.3f}", f"{values['f1']:.3f}",
                          f"{values['coverage']:.3f}" if "coverage" in values else "")
        if result.evidence is not None:
            ev = result.evidence
            table.add_row("evidence", f"{ev.precision:.3f}", f"{ev.recall:.3f}", f"{ev.f1:.3f}", "")
        out.print(table)
