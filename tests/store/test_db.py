"""``make_engine``: a name that cannot be a database is refused with the cause and the fix, before any connection."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.errors import StoreError
from argmap.store.db import make_engine


@pytest.mark.parametrize("db", ["", "  "])
def test_db_an_empty_name_is_no_database(db: str) -> None:
    """``--db "$DB"`` with DB unset named the current folder ("unable to open database file")."""
    with pytest.raises(StoreError, match=r"named by an empty string .*leave --db out for \./argmap\.db"):
        make_engine(db)


def test_db_a_folder_is_no_database_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"it is a folder, not a file; give a file in it, e.g\. --db '.*argmap\.db'"):
        make_engine(str(tmp_path))


@pytest.mark.parametrize(("url", "backend"), [("mysql://ann:s3cret@db.example/x", "mysql"),
                                              ("http://ann:s3cret@db.example/x", "http"),
                                              ("mssql+pyodbc://ann:s3cret@db.example/x", "mssql")])
def test_db_another_database_than_sqlite_or_postgresql_is_named(url: str, backend: str) -> None:
    """It said "No module named 'MySQLdb'; for PostgreSQL install the extra", which could not help."""
    wanted = f"stores threads in SQLite or PostgreSQL, not {backend}; give a file path"
    with pytest.raises(StoreError, match=wanted) as info:
        make_engine(url)
    assert "s3cret" not in str(info.value) and "pip install" not in str(info.value)


@pytest.mark.parametrize("url", ["postgresql://ann:x@s3cret@127.0.0.1:5432/x",
                                 "postgresql+psycopg://ann:x@y@s3cret@db.example/x"])
def test_db_an_at_sign_in_the_password_names_the_fix(url: str) -> None:
    """The rest of the password after its '@' was taken as the host; the driver's "failed to resolve host
    's3cret@127.0.0.1'" showed it and said nothing of %40."""
    with pytest.raises(StoreError, match=r"holds an '@', which a URL reads as their end; write each '@' in them "
                                         r"as %40") as info:
        make_engine(url)
    assert "s3cret" not in str(info.value)


@pytest.mark.parametrize("url", ["postgresql+psycopg2://ann:s3cret@db.example/x",
                                 "postgresql+asyncpg://ann:s3cret@db.example/x"])
def test_db_another_postgresql_driver_names_the_url_to_write(url: str) -> None:
    """It said "No module named 'psycopg2'; for PostgreSQL install the extra", which installs psycopg 3 and so
    changed nothing."""
    with pytest.raises(StoreError, match=r"through psycopg \(3\), not \w+; write the URL as postgresql://") as info:
        make_engine(url)
    assert "s3cret" not in str(info.value) and "pip install" not in str(info.value)


def test_db_a_password_with_characters_a_url_reserves_names_the_fix() -> None:
    """A password "p@ss:w/rd%#?" gave only "invalid literal for int() with base 10: 'w'"."""
    with pytest.raises(StoreError, match=r"invalid literal for int.*with % \(@ as %40, : as %3A, / as %2F"):
        make_engine("postgresql://pwuser:p@ss:w/rd%#?@127.0.0.1:55433/pwdb")
    assert make_engine("postgresql://pwuser:p%40ss%3Aw%2Frd%25%23%3F@127.0.0.1:55433/pwdb").url.password == \
        "p@ss:w/rd%#?"


@pytest.mark.parametrize(("name", "misread"), [("a?b.db", "a"), ("x%20y.db", "x y.db"), ("50%25.db", "50%.db")])
def test_db_a_path_holding_url_characters_is_that_file(tmp_path: Path, name: str, misread: str) -> None:
    """A file path was put after ``sqlite:///`` as it was: ``--db 'a?b.db'`` stored into a file ``a`` (the rest read
    as the URL's query), ``--db x%20y.db`` into ``x y.db``."""
    from argmap.store import repository
    from argmap.store.db import sqlite_file

    path = tmp_path / name
    engine = make_engine(str(path))
    try:
        repository.init_db(engine)
    finally:
        engine.dispose()
    assert path.exists() and not (tmp_path / misread).exists()
    assert sqlite_file(str(path)) == path


def test_db_a_sqlite_url_under_home_opens_the_file_it_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``sqlite:///~/debates.db``: the folder was checked under the home folder, but SQLite was given ``~/`` as a
    folder of the current one, and failed with "unable to open database file"."""
    from argmap.store import repository

    home, elsewhere = tmp_path / "home", tmp_path / "cwd"
    home.mkdir()
    elsewhere.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(elsewhere)
    engine = make_engine("sqlite:///~/debates.db")
    try:
        repository.init_db(engine)
    finally:
        engine.dispose()
    assert (home / "debates.db").exists() and not (elsewhere / "~").exists()


@pytest.mark.parametrize(("db", "fixed"), [
    ("postgresql:/ann:s3cret@db.example/x", "write it as postgresql://ann:***@db.example/x"),
    ("postgresql+psycopg:ann:s3cret@db.example/x", "write it as postgresql+psycopg://ann:***@db.example/x"),
    ("sqlite:debates.db", "write it as sqlite:///debates.db (a relative path), sqlite:////debates.db"),
])
def test_db_a_url_without_its_slashes_names_the_url_to_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             db: str, fixed: str) -> None:
    """A URL missing the ``//`` after its scheme was taken for a file's path: refused as a folder that does not
    exist ("create it"), the password printed, or (``sqlite:x.db``) a file of that name made."""
    from typer.testing import CliRunner

    from argmap.cli import app

    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.txt").write_text("Title: T\n\nann: Cats are better than dogs.\n", encoding="utf-8")
    for command in (["threads"], ["ingest", "--no-extract", "t.txt"]):
        for debug in ([], ["--debug"]):
            result = CliRunner().invoke(app, [*debug, "--db", db, *command])
            assert result.exit_code == 1, result.output
            assert fixed in " ".join(result.stderr.split()) and "s3cret" not in result.output
    assert list(tmp_path.iterdir()) == [tmp_path / "t.txt"]


def test_db_a_sqlite_file_is_named_by_its_path_as_written(tmp_path: Path) -> None:
    """A message named a SQLite file by its URL, escaped: ``sqlite:////tmp/r%C3%B6 dir/%C3%B6.db`` for
    ``rö dir/ö.db``."""
    from argmap.store.sql import describe

    (tmp_path / "rö dir").mkdir()
    assert describe(make_engine(str(tmp_path / "rö dir" / "ö.db"))) == f"sqlite:///{tmp_path}/rö dir/ö.db"
    assert describe(make_engine("postgresql://ann:s3cret@db.example/x")) == "postgresql+psycopg://ann:***@db.example/x"


@pytest.mark.parametrize("db", ["~/debates.db", "sqlite:///~/debates.db"])
def test_db_a_home_folder_that_cannot_be_told_is_named(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    """No ``HOME`` and a user id the system has no entry for (a container run with ``--user 12345``): ``--db
    ~/debates.db`` failed as "RuntimeError: Could not determine home directory ... a bug in argmap"."""
    import pwd

    from typer.testing import CliRunner

    from argmap.cli import app

    def unknown(uid: int) -> pwd.struct_passwd:
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setattr(pwd, "getpwuid", unknown)
    for command in (["threads"], ["ingest", "--no-extract", "t.txt"]):
        result = CliRunner().invoke(app, ["--db", db, *command])
        said = " ".join(result.stderr.split())
        assert result.exit_code == 1 and "cannot tell which folder the '~' of the database '~/debates.db' means: " \
            "HOME is not set, and the system knows no home folder for this user; set HOME" in said, said


@pytest.mark.parametrize("db", ["new/", "sqlite:///new/"])
def test_db_a_path_ending_in_a_slash_is_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    """``--db new/`` (a folder meant, not there yet) made a file ``new``, which ``new/argmap.db`` then could not be
    put in."""
    from typer.testing import CliRunner

    from argmap.cli import app

    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.txt").write_text("Title: T\n\nann: Cats are better than dogs.\n", encoding="utf-8")
    for command in (["threads"], ["ingest", "--no-extract", "t.txt"]):
        result = CliRunner().invoke(app, ["--db", db, *command])
        said = " ".join(result.stderr.split())
        assert result.exit_code == 1 and "'new/': it ends in '/', so it names a folder, not a file; give a file in " \
            "it, e.g. --db 'new/argmap.db'" in said, said
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.txt"]


@pytest.mark.parametrize("db", ["sqlite://", "sqlite:///:memory:", ":memory:"])
def test_db_in_memory_makes_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    """A database in memory stays in memory (the file a ``~`` in a SQLite URL names must not be looked for in it:
    ``str(None)`` made a file ``None``), and is named as it was given; an ingest into it warns that it keeps
    nothing once the command ends."""
    from typer.testing import CliRunner

    from argmap.cli import app

    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.txt").write_text("Title: T\n\nann: Cats are better than dogs.\n", encoding="utf-8")
    stored = CliRunner().invoke(app, ["--db", db, "ingest", "--no-extract", "t.txt"])
    assert stored.exit_code == 0
    # It said "ingested" and kept nothing: the warning says so and names the fix.
    said = " ".join(stored.stderr.split())
    assert f"{db} is a database in memory: what this ingest stored is gone when it ends; give a file" in said
    result = CliRunner().invoke(app, ["--db", db, "threads"])
    shown = "sqlite://" if db == "sqlite://" else "sqlite:///:memory:"
    assert result.exit_code == 1 and f"error: {shown} holds no argmap tables" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.txt"]


def test_db_a_socket_folder_in_the_host_place_is_a_socket(pg: object) -> None:
    """``postgresql://user@%2Frun%2Fpostgresql/db`` (a socket folder where the host goes, as libpq's URLs take it)
    reached the driver still escaped: "failed to resolve host '%2Frun%2Fpostgresql'"."""
    from urllib.parse import quote

    from sqlalchemy import text

    folder, port = pg.folder, pg.port  # type: ignore[attr-defined]
    engine = make_engine(f"postgresql://postgres@{quote(str(folder), safe='')}:{port}/postgres")
    try:
        assert engine.url.host is None and engine.url.query["host"] == str(folder)
        with engine.connect() as conn:  # on the socket: the server listens on no other address it was given
            assert conn.execute(text("SELECT inet_server_addr() IS NULL")).scalar() is True
    finally:
        engine.dispose()


def test_db_a_sqlite_uri_opens_the_file_it_names(tmp_path: Path) -> None:
    """``sqlite:///file:x.db?mode=ro&uri=true`` (SQLAlchemy's way to open a SQLite file read-only) was refused as
    "no database at 'file:x.db'": the file was looked for under the URI's own name."""
    from typer.testing import CliRunner

    from argmap.cli import app
    from argmap.store.db import sqlite_file

    db = tmp_path / "odd ?#% name.db"
    thread = tmp_path / "t.txt"
    thread.write_text("Title: T\n\nann: Cats are better than dogs.\n", encoding="utf-8")
    assert CliRunner().invoke(app, ["--db", str(db), "ingest", "--no-extract", str(thread)]).exit_code == 0
    escaped = str(db).replace("%", "%2525").replace("?", "%253F").replace("#", "%2523")
    for query in ("mode=ro&uri=true", "immutable=1&uri=true"):
        url = f"sqlite:///file:{escaped}?{query}"
        assert sqlite_file(url) == db
        listed = CliRunner().invoke(app, ["--db", url, "threads", "--json"])
        assert listed.exit_code == 0 and '"title": "t"' in listed.stdout, listed.output
    refused = CliRunner().invoke(app, ["--db", f"sqlite:///file:{escaped}?mode=ro&uri=true", "ingest",
                                       "--no-extract", str(thread)])
    assert refused.exit_code == 1 and "attempt to write a readonly database" in refused.stderr


def test_db_a_folder_that_cannot_be_written_names_the_uri_that_reads_it(tmp_path: Path) -> None:
    """SQLite cannot open a WAL database whose folder cannot be written (its -shm file), not even to read it, as a
    user reading another's file finds: the message said only "copy it"; it names the URI that reads it in place."""
    import shlex

    from sqlalchemy.exc import OperationalError

    from argmap.store.sql import store_error

    db = tmp_path / "odd ?#% name.db"
    engine = make_engine(str(db))
    said = str(store_error(engine, OperationalError("x", {}, Exception("attempt to write a readonly database")),
                           "open"))
    url = shlex.split(said.split("nothing writes to it: --db ", 1)[1].removesuffix(")"))[0]
    assert url.startswith("sqlite:///file:") and url.endswith("?immutable=1&uri=true")
    from argmap.store.db import sqlite_file

    assert sqlite_file(url) == db


def test_db_a_file_uri_is_sqlite_s_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--db file:debates.db`` made a file named ``file:debates.db``, and ``file:///srv/debates.db`` was refused as
    a database "not file": both are SQLite's own URIs, ``?mode=ro`` opening the file read-only."""
    from typer.testing import CliRunner

    from argmap.cli import app
    from argmap.store.db import sqlite_file

    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.txt").write_text("Title: T\n\nann: Cats are better than dogs.\n", encoding="utf-8")
    assert CliRunner().invoke(app, ["--db", "file:a%20b.db", "ingest", "--no-extract", "t.txt"]).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a b.db", "t.txt"]
    for db in ("file:a%20b.db?mode=ro", f"file://{tmp_path}/a%20b.db", "FILE:a%20b.db"):
        found = sqlite_file(db)
        assert found is not None and found.absolute() == tmp_path / "a b.db"
        listed = CliRunner().invoke(app, ["--db", db, "threads", "--json"])
        assert listed.exit_code == 0 and '"title": "t"' in listed.stdout, listed.output
    refused = CliRunner().invoke(app, ["--db", "file:a%20b.db?mode=ro", "ingest", "--no-extract", "t.txt"])
    assert refused.exit_code == 1 and "attempt to write a readonly database" in refused.stderr
