"""``argmap evidence add``, ``link``, ``for`` and ``sources``: the sources threads cite and the user's library."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from argmap import api
from argmap.cli import columns
from argmap.cli.app import (
    JsonOption,
    app,
    ctx_of,
    err,
    errors,
    out,
    print_json,
    print_wrapped,
    say_none,
    stop,
    stopped_word,
)
from argmap.config import DEFAULT_TIMEOUT
from argmap.domain import shorten
from argmap.errors import StoreError
from argmap.nlp.retrieval import MIN_SCORE, TOP_K
from argmap.words import counted

if TYPE_CHECKING:
    from argmap.store.models import EvidenceItemInfo

__all__ = ["evidence_add_cli", "evidence_app", "evidence_documents_cli", "evidence_for_cli", "evidence_link_cli",
           "evidence_remove_cli", "evidence_sources_cli"]

evidence_app = typer.Typer(
    help="Evidence: the sources threads cite, and a library of your documents linked to claims. "
         "Example: argmap evidence sources --thread four-day-week (after argmap ingest corpora/evidence/*.txt)",
    no_args_is_help=True,
)
app.add_typer(evidence_app, name="evidence")


def _print_link(report: api.LinkReport) -> None:
    out.print(f"linked {counted(report.units, 'claim')} against {counted(report.passages, 'passage')}: "
              f"{counted(report.scored, 'new (claim, document) pair')} scored, {counted(report.links, 'link')} stored")
    if report.note and report.units:
        print_wrapped(f"note: {report.note}")


@evidence_app.command("add")
def evidence_add_cli(
    ctx: typer.Context,
    targets: Annotated[list[str], typer.Argument(
        help="Files (.txt, .text, .md, .markdown, .html, .htm, .pdf), folders of them, http(s) URLs, or - for stdin. "
             f"A URL's server is given ARGMAP_TIMEOUT seconds to answer (default {DEFAULT_TIMEOUT:g}).",
        show_default=False)],
    no_link: Annotated[bool, typer.Option("--no-link", help="Add only; link claims later with: argmap evidence "
                                                             "link.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Add documents to the evidence library, split into passages, and link claims to them.

    Each document is stored in one transaction: one that cannot be read (an unreadable PDF, an HTML page with
    no text, a file over 20 MB, a URL that fails) is reported and leaves the library as it was.

    Example: argmap evidence add corpora/evidence/library/ (a folder, files, URLs; - reads stdin)
    """
    report = api.AddReport()
    with errors(ctx):  # which stops on SIGTERM too
        try:
            api.add_documents(targets, settings=ctx_of(ctx).settings, link=not no_link, report=report)
        except KeyboardInterrupt as exc:  # each document is stored whole or not at all: say which, and what is left
            stored = len(report.added)
            stop(exc, f"{stopped_word(exc)}; {counted(stored, 'document')} stored whole, the rest not"
                 + ("" if no_link or report.linking else "; claims were not linked to them yet")
                 + "; run the command again to finish")
        except StoreError:
            # A full disk part-way: each document after it failed on its own, then linking failed, and only the
            # last error was said, not that the documents before it were stored (whole) and the rest not.
            if report.added:
                stored, failed = len(report.added), len(report.failures)
                err.print(f"stored before the database failed: {counted(stored, 'document')}, whole"
                          + (f"; {failed} not stored" if failed else "")
                          + ("" if no_link or report.linking else "; no claim linked to them yet")
                          + "; run the command again once the error below is mended", highlight=False)
            raise
    if as_json:
        print_json(report.as_dict())
    elif report.added or report.unchanged:  # a run where every document failed has only its errors to show
        table = Table("document", "kind", "passages", "status", title="evidence library")
        for doc in report.added:
            table.add_row(escape(doc.title or doc.source), doc.media, columns.number(doc.passages),
                          "updated" if doc.id in report.updated else "added")
        for doc in report.unchanged:
            table.add_row(escape(doc.title or doc.source), doc.media, columns.number(doc.passages), "unchanged")
        out.print(table)
        if report.linking:
            _print_link(report.linking)
    if not as_json:
        for entry in report.passed_over:
            err.print(f"[bold yellow]warning:[/] {escape(entry)}", highlight=False)
    for failure in report.failures:
        err.print(f"[bold red]error:[/] {escape(failure.message)}", highlight=False)
    if report.failures:
        raise typer.Exit(1)


@evidence_app.command("documents")
def evidence_documents_cli(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the documents of the evidence library: id, title, kind, passages, claims' links, path or URL.

    Example: argmap evidence documents
    """
    with errors(ctx):
        found = api.library_documents(settings=ctx_of(ctx).settings)
    if as_json:
        print_json([d.as_dict() for d in found])
        return
    if not found:
        say_none("the evidence library holds no document; add some with: argmap evidence add PATH")
        return
    table = Table(columns.label("id"), columns.text("document"), columns.label("kind"), columns.count("passages"),
                  columns.count("links"), columns.text("path or URL"), title="evidence library")
    for entry in found:
        doc = entry.document
        table.add_row(doc.id, escape(doc.title or doc.source), doc.media, columns.number(doc.passages),
                      columns.number(entry.links), escape(doc.source))
    out.print(columns.fit(table, out))


@evidence_app.command("remove")
def evidence_remove_cli(
    ctx: typer.Context,
    refs: Annotated[list[str], typer.Argument(
        help="Documents to remove: id (or a prefix only one id has), path or URL as added, or title, as "
             "`argmap evidence documents` lists them.", metavar="DOCUMENT...", show_default=False)],
    as_json: JsonOption = False,
) -> None:
    """Remove documents from the evidence library, with their passages and the claims' links to them.

    Threads and the links to other documents stay. Nothing is removed when one DOCUMENT is unknown.

    Example: argmap evidence remove notes/old-draft.md
    """
    with errors(ctx):
        gone = api.remove_documents(refs, settings=ctx_of(ctx).settings)
    if as_json:
        print_json([d.as_dict() for d in gone])
        return
    for entry in gone:
        doc = entry.document
        out.print(f"removed {doc.id} {escape(doc.title or doc.source)} ({counted(doc.passages, 'passage')}, "
                  f"{counted(entry.links, 'link')})", soft_wrap=True, highlight=False)


@evidence_app.command("link")
def evidence_link_cli(
    ctx: typer.Context,
    min_score: Annotated[float | None, typer.Option(
        "--min-score", help="Normalised BM25 score (0..1) a passage needs to count as evidence (default "
                            f"{MIN_SCORE:g}, or the one given last: kept for later linking, ingest's too).",
        min=0.0, max=1.0, show_default=False)] = None,
    top: Annotated[int | None, typer.Option(
        "--top", help=f"Passages kept per claim (default {TOP_K}, or the count given last: kept as --min-score is).",
        min=1, show_default=False)] = None,
    rescore: Annotated[bool, typer.Option(
        "--rescore", help="Score every claim against every document again with these settings, replacing the "
                          "links stored before.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Link claims to library passages, scoring only claims and documents not scored before (all with --rescore).

    Example: argmap evidence link --rescore --min-score 0.3
    """
    with errors(ctx):
        report = api.link_library(settings=ctx_of(ctx).settings, min_score=min_score, top_k=top, rescore=rescore)
    if as_json:
        print_json(asdict(report))
    else:
        _print_link(report)


@evidence_app.command("for")
def evidence_for_cli(
    ctx: typer.Context,
    claim: Annotated[str, typer.Argument(help="A unit id (or a prefix only one id has).", show_default=False)],
    as_json: JsonOption = False,
) -> None:
    """Show what backs or contests a claim: its own evidence, units giving evidence, library passages.

    Example: argmap evidence for u-4ca9352427ca4fe9 (a claim of corpora/evidence/four-day-week.txt, the library of
    corpora/evidence/library/ added)
    """
    with errors(ctx):
        found = api.evidence_for(claim, settings=ctx_of(ctx).settings)
    if as_json:
        print_json(found.as_dict())
        return
    print_wrapped(f"[bold]{found.unit.kind}[/] {found.unit.id}: {escape(shorten(found.unit.text, 200))}")
    if not (found.own or found.given or found.passages) and not found.library:
        say_none("no evidence found; add documents with: argmap evidence add PATH")
    elif not (found.own or found.given or found.passages):  # "add documents" to a library of several misled
        say_none(f"no evidence found: no passage of the library's {found.library:,} document"
                 f"{'s' * (found.library != 1)} is linked to it (none scored enough, or the claims were not "
                 "linked yet); argmap evidence link --rescore --min-score 0.1 links weaker matches too", wrapped=True)
    for item in found.own:
        print_wrapped(f"own {item.kind}: {escape(item.text)}" + (f" -> {escape(item.source_label or '')}"
                                                                if item.source else ""), indent=2)
    items: dict[str, list[EvidenceItemInfo]] = {}
    for item in found.given_items:
        items.setdefault(item.unit, []).append(item)
    for reply in found.given:
        print_wrapped(f"[cyan]evidence[/] {reply.id} ({escape(reply.author or '?')}): "
                      f"{escape(shorten(reply.text, 110))}", indent=2)
        for item in items.get(reply.id, []):
            print_wrapped(f"{item.kind}: {escape(item.text)}" + (f" -> {escape(item.source_label or '')}"
                                                                 if item.source else ""), indent=6)
    for hit in found.passages:
        where = hit.passage.document_title or hit.passage.document_source
        print_wrapped(f"[magenta]{hit.stance}[/] {hit.score:.2f} {escape(where)}, {escape(hit.passage.location)}: "
                      f"{escape(shorten(hit.passage.text, 110))}", indent=2)
        # The words shared and the cue behind the stance: a heuristic's verdict is worth little without them.
        print_wrapped(f"[dim]why: {escape(hit.reason)}[/]", indent=6)


SOURCES_SHOWN = 30
"""Sources the table lists unless --limit says otherwise: the 12 shared threads cite 547, a 1,700-line table."""


@evidence_app.command("sources")
def evidence_sources_cli(
    ctx: typer.Context,
    thread: Annotated[str | None, typer.Option("--thread", "-t", help="One thread (id, key or title prefix).",
                                               show_default=False)] = None,
    topic: Annotated[str | None, typer.Option("--topic", help="Only citations about this topic.",
                                              show_default=False)] = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", "-n", help=f"At most this many sources, the most cited first. Default: {SOURCES_SHOWN} in the "
                              "table, every source with --json.", min=1, show_default=False)] = None,
    as_json: JsonOption = False,
) -> None:
    """List the sources threads cite (links, papers, DOIs, named sources): cited by whom, on which side.

    Links that are no source (pictures, profiles, subreddits, Reddit and Hacker News discussions, searches) come
    after the sources, their kind saying which.

    Example: argmap evidence sources --topic "four-day week" --limit 10 (the threads of corpora/evidence/)
    """
    with errors(ctx):
        found = api.evidence_sources(settings=ctx_of(ctx).settings, thread=thread, topic=topic)
    if as_json:
        print_json([s.model_dump() for s in found[:limit]])
        return
    if not found:
        where = (f" about {shorten(topic, 80)!r}" if topic else "") + (f" in thread {thread!r}" if thread else "")
        # markup=False: a topic typed with brackets ("[/x]") is words, not rich markup (it ended in a traceback)
        say_none(f"no source (a link, a paper, a DOI, a named source) is cited{escape(where)}")
        return
    shown = limit or SOURCES_SHOWN
    more = (f"{len(found) - shown:,} more not shown: a larger --limit, or --json for all" if len(found) > shown
            else None)
    table = Table(columns.text("source"), columns.label("kind"), columns.count("links"), columns.count("threads"),
                  columns.text("cited by (side)"), title="evidence sources", caption=more)
    for source in found[:shown]:
        cited = ", ".join(dict.fromkeys(f"{c.author or '?'} ({c.side})" for c in source.citations))
        # A link that is no source says what it is instead of "url": "media", "profile", "discussion", ...
        table.add_row(escape(source.label), source.kind if source.role == "page" else source.role,
                      columns.number(source.links), columns.number(source.threads), escape(cited))
    out.print(columns.fit(table, out))
