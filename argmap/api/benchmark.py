"""``benchmark``: how fast argmap extracts, writes, queries and draws, and how much memory a large input takes.

Sections, each optional:

- ``speed``: raw spaCy ``nlp.pipe`` against argmap's whole ingest of the same files (:mod:`argmap.bench.speed`);
- ``write``: rows per second of ``save_thread`` in SQLite, and in PostgreSQL when the settings name one
  (:mod:`argmap.bench.write`);
- ``query``: latency of the index-backed queries on a cached synthetic database (:mod:`argmap.bench.query`);
- ``map``: render and load a synthetic map in headless Chromium, and time a click, the kind filter and Reset on it
  (:mod:`argmap.bench.maps`);
- ``memory``: ingest a generated 100,000-post JSON Lines file in a subprocess (:mod:`argmap.bench.memory`).
"""

from __future__ import annotations

import os
import platform
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from argmap.api._args import Items, configured, input_key, listed, once
from argmap.api.ingest import ingest, load_extractor
from argmap.bench.maps import DEFAULT_MAP_UNITS, MapTiming, time_map
from argmap.bench.memory import DEFAULT_MEMORY_POSTS, MemoryUse, measure_memory, source_threads
from argmap.bench.query import DEFAULT_QUERY_UNITS, QueryLatency, measure_queries
from argmap.bench.write import WriteRate, measure_write
from argmap.config import BENCHMARK_SECTIONS, Settings, package_version, usable_cpus
from argmap.domain import Extraction, Thread
from argmap.errors import ArgmapError, InputError
from argmap.sources import registry
from argmap.store.db import to_url

if TYPE_CHECKING:  # spaCy takes half a second to import: only the speed and write sections load it
    from argmap.bench.speed import Speed
    from argmap.nlp.extract import Extractor

__all__ = ["BENCHMARK_SECTIONS", "BenchmarkProgress", "BenchmarkReport", "benchmark", "default_inputs", "report_dict"]


@dataclass(frozen=True)
class BenchmarkProgress:
    """Where a benchmark stands: the section running and what it is doing."""

    section: str
    detail: str


@dataclass
class BenchmarkReport:
    """What a benchmark measured.

    Attributes:
        sections (list[str]): the sections that ran.
        inputs (list[str]): the thread files or folders of the speed and write sections.
        pipeline (str): the spaCy pipeline (name and version) extraction ran with, when loaded.
        cpus (int): processors of the machine.
        usable_cpus (int): those this process may run on (``taskset``, a container's cpuset), which bound the
            speed section's processes.
        versions (dict[str, str]): the installed ``argmap``, ``spacy`` and ``python`` the figures were taken with.
        machine (str): the operating system, its release and the processor architecture.
        load_before (tuple[float, float, float]): the 1, 5 and 15 minute load averages when it started
            (other programs running make timings noisy).
        load_after (tuple[float, float, float]): the same when it ended.
        seconds (float): wall time of the whole benchmark.
        speed (Speed | None): see :class:`argmap.bench.speed.Speed`.
        write (list[WriteRate]): one per database written.
        query (QueryLatency | None): see :class:`argmap.bench.query.QueryLatency`.
        map (MapTiming | None): see :class:`argmap.bench.maps.MapTiming`.
        memory (MemoryUse | None): see :class:`argmap.bench.memory.MemoryUse`.
    """

    sections: list[str]
    inputs: list[str]
    pipeline: str = ""
    cpus: int = 1
    usable_cpus: int = 1
    versions: dict[str, str] = field(default_factory=dict)
    machine: str = ""
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    seconds: float = 0.0
    speed: Speed | None = None
    write: list[WriteRate] = field(default_factory=list)
    query: QueryLatency | None = None
    map: MapTiming | None = None
    memory: MemoryUse | None = None


def report_dict(value: Any) -> Any:
    """A report (or any part of it) as plain JSON-ready data, derived figures (rates, ratios) included.

    Args:
        value (Any): a :class:`BenchmarkReport`, a section, or a plain value.

    Returns:
        Any: dicts, lists and scalars; each dataclass's properties appear beside its fields.

    Example:
        >>> from argmap.api import benchmark, report_dict
        >>> figures = report_dict(benchmark("corpora/hn-open-models.txt", sections="speed", runs=1))  # doctest: +SKIP
        >>> "speed" in figures  # doctest: +SKIP
        True
    """
    if is_dataclass(value) and not isinstance(value, type):
        data = {f.name: report_dict(getattr(value, f.name)) for f in fields(value)}
        for name, attr in vars(type(value)).items():
            if isinstance(attr, property):
                data[name] = report_dict(getattr(value, name))
        return data
    if isinstance(value, list | tuple):
        return [report_dict(v) for v in value]
    if isinstance(value, dict):
        return {k: report_dict(v) for k, v in value.items()}
    return value


def default_inputs(base: Path | None = None) -> list[str]:
    """The threads the speed and write sections read by default.

    Args:
        base (Path | None): the project folder; the current folder when ``None``.

    Returns:
        list[str]: the Hacker News and Reddit folders of ``../shared/corpora/threads/`` when present, else the
        project's ``corpora/``.
    """
    base = base or Path.cwd()
    shared = base.parent / "shared" / "corpora" / "threads"
    found = [str(shared / name) for name in ("hn", "reddit") if (shared / name).is_dir()]
    return found or [str(base / "corpora")]


def _versions() -> dict[str, str]:
    """What the figures depend on besides the machine: argmap's, spaCy's and Python's versions."""
    return {"argmap": package_version("argmap"), "spacy": package_version("spacy"),
            "python": platform.python_version()}


def _memory_source(base: Path | None = None) -> list[Path]:
    base = base or Path.cwd()
    shared = base.parent / "shared" / "corpora" / "threads"
    return [shared] if shared.is_dir() else [base / "corpora"]


def _read(inputs: Sequence[str]) -> list[Thread]:
    """The threads of ``inputs`` that need extraction, read as ingest reads them (side files passed over, and a
    file given twice, also inside a folder given too, read once: the raw rates ran on it twice while ingest read it
    once, and argmap was credited with words it never saw).

    Raises:
        InputError: an input that cannot be read, or no thread at all.
    """
    named = {Path(t) for t in inputs}
    threads: list[Thread] = []
    files, _ = once(registry.iter_inputs(list(inputs)), lambda item: input_key(*item))
    for name, path in files:
        if path is None:
            raise InputError(name, "is not a file or folder", fix="benchmark files of threads, not URLs or stdin")
        try:
            thread = registry.read_path(path)
        except ArgmapError:
            if path in named:
                raise
            continue  # a file inside a folder that holds no thread, as ingest passes it over
        if thread.extraction is None:
            threads.append(thread)
    if not threads:
        raise InputError(", ".join(inputs), "holds no thread to extract", fix="give files or folders of threads")
    return threads


def benchmark(
    inputs: Items | None = None,
    *,
    settings: Settings | None = None,
    sections: str | Iterable[str] = BENCHMARK_SECTIONS,
    query_units: int = DEFAULT_QUERY_UNITS,
    memory_posts: int = DEFAULT_MEMORY_POSTS,
    map_units: int = DEFAULT_MAP_UNITS,
    memory_source: Items | None = None,
    runs: int = 2,
    map_runs: int = 3,
    on_progress: Callable[[BenchmarkProgress], None] | None = None,
) -> BenchmarkReport:
    """Measure argmap on this machine: extraction speed, writes, queries, map loading and interaction, and memory.

    Args:
        inputs (str | Path | Iterable[str | Path] | None): thread files or folders for the speed and write
            sections; see :func:`default_inputs` when ``None``.
        settings (Settings | None): the pipeline (``model``), the processes (``workers``; 0 picks as ingest does)
            and, when ``db`` is a PostgreSQL URL, a database the write section also writes the inputs into
            (replacing the stored threads with the same keys).
        sections (str | Iterable[str]): which of :data:`BENCHMARK_SECTIONS` to run.
        query_units (int): units in the synthetic database of the query section.
        memory_posts (int): posts in the generated file of the memory section.
        map_units (int): units of the synthetic map.
        memory_source (str | Path | Iterable[str | Path] | None): folders of real threads to cycle into the
            memory section's file; ``../shared/corpora/threads/`` when present, else ``corpora/``.
        runs (int): runs of each speed measurement (the best counts).
        map_runs (int): loads of the map in Chromium.
        on_progress (Callable[[BenchmarkProgress], None] | None): told as each section starts and moves on.

    Returns:
        BenchmarkReport: the figures of every section that ran.

    Raises:
        ArgmapError: an unknown section, or a size below 1.
        InputError: inputs that hold no thread, or, none given, default inputs that are not there.
        ModelNotFound: a section that needs the spaCy pipeline (speed, write) when none is installed.
        StoreError: a database that cannot be written.

    Example:
        >>> from argmap.api import benchmark
        >>> report = benchmark("corpora/hn-open-models.txt", sections="speed", runs=1)  # doctest: +SKIP
        >>> report.speed is not None  # doctest: +SKIP
        True
    """
    settings = configured(settings)
    sections = listed(sections)  # one string is one section, as inputs and memory_source are one path
    unknown = [s for s in sections if s not in BENCHMARK_SECTIONS]
    if unknown:
        raise ArgmapError(f"no benchmark section {', '.join(map(repr, unknown))}; "
                          f"use some of: {', '.join(BENCHMARK_SECTIONS)}")
    for name, size in (("query units", query_units), ("memory posts", memory_posts), ("map units", map_units),
                       ("runs", runs), ("map runs", map_runs)):
        if size < 1:
            raise ArgmapError(f"{name} must be at least 1, not {size}")
    defaulted = not inputs
    inputs = listed(inputs) if inputs else default_inputs()
    missing = [name for name in inputs if not Path(name).exists()] if defaulted else []
    if missing and ("speed" in sections or "write" in sections):  # the default, not the user's: say what it is
        raise InputError(", ".join(missing), "is not there, so the speed and write sections have no threads to time",
                         fix="name thread files or folders (argmap benchmark FILE_OR_FOLDER ...), or run from the "
                             "project folder (the default is ../shared/corpora/threads/hn and reddit/, else "
                             "corpora/)")
    sources: list[Thread] = []
    if "memory" in sections:  # read first: a missing folder must not cost the sections run before it
        folders = [Path(s) for s in listed(memory_source)] if memory_source else _memory_source()
        missing = [str(f) for f in folders if not f.exists()]
        if missing:
            raise InputError(", ".join(missing), "is not there, so the memory section has no threads to cycle",
                             fix="name a folder of threads with --source, or run from the project folder "
                                 "(the default is ../shared/corpora/threads/, else corpora/)")
        sources = source_threads(folders)
    report = BenchmarkReport([s for s in BENCHMARK_SECTIONS if s in sections], inputs, cpus=os.cpu_count() or 1,
                             usable_cpus=usable_cpus(), versions=_versions(), machine=platform.platform(),
                             load_before=os.getloadavg())
    began = time.perf_counter()

    def tell(section: str, detail: str) -> None:
        if on_progress:
            on_progress(BenchmarkProgress(section, detail))

    threads: list[Thread] = []
    extractor: Extractor | None = None
    processes = 1
    if "speed" in sections or "write" in sections:
        tell("speed" if "speed" in sections else "write", "reading the inputs and loading the pipeline")
        threads = _read(inputs)
        extractor = load_extractor(settings)
        meta = extractor.nlp.meta
        report.pipeline = f"{meta.get('lang', '')}_{meta.get('name', '')} {meta.get('version', '')}".strip()
        processes = settings.processes_for(sum(len(t.posts) for t in threads))
    if "speed" in sections and extractor is not None:
        report.speed = _speed(extractor, threads, inputs, settings, processes, runs, tell)
    if "write" in sections and extractor is not None:
        from argmap.nlp.extract import extract_stream

        tell("write", "extracting the inputs")
        items: list[tuple[Thread, Extraction]] = [
            (thread, extraction) for thread, _, extraction in
            extract_stream(extractor, ((t, None) for t in threads), n_process=processes)]
        tell("write", "writing to a temporary SQLite database")
        report.write.append(measure_write(items))
        if to_url(settings.db).startswith("postgresql"):
            tell("write", "writing to the PostgreSQL database of --db")
            report.write.append(measure_write(items, db=settings.db))
    del threads
    extractor = None
    if "query" in sections:
        tell("query", f"{query_units:,} units: populating the cached database if needed, then timing")
        step = max(query_units // 10, 1)  # tell every tenth, not every thread
        report.query = measure_queries(
            query_units, on_units=lambda n: tell("query", f"populated {n:,} units") if n % step < 50 else None)
    if "map" in sections:
        tell("map", f"rendering a {map_units:,}-unit map and loading it in Chromium")
        report.map = time_map(map_units, runs=map_runs)
    if "memory" in sections:
        args = (["--model", settings.model] if settings.model else []) + (
            ["--workers", str(settings.workers)] if settings.workers else [])
        report.memory = measure_memory(sources, memory_posts, argmap_args=args,
                                       on_phase=lambda phase: tell("memory", f"{phase} ({memory_posts:,} posts)"))
    report.seconds = round(time.perf_counter() - began, 1)
    report.load_after = os.getloadavg()
    return report


def _speed(extractor: Extractor, threads: list[Thread], inputs: list[str], settings: Settings, processes: int,
           runs: int, tell: Callable[[str, str], None]) -> Speed:
    """Raw ``nlp.pipe`` against argmap's ingest of the same inputs, into a fresh database each run."""
    from argmap.bench.speed import measure_speed, post_texts
    from argmap.nlp.extract import DEFAULT_BATCH_SIZE, UNUSED_COMPONENTS

    texts = post_texts(threads)
    extracted = {thread.key for thread in threads}

    def run_argmap() -> int:
        with tempfile.TemporaryDirectory(prefix="argmap-speed-") as folder:
            fresh = settings.with_(db=str(Path(folder) / "speed.db"), workers=processes)
            result = ingest(list(inputs), settings=fresh, extractor=extractor)
        if result.failures:
            raise ArgmapError(f"the benchmark's ingest failed: {result.failures[0].source}: {result.failures[0].error}")
        # a curated map among the inputs (AIF, Kialo) is stored as given, through no pipeline, on neither side
        stored = sum(t.posts for t in result.threads if t.key in extracted)
        if stored != len(texts):  # argmap's rate is the raw side's words over its own time: the same posts or none
            raise ArgmapError(f"the benchmark's ingest stored {stored:,} posts where the raw pipeline ran "
                              f"{len(texts):,}, so their rates would not compare; benchmark files that "
                              "'argmap ingest' reads whole, each thread in one file")
        return stored

    tell("speed", f"raw nlp.pipe and argmap ingest of {len(texts):,} posts, {processes} process(es), {runs} run(s)")
    return measure_speed(extractor.nlp, texts, run_argmap, n_process=processes, batch_size=DEFAULT_BATCH_SIZE,
                         runs=runs, excluded=UNUSED_COMPONENTS, on_step=lambda step: tell("speed", step))
