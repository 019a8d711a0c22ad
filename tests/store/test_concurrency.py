"""Several ``argmap ingest`` processes writing one database at once lose nothing and duplicate nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from argmap.store.db import make_engine
from tests.conftest import CORPORA

EXAMPLES = CORPORA / "examples"
FOUR_THREADS = [
    EXAMPLES / "example.jsonl",
    EXAMPLES / "reddit-example.json",
    EXAMPLES / "hn-algolia-example.json",
    CORPORA / "hn-open-models.txt",
]


def _ingest_at_once(db: str, files: list[Path]) -> list[subprocess.CompletedProcess[str]]:
    procs = [
        subprocess.Popen([sys.executable, "-m", "argmap", "--db", db, "ingest", "--no-extract", "--json", str(f)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for f in files
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        results.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    return results


def _counts(db: str) -> tuple[int, int, int]:
    engine = make_engine(db)
    try:
        with engine.connect() as conn:
            threads = conn.execute(text("SELECT count(*) FROM thread")).scalar_one()
            posts = conn.execute(text("SELECT count(*) FROM post")).scalar_one()
            distinct = conn.execute(
                text("SELECT count(DISTINCT thread_id || ':' || external_id) FROM post")).scalar_one()
    finally:
        engine.dispose()
    return int(threads), int(posts), int(distinct)


def _expected_posts(files: list[Path]) -> int:
    from argmap.api import read_thread

    return sum(len(read_thread(str(f)).posts) for f in files)


def test_concurrency_four_processes_on_postgresql(pg: object) -> None:
    db = pg.new_database()  # type: ignore[attr-defined]
    results = _ingest_at_once(db, FOUR_THREADS)
    assert [r.returncode for r in results] == [0, 0, 0, 0], [r.stderr for r in results]
    threads, posts, distinct = _counts(db)
    assert threads == 4
    assert posts == distinct == _expected_posts(FOUR_THREADS)


def test_concurrency_same_thread_twice_at_once_on_postgresql(pg: object) -> None:
    db = pg.new_database()  # type: ignore[attr-defined]
    results = _ingest_at_once(db, [CORPORA / "hn-open-models.txt"] * 2)
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    assert _counts(db) == (1, 19, 19)


@pytest.mark.parametrize("files", [FOUR_THREADS[:2], [CORPORA / "hn-open-models.txt"] * 2],
                         ids=["different-threads", "same-thread"])
def test_concurrency_two_processes_on_sqlite(tmp_path: Path, files: list[Path]) -> None:
    db = str(tmp_path / "shared.db")
    results = _ingest_at_once(db, files)
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    threads, posts, distinct = _counts(db)
    assert threads == len(set(files))
    assert posts == distinct == _expected_posts(sorted(set(files)))
