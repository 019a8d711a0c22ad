"""brat export: the stored maps as standoff files that argmap eval reads back as the same map."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap import api
from argmap.config import Settings
from argmap.errors import ArgmapError
from argmap.evaluate import CorpusError, load_brat, read_brat
from argmap.render.brat import document_names
from tests.cli.conftest import Cli
from tests.conftest import CORPORA
from tests.evaluate.test_curated import aif_map
from tests.render.conftest import KIALO


@pytest.fixture
def cli(db_path: Path) -> Cli:
    return Cli(db_path)


def _kialo(tmp_path: Path, cli: Cli) -> Path:
    path = tmp_path / "cars.txt"
    path.write_text(KIALO, encoding="utf-8")
    assert cli("ingest", str(path)).exit_code == 0  # a curated map: stored as given, no pipeline
    return path


def test_brat_export_writes_a_tree_that_reads_back_as_the_stored_map(cli: Cli, tmp_path: Path) -> None:
    _kialo(tmp_path, cli)
    files = api.export_brat(tmp_path / "out", settings=Settings(db=str(cli.db)))
    assert sorted(path.suffix for path in files) == [".ann", ".metadata", ".txt"]
    ann = next(path for path in files if path.suffix == ".ann").read_text(encoding="utf-8")
    metadata = next(path for path in files if path.suffix == ".metadata").read_text(encoding="utf-8")
    # the tree: 1.2 answers 1, not 1.1.2 listed before it; 1.1.1 answers 1.1, the post before it (no line)
    assert "Reply 1.2 1\n" in metadata and "Reply 1.1.2 1.1\n" in metadata and "Reply 1.1.1" not in metadata
    title = "Should cities ban cars from their centres?"
    assert metadata.startswith(f"Title 0 {len(title)}\n") and f"Content 1 {len(title) + 2} " in metadata
    assert ann.count("\tClaim ") + ann.count("\tPremise ") == 6
    assert ann.count("\tsupports Arg1:") + ann.count("\tattacks Arg1:") == 6
    assert ann.count("\tAnnotatorNotes ") == 12 and "AnnotatorNotes R1\timport.kialo" in ann
    [gold] = load_brat(tmp_path / "out")
    stored = api.export(settings=Settings(db=str(cli.db)))
    texts = {unit["text"]: unit["kind"] for unit in stored["units"]}  # type: ignore[index]
    assert {unit.text: unit.kind for unit in gold.units} == texts
    assert len(gold.relations) == 6 and not gold.thread.notes
    parents = {post.external_id: post.parent for post in gold.thread.posts}
    assert parents == {"1": None, "1.1": "1", "1.1.1": "1.1", "1.1.2": "1.1", "1.2": "1", "1.2.2": "1.2"}


def test_brat_export_failing_part_way_keeps_the_earlier_document_whole(cli: Cli, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """An export into the folder of an earlier one that failed on the .ann (a full disk) had already replaced the
    .txt: a new text beside the annotations of the old one, whose offsets then point at other words. Now a
    document's three files are replaced together or not at all, and no new file is left beside them."""
    _kialo(tmp_path, cli)
    folder = tmp_path / "out"
    [txt, ann, metadata] = sorted(api.export_brat(folder, settings=Settings(db=str(cli.db))),
                                  key=lambda path: [".txt", ".ann", ".metadata"].index(path.suffix))
    earlier = {path: f"the earlier {path.suffix}" for path in (txt, ann, metadata)}
    for path, text in earlier.items():
        path.write_text(text, encoding="utf-8")
    real = Path.open

    def full_disk(self: Path, *args: object, **kwargs: object) -> object:
        if self.name.startswith(f".{ann.name}."):
            raise OSError(28, "No space left on device", str(self))
        return real(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", full_disk)
    with pytest.raises(ArgmapError, match=rf"cannot write '.*{ann.name}': No space left on device; choose another"):
        api.export_brat(folder, settings=Settings(db=str(cli.db)))
    assert {path: path.read_text(encoding="utf-8") for path in earlier} == earlier
    assert sorted(path.name for path in folder.iterdir()) == sorted(path.name for path in earlier)


def test_brat_export_needs_a_folder_and_says_so(cli: Cli, tmp_path: Path) -> None:
    _kialo(tmp_path, cli)
    result = cli("export", "--format", "brat")
    assert result.exit_code != 0 and "give the folder to write them to" in result.output
    assert "fix: argmap export --format brat -o FOLDER" in result.output
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    refused = cli("export", "--format", "brat", "-o", str(blocker / "inside"))
    assert refused.exit_code == 1 and "is a file, not a folder" in refused.output
    written = cli("export", "--format", "BRAT", "-o", str(tmp_path / "out"))
    assert written.exit_code == 0 and "wrote 1 brat document (3 files) to" in written.stderr


def test_brat_reply_line_naming_no_earlier_post_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text("Buses should be free.\n\nNo, fares pay the drivers.\n", encoding="utf-8")
    (tmp_path / "t.ann").write_text("T1\tClaim 0 21\tBuses should be free.\n", encoding="utf-8")
    (tmp_path / "t.metadata").write_text("Content a ann 0 21\nContent b bob 23 49\nReply b zz\n", encoding="utf-8")
    gold = read_brat(tmp_path / "t.ann")
    assert [post.parent for post in gold.thread.posts] == [None, "a"]
    assert [note.reason for note in gold.thread.notes] == ["unknown-parent"]
    (tmp_path / "t.metadata").write_text("Content a ann 0 21\nContent b bob 23 49\nReply b\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"t\.metadata:3: is no reply: 'Reply b'"):
        read_brat(tmp_path / "t.ann")


def test_brat_document_names_are_safe_and_distinct() -> None:
    assert document_names(["a/b:c", "a-b-c", "", "../x"]) == ["a-b-c", "a-b-c-2", "thread", "x"]


def test_brat_document_names_of_long_keys_fit_a_file_name() -> None:
    """A thread key of 500 characters, which ingest takes, made a file name the file system refused ("File name
    too long"), whatever -o folder was chosen."""
    long_one, long_two = "jsonl:" + "k" * 500, "jsonl:" + "k" * 499 + "j"
    names = document_names([long_one, long_two, "é" * 300])
    assert all(len(f"{name}.metadata".encode()) <= 255 for name in names)
    assert names[0] != names[1] and names[0].startswith("jsonl-kkk")
    assert document_names([long_one]) == names[:1]  # the same key, the same name


@pytest.mark.slow
def test_brat_export_of_the_sample_thread_is_what_argmap_finds_in_it_again(cli: Cli, tmp_path: Path) -> None:
    """Quotes put back, the tree kept, no author made up: extracting the exported text gives the same map."""
    assert cli("ingest", str(CORPORA / "hn-open-models.txt")).exit_code == 0
    assert cli("export", "--format", "brat", "-o", str(tmp_path / "brat")).exit_code == 0
    text = next((tmp_path / "brat").glob("*.txt")).read_text(encoding="utf-8")
    assert "\n> Open source 'winning' just means" in text  # a reply's quote, back where it stood
    [scored] = cli.json("eval", str(tmp_path / "brat"))
    for metric in ("adu", "kind", "rel_all", "rel_cross", "stance"):
        assert scored[metric]["f1"] == 1.0, metric
    assert scored["counts"]["gold_rel_cross"] > 10


def test_brat_export_keeps_a_post_that_says_amp_exactly(cli: Cli, tmp_path: Path) -> None:
    """A post whose text really holds ``&amp;`` (someone writing about HTML) comes back with those five characters
    and every unit at its offsets: the reader decoded it to ``&`` and moved the offsets after it."""
    debate = ("Discussion Title: Should HTML escape &amp; everywhere?\n\n"
              "1. Writing &amp; for & is needed only inside markup.\n"
              "1.1. Pro: A text &lt;tag&gt; shows &amp;amp; when escaped twice.\n"
              "1.2. Con: Feeds still send don&#8217;t &amp; friends.\n")
    path = tmp_path / "escape.txt"
    path.write_text(debate, encoding="utf-8")
    assert cli("ingest", "--format", "kialo", str(path)).exit_code == 0
    settings = Settings(db=str(cli.db))
    stored = api.export(settings=settings)
    assert isinstance(stored, dict) and any("&amp;amp;" in p["text"] for p in stored["posts"])
    files = api.export_brat(tmp_path / "out", settings=settings)
    assert "Text literal\n" in next(p for p in files if p.suffix == ".metadata").read_text(encoding="utf-8")
    [gold] = load_brat(tmp_path / "out")
    assert not [note for note in gold.thread.notes if note.reason == "decoded-entities"]
    assert gold.thread.title == "Should HTML escape &amp; everywhere?"
    texts = {post.external_id: post.text for post in gold.thread.posts}
    assert texts == {p["external_id"]: p["text"] for p in stored["posts"]}
    external = {p["id"]: p["external_id"] for p in stored["posts"]}
    assert sorted((u.post, u.start, u.end, u.text) for u in gold.units) == sorted(
        (external[u["post"]], u["start"], u["end"], u["text"]) for u in stored["units"])
    # ingested back from the brat files, the thread's posts and units are the same
    again = Settings(db=str(tmp_path / "again.db"))
    assert api.ingest([str(next(p for p in files if p.suffix == ".ann"))], settings=again).ok
    back = api.export(settings=again)
    assert isinstance(back, dict)
    assert sorted(p["text"] for p in back["posts"]) == sorted(p["text"] for p in stored["posts"])
    assert sorted(u["text"] for u in back["units"]) == sorted(u["text"] for u in stored["units"])


def test_brat_without_the_literal_line_still_decodes_references(tmp_path: Path) -> None:
    """The CMV modes corpus's ``.txt`` files hold Reddit's ``&amp;``: read without argmap's line, it is ``&``."""
    text = "Tom &amp; Jerry should air daily.\n\nNo, twice &gt; once.\n"
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    (tmp_path / "t.ann").write_text("T1\tClaim 0 32\tTom &amp; Jerry should air daily\n", encoding="utf-8")
    meta = "Content a ann 0 33\nContent b bob 35 55\n"
    (tmp_path / "t.metadata").write_text(meta, encoding="utf-8")
    decoded = read_brat(tmp_path / "t.ann")
    assert [u.text for u in decoded.units] == ["Tom & Jerry should air daily"]
    assert decoded.thread.posts[1].text == "No, twice > once."
    (tmp_path / "t.metadata").write_text(meta + "Text literal\n", encoding="utf-8")
    literal = read_brat(tmp_path / "t.ann")
    assert [u.text for u in literal.units] == ["Tom &amp; Jerry should air daily"]
    assert literal.thread.posts[1].text == "No, twice &gt; once."


def test_brat_export_keeps_an_author_name_with_spaces(tmp_path: Path) -> None:
    """Authors with a space in their names (4forums' "Jo Bennett", QT30's "Fiona Bruce") came back from the brat
    files as "Jo_Bennett", so per-author queries on the corrected map no longer found them; the reader takes
    every word between the post id and the offsets as the author, so the name is written as it is."""
    lines = [{"id": "1", "parent": None, "author": "Jo Bennett", "text": "Night buses should run all year."},
             {"id": "2", "parent": "1", "author": "ana_v", "text": "Nobody rides them in winter."},
             {"id": "3", "parent": "2", "author": "Mary  Ann\tLee", "text": "Shift workers ride them every night."}]
    path = tmp_path / "buses.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    settings = Settings(db=str(tmp_path / "a.db"))
    assert api.ingest(path, settings=settings, extract=False).ok
    files = api.export_brat(tmp_path / "out", settings=settings)
    metadata = next(p for p in files if p.suffix == ".metadata").read_text(encoding="utf-8")
    assert "Content 1 Jo Bennett " in metadata and "Content 3 Mary Ann Lee " in metadata
    [gold] = load_brat(tmp_path / "out")
    assert [post.author for post in gold.thread.posts] == ["Jo Bennett", "ana_v", "Mary Ann Lee"]
    again = Settings(db=str(tmp_path / "plain.db"))  # ingested back, its .ann empty (no units)
    assert api.ingest(tmp_path / "out", settings=again).ok
    assert [post.author for post in api.graph_data(settings=again).posts] == ["Jo Bennett", "ana_v", "Mary Ann Lee"]
    # and an AIF map's speakers, through a map with units
    curated = aif_map()
    for node in curated["nodes"]:  # type: ignore[attr-defined]
        node["text"] = node["text"].replace("Ann: ", "Ann Lee: ")
    curated["participants"][0]["surname"] = "Lee"  # type: ignore[index]
    (tmp_path / "buses.json").write_text(json.dumps(curated), encoding="utf-8")
    mapped = Settings(db=str(tmp_path / "map.db"))
    assert api.ingest(tmp_path / "buses.json", settings=mapped).ok
    files = api.export_brat(tmp_path / "map", settings=mapped)
    again = Settings(db=str(tmp_path / "again.db"))
    assert api.ingest(next(p for p in files if p.suffix == ".ann"), settings=again).ok
    before, back = api.export(settings=mapped), api.export(settings=again)
    assert [post["author"] for post in back["posts"]] == [post["author"] for post in before["posts"]] == [
        "Ann Lee", "Bob", "Ann Lee"]


def _posts(settings: Settings) -> list[tuple[str, str | None, str | None, str]]:
    """Each post as (id, parent's id, author, text), ids as the thread gives them."""
    posts = api.graph_data(settings=settings).posts
    external = {post.id: post.external_id for post in posts}
    return [(p.external_id, external[p.parent] if p.parent else None, p.author, p.text) for p in posts]


def test_brat_export_of_a_thread_stored_without_extraction_ingests_back(tmp_path: Path) -> None:
    """ingest --no-extract, export --format brat, ingest the export into a fresh database: the same posts. The
    export's .ann is empty (no units), and ingest refused it as an empty file."""
    first, again = Cli(tmp_path / "first.db"), Cli(tmp_path / "again.db")
    assert first("ingest", "--no-extract", str(CORPORA / "hn-open-models.txt")).exit_code == 0
    out = tmp_path / "brat"
    assert first("export", "--format", "brat", "-o", str(out)).exit_code == 0
    [ann] = out.glob("*.ann")
    assert ann.read_text(encoding="utf-8") == ""
    result = again("ingest", str(out))
    assert result.exit_code == 0, result.output
    [thread] = again.json("threads")
    assert (thread["format"], thread["posts"], thread["units"]) == ("brat", 19, 0)
    assert _posts(Settings(db=str(again.db))) == _posts(Settings(db=str(first.db)))


def test_brat_export_of_a_map_ingests_back_with_its_units_and_relations(cli: Cli, tmp_path: Path) -> None:
    """A thread with units (a curated map; the sample thread extracted is the slow test below) comes back from its
    brat export with the same posts, units at the same offsets and the same relations."""
    _kialo(tmp_path, cli)
    api.export_brat(tmp_path / "out", settings=Settings(db=str(cli.db)))
    again = Cli(tmp_path / "again.db")
    assert again("ingest", str(tmp_path / "out")).exit_code == 0
    before, back = Settings(db=str(cli.db)), Settings(db=str(again.db))
    assert _posts(back) == _posts(before)
    assert _map(back) == _map(before)


def _map(settings: Settings) -> tuple[list[tuple[str, str, int, int, str]], list[tuple[object, object, str]]]:
    """The units (post id, kind, start, end, text) and relations (source, target, kind), by post id and offsets."""
    data = api.graph_data(settings=settings)
    external = {post.id: post.external_id for post in data.posts}
    where = {u.id: (external[u.post], u.start, u.end) for u in data.units}
    return (sorted((external[u.post], u.kind, u.start, u.end, u.text) for u in data.units),
            sorted((where[r.source], where[r.target], r.kind) for r in data.relations))


@pytest.mark.slow
def test_brat_export_of_the_extracted_sample_ingests_back(tmp_path: Path) -> None:
    """The sample thread extracted, exported as brat and ingested back: the same posts, and every claim and premise
    and every support and attack between them (``other`` units and evidence relations are not exported)."""
    first, again = Cli(tmp_path / "first.db"), Cli(tmp_path / "again.db")
    assert first("ingest", str(CORPORA / "hn-open-models.txt")).exit_code == 0
    assert first("export", "--format", "brat", "-o", str(tmp_path / "brat")).exit_code == 0
    assert again("ingest", str(tmp_path / "brat")).exit_code == 0
    before, back = Settings(db=str(first.db)), Settings(db=str(again.db))
    assert _posts(back) == _posts(before)
    units, relations = _map(before)
    assert _map(back) == ([u for u in units if u[1] in ("claim", "premise")],
                          [r for r in relations if r[2] in ("support", "attack")])


def test_brat_export_keeps_a_thread_of_several_roots(cli: Cli, tmp_path: Path) -> None:
    """Posts that answer none (a JSON Lines file without ``parent``) came back each answering the post before it:
    no line said otherwise, and the map extracted again drew relations between them (rel_all 0.67, not 1.0)."""
    path = tmp_path / "flat.jsonl"
    rows = [{"id": 1, "author": "ann", "text": "Buses should be free."},
            {"id": 2, "author": "bob", "text": "Trains should run all night."},
            {"id": 3, "parent": 2, "author": "cy", "text": "Night trains are empty."},
            {"id": 4, "author": "dee", "text": "Bikes need lanes."}]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    assert cli("ingest", "--no-extract", str(path)).exit_code == 0
    files = api.export_brat(tmp_path / "out", settings=Settings(db=str(cli.db)))
    metadata = next(path for path in files if path.suffix == ".metadata").read_text(encoding="utf-8")
    assert "Root 2\n" in metadata and "Root 4\n" in metadata and "Root 1" not in metadata
    [gold] = load_brat(tmp_path / "out")
    assert [(post.external_id, post.parent) for post in gold.thread.posts] == [
        ("1", None), ("2", None), ("3", "2"), ("4", None)]
    assert gold.thread.posts[0].title == "flat" and gold.thread.posts[1].title is None  # the title: first post's
    assert not gold.thread.notes


def test_brat_root_line_without_its_post_id_is_named(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text("Buses should be free.\n\nNo, fares pay the drivers.\n", encoding="utf-8")
    (tmp_path / "t.ann").write_text("T1\tClaim 0 21\tBuses should be free.\n", encoding="utf-8")
    (tmp_path / "t.metadata").write_text("Content a ann 0 21\nContent b bob 23 49\nRoot\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"t\.metadata:3: is no root line: 'Root'"):
        read_brat(tmp_path / "t.ann")


def test_brat_export_of_a_reworded_map_marks_the_words_at_its_offsets(tmp_path: Path) -> None:
    """An AIF proposition reworded by its analyst ("night buses are empty in winter" for "Nobody rides them in
    winter") spans its locution; its T line gave the analyst's words with the locution's offsets, which brat and
    argmap's own reader call a mistake (span-mismatch), and the export of the QT30 maps scored adu 0.72 against
    their own JSON export instead of 1.0: the metrics matched the imported unit by its own words, the gold by the
    words at its offsets. Now the line gives the words at its offsets, the note the proposition's wording, an
    imported unit matches by either, and the two score 1.0."""
    curated = aif_map()
    for node in curated["nodes"]:  # type: ignore[attr-defined]
        if node["text"] == "nobody rides night buses in winter":
            node["text"] = "night buses are empty in winter"  # in its words, few of Bob's
    (tmp_path / "buses.json").write_text(json.dumps(curated), encoding="utf-8")
    cli = Cli(tmp_path / "map.db")
    assert api.ingest(tmp_path / "buses.json", settings=Settings(db=str(cli.db)), extract=False).ok
    assert cli("export", "--format", "brat", "-o", str(tmp_path / "brat")).exit_code == 0
    assert cli("export", "--format", "json", "-o", str(tmp_path / "map.json")).exit_code == 0
    ann = next((tmp_path / "brat").glob("*.ann")).read_text(encoding="utf-8")
    text = next((tmp_path / "brat").glob("*.txt")).read_text(encoding="utf-8")
    spans = [line.split("\t") for line in ann.splitlines() if line.startswith("T")]
    assert len(spans) == 3
    for _id, where, words in spans:
        start, end = map(int, where.split()[1:])
        assert text[start:end] == words
    assert "\tNobody rides them in winter\n" in ann and "; worded: night buses are empty in winter\n" in ann
    [gold] = load_brat(tmp_path / "brat")
    assert not [note for note in gold.thread.notes if note.kind == "span-mismatch"]
    [scored] = cli.json("eval", str(tmp_path / "brat"), "--predicted", str(tmp_path / "map.json"))
    for metric in ("adu", "kind", "rel_all", "rel_cross", "stance"):
        assert scored[metric]["f1"] == 1.0, metric


def test_brat_export_keeps_each_annotation_on_one_line(tmp_path: Path) -> None:
    """A unit whose words hold a line separator (U+2028), a NEL or a form feed, as posts pasted from word
    processors do, had its T line cut in two there: the reader (argmap's, and brat's, which split lines as
    str.splitlines does) kept the words before the break, warned of a span mismatch and read the rest as a line of
    its own. Now every line break a reader may see is a space on the line; the .txt keeps the text as it is."""
    curated = aif_map()
    for node in curated["nodes"]:  # type: ignore[attr-defined]
        node["text"] = node["text"].replace("Nobody rides them", "Nobody\u2028rides\x85them\x0cever")
    (tmp_path / "buses.json").write_text(json.dumps(curated), encoding="utf-8")
    settings = Settings(db=str(tmp_path / "map.db"))
    assert api.ingest(tmp_path / "buses.json", settings=settings, extract=False).ok
    files = api.export_brat(tmp_path / "brat", settings=settings)
    ann = next(p for p in files if p.suffix == ".ann").read_text(encoding="utf-8")
    assert "\tNobody rides them ever in winter\n" in ann
    assert len(ann.splitlines()) == 2 * (3 + 2)  # a T or R line and its note each, nothing cut
    [gold] = load_brat(tmp_path / "brat")
    assert not [note for note in gold.thread.notes if note.kind == "span-mismatch"]
    assert sorted(" ".join(unit.text.split()) for unit in gold.units) == [
        "Night buses should run all year", "Nobody rides them ever in winter", "Shift workers ride them every night"]
    assert len(gold.relations) == 2
