"""Database write rate: rows per second of :func:`argmap.store.repository.save_thread` for extracted threads.

Rows are those ``save_thread`` sends: the thread, its posts, quotes, units, relations, unit topics, and the
topics and authors it names (upserted: one that another thread stored already is sent again, stored once).
Labels and tracked claims (written after the thread, by the API) are not counted.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from argmap.config import mask_url
from argmap.domain import Extraction, Thread
from argmap.store import repository
from argmap.store.db import make_engine

__all__ = ["WriteRate", "count_rows", "measure_write"]


@dataclass
class WriteRate:
    """Writes to one database.

    Attributes:
        backend (str): ``sqlite`` or ``postgresql``.
        database (str): where (a temporary SQLite file, or the URL with its password masked).
        threads (int): threads written (one transaction each).
        rows (int): rows written.
        seconds (float): wall time of the writes.
    """

    backend: str
    database: str
    threads: int
    rows: int
    seconds: float

    @property
    def rows_per_s(self) -> float:
        """Rows per second."""
        return round(self.rows / self.seconds, 1) if self.seconds > 0 else 0.0


def count_rows(thread: Thread, extraction: Extraction) -> int:
    """Rows :func:`repository.save_thread` writes for one thread (relations and unit topics de-duplicated).

    Args:
        thread (Thread): the posts.
        extraction (Extraction): its units and relations.

    Returns:
        int: thread, post, quote, author, unit, relation, topic and unit-topic rows.
    """
    posts = len(thread.posts)
    quotes = sum(len(p.quotes) for p in thread.posts)
    authors = len({p.author for p in thread.posts if p.author})
    relations = len({(r.source, r.target, r.kind) for r in extraction.relations})
    unit_topics = sum(len(set(u.topics)) for u in extraction.units)
    topics = len({t for u in extraction.units for t in u.topics})
    return 1 + posts + quotes + authors + len(extraction.units) + relations + unit_topics + topics


def measure_write(items: Sequence[tuple[Thread, Extraction]], *, db: str | None = None) -> WriteRate:
    """Write ``items`` with ``save_thread`` into a database and time it.

    Args:
        items (Sequence[tuple[Thread, Extraction]]): threads and their extractions.
        db (str | None): a database URL or path to write into (its threads with the same keys are replaced);
            a fresh temporary SQLite file when ``None``.

    Returns:
        WriteRate: rows, threads and time.

    Raises:
        StoreError: the database cannot be opened or written.
    """
    rows = sum(count_rows(thread, extraction) for thread, extraction in items)
    with tempfile.TemporaryDirectory(prefix="argmap-write-") as folder:
        target = db if db is not None else str(Path(folder) / "write.db")
        engine = make_engine(target)
        try:
            repository.init_db(engine)
            began = time.perf_counter()
            for thread, extraction in items:
                repository.save_thread(engine, thread, extraction)
            seconds = time.perf_counter() - began
            backend = engine.dialect.name
        finally:
            engine.dispose()
    shown = "temporary SQLite file" if db is None else mask_url(db)
    return WriteRate(backend, shown, len(items), rows, round(seconds, 3))
