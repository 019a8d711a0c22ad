"""What every store module needs to talk to SQLite and PostgreSQL alike: the Core table of a SQLModel class,
errors that name the database (password masked) and the fix, retrying a write another process held up, and
inserts that are upserts or come in chunks.
"""

from __future__ import annotations

import contextlib
import logging
import random
import shlex
import shutil
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Table, insert, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import SQLModel

from argmap.config import mask_url
from argmap.errors import StoreBusy, StoreError
from argmap.store import db

__all__ = ["ATTEMPTS", "CHUNK", "bulk", "describe", "gone_meanwhile", "ids_starting", "retrying", "store_error",
           "stored_ids", "table_of", "transient", "upsert"]

T = TypeVar("T")


def table_of(model: type[SQLModel]) -> Table:
    """The Core table behind a SQLModel table class."""
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def describe(engine: Engine) -> str:
    """The database of ``engine`` as a message names it: its URL, the password masked, a SQLite file's path as it is
    written (a URL escapes it: ``r%C3%B6 dir/%C3%B6.db`` for ``rö dir/ö.db``)."""
    if engine.url.get_backend_name() == "sqlite":
        return f"sqlite:///{engine.url.database}" if engine.url.database else "sqlite://"
    return mask_url(engine.url.render_as_string(hide_password=True))


def store_error(engine: Engine, exc: Exception, doing: str) -> StoreError:
    """A :class:`StoreError` for ``exc`` (from SQLAlchemy or the database driver), the URL's password masked."""
    detail = mask_url(str(getattr(exc, "orig", exc) or exc)).splitlines()[0]
    lowered = detail.lower()
    if transient(exc) and "file is not a database" not in detail:
        return StoreBusy(f"cannot {doing} {describe(engine)}: {detail}; another process held the database "
                         f"(argmap waits up to {db.BUSY_TIMEOUT_MS // 1000} s for a lock, {ATTEMPTS} times: another "
                         "ingest, or a sqlite3 or psql session left in a write); try again when it has finished")
    if "file is not a database" in detail:
        hint = "that file is not a SQLite database; choose another --db"
    elif engine.dialect.name != "sqlite":
        hint = _server_hint(exc, lowered)
    elif "malformed" in lowered:  # a damaged file: another path would not help
        file = engine.url.database or "FILE"
        hint = (f"the file is damaged; restore it from a backup, or copy out what can still be read with "
                f"sqlite3 {file} .recover | sqlite3 recovered.db and use --db recovered.db")
    elif "full" in lowered:
        hint = "free some disk space where the database is, or choose another --db"
    elif "disk i/o error" in lowered:
        hint = _io_hint(engine.url.database)
    elif "readonly" in lowered or "read-only" in lowered or "unable to open" in lowered:
        hint = ("check the --db path, and that the file and its folder can be written: SQLite keeps its -wal and "
                f"-shm files beside the database, also to read it (copy it to a writable folder{_in_place(engine)})")
    else:
        hint = "check the --db path"
    return StoreError(f"cannot {doing} {describe(engine)}: {detail}; {hint}")


#: less free space than this where the database is: an I/O error is taken for a full disk
_NEARLY_FULL = 1 << 20


def _in_place(engine: Engine) -> str:
    """How to read a SQLite file whose folder cannot be written where it is, as a SQLite URI that opens it
    immutable (neither -wal nor -shm file made); nothing when the database is already given as a URI."""
    file = engine.url.database
    if not file or file.startswith("file:"):
        return ""
    # A URI reads %, ? and # as its own; SQLAlchemy takes one level of %-escapes off, SQLite the other.
    escaped = file.replace("%", "%2525").replace("?", "%253F").replace("#", "%2523")
    return (f", or read it where it is, while nothing writes to it: --db "
            f"{shlex.quote(f'sqlite:///file:{escaped}?immutable=1&uri=true')}")


def _io_hint(database: str | None) -> str:
    """The fix for SQLite's "disk I/O error", which says neither what failed nor why: a disk too full even for
    the -shm file SQLite makes beside the database to read it (where a write into the database itself is
    "database or disk is full"), or a file size limit (``ulimit -f``) the database would grow past."""
    folder = Path(database).expanduser().absolute().parent if database else Path.cwd()
    with contextlib.suppress(OSError):
        free = shutil.disk_usage(folder).free
        if free < _NEARLY_FULL:
            return (f"the disk holding {str(folder)!r} is full ({free:,} bytes free); free some space there, or "
                    "choose another --db")
    limit = _size_limit()
    if limit is not None:
        return (f"a file size limit of {limit:,} bytes is set (ulimit -f), which the database or its -wal file "
                "would pass; raise it (ulimit -f unlimited), or choose another --db")
    return ("SQLite could not read or write the database or its -wal and -shm files: check the disk (its free "
            "space, the system log for errors) and the --db path")


def _size_limit() -> int | None:
    """The file size limit (``ulimit -f``) in bytes; ``None`` when there is none (or no such limit: Windows)."""
    try:
        import resource
    except ImportError:
        return None
    soft = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    return None if soft == resource.RLIM_INFINITY else soft


def _server_hint(exc: Exception, lowered: str) -> str:
    """The fix for a PostgreSQL error; libpq gives no SQLSTATE for a refused connection, only its words."""
    state = getattr(getattr(exc, "orig", None), "sqlstate", None)
    if (state in ("28000", "28P01") or "password authentication failed" in lowered
            or ("role" in lowered and "does not exist" in lowered)):
        return "check the user name and the password in the --db URL"
    if "no password supplied" in lowered:  # libpq's words when the server asks for a password none gave
        return ("the server asks for a password: give it in the --db URL after the user name (user:PASSWORD@host, "
                "an '@' in it written %40), or in the PGPASSWORD variable or a ~/.pgpass file")
    if state == "3D000" or ("database" in lowered and "does not exist" in lowered):
        return "create the database first (createdb NAME), or correct its name in the --db URL"
    if state == "42501" or "permission denied" in lowered:
        return ("the user may not create or write argmap's tables there: grant it that (GRANT CREATE ON SCHEMA "
                "public TO the user), or give a database the user owns in the --db URL")
    if state == "22P05" or "has no equivalent in encoding" in lowered:
        return ("the database's encoding cannot hold some of the text (a letter or sign outside it): create the "
                "database in UTF8 (createdb -E UTF8 -T template0 NAME) and give that one in the --db URL")
    if isinstance(state, str) and state[:2] in ("22", "54"):  # a data exception, a program limit: no connection fault
        return ("the server refused the data itself, not the connection: a limit of PostgreSQL's that argmap should "
                "keep to, so please report it with the input that gave it")
    return "check the --db URL and that the server is running"


def transient(exc: Exception) -> bool:
    """A lock that did not clear in time (SQLite) or a deadlock / serialization failure (PostgreSQL)."""
    orig = getattr(exc, "orig", None)
    if getattr(orig, "sqlstate", None) in ("40P01", "40001", "55P03"):
        return True
    message = str(orig or exc).lower()
    return "database is locked" in message or "database table is locked" in message or "busy" in message


ATTEMPTS = 6
LONG_WAIT_S = 1.0
"""A wait for a lock at least this long is told (see :func:`retrying`); a brief hold-up (a deadlock) is not."""
log = logging.getLogger("argmap.store")


def retrying(action: Callable[[], T]) -> T:
    """Run a write again, up to :data:`ATTEMPTS` times, when another process held the database up.

    Each attempt waits for the lock up to :data:`argmap.store.db.BUSY_TIMEOUT_MS` (SQLite's busy timeout,
    PostgreSQL's lock timeout), so a long write of another ingest is waited out. A wait that long is logged as a
    warning on the ``argmap.store`` logger (a note on the command line) before the next attempt, so that a
    command blocked by a ``sqlite3`` shell or a ``psql`` session left in a write says why it is waiting.
    """
    for attempt in range(ATTEMPTS):
        began = time.monotonic()
        try:
            return action()
        except StoreBusy:
            if attempt == ATTEMPTS - 1:
                raise
            waited = time.monotonic() - began
            if waited >= LONG_WAIT_S:
                log.warning("another process holds a lock on the database (another ingest, or a sqlite3 or psql "
                            "session left in a write); waited %.0f s, trying again (attempt %d of %d)", waited,
                            attempt + 2, ATTEMPTS)
            time.sleep(0.05 * 2**attempt + random.random() * 0.05)
    raise AssertionError("unreachable")


def upsert(conn: Connection, table: Any, rows: Sequence[dict[str, Any]], keys: list[str],
            update: list[str] | None = None) -> None:
    """INSERT ... ON CONFLICT for SQLite and PostgreSQL; ``update`` columns are overwritten, else ignored."""
    if not rows:
        return
    statement: Any
    if conn.dialect.name == "postgresql":
        statement = postgresql_insert(table)
    elif conn.dialect.name == "sqlite":
        statement = sqlite_insert(table)
    else:
        raise StoreError(f"argmap stores threads in SQLite or PostgreSQL, not {conn.dialect.name}")
    if update:
        statement = statement.on_conflict_do_update(
            index_elements=keys, set_={name: statement.excluded[name] for name in update}
        )
    else:
        statement = statement.on_conflict_do_nothing(index_elements=keys)
    conn.execute(statement, list(rows))


def ids_starting(engine: Engine, id_column: Any, ref: str, *, limit: int) -> list[str]:
    """The (at most ``limit``) values of the primary key ``id_column`` that start with ``ref``, in order; none for a
    blank ``ref``.

    Raises:
        StoreError: the database cannot be read.
    """
    ref = ref.strip()
    if not ref:
        return []
    # A range on the primary key, so a prefix is looked up in the index, never scanned.
    stmt = select(id_column).where(id_column >= ref, id_column < ref + "\uffff").order_by(id_column).limit(limit)
    try:
        with engine.connect() as conn:
            return [r[0] for r in conn.execute(stmt).all()]
    except SQLAlchemyError as exc:
        raise store_error(engine, exc, "read") from None


CHUNK = 5_000
"""Rows written per statement: a huge thread is written in pieces (one transaction still), never held whole."""


def stored_ids(conn: Connection, id_column: Any, ids: Iterable[str]) -> set[str]:
    """Those of ``ids`` that the primary key ``id_column`` holds now, looked up :data:`CHUNK` at a time.

    A write of rows that refer to rows read in another transaction (units a tracked claim or a library link is
    about) keeps to these: another process may have deleted some since (a thread deleted, or stored again).
    """
    wanted = sorted(set(ids))
    found: set[str] = set()
    for at in range(0, len(wanted), CHUNK):
        found.update(conn.execute(select(id_column).where(id_column.in_(wanted[at:at + CHUNK]))).scalars())
    return found


def gone_meanwhile(engine: Engine, exc: IntegrityError) -> StoreBusy | None:
    """For a foreign key that found no row (PostgreSQL's SQLSTATE 23503, SQLite's words), an error that
    :func:`retrying` tries again: the row was there when :func:`stored_ids` looked, and another process deleted
    it since. On PostgreSQL that is also a thread another process stored again (its units deleted and written
    anew, the same ids): the key's check waited for that transaction, then found the row it had seen deleted,
    where a new attempt finds the new one. ``None`` for any other integrity error."""
    if (getattr(exc.orig, "sqlstate", None) != "23503"
            and "foreign key constraint failed" not in str(exc.orig).lower()):
        return None
    return StoreBusy(f"cannot write to {describe(engine)}: a row it refers to was deleted by another process "
                     "meanwhile; try again")


def bulk(conn: Connection, table: Any, rows: Iterable[dict[str, Any]]) -> None:
    """Insert ``rows`` (any iterable) :data:`CHUNK` at a time."""
    batch: list[dict[str, Any]] = []
    statement = insert(table)
    for row in rows:
        batch.append(row)
        if len(batch) == CHUNK:
            conn.execute(statement, batch)
            batch = []
    if batch:
        conn.execute(statement, batch)
