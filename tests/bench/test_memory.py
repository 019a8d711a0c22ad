"""Memory section: the generated JSON Lines thread keeps parent links valid; the ingest is measured."""

from __future__ import annotations

import io
import json

import pytest

from argmap.bench.memory import measure_memory, source_threads, write_jsonl
from argmap.domain import Post, Thread
from argmap.errors import InputError
from argmap.sources import jsonl
from tests.conftest import CORPORA


def _thread(key: str, *posts: tuple[str, str | None, str]) -> Thread:
    return Thread(key=key, format="test", source=key, posts=[Post(i, p, "ann", text) for i, p, text in posts])


def test_memory_jsonl_cycles_posts_with_fresh_ids_and_valid_parents() -> None:
    threads = [_thread("a", ("1", None, "Root a."), ("2", "1", ""), ("3", "2", "Reply to a deleted post.")),
               _thread("b", ("x", None, "Root b."), ("y", "x", "Reply b."))]
    out = io.StringIO()
    made = write_jsonl(threads, 11, out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert made.posts == len(records) == 11 and made.sources == 2
    assert made.words == sum(len(r["text"].split()) for r in records)
    assert [r["id"] for r in records] == list(range(11))
    assert records[0]["parent"] is None and "thread" in records[0]
    assert all(0 <= r["parent"] < r["id"] for r in records[1:])
    # the deleted post is left out and its reply answers the root; cycled roots answer the first post
    assert [(r["text"], r["parent"]) for r in records[:5]] == [
        ("Root a.", None), ("Reply to a deleted post.", 0), ("Root b.", 0), ("Reply b.", 2), ("Root a.", 0)]
    assert records[5] == {"id": 5, "parent": 4, "author": "ann", "text": "Reply to a deleted post."}


def test_memory_jsonl_from_real_threads_reads_back_whole() -> None:
    threads = source_threads([CORPORA])
    total = sum(len(t.posts) for t in threads)
    out = io.StringIO()
    made = write_jsonl(threads, total + 37, out)  # more than one pass
    thread = jsonl.read(out.getvalue(), source="gen.jsonl")
    assert made.posts == len(thread.posts) == total + 37
    ids = {p.external_id for p in thread.posts}
    assert all(p.parent in ids for p in thread.posts[1:])
    assert not [n for n in thread.notes if n.reason not in ("inferred-parent",)]


def test_memory_refuses_threads_without_text(tmp_path: object) -> None:
    with pytest.raises(InputError, match="no post with text"):
        write_jsonl([_thread("a", ("1", None, "  "))], 10, io.StringIO())


@pytest.mark.slow
def test_memory_ingests_in_a_subprocess() -> None:
    use = measure_memory(source_threads([CORPORA]), 300)
    assert use.exit_code == 0, use.error
    assert use.posts == 300 and use.units > 0 and use.seconds > 0
    assert use.peak_rss_mb > 0 and use.peak_pss_mb >= 0 and use.within_limit


def test_memory_stopped_stops_its_ingest(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C or SIGTERM while the ingest runs (raised in the wait for it) stops that subprocess too, which ran on
    when only the benchmark was signalled."""
    import subprocess

    from argmap.bench import memory

    started: list[subprocess.Popen[bytes]] = []

    class Recorded(subprocess.Popen):  # type: ignore[type-arg]
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            started.append(self)

    def stopped(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(memory.subprocess, "Popen", Recorded)
    monkeypatch.setattr(memory.os, "wait4", stopped)
    try:
        with pytest.raises(KeyboardInterrupt):
            measure_memory([_thread("a", ("1", None, "Buses should run all night."))], 50,
                           argmap_args=["--workers", "1"])
        [process] = started
        assert process.poll() is not None  # ended, and waited for
    finally:
        for process in started:
            if process.poll() is None:
                process.kill()
                process.wait()
