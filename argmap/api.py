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
from argmap.errors import ArgmapError, StoreError
from argmap.sources import registry
from argmap.store import repository
from argmap.store.db import make_engine
from argmap.store.repository import Stats
from argmap.store.tables import ThreadInfo

__all__ = [
    "Failure",
    "IngestReport",
    "ProgressCallback",
    "ingest",
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


def ingest(
    targets: list[str],
    *,
    settings: Settings | None = None,
    format: str | None = None,
    on_progress: ProgressCallback | None = None,
) -> IngestReport:
    """Read threads and store them; each thread is written whole or not at all.

    Args:
        targets (list[str]): files, folders (every thread file inside), URLs, or ``-`` for stdin.
        settings (Settings | None): database and model; from the environment when ``None``.
        format (str | None): force a reader (see ``argmap.sources.registry.FORMATS``); sniffed when ``None``.
        on_progress (ProgressCallback | None): told after each input.

    Returns:
        IngestReport: what was stored, what failed and why. Failures do not stop the other inputs.

    Raises:
        StoreError: when the database cannot be opened (then nothing is read).
    """
    settings = settings or Settings.load()
    engine = make_engine(settings.db)
    repository.init_db(engine)
    report = IngestReport()
    inputs = list(registry.iter_inputs(targets))
    for done, (name, _path) in enumerate(inputs, start=1):
        try:
            thread = read_thread(name, settings=settings, format=format)
            info = repository.save_thread(engine, thread)
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
