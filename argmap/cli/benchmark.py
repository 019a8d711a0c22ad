"""``argmap benchmark``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from argmap import api
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
    stopped_word,
)
from argmap.config import BENCHMARK_SECTIONS, DEFAULT_MAP_UNITS, DEFAULT_MEMORY_POSTS, DEFAULT_QUERY_UNITS, LIMIT_MB

if TYPE_CHECKING:
    from argmap.api.benchmark import BenchmarkProgress, BenchmarkReport

__all__ = ["benchmark_cli"]


@app.command("benchmark")
def benchmark_cli(
    ctx: typer.Context,
    inputs: Annotated[list[str] | None, typer.Argument(
        help="Thread files or folders for the speed and write sections. Default: the HN and Reddit threads "
             "of ../shared/corpora/threads/, else corpora/.", show_default=False)] = None,
    sections: Annotated[str, typer.Option(
        "--sections", help=f"Comma-separated sections to run: {', '.join(BENCHMARK_SECTIONS)}.",
    )] = ",".join(BENCHMARK_SECTIONS),
    query_units: Annotated[int, typer.Option(
        "--query-units", min=1, help="Units in the synthetic database the queries are timed on (cached under "
                                     "the system's temporary folder, reused by later runs).")] = DEFAULT_QUERY_UNITS,
    memory_posts: Annotated[int, typer.Option(
        "--memory-posts", min=1, help="Posts in the generated JSON Lines file ingested for the memory "
                                      "section.")] = DEFAULT_MEMORY_POSTS,
    map_units: Annotated[int, typer.Option(
        "--map-units", min=1, help="Units of the synthetic map loaded in headless Chromium.")] = DEFAULT_MAP_UNITS,
    memory_source: Annotated[list[str] | None, typer.Option(
        "--source", help="Folder of real threads the memory section's file is cycled from (repeatable). "
                         "Default: ../shared/corpora/threads/, else corpora/.", show_default=False)] = None,
    runs: Annotated[int, typer.Option("--runs", min=1, help="Runs of each speed measurement; the best "
                                                            "counts.")] = 2,
    as_json: JsonOption = False,
) -> None:
    """Measure extraction speed (raw spaCy against argmap), database writes, query latency, a map's loading and
    answers (a click, a filter, Reset), memory.

    Timings depend on the machine and on what else runs on it: the report gives the load average before and
    after. With --db postgresql+psycopg://..., the write section also writes the input threads there. With no
    file named, the speed and write sections take minutes over the shared corpora; one thread, one run, seconds.

    Example: argmap benchmark corpora/hn-open-models.txt --sections speed,write --runs 1 --json (seconds)
    """
    chosen = [s.strip().lower() for s in sections.split(",") if s.strip()]
    unknown = [s for s in chosen if s not in BENCHMARK_SECTIONS]
    if unknown or not chosen:  # a value out of range: a usage error, exit status 2, like typer's own checks
        wrong = f"there is no section {', '.join(map(repr, unknown))}" if unknown else "it names no section"
        bad_value("--sections", f"{sections!r}: {wrong}; use some of: {', '.join(BENCHMARK_SECTIONS)}, "
                                "separated by commas")
    settings = ctx_of(ctx).settings

    def progress(state: BenchmarkProgress) -> None:
        if not as_json:
            err.print(f"[dim]{state.section}:[/] {escape(state.detail)}", highlight=False)

    # Ctrl-C and SIGTERM stop it as they stop ingest: one line, status 130 or 143, and no worker's traceback.
    with errors(ctx):  # which stops on SIGTERM too
        try:
            report = api.benchmark(inputs, settings=settings, sections=chosen, query_units=query_units,
                                   memory_posts=memory_posts, map_units=map_units, memory_source=memory_source,
                                   runs=runs, on_progress=progress)
        except KeyboardInterrupt as exc:
            stop(exc, f"{stopped_word(exc)}; the benchmark stopped before its report, which it prints only whole; run "
                      "it again (--sections runs fewer)")
    if as_json:
        print_json(api.report_dict(report))
        return
    _print(report)


def _print(report: BenchmarkReport) -> None:
    load = " / ".join(f"{x:.1f}" for x in report.load_before)
    versions = ", ".join(f"{name} {version}" for name, version in report.versions.items())
    out.print(f"{versions}; {report.machine}", highlight=False)
    usable = f" ({report.usable_cpus} usable)" if report.usable_cpus != report.cpus else ""
    out.print(f"{report.cpus} CPUs{usable}; load average before {load}, after "
              f"{' / '.join(f'{x:.1f}' for x in report.load_after)}; {report.seconds:.0f} s in all", highlight=False)
    if report.speed is not None or report.write:  # the threads timed: the default is the shared corpora, else corpora/
        out.print(f"inputs: {escape(', '.join(report.inputs))}", highlight=False)
    if report.speed is not None:
        s = report.speed
        table = Table("measure", "words/s", "posts/s", "seconds", title=(
            f"speed: {report.pipeline}, components {', '.join(s.components)} (not loaded: "
            f"{', '.join(s.excluded) or 'none'}), {s.processes} process(es), batch {s.batch_size}, "
            f"{s.argmap.posts:,} posts, {s.argmap.words:,} words, best of {s.runs}"))
        # Docs are sent back only from worker processes: in one process the two raw rates time the same thing.
        raw = (("raw nlp.pipe (Docs sent back)", "raw pipeline only (no Docs sent back)") if s.processes > 1 else
               ("raw nlp.pipe (1 process)", "raw nlp.pipe again (1 process)"))
        for name, rate in ((raw[0], s.raw_pipe), (raw[1], s.raw_compute),
                           (f"argmap ingest ({''.join(f'+{c}, ' for c in s.argmap_components)}read, store)",
                            s.argmap)):
            table.add_row(name, f"{rate.words_per_s:,.0f}", f"{rate.posts_per_s:,.1f}", f"{rate.seconds:.2f}")
        out.print(table)
        out.print(f"argmap / raw nlp.pipe = {s.ratio:.2f} (target >= 0.85); argmap / pipeline only = "
                  f"{s.ratio_to_compute:.2f}", highlight=False)
        if len(s.run_ratios) > 1:  # the best of each side may come from different runs: the spread shows the load
            out.print(f"  each run's argmap / raw nlp.pipe: {', '.join(f'{r:.2f}' for r in s.run_ratios)}",
                      highlight=False)
    if report.write:
        table = Table("database", "threads", "rows", "seconds", "rows/s", title="write: save_thread")
        for w in report.write:
            table.add_row(f"{w.backend} ({w.database})", str(w.threads), f"{w.rows:,}", f"{w.seconds:.2f}",
                          f"{w.rows_per_s:,.0f}")
        out.print(table)
    if report.query is not None:
        q = report.query
        made = f"populated in {q.populate_s:.0f} s" if q.populate_s is not None else "populate time unknown"
        table = Table("query", "ms (best of 3)", title=(
            f"query: {q.units:,} units ({'reused' if q.reused else 'new'} {q.database}, {made})"))
        for name, ms in q.milliseconds.items():
            table.add_row(name, f"{ms:.1f}")
        out.print(table)
    if report.map is not None:
        m = report.map
        out.print(f"map: {m.units:,} units, {m.relations:,} relations, page {m.page_mb:.1f} MB, rendered in "
                  f"{m.render_s:.2f} s", highlight=False)
        if m.skipped:
            out.print(f"  browser part skipped: {escape(m.skipped)}", highlight=False)
        for n, load_ in enumerate(m.loads, start=1):
            out.print(f"  load {n}: drawn in {load_.drawn_s:.2f} s, interactive in {load_.interactive_s:.2f} s "
                      f"(target <= 2 s); {load_.nodes:,} nodes, {load_.outside_requests} outside requests; "
                      f"then a click on a unit {load_.click_s:.2f} s, the kind filter {load_.filter_s:.2f} s, "
                      f"Reset {load_.reset_s:.2f} s", highlight=False)
    if report.memory is not None:
        mem = report.memory
        if mem.exit_code:
            out.print(f"memory: the ingest of {mem.posts:,} posts failed (exit {mem.exit_code}): "
                      f"{escape(mem.error)}", highlight=False)
        else:
            out.print(f"memory: {mem.posts:,} posts ({mem.words:,} words, {mem.file_mb:.1f} MB) ingested in "
                      f"{mem.seconds:.0f} s, {mem.units:,} units; peak RSS {mem.peak_rss_mb:,.0f} MB (largest "
                      f"process), peak PSS {mem.peak_pss_mb:,.0f} MB (all processes); limit {LIMIT_MB:,.0f} MB",
                      highlight=False)
