"""Opening the configured database for one API call."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Engine

from argmap.api._args import configured
from argmap.config import Settings
from argmap.errors import NotFound
from argmap.store import repository
from argmap.store.db import make_engine, sqlite_file

__all__ = ["opened", "thread_ids"]


@contextmanager
def opened(settings: Settings | None, *, create: bool = False) -> Iterator[Engine]:
    """An engine on the settings' database, with the schema created and checked; disposed afterwards.

    Only the calls that store something (``create``) make a new SQLite file: a query, an export or a map of a
    file that is not there is a mistyped ``--db`` far more often than a wish for an empty database.

    Raises:
        NotFound: a SQLite file that does not exist, when not ``create``.
        StoreError: the database cannot be opened.
        SchemaTooNew: a newer argmap wrote it.
    """
    db = configured(settings).db
    path = sqlite_file(db)
    if not create and path is not None and not path.exists():
        raise NotFound(f"no database at {str(path)!r}: nothing is stored there yet. Give the database you meant "
                       f"(--db or ARGMAP_DB), or store a thread first: argmap --db {db} ingest FILE")
    engine = make_engine(db)
    try:
        repository.init_db(engine)
        yield engine
    finally:
        engine.dispose()


def thread_ids(engine: Engine, thread: str | None) -> list[str] | None:
    """The id of the one thread ``thread`` names (id, key or title), in a list; ``None`` (every thread) for ``None``.

    Raises:
        QueryError: an empty or blank ``thread`` (it names no thread; leaving it out means every thread).
        NotFound: no thread, or several, match.
    """
    return [repository.get_thread(engine, thread).id] if thread is not None else None
