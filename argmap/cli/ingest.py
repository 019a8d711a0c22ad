"""``argmap ingest``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from argmap import api
from argmap.cli import columns
from argmap.cli.app import (
    JsonOption,
    app,
    bad_value,
    ctx_of,
    err,
    errors,
    out,
    print_json,
    stop,
    stop_on_signals,
    stopped_word,
)
from argmap.config import DEFAULT_TIMEOUT
from argmap.errors import StoreError
from argmap.sources.registry import FORMATS
from argmap.words import counted

if TYPE_CHECKING:
    from argmap.store.models import ThreadChanges

__all__ = ["ingest_cli"]


@contextmanager
def _interrupted(report: api.IngestReport) -> Iterator[None]:
    """Ctrl-C: one line saying what is stored (each thread is stored whole or not at all) and exit status 130;
    SIGTERM alike, with status 143 (128 + 15). Unhandled, SIGTERM ended the command at once, and its worker
    processes printed tracebacks on finding it gone.

    A database that fails part-way (a full disk) stops the command too: the threads stored before it are named
    before the error (each is whole), since the rest can only be stored once the database is mended. So does
    any other error that stops it part-way (a bug in argmap), which is then reported as such.
    """
    with stop_on_signals():
        try:
            yield
        except StoreError:
            if report.threads:
                names = ", ".join(t.title or t.key for t in report.threads)
                err.print(f"stored before the database failed: {escape(names)}; the rest were not; run the "
                          "command again once the error below is mended", highlight=False)
            raise
        except Exception:
            if report.threads:
                names = ", ".join(t.title or t.key for t in report.threads)
                err.print(f"stored before the error below stopped the command: {escape(names)}; the rest were not",
                          highlight=False)
            raise
        except KeyboardInterrupt as exc:
            stored = len(report.threads)
            stop(exc, f"{stopped_word(exc)}; {stored} thread{'' if stored == 1 else 's'} stored whole, the rest not "
                      "(a thread stopped mid-way is not stored); run the command again to finish")


def _changes(changes: ThreadChanges) -> str:
    """What storing a thread again changed, in words: ``updated: 803 posts added, 2 edited; ...``."""
    if changes.status != "updated":
        return f"{changes.status} (stored again as it was)"
    parts = [f"{what} changed" for what, changed in (("title", changes.title_changed), ("link", changes.url_changed))
             if changed]
    for what, counts in (("posts", (("added", changes.posts_added), ("removed", changes.posts_removed),
                                    ("edited", changes.posts_edited))),
                         ("units", (("added", changes.units_added), ("removed", changes.units_removed),
                                    ("changed", changes.units_changed))),
                         ("relations", (("added", changes.relations_added),
                                        ("removed", changes.relations_removed),
                                        ("changed", changes.relations_changed)))):
        said = [f"{n:,} {how}" for how, n in counts if n]
        if said:
            parts.append(f"{what} {', '.join(said)}")
    return "updated: " + "; ".join(parts)


@app.command("ingest")
def ingest_cli(
    ctx: typer.Context,
    targets: Annotated[list[str], typer.Argument(
        help="Thread files, folders, URLs (Hacker News, Reddit, Discourse) or - for stdin. A URL's server is given "
             f"ARGMAP_TIMEOUT seconds to answer (default {DEFAULT_TIMEOUT:g}); ARGMAP_HN_API and ARGMAP_REDDIT_BASE "
             "fetch Hacker News and Reddit threads from another server.", show_default=False)],
    format: Annotated[str | None, typer.Option(
        "--format", "-f", help=f"Force a reader instead of sniffing: {', '.join(FORMATS)}.",
        show_default=False)] = None,
    as_json: JsonOption = False,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="List every note the readers made (with --json, under messages).")] = False,
    extract: Annotated[bool, typer.Option(
        "--extract/--no-extract", help="Find claims, premises and relations (needs the spaCy pipeline).")] = True,
) -> None:
    """Read threads and store them in the database; re-ingesting a thread updates it in place.

    Example: argmap ingest corpora/hn-open-models.txt corpora/examples/
    """
    format = format.lower() if format is not None else None  # "TEXT" is text
    if format is not None and format not in FORMATS:
        bad_value("--format", f"{format!r} is not a format argmap reads; use one of: {', '.join(FORMATS)}")
    settings = ctx_of(ctx).settings
    report = api.IngestReport()
    with errors(ctx), _interrupted(report):
        if as_json or not err.is_terminal:
            api.ingest(targets, settings=settings, format=format, extract=extract, report=report)
        else:
            with Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                          MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True) as bar:
                inputs = bar.add_task("threads", total=None)
                posts = bar.add_task("posts", total=None, visible=False)

                def progress(state: api.IngestProgress) -> None:
                    # Loading spaCy, storing and tracking move no count: the bar names them while they last.
                    bar.update(inputs, completed=state.inputs_done, total=state.inputs_total or None,
                               description="threads" if state.stage == "reading" else f"threads: {state.stage}")
                    if state.posts_total and state.stage == "reading":
                        bar.update(posts, completed=state.posts_done, total=state.posts_total, visible=True,
                                   description=f"posts of {escape(state.source[-30:])}")
                    else:
                        bar.update(posts, visible=False)

                api.ingest(targets, settings=settings, format=format, extract=extract, on_progress=progress,
                           report=report)
    if as_json:
        print_json(report.as_dict(messages=verbose))  # -v lists the notes, in JSON too
    else:
        if report.threads:
            table = Table("thread", "format", *(columns.count(h) for h in ("posts", "units", "relations", "missing")),
                          title="ingested")
            for t in report.threads:
                table.add_row(escape(t.title or t.key), t.format, columns.number(t.posts), columns.number(t.units),
                              columns.number(t.relations), columns.number(t.missing))
            out.print(table)
            for t in report.threads:
                if t.changes.status != "new":
                    out.print(f"{t.title or t.key}: {_changes(t.changes)}", highlight=False, markup=False)
        if report.notes:
            out.print("notes: " + ", ".join(f"{reason} {n}" for reason, n in sorted(report.notes.items()))
                      + ("" if verbose else "  (--verbose lists them)"))
        if verbose:
            for message in report.messages:
                out.print(f"  {message}", highlight=False, markup=False)
    if not as_json:
        for warning in report.warnings:
            err.print(f"[bold yellow]warning:[/] {escape(warning)}", highlight=False)
    for failure in report.failures:
        err.print(f"[bold red]error:[/] {escape(failure.error)}", highlight=False)
    if report.failures:
        given = counted(len(report.failures) + len(report.threads), "input")
        err.print(f"{len(report.failures):,} of {given} failed; "
                  + ("nothing of those was stored, the others were." if report.threads else "nothing was stored."))
        raise typer.Exit(1)
