"""The Change My View corpus reader: a thread file's chain of posts, with quotes, keyed by thread and chain."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.errors import InputError, UnknownFormat
from argmap.evaluate.cmv import read_cmv
from argmap.sources import cmv
from argmap.sources.registry import iter_inputs, read_path, sniff_format

#: A thread file of our own in the corpus's shape: inline components, a reply quoting its parent, annotator notes.
CHAIN = """<?xml version="1.0"?>
<thread ID="x1abc">
<title><claim type="interpretation">CMV: Night buses should be free.</claim></title>
<source>https://www.reddit.com/r/changemyview/comments/x1abc/</source>
<OP author="ana">
<claim id="1" type="interpretation" rel="support" ref="title">Night buses should be free to ride.</claim>
<premise id="2" type="logos" rel="support" ref="1">People who work late shifts have no other way home.</premise>
</OP>
<reply id="c01" author="ben">
&gt; People who work late shifts have no other way home.

<claim id="3" type="rebuttal" rel="rebuttal" ref="2">Most of them could share a taxi & split the fare.</claim>
<!--> annotator: check this span </!-->
</reply>
<reply id="c02" author="ana">
<claim id="4" type="interpretation" rel="rebuttal" ref="3">Taxis cost ten times as much at night.</claim>
</reply>
</thread>
"""


def test_cmv_sniffs_the_thread_element_before_plain_text() -> None:
    assert cmv.sniff(CHAIN) and sniff_format(CHAIN, "7.xml") == "cmv"
    assert sniff_format("\ufeff" + CHAIN.replace("\n", "\r\n"), "7.xml") == "cmv"
    assert not cmv.sniff("<thread>words but no post</thread>")
    assert not cmv.sniff("I wrote <thread> in a comment.\n<reply> too")


def test_cmv_reads_the_chain_as_the_evaluation_does(tmp_path: Path) -> None:
    path = tmp_path / "7.xml"
    path.write_text(CHAIN, encoding="utf-8")
    thread = read_path(path)
    gold = read_cmv(path)
    assert thread.format == "cmv" and thread.title == "CMV: Night buses should be free."
    assert [(p.external_id, p.parent, p.author, p.text) for p in thread.posts] == \
        [(p.external_id, p.parent, p.author, p.text) for p in gold.thread.posts]
    op, answer, back = thread.posts
    assert op.text == "Night buses should be free to ride.\nPeople who work late shifts have no other way home."
    assert answer.text == "Most of them could share a taxi & split the fare."  # the annotator's note is gone
    assert answer.quotes[0].source_post == op.external_id and answer.quotes[0].source_start is not None
    assert back.parent == "c01" and thread.url == "https://www.reddit.com/r/changemyview/comments/x1abc/"
    # The annotation is not imported (argmap extracts its own), nor are notes about it ("title-relation").
    assert thread.extraction is None and thread.notes == []


def test_cmv_key_is_the_thread_and_its_chain(tmp_path: Path) -> None:
    # the corpus keeps several chains of one Reddit thread, each in its own file with the thread's ID: each is a
    # thread of its own, and the same file read from anywhere finds its thread again
    one, other = tmp_path / "a" / "7.xml", tmp_path / "b" / "8.xml"
    one.parent.mkdir()
    other.parent.mkdir()
    one.write_text(CHAIN, encoding="utf-8")
    other.write_text(CHAIN.replace('<reply id="c02"', '<reply id="c09"'), encoding="utf-8")
    copy = tmp_path / "copy.xml"
    copy.write_text(CHAIN, encoding="utf-8")
    assert read_path(one).key == read_path(copy).key == "cmv:x1abc/c02"
    assert read_path(other).key == "cmv:x1abc/c09"
    lone = CHAIN.split("<reply", 1)[0] + "</thread>"
    assert cmv.read(lone, source="op.xml").key == "cmv:x1abc"


def test_cmv_file_without_posts_names_the_fix() -> None:
    with pytest.raises(InputError) as caught:
        cmv.read('<thread ID="x"><title>CMV: nothing</title><OP></thread>'.replace("<OP>", ""), source="e.xml")
    assert "e.xml" in str(caught.value) and "<OP>" in str(caught.value)


def test_other_xml_is_refused_not_read_as_text(tmp_path: Path) -> None:
    # before, an XML file argmap has no reader for became a "pasted thread" of tags
    path = tmp_path / "feed.xml"
    path.write_text('<?xml version="1.0"?>\n<rss><item>Buses are late.</item></rss>\n', encoding="utf-8")
    with pytest.raises(UnknownFormat) as caught:
        read_path(path)
    assert "feed.xml" in str(caught.value) and "--format" in str(caught.value)
    assert read_path(path, format="text").posts  # forced, it is read as asked


def test_folder_reads_cmv_xml_and_passes_over_brat_copies(tmp_path: Path) -> None:
    # the corpus ships each thread as XML and as brat (.txt with its .ann): read from a folder, the brat text would
    # be the same thread a second time, as a paste
    (tmp_path / "7.xml").write_text(CHAIN, encoding="utf-8")
    (tmp_path / "7.txt").write_text("Night buses should be free to ride.\n", encoding="utf-8")
    (tmp_path / "7.ann").write_text("T1\tClaim 0 35\tNight buses should be free to ride.\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("A thread of its own.\n", encoding="utf-8")
    skipped: list[Path] = []
    assert [Path(name).name for name, _ in iter_inputs([str(tmp_path)], skipped)] == ["7.xml", "notes.txt"]
    assert sorted(p.name for p in skipped) == ["7.ann", "7.txt"]


@pytest.mark.slow
def test_cmv_corpus_files_ingest_as_their_chains(shared: Path, tmp_path: Path) -> None:
    from argmap import api
    from argmap.config import Settings

    folder = shared / "annotated" / "cmv-dev" / "negative"
    files = sorted(folder.glob("*.xml"))[:3]
    settings = Settings.load(db=str(tmp_path / "cmv.db"))
    report = api.ingest([str(f) for f in files], settings=settings)
    assert not report.failures and len(report.threads) == len(files)
    for info, path in zip(report.threads, files, strict=True):
        gold = read_cmv(path)
        assert info.format == "cmv" and info.posts == len(gold.thread.posts) and info.units > 0
    again = api.ingest([str(f) for f in files], settings=settings)
    assert {t.changes.status for t in again.threads} == {"unchanged"}
    assert len(api.threads(settings=settings)) == len(files)
