"""The brat reader: an annotated document ingested as the map its annotation draws (no extraction)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap import api
from argmap.config import Settings
from argmap.errors import InputError
from argmap.evaluate import read_brat
from argmap.sources import brat
from argmap.sources.registry import IMPORT_FORMATS, sniff_format
from tests.evaluate.test_brat import ESSAY, _essay_lines, _write


def test_brat_sniffs_an_ann_file_and_not_text_that_merely_opens_alike(tmp_path: Path) -> None:
    ann = _write(tmp_path / "essays", "essay01", ESSAY, _essay_lines())
    head = ann.read_text(encoding="utf-8")
    assert brat.sniff(head) and sniff_format(head, str(ann)) == "brat"
    assert sniff_format("T1 is the tank we want.\nR1 is the road it takes.\n", "t.txt") == "text"
    assert sniff_format("R1\tsupports Arg1:T2 Arg2:T1\n", "t.txt") == "text"  # no component: nothing to map
    assert "brat" in IMPORT_FORMATS


def test_brat_ingest_stores_the_annotation_not_its_lines_as_posts(tmp_path: Path, db_path: Path) -> None:
    """``argmap ingest essay01.ann`` read the annotation's lines as the posts of a plain-text thread."""
    ann = _write(tmp_path / "essays", "essay01", ESSAY, _essay_lines())
    settings = Settings(db=str(db_path))
    report = api.ingest(ann, settings=settings)  # sniffed; a curated map, so no pipeline is needed
    assert report.ok, report.failures
    [info] = report.threads
    assert (info.format, info.key, info.title) == ("brat", "brat:essays/essay01", "essay01")
    data = api.export(settings=settings, format="json")
    assert isinstance(data, dict)
    [post] = data["posts"]
    assert post["text"] == read_brat(ann).thread.posts[0].text and not post["text"].startswith("T1\t")
    gold = read_brat(ann)
    units = {(u["start"], u["end"]): u for u in data["units"]}
    assert sorted(units) == sorted((u.start, u.end) for u in gold.units)  # every component, where eval sees it
    for unit in gold.units:
        stored = units[(unit.start, unit.end)]
        assert (stored["kind"], stored["text"], stored["model"], stored["confidence"]) == (
            unit.kind, unit.text, "import.brat", 1.0)
        assert stored["reason"] == f"imported from brat ({unit.id})"
    by_span = {u["id"]: (u["start"], u["end"]) for u in data["units"]}
    spans = {unit.id: (unit.start, unit.end) for unit in gold.units}
    assert sorted((by_span[r["source"]], by_span[r["target"]], r["kind"]) for r in data["relations"]) == sorted(
        (spans[r.source], spans[r.target], r.kind) for r in gold.relations)
    assert any("dangling-ref" in message or "T99" in message for message in report.messages)  # its notes too


def test_brat_needs_the_text_beside_it(tmp_path: Path) -> None:
    ann = _write(tmp_path / "essays", "essay02", ESSAY, _essay_lines())
    ann.with_suffix(".txt").unlink()
    with pytest.raises(InputError, match=r"essay02\.ann: has no essay02\.txt beside it") as caught:
        brat.read(ann.read_text(encoding="utf-8"), source=str(ann))
    assert caught.value.fix is not None and "essay02.txt" in caught.value.fix
    with pytest.raises(InputError, match="standard input") as stdin:
        brat.read(ann.read_text(encoding="utf-8"), source="<stdin>")
    assert stdin.value.fix is not None and "argmap ingest essay01.ann" in stdin.value.fix


def test_brat_to_aif_keeps_the_gold_argmap_eval_scores_against(tmp_path: Path, db_path: Path) -> None:
    """brat -> argmap -> AIF: the AIF map, as gold, has the components and relations the brat file has."""
    ann = _write(tmp_path / "essays", "essay01", ESSAY, _essay_lines())
    settings = Settings(db=str(db_path))
    assert api.ingest(ann, settings=settings).ok
    aif = tmp_path / "essay01.json"
    aif.write_text(str(api.export(settings=settings, format="aif")), encoding="utf-8")
    [from_aif], from_brat = api.load_maps(aif), read_brat(ann)
    assert [(u.start, u.end, u.kind, u.text) for u in from_aif.units] == [
        (u.start, u.end, u.kind, u.text) for u in from_brat.units]
    span_aif = {u.id: (u.start, u.end) for u in from_aif.units}
    span_brat = {u.id: (u.start, u.end) for u in from_brat.units}
    assert sorted((span_aif[r.source], span_aif[r.target], r.kind) for r in from_aif.relations) == sorted(
        (span_brat[r.source], span_brat[r.target], r.kind) for r in from_brat.relations)


def test_brat_folder_reads_each_annotation_once(tmp_path: Path, db_path: Path) -> None:
    """A folder of brat files ingests its documents (it held "no thread file"); where an XML copy of a document
    lies beside its brat files, as in the CMV corpus, the XML is read and the brat files passed over."""
    from argmap.sources.registry import iter_inputs

    folder = tmp_path / "essays"
    first = _write(folder, "essay01", ESSAY, _essay_lines())
    second = _write(folder, "essay02", ESSAY, _essay_lines())
    twin = _write(folder, "essay03", ESSAY, _essay_lines())
    twin.with_suffix(".xml").write_text("<thread/>", encoding="utf-8")
    skipped: list[Path] = []
    read = [path for _, path in iter_inputs([str(folder)], skipped)]
    assert read == [first, second, twin.with_suffix(".xml")]
    assert sorted(p.name for p in skipped) == ["essay01.txt", "essay02.txt", "essay03.ann", "essay03.txt"]
    for suffix in (".xml", ".ann", ".txt"):
        twin.with_suffix(suffix).unlink()
    report = api.ingest(str(folder), settings=Settings(db=str(db_path)))
    assert report.ok and sorted(t.key for t in report.threads) == ["brat:essays/essay01", "brat:essays/essay02"]


@pytest.mark.parametrize("blank", [b"", b"\n", b"\xef\xbb\xbf\r\n"])
def test_brat_an_ann_without_annotations_is_a_document_with_no_units(tmp_path: Path, db_path: Path,
                                                                      blank: bytes) -> None:
    """An empty ``.ann`` is valid brat (a document nobody has annotated yet; argmap's export of a thread stored with
    --no-extract): ingest refused it as an empty file, while argmap eval read it. Its posts are the .txt's."""
    ann = _write(tmp_path / "essays", "essay01", ESSAY, _essay_lines())
    ann.write_bytes(blank)
    settings = Settings(db=str(db_path))
    for given in (ann, tmp_path / "essays"):  # the file named, and the folder it is in
        report = api.ingest(given, settings=settings)
        assert report.ok, report.failures
        [info] = report.threads
        assert (info.format, info.posts, info.units, info.relations) == ("brat", 1, 0, 0)
    [post] = api.graph_data(settings=settings).posts
    assert post.text == read_brat(ann).thread.posts[0].text != ""
    ann.with_suffix(".txt").unlink()  # without its text it is still brat, and the message says what is missing
    with pytest.raises(InputError, match=r"essay01\.ann: has no essay01\.txt beside it"):
        api.read_thread(ann)


def test_brat_span_that_cites_a_link_has_it_as_evidence(tmp_path: Path) -> None:
    """Only Kialo maps had their cited sources read: a brat span naming a link stored no evidence."""
    text = "Towns need libraries. Lending saves money, see https://lib.example/costs for the figures.\n"
    claim, premise = "Towns need libraries", "Lending saves money, see https://lib.example/costs for the figures"
    lines = [f"T1\tClaim {text.index(claim)} {text.index(claim) + len(claim)}\t{claim}",
             f"T2\tPremise {text.index(premise)} {text.index(premise) + len(premise)}\t{premise}",
             "R1\tsupports Arg1:T2 Arg2:T1"]
    ann = tmp_path / "towns.ann"
    ann.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ann.with_suffix(".txt").write_text(text, encoding="utf-8")
    thread = api.read_thread(ann)
    assert thread.extraction is not None
    cited = {u.text: [(e.kind, e.source_key, e.text) for e in u.evidence] for u in thread.extraction.units}
    # the link is evidence; "saves money" is no figure the analyst marked, and none is read into the map
    assert cited == {claim: [], premise: [("link", "url:lib.example/costs", "https://lib.example/costs")]}


def test_brat_file_with_a_line_brat_cannot_read_is_refused_naming_it(tmp_path: Path) -> None:
    """Unrecognised as brat for one bad line, an ``.ann`` file was stored as a pasted thread of its annotation
    lines (exit 0); without ``--format brat`` its name now says what it is, and the brat reader names the line."""
    from argmap.sources.registry import read_path

    ann = _write(tmp_path / "essays", "essay03", ESSAY, ["T9 Premise 0 5 spaces, not tabs", *_essay_lines()])
    with pytest.raises(InputError, match=r"essay03\.ann:1: is no component line argmap can read") as caught:
        read_path(ann)
    assert caught.value.fix is not None and "tabs between the parts" in caught.value.fix


def test_brat_two_components_on_one_span_are_one_unit(tmp_path: Path, db_path: Path) -> None:
    """'T1 Claim 0 21' and 'T2 Premise 0 21' failed the ingest on the database's unique unit ids ("check the --db
    path"), and left an empty database behind."""
    text = "Buses should be free. They cut traffic in town."
    (tmp_path / "d.txt").write_text(text, encoding="utf-8")
    ann = tmp_path / "d.ann"
    ann.write_text("T1\tClaim 0 21\tBuses should be free.\nT2\tPremise 0 21\tBuses should be free.\n"
                   "T3\tPremise 22 47\tThey cut traffic in town.\nR1\tsupports Arg1:T3 Arg2:T1\n"
                   "R2\tsupports Arg1:T3 Arg2:T2\n", encoding="utf-8")
    thread = brat.read("", source=str(ann))
    assert thread.extraction is not None
    assert [(u.kind, u.start, u.end) for u in thread.extraction.units] == [("claim", 0, 21), ("premise", 22, 47)]
    assert [(r.source, r.target, r.kind) for r in thread.extraction.relations] == [(1, 0, "support")]
    assert [n.reason for n in thread.notes] == ["duplicate-span"]
    report = api.ingest(ann, settings=Settings(db=str(db_path)))
    assert report.ok and report.threads[0].units == 2 and report.threads[0].relations == 1


def test_brat_export_read_back_finds_a_quote_of_the_grandparent_there(tmp_path: Path, db_path: Path) -> None:
    """A brat export of a threaded map read back pointed a grandparent's quoted words at the parent, with no span,
    and a quote of an outside text at the parent too; both without a note."""
    lines = [
        {"id": 1, "parent": None, "author": "ann", "thread": "gq", "title": "Grandparent quote",
         "text": "Cities should fund buses because buses cut traffic."},
        {"id": 2, "parent": 1, "author": "bob", "text": "Buses are expensive to run at night."},
        {"id": 3, "parent": 2, "author": "cy",
         "text": "> buses cut traffic\nThat is false: traffic stayed the same in my town."},
        {"id": 4, "parent": 2, "author": "dee", "text": "> the moon is made of cheese\nSo they say, and it is not."},
    ]
    source = tmp_path / "g.jsonl"
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    settings = Settings(db=str(db_path))
    assert api.ingest(source, settings=settings, extract=False).ok
    before = api.export(settings=settings, format="json")["quotes"]
    files = api.export_brat(tmp_path / "out", settings=settings)
    [ann] = [path for path in files if path.suffix == ".ann"]

    thread = brat.read("", source=str(ann))

    places = {post.external_id: [(q.source_post, q.source_start, q.source_end) for q in post.quotes]
              for post in thread.posts if post.quotes}
    assert places == {"3": [("1", 33, 50)], "4": [(None, None, None)]}
    assert len(before) == 2 and {(q["source_start"], q["source_end"]) for q in before} == {(33, 50), (None, None)}
    assert [(note.reason, note.post) for note in thread.notes] == [("unmatched-quote", "4")]
