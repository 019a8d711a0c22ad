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
