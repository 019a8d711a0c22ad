"""Opening a database: check that it is argmap's, and create, complete or upgrade its schema only where needed.

A database that already holds the whole, current schema is only read: a command that reads (``threads``,
``claims``, ``export``...) takes no write lock, so it answers at once while another process holds a write
transaction open (on PostgreSQL, any transaction that read argmap's tables), and it leaves the database as it
found it. A database that holds tables argmap did not make (another
application's) is refused before anything is written to it. A database an earlier argmap wrote (a lower
schema version) is upgraded in place by the steps of :mod:`argmap.store.migrations`, in the same transaction
that records its new version.
"""

from __future__ import annotations

import logging

from sqlalchemy import insert, inspect, text, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlmodel import SQLModel, select

from argmap.errors import SchemaTooNew, StoreBusy, StoreError
from argmap.store.fulltext import ensure_text_index, text_index_whole
from argmap.store.migrations import announce, make_instants, naive_times, upgrade
from argmap.store.sql import describe, store_error
from argmap.store.tables import SCHEMA_VERSION, MetaRow

log = logging.getLogger("argmap.store")

__all__ = ["holds_schema", "open_schema"]

SCHEMA_KEY = "schema_version"
# Any constant identifies argmap's schema lock among PostgreSQL advisory locks.
_PG_SCHEMA_LOCK = 0x41524D4150
_SHOWN = 6
"""How many of a foreign database's tables its error names."""


def open_schema(engine: Engine) -> None:
    """Check the database and create what its schema lacks; once, without retrying (see ``init_db``).

    Raises:
        SchemaTooNew: a newer argmap wrote it.
        StoreError: it cannot be opened, or it holds tables argmap did not make.
    """
    found: int | None = None
    done = None
    naive: list[tuple[str, str]] = []
    zone = None
    try:
        with engine.connect() as conn, conn.begin():
            found = _version(conn, engine)
            if found == SCHEMA_VERSION and _whole(conn):
                return
        with engine.connect().execution_options(argmap_write=True) as conn, conn.begin():
            if conn.dialect.name == "postgresql":
                # Several processes may create the schema at once; one at a time does it.
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_SCHEMA_LOCK})
            found = _version(conn, engine)
            done = None if found is None else upgrade(conn, found)
            naive = naive_times(conn)
            make_instants(conn, naive)
            zone = conn.execute(text("SELECT current_setting('TimeZone')")).scalar() if naive else None
            if done is not None:
                conn.execute(update(MetaRow).where(MetaRow.key == SCHEMA_KEY)  # type: ignore[arg-type]
                             .values(value=str(SCHEMA_VERSION)))
            SQLModel.metadata.create_all(conn)
            ensure_text_index(conn)
            if found is None:
                conn.execute(insert(MetaRow).values(key=SCHEMA_KEY, value=str(SCHEMA_VERSION)))
    except (OperationalError, DatabaseError) as exc:
        error = store_error(engine, exc, "open")
        # What the write was for, when it was an upgrade: a file that cannot be written cannot be read until then.
        if found is not None and found < SCHEMA_VERSION and not isinstance(error, StoreBusy):
            raise StoreError(f"{error}. It was written by an earlier argmap (schema {found}) and needs a one-time "
                             f"upgrade to schema {SCHEMA_VERSION} before any command can read it, and that upgrade "
                             "could not be written") from None
        raise error from None
    if done is not None:  # said once it has committed: a rolled-back upgrade, retried, is no upgrade
        announce(done, describe(engine))
    if naive:
        log.info("converted %s's %d time columns (%s) to timestamp with time zone, in place, their times read in "
                 "the server's zone (%s): an older sqlmodel made them without one", describe(engine), len(naive),
                 ", ".join(f"{table}.{column}" for table, column in naive), zone)


def holds_schema(engine: Engine) -> bool:
    """Whether the database holds argmap's tables (of any schema version), found by reading only: a PostgreSQL
    database a command only reads from should be one argmap stored in, not a mistyped name or the server's
    ``postgres`` database, which it filled with argmap's tables to answer from them empty.

    Raises:
        SchemaTooNew, StoreError: as :func:`open_schema`.
    """
    try:
        with engine.connect() as conn:
            return _version(conn, engine) is not None
    except (OperationalError, DatabaseError) as exc:
        raise store_error(engine, exc, "open") from None


def _whole(conn: Connection) -> bool:
    """Whether a database of the current schema version holds all of argmap's tables and text index, found by
    reading only."""
    return (set(SQLModel.metadata.tables) <= set(inspect(conn).get_table_names()) and text_index_whole(conn)
            and not naive_times(conn))


def _version(conn: Connection, engine: Engine) -> int | None:
    """The schema version argmap stored; ``None`` in a database with no table at all.

    Raises:
        SchemaTooNew: a newer argmap wrote it.
        StoreError: the database holds tables but no argmap schema version: another application's.
    """
    inspector = inspect(conn)
    names = sorted(inspector.get_table_names())
    if not names:
        return None
    found = None
    if "meta" in names and {"key", "value"} <= {column["name"] for column in inspector.get_columns("meta")}:
        found = conn.execute(select(MetaRow.value).where(MetaRow.key == SCHEMA_KEY)).scalar()
    if found is None:
        ours = [name for name in names if name in SQLModel.metadata.tables]
        if conn.dialect.name == "sqlite" or ours:
            raise _foreign(engine, ours or names)
        return None  # a PostgreSQL database shared with other applications' tables, none named as argmap's
    if not str(found).isdigit():
        raise _foreign(engine, names)
    if int(found) > SCHEMA_VERSION:
        raise SchemaTooNew(
            f"{describe(engine)} was written by a newer argmap (schema {found}; this one reads up to "
            f"{SCHEMA_VERSION}); upgrade argmap (pip install -U argmap) or choose another --db"
        )
    return int(found)


def _foreign(engine: Engine, names: list[str]) -> StoreError:
    shown = ", ".join(names[:_SHOWN]) + (f" and {len(names) - _SHOWN} more" if len(names) > _SHOWN else "")
    if engine.dialect.name == "sqlite":
        fix = "choose another --db: a file that is not there yet is made for you"
    else:
        fix = "choose another --db: a database of its own for argmap, or one without these tables"
    return StoreError(f"{describe(engine)} is not an argmap database: it holds tables argmap did not make "
                      f"({shown}), so argmap leaves it as it is; {fix}")
