"""Engines: a SQLite file by default, any SQLAlchemy URL (PostgreSQL for scale) otherwise.

Nothing happens at import time; :func:`make_engine` builds an engine when asked.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool
from sqlmodel import create_engine

from argmap.config import DEFAULT_DB, mask_url
from argmap.errors import StoreError

__all__ = ["BUSY_TIMEOUT_MS", "in_memory", "make_engine", "sqlite_file", "sqlite_files", "to_url"]

BUSY_TIMEOUT_MS = 30_000
"""How long a writer waits for another process's lock to clear: SQLite's busy timeout, PostgreSQL's lock timeout."""


#: A database URL without the ``//`` after its scheme (``postgresql:/user:pw@host/db``, ``sqlite:x.db``), or a
#: SQLite ``file:`` URI: taken for a file's path, the first was refused as a folder that does not exist, its
#: password printed in the message, the second made a file named ``sqlite:x.db``, the third ``file:x.db``.
_NOT_A_PATH = re.compile(r"(sqlite|postgres(?:ql)?|mysql|mariadb|oracle|mssql)(\+[\w.-]*)?:(?!//)|file:",
                         re.IGNORECASE)


def to_url(db: str) -> str:
    """A SQLAlchemy URL for ``db``: a URL stays as it is, anything else is a SQLite file path.

    A path's ``%`` and ``?`` are written ``%25`` and ``%3F``, which a URL reads back as them: ``--db 'a?b.db'``
    stored into a file ``a`` (the rest read as the URL's query), and ``--db 'x%20y.db'`` into ``x y.db``.

    Raises:
        StoreError: a database URL missing the ``//`` after its scheme, naming the URL to write instead (the
            password masked); a ``~`` no home folder can be found for. A SQLite ``file:`` URI is taken as one
            (``file:x.db?mode=ro``: read-only).

    Example:
        >>> to_url("~/debates.db") == f"sqlite:///{Path.home() / 'debates.db'}", to_url("50%?.db")
        (True, 'sqlite:///50%25%3F.db')
    """
    if "://" in db:
        if db.startswith("postgresql://") or db.startswith("postgres://"):
            return "postgresql+psycopg://" + db.split("://", 1)[1]
        if not db.lower().startswith("file:"):
            return db
    typo = _NOT_A_PATH.match(db)
    if typo is not None:
        scheme, rest = db[:typo.end()], db[typo.end():]
        if scheme.lower() == "file:":  # SQLite's own URI: opened as one, its %-escapes left for SQLite to read
            return f"sqlite:///file:{rest.replace('%', '%25')}{'&' if '?' in rest else '?'}uri=true"
        if typo.group(1).lower() == "sqlite":
            raise StoreError(f"--db {db!r} is neither a file's path nor a database URL: a URL has '//' after its "
                             f"scheme; write it as sqlite:///{rest.lstrip('/')} (a relative path), "
                             f"sqlite:////{rest.lstrip('/')} (an absolute one), or give the file's path alone")
        # Not echoed as given: mask_url finds a password only after "://".
        raise StoreError(f"the --db value that starts {scheme!r} is neither a file's path nor a database URL: a URL "
                         f"has '//' after its scheme; write it as {mask_url(scheme + '//' + rest.lstrip('/'))}")
    escaped = str(_expanded(db)).replace("%", "%25").replace("?", "%3F")
    ends = tuple(sep for sep in (os.sep, os.altsep) if sep)
    if db.endswith(ends) and not escaped.endswith(ends):  # "new/": kept, to be refused as a folder (_file_of)
        escaped += "/"
    return f"sqlite:///{escaped}"


def _expanded(path: str) -> Path:
    """``path`` with a leading ``~`` made the home folder.

    Raises:
        StoreError: the home folder cannot be told (no ``HOME``, and a user id the system has no entry for, as a
            container run with ``--user 12345`` has): it failed as "RuntimeError ... a bug in argmap".
    """
    try:
        return Path(path).expanduser()
    except RuntimeError:
        raise StoreError(f"cannot tell which folder the '~' of the database {path!r} means: HOME is not set, and "
                         "the system knows no home folder for this user; set HOME, or give the path without '~'"
                         ) from None


def sqlite_files(path: Path) -> tuple[Path, Path, Path]:
    """A SQLite database file with the ``-wal`` and ``-shm`` files SQLite keeps beside it (in WAL mode): what goes
    with it when it is removed.

    Example:
        >>> [p.name for p in sqlite_files(Path("data/argmap.db"))]
        ['argmap.db', 'argmap.db-wal', 'argmap.db-shm']
    """
    return path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def sqlite_file(db: str) -> Path | None:
    """The file of a SQLite database given as a path or a ``sqlite:///`` URL; ``None`` for any other database
    (in memory, PostgreSQL) or a URL that cannot be read.

    Example:
        >>> sqlite_file("debates.db").name, sqlite_file("sqlite://"), sqlite_file("postgresql://db.example/x")
        ('debates.db', None, None)
    """
    parsed = _parsed(db)
    return None if parsed is None else _file_of(parsed)


def _parsed(db: str) -> URL | None:
    """The SQLAlchemy URL of ``db`` (:func:`to_url`); ``None`` for one that cannot be read."""
    try:
        return make_url(to_url(db))
    except (ArgumentError, ValueError):
        return None


def in_memory(db: str) -> bool:
    """Whether ``db`` is a SQLite database in memory (``sqlite://``, ``:memory:``, ``file:?mode=memory``), which is
    gone when the engine on it is disposed: at the end of each command, and of each call of the Python API.

    Example:
        >>> in_memory("sqlite://"), in_memory(":memory:"), in_memory("debates.db")
        (True, True, False)
    """
    try:
        parsed = _parsed(db)
        return parsed is not None and parsed.get_backend_name() == "sqlite" and _file_of(parsed) is None
    except StoreError:  # a URL missing its "//", a path ending in "/": no database at all, in memory or not
        return False


def _file_of(parsed: URL) -> Path | None:
    """The file of a parsed SQLite URL; ``None`` in memory or for another database."""
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    if _sqlite_uri(parsed):  # sqlite:///file:data/x.db?mode=ro&uri=true, as SQLAlchemy documents it
        path = unquote(urlsplit(parsed.database).path)
        return None if path in ("", ":memory:") or parsed.query.get("mode") == "memory" else Path(path)
    file = _expanded(parsed.database)
    if parsed.database.endswith(("/", os.sep)) and not file.is_dir():  # "--db new/" made a file "new"
        raise StoreError(f"cannot use the database {parsed.database!r}: it ends in '/', so it names a folder, not a "
                         f"file; give a file in it, e.g. --db {str(file / DEFAULT_DB)!r}, or choose another --db")
    return file


def _sqlite_uri(parsed: URL) -> bool:
    """Whether a SQLite URL names its file as SQLite's own ``file:`` URI (``?uri=true``): read-only
    (``mode=ro``), or of a folder that cannot be written (``immutable=1``)."""
    return str(parsed.query.get("uri", "")).lower() in ("true", "1") and bool(parsed.database) and \
        str(parsed.database).startswith("file:")


def make_engine(db: str) -> Engine:
    """Build an engine for a SQLite path or a database URL.

    SQLite connections use WAL journaling, a busy timeout and enforced foreign keys; every transaction that
    writes starts with ``BEGIN IMMEDIATE`` so two writers queue instead of failing.

    Args:
        db (str): a file path, ``sqlite://`` (in memory) or e.g. ``postgresql+psycopg://user:pw@host/db``.

    Returns:
        Engine: an engine; no connection is made yet.

    Raises:
        StoreError: for a URL SQLAlchemy cannot use or of a database other than SQLite and PostgreSQL (the
            password masked in the message), one whose user name or password holds an ``@`` not written ``%40``,
            an empty name, or a folder where the SQLite file belongs.
    """
    if not db.strip():  # "--db $DB" with DB unset named the current folder
        raise StoreError(f"the database is named by an empty string ({db!r}); give a file path or a URL such as "
                         f"postgresql+psycopg://user@host/db, or leave --db out for ./{DEFAULT_DB}")
    url: str | URL = to_url(db)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:  # ValueError: a port that is not a number
        # Most often a password holding ":", "/", "#" or "?": the URL then ends it there, and its rest is read as
        # the port ("invalid literal for int()") or the database.
        raise StoreError(f"{mask_url(db)!r} is not a database URL or path: {mask_url(str(exc))}; give a file path "
                         "or a URL such as postgresql+psycopg://user@host/db, and write the characters a URL reserves "
                         "in its user name or password with % (@ as %40, : as %3A, / as %2F, # as %23, ? as %3F, "
                         "% as %25)") from exc
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):  # the store writes SQL of these two (see sql.upsert)
        raise StoreError(f"cannot use the database {mask_url(db)!r}: argmap stores threads in SQLite or "
                         f"PostgreSQL, not {backend}; give a file path or a URL such as "
                         "postgresql+psycopg://user@host/db")
    if parsed.host is not None and "@" in parsed.host:
        # SQLAlchemy ends the password at its first "@" and takes the rest as the host: the driver then failed to
        # resolve a host that held the end of the password, and its message showed it.
        raise StoreError(f"cannot use the database {mask_url(db)!r}: its user name or password holds an '@', which "
                         "a URL reads as their end; write each '@' in them as %40 (a password p@ss "
                         "as p%40ss)")
    if backend == "postgresql" and parsed.host is not None and parsed.host.lower().startswith("%2f"):
        # A socket folder written where the host goes, as libpq's own URLs take it (postgresql://u@%2Frun%2Fpg/db):
        # SQLAlchemy passes it on still escaped, and the driver failed to "resolve host '%2Frun%2Fpg'".
        parsed = parsed._replace(host=None).update_query_dict({"host": unquote(parsed.host)})
        url = parsed
    kwargs: dict[str, Any] = {}
    if backend == "sqlite":
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
        file = _file_of(parsed)
        if file is None:
            kwargs["poolclass"] = StaticPool
        elif file.is_dir():
            raise StoreError(f"cannot use the database {parsed.database!r}: it is a folder, not a file; give a "
                             f"file in it, e.g. --db {str(file / DEFAULT_DB)!r}, or choose another --db")
        elif not file.parent.is_dir():
            # A file on the way ("notes.txt/argmap.db") is no folder to create: "create it" would fail on it.
            blocker = next((p for p in file.parents if p.exists() and not p.is_dir()), None)
            reason = (f"{str(blocker)!r} is a file, not a folder;" if blocker else
                      f"the folder {str(file.parent)!r} does not exist; create it or")
            raise StoreError(f"cannot create the database {parsed.database!r}: {reason} choose another --db")
        if file is not None and str(file) != parsed.database and not _sqlite_uri(parsed):  # sqlite:///~/x.db: not ./~/
            url = parsed.set(database=str(file))
    else:
        kwargs["pool_pre_ping"] = True
        # Text goes both ways as UTF-8, whatever the database's own encoding: psycopg took the server's, so a
        # LATIN1 database's 'İ' failed in Python as "a bug in argmap", and a SQL_ASCII one's text came back as
        # bytes. The server converts, and refuses a letter its encoding lacks (see sql.store_error).
        kwargs["connect_args"] = {"client_encoding": "utf8"}
    if backend == "postgresql" and parsed.get_driver_name() != "psycopg":
        # psycopg2, asyncpg, pg8000...: the extra installs psycopg (3), and the advice to install it changed nothing.
        raise StoreError(f"cannot use the database {mask_url(db)!r}: argmap talks to PostgreSQL through psycopg (3), "
                         f"not {parsed.get_driver_name()}; write the URL as postgresql://... or "
                         "postgresql+psycopg://...")
    try:
        engine = create_engine(url, **kwargs)
    except Exception as exc:  # an unknown driver name, a missing driver package
        raise StoreError(f"cannot use the database {mask_url(db)!r}: {mask_url(str(exc))}; for PostgreSQL "
                         "install the extra: pip install 'argmap[postgres]'") from None
    if parsed.get_backend_name() == "sqlite":
        _tune_sqlite(engine)
    else:
        _tune_postgres(engine)
    return engine


def _tune_postgres(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        with dbapi_connection.cursor() as cursor:
            # A lock another session holds (a LOCK TABLE, a transaction left open in psql) is waited for as SQLite
            # waits, not for ever: the write then fails with the cause and the fix (see sql.retrying).
            cursor.execute(f"SET lock_timeout = {int(BUSY_TIMEOUT_MS)}")
        dbapi_connection.commit()
        # psycopg prepares a statement once it has run five times, and PostgreSQL may then plan it once for all
        # parameters. A full-text match planned without its words cannot tell a rare word from a common one and
        # scans every unit: claim tracking made ingest four times slower. Plan each statement for its values.
        if dbapi_connection.info.server_version < 120000:  # the setting came with PostgreSQL 12
            return
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET plan_cache_mode = force_custom_plan")
        dbapi_connection.commit()


def _lower(value: object) -> object:
    """SQL ``lower()`` for SQLite, as PostgreSQL's: every letter folded, not A-Z only; other values as they are."""
    return value.lower() if isinstance(value, str) else value


def _foreign(cursor: Any) -> bool:
    """Whether a SQLite file holds tables but no argmap schema version (another application's database)."""
    if cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite~_%' ESCAPE '~'"
                      ).fetchone() is None:
        return False  # a new file, or an empty one
    try:
        return cursor.execute("SELECT 1 FROM meta WHERE key = 'schema_version'").fetchone() is None
    except sqlite3.OperationalError:  # no meta table, or one of another shape
        return True


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see _on_begin).
        dbapi_connection.isolation_level = None
        # SQLite's lower() folds A-Z only; PostgreSQL's, and Python's, fold every letter. Names compared in any
        # case ("--author élise" for "Élise") must match alike on both backends.
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if engine.url.database not in (None, "", ":memory:"):
            # WAL is kept in the file: another application's database, refused when opened, stays as it was.
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal" and not _foreign(cursor):
                cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get("argmap_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
