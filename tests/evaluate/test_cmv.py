"""The CMV loader: lenient parsing on a hand-written file, counts on the real development split."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.evaluate import CorpusError, gold_notes, load_cmv, read_cmv, summary

# Written for this test: every malformation the real corpus shows, in miniature.
MESSY = """<?xml version="1.0"?>
<thread ID="abc">
<title><claim type="interpretation">CMV: Tea beats coffee.</claim></title>
<source>http://example.org/abc</source>
<OP author="op_user">
<claim type="x" id="0" rel="agreement" ref="title">Tea is gentler on the stomach &amp; cheaper.</claim>
<premise type="x" id="1" rel="support" ref="0">A cup costs a few cents</premise>, R&D aside.
</OP>
<reply id="r1" author="other">
&gt; A cup costs a few cents

<claim type="x" id="2" rel="rebuttal" ref="1">Good beans are not expensive either.</claim>
<!--> <premise type="x" id="9">an old annotation</premise> </!-->
<premise type="x" id="3" rel="support" ref="2_0">I buy mine for little money.</premise>
<premise type="x" id="4" rel="understand" ref="2">Odd label here.</premise>
<reply id="r2" author="op_user">
<claim type="x" id="5" rel="partial_agreement" ref="title_3">Fair point on price.</claim>
<premise type="x" id="6" rel="support" ref="5">?</premise>
</reply>
</thread>
<!--> a note & more after the thread </!-->
"""


def test_cmv_reads_malformed_file_leniently(tmp_path: Path) -> None:
    path = tmp_path / "positive" / "7.xml"
    path.parent.mkdir()
    path.write_text(MESSY, encoding="utf-8")
    gold = read_cmv(path)
    thread = gold.thread
    assert gold.name == "positive/7"
    assert thread.title == "CMV: Tea beats coffee."
    assert thread.url == "http://example.org/abc"
    assert [(p.external_id, p.parent) for p in thread.posts] == [("abc", None), ("r1", "abc"), ("r2", "r1")]
    assert thread.posts[0].title == thread.title
    op, r1, _ = thread.posts
    assert op.text == "Tea is gentler on the stomach & cheaper.\nA cup costs a few cents, R&D aside."
    assert r1.text.startswith("Good beans")
    assert "old annotation" not in r1.text
    [quote] = r1.quotes
    assert (quote.text, quote.source_post, quote.offset) == ("A cup costs a few cents", "abc", 0)
    assert op.text[quote.source_start:quote.source_end] == "A cup costs a few cents"
    texts = {post.external_id: post.text for post in thread.posts}
    for unit in gold.units:
        assert texts[unit.post][unit.start:unit.end] == unit.text
    assert [u.id for u in gold.units] == ["0", "1", "2", "3", "4", "5"]
    assert [(r.source, r.target, r.kind) for r in gold.relations] == [
        ("1", "0", "support"), ("2", "1", "attack"), ("3", "2", "support"), ("3", "0", "support"),
        ("5", "3", "support")]
    reasons = sorted(note.reason for note in thread.notes)
    assert reasons == ["title-relation", "title-relation", "unclosed-post", "unknown-relation", "wordless-component"]


def test_cmv_missing_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"no \.xml file"):
        load_cmv(tmp_path)


def test_cmv_dev_counts(shared: Path) -> None:
    corpus = load_cmv(shared / "annotated" / "cmv-dev")
    assert len(corpus) == 69
    assert sum(g.name.startswith("positive/") for g in corpus) == 29
    assert summary(corpus) == {
        "threads": 69, "posts": 271, "units": 2333, "claims": 1038, "premises": 1295, "relations": 1714,
        "cross_post": 494, "attacks": 387, "quotes": 107,
        "note:quoted-component": 5, "note:title-relation": 401, "note:unscored-ref": 5,
        "note:unclosed-post": 1, "note:unknown-relation": 1, "note:wordless-component": 1,
    }


def test_cmv_dev_offsets_and_quotes_consistent(shared: Path) -> None:
    for gold in load_cmv(shared / "annotated" / "cmv-dev"):
        texts = {post.external_id: post.text for post in gold.thread.posts}
        for unit in gold.units:
            assert texts[unit.post][unit.start:unit.end] == unit.text
            assert unit.text == unit.text.strip()
        for post in gold.thread.posts:
            assert not any(line.lstrip().startswith(">") for line in post.text.split("\n")), post.external_id
            for quote in post.quotes:
                assert quote.source_post == post.parent
                assert 0 <= quote.offset <= len(post.text)


@pytest.mark.parametrize("markup", ["", '<thread ID="x"><title>t</title></thread>', "<!-- only a comment -->"])
def test_cmv_file_without_posts_is_refused_naming_it(tmp_path: Path, markup: str) -> None:
    path = tmp_path / "empty.xml"
    path.write_text(markup, encoding="utf-8")
    with pytest.raises(CorpusError, match=r"empty\.xml: holds no post.*\n  fix: .*remove it"):
        read_cmv(path)


@pytest.mark.timeout(20)
def test_cmv_a_tag_of_a_million_name_characters_reads_in_linear_time(tmp_path: Path) -> None:
    # The attribute pattern was tried from every letter of the run: 4,000 underscores took 0.26 s, 1 MB hours.
    path = tmp_path / "8.xml"
    path.write_text('<thread id="t8" ' + "_" * 1_000_000 + '><title>CMV: A.</title>'
                    '<op id="t8">Tea is better than coffee for most people.</op></thread>', encoding="utf-8")
    gold = read_cmv(path)
    assert gold.thread.posts[0].external_id == "t8"


def test_cmv_ref_to_the_component_itself_is_a_self_relation_warning(tmp_path: Path) -> None:
    path = tmp_path / "3.xml"
    path.write_text('<thread ID="t3"><title>CMV: Trams beat buses.</title><OP author="ann">'
                    '<claim id="1">Trams beat buses.</claim> <premise id="2" rel="support" ref="2">They carry more '
                    'people.</premise></OP></thread>', encoding="utf-8")
    gold = read_cmv(path)
    assert gold.relations == []
    [note] = [note for note in gold_notes([gold]) if note.warning]
    assert note.reason == "self-relation" and "'2' -> '2' names itself" in note.detail
