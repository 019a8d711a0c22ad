"""Extraction gives the same units and relations whether one process or two run the pipeline."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

from argmap import Settings, ingest
from argmap.api import export, read_thread
from argmap.domain import Thread
from argmap.nlp.extract import Extractor, extract_stream
from tests.conftest import CORPORA


@pytest.mark.slow
def test_workers_two_processes_match_one(tmp_path: Path) -> None:
    paths = [str(CORPORA / "hn-open-models.txt"), str(CORPORA / "examples")]
    graphs = []
    for workers in (1, 2):
        settings = Settings(db=str(tmp_path / f"w{workers}.db"), workers=workers)
        report = ingest(paths, settings=settings)
        assert report.failures == []
        graphs.append(json.dumps({k: v for k, v in export(settings=settings).items() if k != "threads"},
                                 sort_keys=True))
    assert graphs[0] == graphs[1]


@pytest.mark.slow
def test_workers_stream_keeps_thread_order_and_companions() -> None:
    extractor = Extractor.load()
    threads = [read_thread(str(p)) for p in sorted((CORPORA / "examples").glob("*.json*"))]
    out = list(extract_stream(extractor, [(t, i) for i, t in enumerate(threads)], n_process=2, batch_size=4))
    assert [companion for _, companion, _ in out] == list(range(len(threads)))
    for thread, _, extraction in out:
        posts = {p.external_id for p in thread.posts}
        assert {u.post for u in extraction.units} <= posts
        assert extraction.units


@pytest.mark.slow
def test_workers_are_gone_before_the_last_thread_is_handed_over() -> None:
    extractor = Extractor.load()
    threads = [read_thread(str(p)) for p in sorted((CORPORA / "examples").glob("*.json*"))]
    alive = []
    for _thread, _, _extraction in extract_stream(extractor, [(t, None) for t in threads], n_process=2,
                                                  batch_size=4):
        alive.append(len(multiprocessing.active_children()))
    assert len(alive) == len(threads)
    assert alive[-1] == 0  # the caller stores the last (maybe huge) thread without the workers' memory


@pytest.mark.slow
def test_workers_leave_the_pipeline_out_of_garbage_collection_only_while_they_run() -> None:
    import gc

    extractor = Extractor.load()
    threads = [read_thread(str(p)) for p in sorted((CORPORA / "examples").glob("*.json*"))]
    assert gc.get_freeze_count() == 0
    frozen = [gc.get_freeze_count() for _ in extract_stream(extractor, [(t, None) for t in threads], n_process=2,
                                                             batch_size=4)]
    assert frozen[0] > 0  # the loaded pipeline, among what existed when the workers were forked
    assert gc.get_freeze_count() == 0  # handed back to the collector when the stream ends


@pytest.mark.slow
@pytest.mark.parametrize("n_process", [1, 2])
def test_workers_a_thread_with_no_post_gets_an_empty_extraction(n_process: int) -> None:
    extractor = Extractor.load()
    sample = read_thread(str(CORPORA / "hn-open-models.txt"))
    empty = Thread(key="empty", format="jsonl", source="empty.jsonl", posts=[])
    out = list(extract_stream(extractor, [(empty, 0), (sample, 1), (empty, 2)], n_process=n_process,
                              batch_size=4))
    assert [(companion, len(x.units)) for _, companion, x in out][::2] == [(0, 0), (2, 0)]
    assert out[1][2].units
    assert extractor.extract(empty).units == []  # was an AssertionError


def test_workers_never_more_processes_than_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--workers 1000`` forked a thousand processes (37 s to start, for a thread of two posts; each a copy of the
    pipeline as it touches it), and a process a container or ``taskset`` keeps to one CPU took two by itself."""
    import os

    from argmap.config import usable_cpus

    assert Settings(workers=1000).processes_for(2) == usable_cpus() <= (os.cpu_count() or 1)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0}, raising=False)
    assert (Settings(workers=8).processes_for(10), Settings().processes_for(10_000)) == (1, 1)
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1, 2, 3}, raising=False)
    assert (Settings(workers=3).processes_for(10), Settings().processes_for(10_000)) == (3, 2)


@pytest.mark.slow
def test_workers_capped_are_noted(tmp_path: Path) -> None:
    from argmap.config import usable_cpus

    report = ingest(str(CORPORA / "examples" / "remote-work.txt"), settings=Settings(db=str(tmp_path / "x.db"),
                                                                                     workers=1000))
    assert report.ok and report.notes.get("workers-capped") == 1
    assert f"--workers 1000: more processes than the {usable_cpus()} CPU(s)" in " ".join(report.messages)
