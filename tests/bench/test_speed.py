"""Speed section: raw pipe, raw compute and argmap's ingest on the same posts, with consistent counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from argmap import api
from argmap.bench.speed import Rate, count_words, measure_speed, post_texts, raw_compute, raw_pipe
from argmap.config import Settings
from argmap.sources import registry
from tests.conftest import CORPORA

TEXTS = ["Remote work makes teams more productive.", "That is not true, because meetings take longer online.",
         "I agree; my team ships faster at home.", ""] * 5


def test_speed_counts_words_as_whitespace_tokens() -> None:
    assert count_words(["a b  c\nd", "", "  e "]) == 5
    thread = registry.read_path(CORPORA / "hn-open-models.txt")
    assert post_texts([thread]) == [p.text for p in thread.posts]


def test_speed_rate_is_per_second() -> None:
    rate = Rate(2.0, 10, 100)
    assert (rate.words_per_s, rate.posts_per_s) == (50.0, 5.0)
    assert Rate(0.0, 1, 1).words_per_s == 0.0


@pytest.mark.parametrize("n_process", [1, 2])
def test_speed_raw_pipe_and_compute_see_every_post(nlp_blank: Any, n_process: int) -> None:
    for measure in (raw_pipe, raw_compute):
        rate = measure(nlp_blank, TEXTS, n_process=n_process, batch_size=3)
        assert (rate.posts, rate.words) == (len(TEXTS), count_words(TEXTS))
        assert rate.seconds >= 0


def test_speed_ratio_is_argmap_rate_over_raw_rate(nlp_blank: Any) -> None:
    calls: list[int] = []

    def run_argmap() -> int:
        calls.append(1)
        return len(TEXTS)

    speed = measure_speed(nlp_blank, TEXTS, run_argmap, runs=2, excluded=("ner",))
    assert len(calls) == 2 and speed.runs == 2
    assert speed.argmap.posts == speed.raw_pipe.posts == speed.raw_compute.posts == len(TEXTS)
    assert speed.argmap.words == speed.raw_pipe.words == count_words(TEXTS)
    assert speed.excluded == ["ner"] and speed.processes == 1
    if speed.raw_pipe.words_per_s:
        assert speed.ratio == round(speed.argmap.words_per_s / speed.raw_pipe.words_per_s, 3)


@pytest.mark.slow
def test_speed_and_write_sections_on_the_sample_thread(tmp_path: Path) -> None:
    report = api.benchmark([str(CORPORA / "hn-open-models.txt")], settings=Settings(db=str(tmp_path / "x.db")),
                           sections=["speed", "write"], runs=1)
    assert report.sections == ["speed", "write"] and report.query is None and report.memory is None
    speed = report.speed
    assert speed is not None and "ner" not in speed.components and speed.excluded == ["ner"]
    assert speed.argmap.posts == speed.raw_pipe.posts == 19
    assert speed.ratio == round(speed.argmap.words_per_s / speed.raw_pipe.words_per_s, 3)
    assert speed.ratio > 0 and speed.ratio_to_compute > 0
    [write] = report.write
    assert write.backend == "sqlite" and write.threads == 1 and write.rows > 19 and write.rows_per_s > 0
    assert not (tmp_path / "x.db").exists()  # the benchmark writes only into temporary databases
    data = api.report_dict(report)
    assert data["speed"]["ratio"] == speed.ratio and data["write"][0]["rows_per_s"] == write.rows_per_s


def _thread_file(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "lanes.jsonl"
    path.write_text('{"id": "1", "parent": null, "author": "ana", "text": "Bike lanes make streets safer."}\n'
                    '{"id": "2", "parent": "1", "author": "ben", "text": "They cost parking that shops need."}\n',
                    encoding="utf-8")
    return path


def test_speed_reads_a_file_given_twice_once(tmp_path: Path) -> None:
    """A file named twice (or named and inside a folder named too) went through the raw pipeline twice while
    ingest read it once, so argmap was credited with twice the words it processed (its ratio doubled)."""
    from argmap.api.benchmark import _read

    path = _thread_file(tmp_path / "threads")
    for inputs in ([str(path), str(path)], [str(path), str(tmp_path / "threads")],
                   [str(path), f"{tmp_path}/threads/../threads/lanes.jsonl"]):
        threads = _read(inputs)
        assert len(threads) == 1 and len(post_texts(threads)) == 2, inputs


def test_speed_refuses_an_ingest_of_other_posts_than_the_raw_side(nlp_blank: Any, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """argmap's rate is the raw side's word count over ingest's time: an ingest that stored fewer posts than the
    raw pipeline ran (a thread it read otherwise) gave argmap words it never saw, without a word."""
    import importlib
    from types import SimpleNamespace

    from argmap.errors import ArgmapError

    bench = importlib.import_module("argmap.api.benchmark")  # the package's ``benchmark`` is the function

    path = _thread_file(tmp_path)
    threads = bench._read([str(path)])
    key = threads[0].key
    half = SimpleNamespace(failures=[], threads=[SimpleNamespace(posts=1, key=key)])
    monkeypatch.setattr(bench, "ingest", lambda *args, **kwargs: half)
    extractor = SimpleNamespace(nlp=nlp_blank)
    with pytest.raises(ArgmapError, match="stored 1 posts where the raw pipeline ran 2"):
        bench._speed(extractor, threads, [str(path)], Settings(), 1, 1, lambda section, detail: None)  # type: ignore[arg-type]
    # a curated map beside it (AIF, Kialo) is stored as given, extracted on neither side: not counted
    whole = SimpleNamespace(failures=[], threads=[SimpleNamespace(posts=2, key=key),
                                                  SimpleNamespace(posts=3, key="aif:debate")])
    monkeypatch.setattr(bench, "ingest", lambda *args, **kwargs: whole)
    speed = bench._speed(extractor, threads, [str(path)], Settings(), 1, 1, lambda section, detail: None)  # type: ignore[arg-type]
    assert speed.argmap.posts == speed.raw_pipe.posts == 2


def test_speed_warms_the_pipeline_before_timing_any_side(nlp_blank: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The raw pipe, timed first, paid the fresh pipeline's first-call costs alone: with one process, argmap's
    ingest then ran on a warm pipeline and its ratio came out higher than it was. One batch now goes through the
    whole pipeline, untimed, before anything is timed, and the report says how many posts."""
    import argmap.bench.speed as speed_module

    events: list[str] = []
    pipe = nlp_blank.pipe

    def counted_pipe(texts: Any, **kwargs: Any) -> Any:
        texts = list(texts)
        events.append(f"pipe {len(texts)}")
        return pipe(texts, **kwargs)

    monkeypatch.setattr(nlp_blank, "pipe", counted_pipe)
    for name in ("raw_pipe", "raw_compute"):
        def timed(*args: Any, _name: str = name, **kwargs: Any) -> Rate:
            events.append(_name)
            return Rate(1.0, len(TEXTS), count_words(TEXTS))
        monkeypatch.setattr(speed_module, name, timed)

    speed = measure_speed(nlp_blank, TEXTS, lambda: events.append("argmap") or len(TEXTS), batch_size=8, runs=2)
    assert events == ["pipe 8", "raw_pipe", "raw_compute", "argmap", "raw_pipe", "raw_compute", "argmap"]
    assert speed.warm_up_posts == 8


def test_speed_tells_each_measurement_as_it_starts(nlp_blank: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Progress said only 'argmap ingest, run 1 of 2', which then stood on the screen through the second run's
    raw pipe and raw pipeline (most of a minute on the shared threads), as if argmap were still running."""
    import argmap.bench.speed as speed_module

    events: list[str] = []
    for name in ("raw_pipe", "raw_compute"):
        def timed(*args: Any, _name: str = name, **kwargs: Any) -> Rate:
            events.append(_name)
            return Rate(1.0, len(TEXTS), count_words(TEXTS))
        monkeypatch.setattr(speed_module, name, timed)

    def run_argmap() -> int:
        events.append("argmap")
        return len(TEXTS)

    measure_speed(nlp_blank, TEXTS, run_argmap, runs=2, on_step=events.append)
    assert events == ["run 1 of 2: raw nlp.pipe", "raw_pipe", "run 1 of 2: raw pipeline only", "raw_compute",
                      "run 1 of 2: argmap ingest", "argmap", "run 2 of 2: raw nlp.pipe", "raw_pipe",
                      "run 2 of 2: raw pipeline only", "raw_compute", "run 2 of 2: argmap ingest", "argmap"]


def test_speed_keeps_every_run_so_the_spread_shows(nlp_blank: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the best run of each side was reported, so whether the ratio was stable from run to run (on a machine
    others load) could not be seen; every run's time is kept, with each run's ratio."""
    import argmap.bench.speed as speed_module
    from argmap.bench.speed import Speed

    times = iter([2.0, 1.5, 4.0, 1.0])
    monkeypatch.setattr(speed_module, "raw_pipe", lambda *a, **k: Rate(next(times), len(TEXTS), count_words(TEXTS)))
    monkeypatch.setattr(speed_module, "raw_compute", lambda *a, **k: Rate(next(times), len(TEXTS),
                                                                          count_words(TEXTS)))
    speed = measure_speed(nlp_blank, TEXTS, lambda: len(TEXTS), runs=2)
    assert speed.run_seconds["raw_pipe"] == [2.0, 4.0] and speed.run_seconds["raw_compute"] == [1.5, 1.0]
    assert len(speed.run_seconds["argmap"]) == 2 and speed.raw_pipe.seconds == 2.0
    rate = Rate(1.0, 1, 1)
    made = Speed([], [], 1, 64, 2, rate, rate, rate, run_seconds={"raw_pipe": [2.0, 3.0], "argmap": [2.5, 3.0]})
    assert made.run_ratios == [0.8, 1.0]
    assert api.report_dict(made)["run_ratios"] == [0.8, 1.0]


def test_speed_says_which_components_only_argmap_runs(nlp_blank: Any) -> None:
    """The report listed the spaCy components both sides run but not argmap's own, which its ingest runs and the
    raw rates do not: what argmap does beyond the raw side was not in the report."""
    nlp_blank.add_pipe("sentencizer")
    nlp_blank.add_pipe("sentencizer", name="argmap_units")  # stands in for argmap's component
    speed = measure_speed(nlp_blank, TEXTS, lambda: len(TEXTS))
    assert speed.components == ["sentencizer"] and speed.argmap_components == ["argmap_units"]
    assert api.report_dict(speed)["argmap_components"] == ["argmap_units"]
