"""Opening the configured database for one API call."""

from __future__ import annotations

import os
import shlex
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path

from sqlalchemy.engine import Engine

from argmap.api._args import check_text, configured
from argmap.config import Settings
from argmap.errors import NotFound, StoreError
from argmap.store import repository
from argmap.store.db import make_engine, sqlite_file, sqlite_files
from argmap.store.sql import describe

__all__ = ["WhenStored", "opened", "thread_ids"]


@contextmanager
def opened(settings: Settings | None, *, create: bool = False) -> Iterator[Engine]:
    """An engine on the settings' database, with the schema created and checked; disposed afterwards.

    Only the calls that store something (``create``) make a new SQLite file, or argmap's tables in a server's
    database: a query, an export or a map of a database that is not argmap's is a mistyped ``--db`` far more often
    than a wish for an empty one.

    Raises:
        NotFound: a SQLite file that does not exist, or a server's database without argmap's tables, when not
            ``create``.
        StoreError: the database cannot be opened.
        SchemaTooNew: a newer argmap wrote it.
    """
    db = configured(settings).db
    path = sqlite_file(db)
    if not create and path is not None and not path.exists():
        raise NotFound(f"no database at {str(path)!r}: nothing is stored there yet. Give the database you meant "
                       f"(--db or ARGMAP_DB), or store a thread first: argmap --db {shlex.quote(db)} ingest FILE")
    engine = make_engine(db)
    try:
        if not create and path is None and not repository.holds_schema(engine):
            raise NotFound(f"{describe(engine)} holds no argmap tables: nothing is stored there yet. Give the database "
                           f"you meant (--db or ARGMAP_DB), or store a thread first: argmap --db URL ingest FILE")
        repository.init_db(engine)
        yield engine
    finally:
        engine.dispose()


class WhenStored:
    """The database a command that stores threads writes to, for a new SQLite file made only when the first thread
    is stored: an ingest that stores nothing (every input failed) leaves no empty file behind, which later commands
    would answer from instead of naming a mistyped ``--db``. A database that exists (or a server's) is opened at
    once, and for a new file the folder is checked at once (there, writable), so that a wrong ``--db`` is still
    found before any input is read.

    Use as a context manager; :meth:`engine` opens the database on first use.

    Raises:
        StoreError: the database cannot be opened, or a new file's folder is missing or cannot be written.
    """

    def __init__(self, settings: Settings | None) -> None:
        self._settings = configured(settings)
        self._stack = ExitStack()
        self._engine: Engine | None = None
        self._made: Path | None = None  # the new SQLite file this made, if it made one
        path = sqlite_file(self._settings.db)
        if path is not None and not path.exists():
            make_engine(self._settings.db).dispose()  # a folder that is no folder, or not there: refused now
            if not os.access(path.parent, os.W_OK):
                raise StoreError(f"cannot create the database {str(path)!r}: the folder {str(path.parent)!r} "
                                 "cannot be written; choose another --db")
        else:
            self.engine()

    @property
    def exists(self) -> bool:
        """Whether the database is there (opened, or there before)."""
        return self._engine is not None

    def engine(self) -> Engine:
        """The database, opened (and a new file made, with its schema) on first use.

        A new file whose schema cannot be written (a full disk) is removed again: left behind, 4 KB of nothing,
        it was a database later commands opened.
        """
        if self._engine is None:
            path = sqlite_file(self._settings.db)
            new = path is not None and not path.exists()
            try:
                self._engine = self._stack.enter_context(opened(self._settings, create=True))
            except StoreError:
                if new and path is not None:
                    _remove(path)
                raise
            if new:
                self._made = path
        return self._engine

    def __enter__(self) -> WhenStored:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()
        if self._made is not None:
            # A new file into which nothing was stored after all (the first thread's write failed on a full disk,
            # Ctrl-C stopped it) is removed as one whose schema failed is: left behind, with its -wal file (a
            # megabyte on the disk that filled up), it was an empty database later commands answered from.
            engine = make_engine(self._settings.db)
            try:
                empty = repository.holds_nothing(engine)
            except StoreError:
                empty = False  # not known: left as it is
            finally:
                engine.dispose()
            if empty:
                _remove(self._made)


def _remove(path: Path) -> None:
    """Remove a SQLite file with its -wal and -shm files, as far as it can."""
    for leftover in sqlite_files(path):
        with suppress(OSError):
            leftover.unlink()


def thread_ids(engine: Engine, thread: str | None) -> list[str] | None:
    """The id of the one thread ``thread`` names (id, key or title), in a list; ``None`` (every thread) for ``None``.

    Raises:
        QueryError: an empty or blank ``thread`` (it names no thread; leaving it out means every thread), or one that
            is no string.
        NotFound: no thread, or several, match.
    """
    check_text("thread", thread)
    return [repository.get_thread(engine, thread).id] if thread is not None else None
