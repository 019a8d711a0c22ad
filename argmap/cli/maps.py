"""``argmap render``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.live import Live
from rich.markup import escape
from rich.spinner import Spinner

from argmap import api
from argmap.cli.app import (
    JsonOption,
    app,
    bad_value,
    ctx_of,
    err,
    errors,
    fail,
    home_expanded,
    names_folder,
    print_json,
    write_stdout,
)
from argmap.config import DEFAULT_HOPS, MAX_MAP_UNITS, PHYSICS_LIMIT
from argmap.words import counted

__all__ = ["GRAPHS_DIR", "render_cli"]

#: Where maps go when no -o is given.
GRAPHS_DIR = Path("graphs")
LAYOUTS = ("auto", "fixed", "physics")


def _default_name(thread: str | None, topic: str | None, claim: str | None, hops: int,
                  min_confidence: float = 0.0, authors: str | None = None) -> str:
    # The authors as typed, in the name: two exchanges of one thread get two files, not one overwritten.
    parts = [thread or "", f"topic-{topic}" if topic else "", f"{claim}-{hops}hops" if claim else "",
             f"authors-{authors}" if authors else "", f"min{min_confidence:g}" if min_confidence else ""]
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", "_".join(p for p in parts if p)).strip("-._")[:80]
    return f"{stem or 'map'}.html"


@app.command("render")
def render_cli(
    ctx: typer.Context,
    thread: Annotated[str | None, typer.Option(
        "--thread", "-t", help="One thread (id, key or title prefix); all threads when left out.",
        show_default=False)] = None,
    topic: Annotated[str | None, typer.Option(
        "--topic", help="Only units about this topic (a topic key matching it as claims --topic matches, or all "
                        "its words in the text), with what they relate to.",
        show_default=False)] = None,
    claim: Annotated[str | None, typer.Option(
        "--claim", help="A unit id, or a prefix only one unit id has: draw it with its neighbourhood (see "
                         "--hops). A post id names that post's units.", show_default=False)] = None,
    authors: Annotated[str | None, typer.Option(
        "--authors", help="Only the units of these authors, comma-separated and in any case ('Ana Vale,bo'), and "
                          "the relations between them: an exchange argmap analyze lists, without the rest of the "
                          "thread. With --claim, the exchange around that unit (one of theirs).",
        show_default=False)] = None,
    hops: Annotated[int | None, typer.Option(
        "--hops", min=0, help=f"How many relations away from --claim to reach. Default: {DEFAULT_HOPS}",
        show_default=False)] = None,
    output: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="<path>",
        help="HTML file to write, a folder to write it into (its default name), or - for standard output. Default: "
             "graphs/<thread, topic or claim>.html",
        show_default=False, callback=home_expanded)] = None,
    title: Annotated[str | None, typer.Option(
        "--title", help="Heading of the page. Default: the thread titles.", show_default=False)] = None,
    layout: Annotated[str, typer.Option(
        "--layout", help="fixed: tree layout computed in Python; physics: let the browser relax it (small maps); "
                         "auto: fixed.")] = "auto",
    min_confidence: Annotated[float, typer.Option(
        "--min-confidence", min=0.0, max=1.0,
        help="Draw only relations at least this confident (0-1), e.g. 0.5 for the surer ones; units all stay.")] = 0.0,
    max_units: Annotated[int, typer.Option(
        "--max-units", min=1,
        help="Refuse a map of more units than this (a browser opens a larger page slowly and shows every unit "
             "too small to read); the error names --thread, --topic or --claim to draw part of it. Give the "
             "count it names to draw it all.")] = MAX_MAP_UNITS,
    as_json: JsonOption = False,
) -> None:
    """Draw an interactive argument map as one self-contained HTML file (works offline, no CDN).

    Example: argmap render --thread hn-open-models -o graphs/hn-open-models.html

    Example: argmap render --thread jsonl:rail-trail --authors "maren,lindqvist" (corpora/examples/example.jsonl;
    the sample thread names no authors)
    """
    layout = layout.lower()  # any case, as --kind, --label and --format
    if layout not in LAYOUTS:
        bad_value("--layout", f"{layout!r} is not a layout; use one of: {', '.join(LAYOUTS)}")
    # --hops without --claim (the default's value too: it would be ignored) is refused by api.render_map
    reach = DEFAULT_HOPS if hops is None else hops  # for the file name only
    to_stdout = output is not None and str(output) == "-"  # "-" is standard output, as for export
    if to_stdout and as_json:
        fail("--json and -o - would both write to standard output; drop --json to get the page there, or give "
             "-o FILE to get its path as JSON")
    if to_stdout:
        with errors(ctx), _progress(not as_json) as progress:
            page = api.render_map(settings=ctx_of(ctx).settings, thread=thread, topic=topic, claim=claim,
                                  hops=hops, title=title, layout=layout, min_confidence=min_confidence,
                                  authors=authors, max_units=max_units, on_progress=progress)
        write_stdout(str(page))
        return
    # Text, not a Path, so that "-o maps/" is seen to name a folder (a Path reads it as the file "maps").
    default = _default_name(thread, topic, claim, reach, min_confidence, authors)
    target = GRAPHS_DIR / default if not output else Path(output) / default if names_folder(output) else Path(output)
    drawn: list[api.MapProgress] = []
    with errors(ctx), _progress(not as_json) as progress:
        def seen(state: api.MapProgress) -> None:
            drawn.append(state)  # the counts, for the line that says what was written
            progress(state)

        path = api.render_map(settings=ctx_of(ctx).settings, thread=thread, topic=topic, claim=claim, hops=hops,
                              output=target, title=title, layout=layout, min_confidence=min_confidence,
                              authors=authors, max_units=max_units, on_progress=seen)
    if as_json:
        print_json({"path": str(path)})
        return
    counts = (f" ({counted(drawn[-1].units, 'unit')}, {counted(drawn[-1].relations, 'relation')}, "
              f"{_size(Path(path))})" if drawn else "")
    err.print(f"wrote {escape(str(path))}{counts}", highlight=False)
    if layout == "physics" and drawn and drawn[-1].units > PHYSICS_LIMIT:  # it was asked for: say why it is not
        err.print(f"note: --layout physics relaxes maps of up to {PHYSICS_LIMIT} units in the browser; this one has "
                  f"{drawn[-1].units:,}, so it is drawn in the fixed tree layout", highlight=False)


def _size(path: Path) -> str:
    """A page's size as people read it: 180 kB, 16.3 MB."""
    try:
        size = path.stat().st_size
    except OSError:
        return "size unknown"
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{max(1, round(size / 1e3))} kB"


@contextmanager
def _progress(wanted: bool) -> Iterator[Callable[[api.MapProgress], None]]:
    """A spinner on standard error, on a terminal only, that says what drawing a map is doing and how many units it
    draws: a map of thousands of units takes seconds to lay out, and ran silently before."""
    if not wanted or not err.is_terminal:
        yield lambda _state: None
        return
    said = {"reading": "reading the map's units and relations", "writing": "writing the page"}
    spinner = Spinner("dots", said["reading"], style="green")
    with Live(spinner, console=err, transient=True, refresh_per_second=12.5) as live:
        def update(state: api.MapProgress) -> None:
            spinner.update(text=said.get(state.stage) or f"laying out and drawing {state.units:,} units and "
                                                          f"{state.relations:,} relations")
            live.refresh()  # now: a stage may last less than a refresh, and a long one shows at once

        yield update
