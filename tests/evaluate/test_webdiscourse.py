"""The web-discourse loader on the real corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.evaluate import CorpusError, load_webdiscourse, summary


def test_webdiscourse_counts(shared: Path) -> None:
    corpus = load_webdiscourse(shared / "annotated" / "webdiscourse")
    assert summary(corpus) == {
        "threads": 340, "posts": 340, "units": 1051, "claims": 195, "premises": 856, "relations": 459,
        "cross_post": 0, "attacks": 42, "quotes": 0,
        "note:implicit-claim": 170, "note:implicit-claim-relation": 410,
    }
    for gold in corpus:
        [post] = gold.thread.posts
        assert post.parent is None
        for unit in gold.units:
            assert post.text[unit.start:unit.end] == unit.text


def test_webdiscourse_missing_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"no \.xmi file"):
        load_webdiscourse(tmp_path)
