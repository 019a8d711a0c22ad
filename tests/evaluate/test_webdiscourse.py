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


def test_webdiscourse_a_component_without_offsets_names_the_file(tmp_path: Path) -> None:
    """begin="abc" ended in "ValueError: invalid literal for int() ... a bug in argmap"."""
    from argmap.evaluate.webdiscourse import read_webdiscourse

    path = tmp_path / "3.xmi"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?><xmi:XMI xmlns:xmi="http://www.omg.org/XMI" '
                    'xmlns:cas="http:///uima/cas.ecore" xmlns:t="http:///x"><cas:Sofa xmi:id="1" sofaString="Cars '
                    'should be banned because they pollute."/><t:Claim xmi:id="5" begin="abc" end="10"/></xmi:XMI>',
                    encoding="utf-8")
    with pytest.raises(CorpusError, match=r"3.xmi: component '5' has begin='abc' and end='10', which are no"):
        read_webdiscourse(path)
