"""Every hostile input of the corpus is refused with a clear message or stored with its skips counted.

Each case runs ``argmap --db <copy of a seeded database> ingest --no-extract --json <file>`` in-process. A
refused input exits 1 with one message naming the file, the fault and the fix, and leaves the database
exactly as it was (compared through ``argmap export``); a stored input exits 0, counts the notes expected,
and is stored whole. No case may end in a traceback or in the reader-bug safety net of ``api.ingest``.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from argmap.cli import app
from tests.robustness.corpus import CASES, STORE_LIMITS, Case, big_jsonl

GOOD = b'{"id": "g1", "parent": null, "author": "kim", "text": "A good thread stored first.", "thread": "good"}\n' \
       b'{"id": "g2", "parent": "g1", "author": "lee", "text": "And a reply to it."}\n'


def invoke(db: Path | str, *args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, ["--db", str(db), *args], env=env)


def export(db: Path | str) -> dict[str, Any]:
    result = invoke(db, "export")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def assert_clean(result: Result) -> None:
    """No traceback, no exception escaping the command, no reader bug caught by the safety net."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert "could not read it" not in result.output, result.output


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A database holding one good thread, and its export."""
    folder = tmp_path_factory.mktemp("seeded")
    good = folder / "good.jsonl"
    good.write_bytes(GOOD)
    db = folder / "seed.db"
    result = invoke(db, "ingest", "--no-extract", str(good))
    assert result.exit_code == 0, result.output
    return db, export(db)


@pytest.fixture
def db(seeded: tuple[Path, dict[str, Any]], tmp_path: Path) -> Path:
    copy = tmp_path / "argmap.db"
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(seeded[0]) + suffix)
        if source.exists():
            shutil.copyfile(source, str(copy) + suffix)
    return copy


def test_corpus_is_large_and_covers_every_reader() -> None:
    assert len(CASES) >= 50
    formats = {c.format for c in CASES} | {c.id.split("-")[0] for c in CASES}
    for reader in ("reddit", "hn", "firebase", "hnpwa", "jsonl", "4forums", "aif", "kialo", "text", "gzip"):
        assert reader in formats


def check_stored(case: Case | None, report: dict[str, Any], before: dict[str, Any], after: dict[str, Any]) -> None:
    """The good thread is untouched and the new thread is stored whole."""
    good = before["threads"][0]["id"]
    assert [p for p in after["posts"] if p["thread"] == good] == before["posts"]
    [thread] = report["threads"]
    rows = [p for p in after["posts"] if p["thread"] == thread["id"]]
    assert len(rows) == thread["posts"] > 0
    ids = {p["id"] for p in rows}
    assert all(p["parent"] is None or p["parent"] in ids for p in rows)
    if case is not None:
        assert set(case.notes) <= set(report["notes"]), report["notes"]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_corpus_hostile_input_is_refused_or_counted(case: Case, db: Path, tmp_path: Path,
                                                    seeded: tuple[Path, dict[str, Any]]) -> None:
    path = tmp_path / case.filename
    path.write_bytes(case.content)
    args = ["ingest", "--no-extract", "--json", *(["--format", case.format] if case.format else []), str(path)]
    started = time.monotonic()
    result = invoke(db, *args)
    assert time.monotonic() - started < 30
    assert_clean(result)
    before = seeded[1]
    if case.refused is not None:
        assert result.exit_code == 1, result.output
        assert case.filename in result.stderr
        assert case.refused in result.stderr, result.stderr
        assert "fix:" in result.stderr
        assert export(db) == before
    else:
        assert result.exit_code == 0, result.output
        check_stored(case, json.loads(result.stdout), before, export(db))


@pytest.mark.parametrize("case", STORE_LIMITS, ids=[c.id for c in STORE_LIMITS])
def test_corpus_store_limits_on_both_backends(case: Case, db_url: str, tmp_path: Path) -> None:
    """Values only a strict database refuses (NUL, lone surrogates, long ids, huge counts), on SQLite and PostgreSQL."""
    good = tmp_path / "good.jsonl"
    good.write_bytes(GOOD)
    db = db_url
    assert CliRunner().invoke(app, ["--db", str(db), "ingest", "--no-extract", str(good)]).exit_code == 0
    before = export(db)
    path = tmp_path / case.filename
    path.write_bytes(case.content)
    result = CliRunner().invoke(app, ["--db", str(db), "ingest", "--no-extract", "--json", str(path)])
    assert_clean(result)
    if case.refused is not None:
        assert result.exit_code == 1, result.output
        assert case.refused in result.stderr and "fix:" in result.stderr
        assert export(db) == before
    else:
        assert result.exit_code == 0, result.output
        check_stored(case, json.loads(result.stdout), before, export(db))


def test_corpus_script_payloads_are_inert_text(db: Path, tmp_path: Path) -> None:
    [case] = [c for c in CASES if c.id == "hn-html-unclosed-script"]
    path = tmp_path / case.filename
    path.write_bytes(case.content)
    assert invoke(db, "ingest", "--no-extract", str(path)).exit_code == 0
    texts = [p["text"] for p in export(db)["posts"]]
    assert not any("alert(" in t or "<script" in t for t in texts)


def test_corpus_100000_posts_in_one_thread_are_stored_whole(db: Path, tmp_path: Path,
                                                             seeded: tuple[Path, dict[str, Any]]) -> None:
    path = tmp_path / "huge.jsonl"
    path.write_bytes(big_jsonl(100_000))
    started = time.monotonic()
    result = invoke(db, "ingest", "--no-extract", "--json", str(path))
    elapsed = time.monotonic() - started
    assert_clean(result)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["threads"][0]["posts"] == 100_000
    assert elapsed < 90, f"100,000 posts took {elapsed:.0f} s"
    check_stored(None, report, seeded[1], export(db))
