"""The Python API: the one place where readers, the NLP pipeline, the store and the renderers meet.

Everything the CLI does is a call here, so notebooks and scripts get the same behaviour::

    from argmap import ingest, Settings
    report = ingest(["corpora/hn-open-models.txt"], settings=Settings(db="debates.db"))
    print(report.threads[0].posts)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from argmap.config import Settings
from argmap.domain import Thread
from argmap.errors import ArgmapError, NotFound, StoreError, UnknownFormat
from argmap.evaluate import Scores, load_cmv, load_webdiscourse
from argmap.evaluate import evaluate as run_evaluation
from argmap.nlp.extract import Extractor
from argmap.render.export import to_json
from argmap.sources import registry
from argmap.store import repository
from argmap.store.db import make_engine
from argmap.store.repository import Stats
from argmap.store.tables import GraphData, ThreadInfo

__all__ = [
    "CORPORA",
    "EXPORT_FORMATS",
    "EvalResult",
    "Failure",
    "IngestReport",
    "ProgressCallback",
    "evaluate",
    "export",
    "graph_data",
    "ingest",
    "load_extractor",
    "read_thread",
    "stats",
    "threads",
]

ProgressCallback = Callable[[int, int, str], None]
"""Called as ``on_progress(done, total, label)`` while work goes on."""


@dataclass
class Failure:
    """An input that could not be ingested, and why."""

    source: str
    error: str


@dataclass
class IngestReport:
    """What an ingest did.

    Attributes:
        threads (list[ThreadInfo]): the threads stored, with their counts.
        failures (list[Failure]): inputs that were refused; nothing of them was stored.
        notes (dict[str, int]): what readers passed over or inferred, counted by reason.
    """

    threads: list[ThreadInfo] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    notes: dict[str, int] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every input was ingested."""
        return not self.failures


def read_thread(target: str, *, settings: Settings | None = None, format: str | None = None) -> Thread:
    """Read one thread from a path, a URL or ``-`` (stdin) without storing it.

    Raises:
        InputError: the input cannot be read as a thread.
        FetchError: a URL cannot be fetched.
    """
    settings = settings or Settings.load()
    if target.startswith(("http://", "https://")):
        from argmap.sources.fetch import fetch_thread  # httpx is only imported when a URL is given

        fetched: Thread = fetch_thread(target, settings)
        return fetched
    if target == "-":
        return registry.read_stdin(format=format)
    return registry.read_path(Path(target), format=format)


def load_extractor(settings: Settings | None = None) -> Extractor:
    """Load the spaCy pipeline named in the settings, ready to extract (reuse it across calls).

    Raises:
        ModelNotFound: when no English pipeline is installed, with the command that installs one.
    """
    settings = settings or Settings.load()
    return Extractor.load(settings.model)


def ingest(
    targets: list[str],
    *,
    settings: Settings | None = None,
    format: str | None = None,
    extract: bool = True,
    extractor: Extractor | None = None,
    on_progress: ProgressCallback | None = None,
) -> IngestReport:
    """Read threads, extract their arguments and store both; each thread is written whole or not at all.

    Args:
        targets (list[str]): files, folders (every thread file inside), URLs, or ``-`` for stdin.
        settings (Settings | None): database and model; from the environment when ``None``.
        format (str | None): force a reader (see ``argmap.sources.registry.FORMATS``); sniffed when ``None``.
        extract (bool): find units and relations; ``False`` stores the posts only.
        extractor (Extractor | None): a loaded extractor to reuse; loaded from the settings when ``None``.
        on_progress (ProgressCallback | None): told after each input.

    Returns:
        IngestReport: what was stored, what failed and why. Failures do not stop the other inputs.

    Raises:
        StoreError: when the database cannot be opened (then nothing is read).
        ModelNotFound: when extraction is asked for and no pipeline is installed (then nothing is read).
    """
    settings = settings or Settings.load()
    engine = make_engine(settings.db)
    repository.init_db(engine)
    if extract and extractor is None:
        extractor = load_extractor(settings)
    report = IngestReport()
    inputs = list(registry.iter_inputs(targets))
    named = {Path(t) for t in targets}
    for done, (name, path) in enumerate(inputs, start=1):
        try:
            thread = read_thread(name, settings=settings, format=format)
            extraction = extractor.extract(thread) if extract and extractor is not None else None
            info = repository.save_thread(engine, thread, extraction)
        except UnknownFormat as exc:
            if path is not None and path not in named and format is None:
                # A file found inside a folder that holds no thread (a readme, a side file) is passed over.
                report.notes["skipped-file"] = report.notes.get("skipped-file", 0) + 1
                report.messages.append(f"{name}: not a thread format argmap knows; skipped")
            else:
                report.failures.append(Failure(name, str(exc)))
        except ArgmapError as exc:
            if isinstance(exc, StoreError):
                raise
            report.failures.append(Failure(name, str(exc)))
        else:
            report.threads.append(info)
            for note in thread.notes:
                report.notes[note.reason] = report.notes.get(note.reason, 0) + 1
                report.messages.append(f"{name}: {note.detail}")
        if on_progress:
            on_progress(done, len(inputs), name)
    engine.dispose()
    return report


def threads(*, settings: Settings | None = None) -> list[ThreadInfo]:
    """Every stored thread, newest first."""
    settings = settings or Settings.load()
    engine = make_engine(settings.db)
    repository.init_db(engine)
    try:
        return repository.list_threads(engine)
    finally:
        engine.dispose()


def stats(*, settings: Settings | None = None) -> Stats:
    """Counts of everything stored."""
    settings = settings or Settings.load()
    engine = make_engine(settings.db)
    repository.init_db(engine)
    try:
        return repository.stats(engine)
    finally:
        engine.dispose()


EXPORT_FORMATS = ("json",)

#: Annotated corpora ``argmap eval`` knows by name, and where they are looked for (relative to the working
#: folder): the layout of the project's shared data beside a checkout.
CORPORA: dict[str, tuple[str, ...]] = {
    "cmv": ("../shared/corpora/annotated/cmv-dev", "shared/corpora/annotated/cmv-dev"),
    "webdiscourse": ("../shared/corpora/annotated/webdiscourse", "shared/corpora/annotated/webdiscourse"),
}


def graph_data(*, settings: Settings | None = None, thread: str | None = None) -> GraphData:
    """Everything stored about one thread (by id, key or title prefix) or about all threads.

    Raises:
        NotFound: when ``thread`` matches no stored thread.
    """
    settings = settings or Settings.load()
    engine = make_engine(settings.db)
    repository.init_db(engine)
    try:
        ids = [repository.get_thread(engine, thread).id] if thread else None
        return repository.load_graph(engine, ids)
    finally:
        engine.dispose()


def export(*, settings: Settings | None = None, thread: str | None = None, format: str = "json") -> dict[str, object]:
    """The stored graph in an interchange format.

    Args:
        settings (Settings | None): which database.
        thread (str | None): one thread (id, key or title prefix); every thread when ``None``.
        format (str): one of :data:`EXPORT_FORMATS`.

    Returns:
        dict[str, object]: the argmap JSON graph (see :mod:`argmap.render.export`).

    Raises:
        NotFound: an unknown thread or format.
    """
    if format not in EXPORT_FORMATS:
        raise NotFound(f"no export format {format!r}; use one of: {', '.join(EXPORT_FORMATS)}")
    return to_json(graph_data(settings=settings, thread=thread))


@dataclass
class EvalResult:
    """The scores of the extraction on one annotated corpus."""

    corpus: str
    path: str
    threads: int
    scores: Scores


def _corpus_path(name: str) -> Path:
    if name in CORPORA:
        for candidate in CORPORA[name]:
            if Path(candidate).is_dir():
                return Path(candidate)
        raise NotFound(f"the {name} corpus is not at {' or '.join(CORPORA[name])}; "
                       f"run from the project folder with ../shared beside it, or give its folder: argmap eval PATH")
    path = Path(name)
    if not path.is_dir():
        raise NotFound(f"no corpus {name!r}: give cmv, webdiscourse or a corpus folder")
    return path


def evaluate(corpora: list[str] | None = None, *, settings: Settings | None = None,
             extractor: Extractor | None = None) -> list[EvalResult]:
    """Score the extraction against human annotation (metrics: :mod:`argmap.evaluate.metrics`).

    Args:
        corpora (list[str] | None): ``cmv``, ``webdiscourse`` or folders of either kind; both named corpora when
            ``None``.
        settings (Settings | None): which spaCy pipeline.
        extractor (Extractor | None): a loaded extractor to reuse.

    Returns:
        list[EvalResult]: one per corpus.

    Raises:
        NotFound: a corpus folder that is not there.
        ModelNotFound: no spaCy pipeline installed.
    """
    settings = settings or Settings.load()
    names = corpora or list(CORPORA)
    paths = [(name, _corpus_path(name)) for name in names]
    extractor = extractor or load_extractor(settings)
    results = []
    for name, path in paths:
        is_cmv = name == "cmv" or (path / "positive").is_dir() or (path / "negative").is_dir()
        gold = load_cmv(path) if is_cmv else load_webdiscourse(path)
        scores = run_evaluation(gold, extractor.extract)
        results.append(EvalResult("cmv" if is_cmv else "webdiscourse" if name not in CORPORA else name, str(path),
                                  len(gold), scores))
    return results
