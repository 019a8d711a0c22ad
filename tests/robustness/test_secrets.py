"""A database password never shows: not in output, errors, ``--debug`` tracebacks, log records or ``repr``.

Commands run against URLs that fail in every way a URL can (a closed port, a port that is not a number, an
unknown driver, bad options, a password holding ``@`` or ``/``), given by flag or by ``ARGMAP_DB``, with and
without ``--debug``, with every logger (SQLAlchemy's engine and pool, which ``echo`` would turn on, and
psycopg's) at DEBUG; and against a real PostgreSQL server that accepts the password.
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from argmap.cli import app
from argmap.config import Settings, mask_url
from tests.robustness.test_corpus import GOOD, assert_clean

SECRET = "s3cret"
LOGGERS = ("", "argmap", "sqlalchemy", "sqlalchemy.engine", "sqlalchemy.pool", "sqlalchemy.dialects", "psycopg",
           "httpx")


def closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


BAD_URLS = {
    "closed-port": f"postgresql+psycopg://user:{SECRET}@127.0.0.1:{closed_port()}/x",
    "plain-scheme": f"postgresql://user:{SECRET}@127.0.0.1:{closed_port()}/x",
    "port-not-a-number": f"postgresql+psycopg://user:{SECRET}@127.0.0.1:notaport/x",
    "unknown-driver": f"postgresql+nodriver://user:{SECRET}@127.0.0.1:5432/x",
    "bad-option": f"postgresql://user:{SECRET}@127.0.0.1:{closed_port()}/x?sslmode=bogus",
    "at-in-password": f"postgresql://user:{SECRET}@x@127.0.0.1:{closed_port()}/x",
    "at-before-secret": f"postgresql://user:x@{SECRET}@127.0.0.1:{closed_port()}/x",
    "query-password": f"postgresql://user@127.0.0.1:{closed_port()}/x?password={SECRET}",
    "query-password-after-option": f"postgresql://user@127.0.0.1:{closed_port()}/x?connect_timeout=5&password={SECRET}",
    "slash-in-password": f"postgresql://user:{SECRET}/x@127.0.0.1:{closed_port()}/x",
    "no-user": f"postgresql://:{SECRET}@127.0.0.1:{closed_port()}/x",
    "other-database": f"mysql://user:{SECRET}@127.0.0.1:{closed_port()}/x",
    # taken for a file's path, refused as a folder that does not exist, the password in the message
    "one-slash": f"postgresql:/user:{SECRET}@127.0.0.1:{closed_port()}/x",
    "no-slash": f"postgresql+psycopg:user:{SECRET}@127.0.0.1:{closed_port()}/x",
}


@pytest.fixture
def everything_logged(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every logger at DEBUG, SQLAlchemy's engine and pool included (what ``echo=True`` would log)."""
    # caplog first: it puts back the root logger's level as it finds it, and found after the loop below it found
    # DEBUG and left every later test of the worker logging at DEBUG (httpx's requests among its records).
    caplog.set_level(logging.DEBUG)
    levels = {name: logging.getLogger(name).level for name in LOGGERS}
    for name in LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield caplog
    finally:
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def assert_masked(result: Result, caplog: pytest.LogCaptureFixture) -> None:
    assert SECRET not in result.stdout
    assert SECRET not in result.stderr
    assert SECRET not in repr(result.exception)
    handler_text = caplog.text
    assert SECRET not in handler_text
    for record in caplog.records:
        assert SECRET not in record.getMessage()
        assert SECRET not in repr(record.args)


def commands(tmp_path: Path) -> list[list[str]]:
    good = tmp_path / "good.jsonl"
    good.write_bytes(GOOD)
    return [["ingest", "--no-extract", str(good)], ["stats"], ["threads"], ["export"]]


def test_secrets_settings_repr_masks_the_password() -> None:
    settings = Settings(db=BAD_URLS["closed-port"])
    assert SECRET not in repr(settings) and SECRET not in str(settings)
    assert "***" in repr(settings)
    loaded = Settings.load({"ARGMAP_DB": BAD_URLS["at-in-password"]})
    assert SECRET not in repr(loaded)


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
@pytest.mark.parametrize("name", sorted(BAD_URLS))
def test_secrets_failing_url_never_shows_the_password(name: str, debug: bool, tmp_path: Path,
                                                      everything_logged: pytest.LogCaptureFixture) -> None:
    url = BAD_URLS[name]
    for args in commands(tmp_path):
        for by_env in (False, True):
            options = [] if by_env else ["--db", url]
            result = CliRunner().invoke(app, [*options, *(["--debug"] if debug else []), *args],
                                        env={"ARGMAP_DB": url} if by_env else None)
            if not debug:
                assert_clean(result)
            assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
            assert result.exit_code == 1, result.output
            assert "error:" in result.stderr
            if debug:
                assert "Traceback" in result.stderr
            assert_masked(result, everything_logged)


def test_secrets_debug_traceback_in_a_real_process(tmp_path: Path) -> None:
    """The traceback a real process prints (not only CliRunner's capture) is masked too."""
    for url in (BAD_URLS["closed-port"], BAD_URLS["port-not-a-number"]):
        done = subprocess.run([sys.executable, "-m", "argmap", "--db", url, "--debug", "stats"], capture_output=True,
                              text=True, timeout=60, cwd=Path(__file__).resolve().parents[2])
        assert done.returncode == 1
        assert "Traceback" in done.stderr
        assert SECRET not in done.stdout + done.stderr


def test_secrets_real_server_with_password(request: pytest.FixtureRequest, tmp_path: Path,
                                           everything_logged: pytest.LogCaptureFixture) -> None:
    """A server that accepts the password: successful commands and errors after connecting stay masked."""
    cluster = request.getfixturevalue("pg")
    url = str(cluster.new_database()).replace("postgres@", f"postgres:{SECRET}@", 1)
    assert SECRET in url
    for args in [*commands(tmp_path), ["show", "u-0000000000000000"], ["ingest", "--no-extract", "missing.jsonl"]]:
        for debug in ([], ["--debug"]):
            result = CliRunner().invoke(app, ["--db", url, *debug, *args])
            assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
            assert_masked(result, everything_logged)
    assert any(r.name.startswith("sqlalchemy") for r in everything_logged.records)


# The patterns mask_url used to run, kept as the definition of what it masks: a password given as a query
# parameter, then one in the URL up to the last "@" before a space. Tried from every position, the URL pattern took
# 2.2 s on 24,000 characters of "ab://:" and hours on a megabyte.
_QUERY = re.compile(r"([?&](?:ssl)?password=)[^&#\s]*", re.IGNORECASE)
_REFERENCE = re.compile(r"(?P<head>[a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\s]*:)(?P<pw>\S*)(?P<at>@)")
_URL_BITS = st.sampled_from(["://", ":", "@", "/", " ", "\n", "a", "Z", "1", "+", ".", "-", "é", "pg", SECRET,
                             "?password=", "&", "#", "?"])


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.one_of(_URL_BITS, st.text(max_size=3)), max_size=24).map("".join))
def test_secrets_mask_url_masks_what_the_url_pattern_finds(text: str) -> None:
    expected = _REFERENCE.sub(lambda m: f"{m['head']}***{m['at']}", _QUERY.sub(r"\1***", text))
    assert mask_url(text) == expected


@pytest.mark.timeout(20)
@pytest.mark.parametrize("text", ["a" * 1_000_000 + "://", "a://b:" * 200_000, "ab://:" * 200_000,
                                  "a://" + "b" * 1_000_000, "a://b:" + "c" * 1_000_000],
                         ids=["long-scheme", "user-colons", "empty-users", "long-user", "long-password"])
def test_secrets_mask_url_takes_linear_time(text: str) -> None:
    assert "***" not in mask_url(text)
    assert mask_url(text + "@h").endswith("@h")


@pytest.mark.timeout(20)
@pytest.mark.parametrize("text", ["a://b:c@" * 200_000, "a://b:" + "@" * 1_000_000, "?password=" * 200_000],
                         ids=["many-urls-one-run", "many-ats", "query-passwords"])
def test_secrets_mask_url_takes_linear_time_on_masked_text(text: str) -> None:
    assert "***" in mask_url(text)


@pytest.mark.parametrize(("text", "masked"), [
    ("postgresql://ann:p@ss@db/x", "postgresql://ann:***@db/x"),
    ("postgresql://ann@db/x?password=p@ss&sslmode=require", "postgresql://ann@db/x?password=***&sslmode=require"),
    ("'postgresql://ann:pw@db/x' or 'postgresql://bob:pw@db/y'", "'postgresql://ann:***@db/x' or 'postgresql://bob:***@db/y'"),
])
def test_secrets_mask_url_masks_the_whole_password(text: str, masked: str) -> None:
    """A password holding an '@' showed its part after it; one given as ``?password=`` showed whole."""
    assert mask_url(text) == masked


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
def test_secrets_an_input_that_fails_never_shows_the_password(debug: bool, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """An input that failed was printed whole, on the command line and in ``--json``: a thread URL given with a
    password, an ``ARGMAP_HN_API`` or a document URL holding one."""
    monkeypatch.setenv("ARGMAP_HN_API", f"htp://ann:{SECRET}@hn.test/api")
    db = ["--db", str(tmp_path / "x.db"), *(["--debug"] if debug else [])]
    for args in (["ingest", "https://news.ycombinator.com/item?id=1"],
                 ["ingest", "-v", f"https://ann:{SECRET}@news.ycombinator.com/item?id=1"],
                 ["evidence", "add", f"htp://ann:{SECRET}@127.0.0.1:{closed_port()}/doc.html"]):
        for json in ([], ["--json"]):
            result = CliRunner().invoke(app, [*db, *args, *json])
            assert result.exit_code == 1 and "ann:***@" in result.output, result.output
            assert SECRET not in result.output
