"""Bringing a database that an earlier argmap wrote up to the current schema, in place.

Each schema version after the first has one step here that takes a database from the version before to it.
:func:`argmap.store.schema.open_schema` runs the steps a database lacks in the transaction that opens it, and
records the new version in the same transaction: a step that fails leaves the database as it was, and nothing
stored is dropped or rewritten. A step only adds (a column, a table, an index), so a database upgraded this way
holds what a new one does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import NamedTuple

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.sql.expression import false
from sqlmodel import SQLModel

from argmap.store.tables import SCHEMA_VERSION, PostRow

__all__ = ["STEPS", "Step", "Upgrade", "make_instants", "naive_times", "upgrade"]

log = logging.getLogger("argmap.store")


class Step(NamedTuple):
    """One schema step: what it adds, in words, and the function that adds it."""

    adds: str
    run: Callable[[Connection], None]


class Upgrade(NamedTuple):
    """What :func:`upgrade` did: the versions before and after, and what each step added."""

    before: int
    after: int
    added: tuple[str, ...]


def _add_column(conn: Connection, table: str, column: str, ddl: str) -> None:
    """``ALTER TABLE table ADD COLUMN column ddl``, unless the table already has it."""
    if column in {c["name"] for c in inspect(conn).get_columns(table)}:
        return
    conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}"))


def _post_official(conn: Connection) -> None:
    """Schema 2: ``post.official``, false for every post stored before (no reader of schema 1 kept the flag)."""
    column = PostRow.__table__.c.official  # type: ignore[attr-defined]  # SQLModel's table is SQLAlchemy's
    kind = column.type.compile(dialect=conn.dialect)
    default = false().compile(dialect=conn.dialect)
    _add_column(conn, PostRow.__tablename__, column.name, f"{kind} NOT NULL DEFAULT {default}")


STEPS: dict[int, Step] = {
    2: Step("post.official (whether the platform marks a post as its staff's or its moderators' own)", _post_official),
}
"""The step that brings a database to each version from the one before."""


def upgrade(conn: Connection, found: int) -> Upgrade | None:
    """Run the steps from schema ``found`` to :data:`~argmap.store.tables.SCHEMA_VERSION` on ``conn``.

    The caller holds the write transaction and records the new version in it, and once it has committed says so
    with :func:`announce` (a note printed before the commit was false when the transaction then rolled back).

    Args:
        conn (Connection): a connection inside a write transaction.
        found (int): the version the database records.

    Returns:
        Upgrade | None: what was done; ``None`` when the database is already current.

    Example:
        >>> from sqlalchemy import create_engine
        >>> with create_engine("sqlite://").begin() as conn:
        ...     upgrade(conn, SCHEMA_VERSION) is None
        True
    """
    if found >= SCHEMA_VERSION:
        return None
    added = []
    for version in range(found + 1, SCHEMA_VERSION + 1):
        step = STEPS[version]
        step.run(conn)
        added.append(step.adds)
    return Upgrade(found, SCHEMA_VERSION, tuple(added))


def naive_times(conn: Connection) -> list[tuple[str, str]]:
    """argmap's time columns that a PostgreSQL database holds as ``timestamp without time zone`` (table, column):
    sqlmodel before 0.0.45 made them so, and the server wrote each time into them in its own zone."""
    if conn.dialect.name != "postgresql":
        return []  # SQLite stores a time as text in UTC, whichever sqlmodel wrote it
    rows = conn.execute(text("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = "
                             "current_schema() AND data_type = 'timestamp without time zone'")).all()
    return [(table, column) for table, column in rows if table in SQLModel.metadata.tables]


def make_instants(conn: Connection, columns: list[tuple[str, str]]) -> None:
    """Turn each column :func:`naive_times` found into ``timestamp with time zone``, each value read as the time it
    was in the server's zone, as it was written (a post at 08:00 UTC is 17:00 in a Tokyo server's column)."""
    for table, column in columns:
        conn.execute(text(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE timestamp with time zone '
                          f"USING \"{column}\" AT TIME ZONE current_setting('TimeZone')"))


def announce(done: Upgrade, where: str) -> None:
    """Log an upgrade that has committed at INFO on the ``argmap.store`` logger (the CLI prints it as a note)."""
    log.info("upgraded %s from schema %d to %d, in place; added %s", where, done.before, done.after,
             "; ".join(done.added))
