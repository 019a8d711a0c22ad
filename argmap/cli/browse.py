"""``argmap threads``, ``argmap stats`` and ``argmap export``."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.cells import cell_len
from rich.containers import Lines
from rich.markup import escape
from rich.table import Column, Table
from rich.text import Text

from argmap import api
from argmap.cli import columns
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
    out,
    print_json,
    say_none,
    write_stdout,
)
from argmap.domain import shorten
from argmap.words import counted

__all__ = ["delete_cli", "export_cli", "stats_cli", "threads_cli"]


#: The title column's width where a format or source column would take room from it.
TITLE_WIDTH = 40
#: The most lines a title wraps to in the table; a longer one ends in an ellipsis (``--json`` has it whole).
TITLE_LINES = 3
#: The narrowest the title column gets: a terminal too narrow for it gets a table wider than itself (at 40 columns
#: the title was cut to 5 characters, then left out).
TITLE_MIN_WIDTH = 15


def _lines(title: str, width: int) -> Text:
    """A title wrapped to ``width`` columns (as drawn: a CJK character counts two) in at most
    :data:`TITLE_LINES` lines, the last ending in "…" when the title goes on."""
    lines = Text(title).wrap(out, width, overflow="fold")
    if len(lines) > TITLE_LINES:
        last = Text(f"{lines[TITLE_LINES - 1].plain.rstrip()} {lines[TITLE_LINES].plain.lstrip()}")
        last.truncate(width, overflow="ellipsis")
        lines = Lines([*lines[:TITLE_LINES - 1], last])
    return Text("\n").join(lines)


@app.command("threads")
def threads_cli(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the stored threads.

    Example: argmap threads --json
    """
    with errors(ctx):
        rows = api.threads(settings=ctx_of(ctx).settings)
    if as_json:
        print_json([t.model_dump(mode="json") for t in rows])
        return
    if not rows:
        say_none("no threads stored yet; ingest one with: argmap ingest FILE")
        return
    # Sized to the terminal beforehand (rich would narrow the ids and counts too): ids and counts whole, the title
    # wrapped in the room they leave (at most TITLE_LINES lines), `missing` only where a thread lacks posts (a
    # column of zeros otherwise), then the format and the source where the title keeps TITLE_WIDTH beside them;
    # --json always has every field. At 80 columns the format took the room the title needed (titles cut to
    # "Introducing Redd…").
    counts = ["posts", "units", "relations", *(["missing"] if any(t.missing for t in rows) else [])]
    cells = {h: [columns.number(getattr(t, h)) for t in rows] for h in counts}
    widths = [max([2, *(len(t.id) for t in rows)]), *(max([len(h), *map(len, cells[h])]) for h in counts)]
    left = columns.room(out.width, widths)
    longest = max([5, *(cell_len(t.title or t.key) for t in rows)])
    title = max(min(longest, TITLE_MIN_WIDTH), min(left, longest))
    fmt = max([6, *(len(t.format) for t in rows)])
    wide = min(longest, TITLE_WIDTH) + fmt + 3 <= left  # the format beside a title that keeps TITLE_WIDTH
    if wide:
        title = min(title, left - fmt - 3)
    source = columns.room(left, [min(title, TITLE_WIDTH), fmt]) if wide else 0
    with_source = source >= 20
    if with_source:
        title = min(title, TITLE_WIDTH)
    table = Table(columns.key(), Column("title", width=title), *([columns.label("format")] if wide else []),
                  *(columns.count(h) for h in counts),
                  *([Column("source", no_wrap=True, overflow="ellipsis", max_width=source)] if with_source else []))
    for i, t in enumerate(rows):
        table.add_row(t.id, _lines(t.title or t.key, title), *([t.format] if wide else []),
                      *(cells[h][i] for h in counts), *([escape(t.source)] if with_source else []))
    out.print(columns.fit(table, out))
    if "missing" in counts:
        out.print("missing: comments the source listed but did not hold (Reddit's 'load more' stubs), left out of "
                  "what is stored", highlight=False, soft_wrap=False)  # wrapped at the table's width


@app.command("delete")
def delete_cli(
    ctx: typer.Context,
    refs: Annotated[list[str], typer.Argument(
        help="Threads to delete: id, key or unique title prefix, as `argmap threads` lists them.",
        metavar="THREAD...", show_default=False)],
    as_json: JsonOption = False,
) -> None:
    """Delete threads with everything found in them (units, relations, labels, tracking, evidence links).

    Evidence sources and the library's documents stay. Nothing is deleted when one THREAD is unknown.

    Example: argmap delete hn-open-models
    """
    with errors(ctx):
        gone = api.delete_threads(refs, settings=ctx_of(ctx).settings)
    if as_json:
        print_json([t.model_dump(mode="json") for t in gone])
        return
    for t in gone:
        out.print(f"deleted {escape(t.id)} {escape(t.title or t.key)} ({counted(t.posts, 'post')}, "
                  f"{counted(t.units, 'unit')}, {counted(t.relations, 'relation')})", soft_wrap=True)


@app.command("stats")
def stats_cli(
    ctx: typer.Context,
    thread: Annotated[str | None, typer.Option(
        "--thread", "-t", help="One thread (id, key or title prefix); every thread when left out.",
        show_default=False)] = None,
    as_json: JsonOption = False,
) -> None:
    """Count what the database holds: threads, posts, authors, units and relations by kind, relations by rule.

    Example: argmap stats --thread hn-open-models
    """
    with errors(ctx):
        counts = api.stats(settings=ctx_of(ctx).settings, thread=thread)
    if as_json:
        print_json(asdict(counts))
        return
    # The thread a title prefix matched, named above the table as claims and search name theirs.
    title = f"in {shorten(counts.thread_title or counts.thread, 70)}" if counts.thread else None
    table = Table("what", columns.count("count"), show_header=False, title=escape(title) if title else None)
    table.add_row("threads", columns.number(counts.threads))
    table.add_row("posts", columns.number(counts.posts))
    table.add_row("authors", columns.number(counts.authors))
    for kind, n in counts.units.items() or [("", 0)]:  # none of any kind: a row of 0, not no row at all
        table.add_row(f"units: {kind}" if kind else "units", columns.number(n))
    if not counts.relations:
        table.add_row("relations", "0")
    for kind, n in counts.relations.items():
        table.add_row(f"relations: {kind}", columns.number(n))
        if kind == "attack" and counts.assumed_attacks:  # the guesses among them (no word of the answer says so)
            table.add_row("  of which assumed (no words of disagreement)", columns.number(counts.assumed_attacks))
    for model, n in counts.relation_models.items():
        table.add_row(f"relations made by {escape(model)}", columns.number(n))
    table.add_row("topics", columns.number(counts.topics))
    table.add_row("evidence sources", columns.number(counts.evidence_sources))
    out.print(table)


#: File name endings that say which export format a file given to ``--output`` wants, longest first.
_SUFFIX_FORMATS = ((".aif.json", "aif"), (".graphml", "graphml"), (".dot", "dot"), (".gv", "dot"),
                   (".argdown", "argdown"), (".ad", "argdown"), (".markdown", "markdown"), (".md", "markdown"),
                   (".csv", "csv"), (".json", "json"))


def _format_of(output: Path) -> str | None:
    """The export format an output file's name asks for (``map.graphml`` is GraphML), if it asks for one."""
    name = output.name.lower()
    return next((format for suffix, format in _SUFFIX_FORMATS if name.endswith(suffix)), None)


#: File name endings of what other tools read that argmap writes none of: JSON written under one of these names
#: (``-o map.gexf`` for Gephi, ``-o units.tsv``, ``-o map.html``) is a file its tool refuses. Each gives the way to
#: what was wanted.
_FOREIGN_SUFFIXES = {
    **dict.fromkeys((".gexf", ".gml", ".net", ".xml"), "argmap writes no {name} file; Gephi, yEd and Cytoscape open "
                    "GraphML: -o {stem}.graphml"),
    **dict.fromkeys((".tsv", ".xlsx", ".xls", ".ods"), "argmap writes no {name} file; spreadsheets open its CSV: "
                    "-o {stem}.csv"),
    **dict.fromkeys((".html", ".htm"), "the HTML map is drawn by render: argmap render -o {stem}.html"),
    **dict.fromkeys((".svg", ".png", ".pdf"), "argmap draws no {name} file; Graphviz does from the DOT export: "
                    "argmap export -o {stem}.dot, then dot -T{kind} {stem}.dot > {stem}{suffix}"),
    **dict.fromkeys((".gz", ".zip", ".bz2", ".xz", ".zst"), "argmap writes no {name} file; compress standard "
                    "output: argmap export --format FORMAT | gzip > {stem}.gz"),
}


def _foreign(output: Path) -> str | None:
    """What to do instead when an output file's name asks for a format argmap does not write (``map.gexf``)."""
    suffix = output.suffix.lower()
    hint = _FOREIGN_SUFFIXES.get(suffix)
    if hint is None:
        return None
    stem = str(output)[:-len(suffix)] if output.name != suffix else str(output.with_name("map"))
    return hint.format(name=suffix[1:].upper(), stem=stem, kind=suffix[1:], suffix=suffix)


def _ending(format: str) -> str:
    """The file name ending of an export format (``.aif.json`` for AIF), for an example ``-o`` in a message."""
    return next((suffix for suffix, named in _SUFFIX_FORMATS if named == format), ".txt")


BRAT = "brat"
"""The export format written as files into a folder (:func:`argmap.api.export_brat`), not as one text."""


@app.command("export")
def export_cli(
    ctx: typer.Context,
    format: Annotated[str | None, typer.Option(
        "--format", "-f", help="Output format: json, aif (AIFdb/OVA), graphml (Gephi, yEd, Neo4j), dot (Graphviz), "
                               "argdown, markdown or md (a report of the debate), csv, brat (standoff files for "
                               "annotators, into the -o folder). Default: from the --output file's name (.aif.json, "
                               ".graphml, .dot or .gv, .argdown, .md or .markdown, .csv), else json; a name of a "
                               "format argmap does not write (.gexf, .tsv, .html, .svg, .gz...) is refused with the "
                               "way to it",
        show_default=False)] = None,
    thread: Annotated[str | None, typer.Option(
        "--thread", "-t", help="One thread (id, key or title prefix); all threads when left out.",
        show_default=False)] = None,
    topic: Annotated[str | None, typer.Option(
        "--topic", help="Only units about this topic (a topic key matching it as claims --topic matches, or all "
                        "its words in the text), with what they relate to, "
                        "as render --topic draws them.", show_default=False)] = None,
    authors: Annotated[str | None, typer.Option(
        "--authors", help="Only the units of these authors, comma-separated and in any case ('Ana Vale,bo'), and "
                          "the relations between them, as render --authors draws one exchange.",
        show_default=False)] = None,
    output_given: Annotated[str | None, typer.Option(
        "--output", "-o", metavar="<path>",
        help="File to write (a folder for brat); standard output when left out or -.",
        show_default=False, callback=home_expanded)] = None,
    min_confidence: Annotated[float, typer.Option(
        "--min-confidence", min=0.0, max=1.0,
        help="Export only relations at least this confident (0-1); units all stay.")] = 0.0,
    top: Annotated[int | None, typer.Option(
        "--top", min=1, help="Markdown only: the report's N most discussed topics, a report short enough to paste; "
                             "a last line counts the rest. Every topic when left out.", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option(
        "--json", help="The same as --format json (the default), as every command that prints takes it.")] = False,
) -> None:
    """Export the stored argument graph (posts, units, relations, quotes, evidence) for other tools.

    Example: argmap export --format aif --thread hn-open-models -o graphs/hn-open-models.aif.json

    For annotators to correct in brat: argmap export --format brat -o annotate/
    """
    if as_json and format is not None and format.lower() != "json":
        fail(f"--json and --format {format} ask for two formats; give one of them")
    # Text, not a Path, so that "-o out/" is seen to name a folder (a Path reads it as the file "out").
    output = None if output_given is None else Path(output_given)
    named = None if as_json or output is None else _format_of(output)
    if format is None and named is None and not as_json and output is not None and (hint := _foreign(output)):
        # JSON written into map.gexf or units.tsv is a file Gephi or the spreadsheet refuses
        bad_value("--output", f"{str(output)!r} names a {output.suffix} file, and the export takes its format from "
                              f"the name: {hint} (or give --format json to write JSON under this name)")
    format = (format or named or "json").lower()  # "JSON" is json
    format = api.FORMAT_ALIASES.get(format, format)
    if format not in (*api.EXPORT_FORMATS, BRAT):
        bad_value("--format", f"{format!r} is not an export format; use one of: "
                              f"{', '.join((*api.EXPORT_FORMATS, BRAT))}")
    if top is not None and format != "markdown":
        fail(f"--top {top} cuts the Markdown report, not the {format} export: add --format markdown (or -o "
             "FILE.md), or leave out --top")
    if format == BRAT:
        if output is None or str(output) == "-":
            fail("brat writes three files a thread (.txt, .ann, .metadata); give the folder to write them to\n"
                 "  fix: argmap export --format brat -o FOLDER")
        with errors(ctx):
            files = api.export_brat(output, settings=ctx_of(ctx).settings, thread=thread,
                                    min_confidence=min_confidence, topic=topic, authors=authors)
        if not files:  # "wrote 0 brat documents to out/" named a folder it never made
            err.print("nothing to write: the database holds no threads (argmap threads lists them); no folder made",
                      highlight=False)
            return
        err.print(f"wrote {len(files) // 3} brat document{'' if len(files) == 3 else 's'} ({len(files)} files) to "
                  f"{escape(str(output))}", highlight=False)
        return
    if output_given is not None and names_folder(output_given):  # "-o out/" wrote a file named "out"
        bad_value("--output", f"{output_given!r} is a folder, and the {format} export is one file: name it "
                              f"(-o {Path(output_given) / ('export' + _ending(format))})")
    with errors(ctx):
        data = api.export(settings=ctx_of(ctx).settings, thread=thread, format=format, min_confidence=min_confidence,
                          topic=topic, top=top, authors=authors)
    text = data if isinstance(data, str) else json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if output_given is None or output_given == "-":  # "-" is standard output, as "-" is standard input to ingest
        write_stdout(text)
        return
    with errors(ctx):
        api.write_output(Path(output_given), text, fix="choose another -o path")
    if as_json:  # stdout held nothing with --json: its JSON says where the export went, as render --json does
        print_json({"path": str(Path(output_given))})
        return
    err.print(f"wrote {escape(str(Path(output_given)))}", highlight=False)
