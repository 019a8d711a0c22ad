"""The microtexts loader: kinds and relations from an argument graph, on a graph written here and the real
corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.evaluate import (
    CorpusError,
    GoldRelation,
    gold_notes,
    load_microtexts,
    match_units,
    read_microtexts,
    summary,
)
from argmap.evaluate.microtexts import is_microtexts
from argmap.nlp.extract import Extractor

# A text of our own in the corpus's shape: a1 rebuts the claim a5, a2 backs a1, a3 undercuts the inference
# a1 -> a5 and a4 is added to a3 (a linked counter-argument); a6 gives an example for the claim.
GRAPH = """<?xml version='1.0' encoding='UTF-8'?>
<arggraph id="micro_t001" topic_id="late_night_buses" stance="pro">
  <edu id="e1"><![CDATA[Sure, night buses cost the city money.]]></edu>
  <edu id="e2"><![CDATA[Each route runs nearly empty after midnight.]]></edu>
  <edu id="e3"><![CDATA[But the cost is small]]></edu>
  <edu id="e4"><![CDATA[next to   what taxis charge shift workers.]]></edu>
  <edu id="e5"><![CDATA[The city should keep the night buses.]]></edu>
  <edu id="e6"><![CDATA[Nurses in our district depend on them.]]></edu>
  <adu id="a1" type="opp"/>
  <adu id="a2" type="opp"/>
  <adu id="a3" type="pro"/>
  <adu id="a4" type="pro"/>
  <adu id="a5" type="pro"/>
  <adu id="a6" type="pro"/>
  <edge id="c11" src="e1" trg="a1" type="seg"/>
  <edge id="c12" src="e2" trg="a2" type="seg"/>
  <edge id="c13" src="e3" trg="a3" type="seg"/>
  <edge id="c14" src="e4" trg="a4" type="seg"/>
  <edge id="c15" src="e5" trg="a5" type="seg"/>
  <edge id="c16" src="e6" trg="a6" type="seg"/>
  <edge id="c1" src="a1" trg="a5" type="reb"/>
  <edge id="c2" src="a2" trg="a1" type="sup"/>
  <edge id="c3" src="a3" trg="c1" type="und"/>
  <edge id="c4" src="a4" trg="c3" type="add"/>
  <edge id="c5" src="a6" trg="a5" type="exa"/>
</arggraph>
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_microtexts_graph_maps_to_kinds_and_relations(tmp_path: Path) -> None:
    gold = read_microtexts(_write(tmp_path, "micro_t001.xml", GRAPH))
    [post] = gold.thread.posts
    assert gold.name == "microtexts/micro_t001" and gold.thread.title == "late night buses"
    # EDUs joined by single spaces, inner runs of spaces closed up
    assert post.text.startswith("Sure, night buses cost the city money. Each route runs")
    assert "next to what taxis" in post.text
    assert all(post.text[unit.start:unit.end] == unit.text for unit in gold.units)
    assert {unit.id: unit.kind for unit in gold.units} == {
        "a1": "premise", "a2": "premise", "a3": "premise", "a4": "premise", "a5": "claim", "a6": "premise"}
    assert set(gold.relations) == {
        GoldRelation("a1", "a5", "attack"),    # rebut
        GoldRelation("a2", "a1", "support"),   # support
        GoldRelation("a3", "a1", "attack"),    # undercut of a1 -> a5: attacks the premise a1
        GoldRelation("a4", "a1", "attack"),    # added to the undercut: the same relation
        GoldRelation("a6", "a5", "support"),   # example
    }
    assert gold.thread.notes == []


def test_microtexts_edge_that_points_nowhere_is_noted(tmp_path: Path) -> None:
    broken = GRAPH.replace('trg="c3" type="add"', 'trg="c99" type="add"')
    gold = read_microtexts(_write(tmp_path, "micro_t002.xml", broken))
    assert GoldRelation("a4", "a1", "attack") not in gold.relations
    assert [note.reason for note in gold.thread.notes] == ["unresolved-edge"]


def test_microtexts_edge_of_an_unknown_type_is_named_so_with_the_types(tmp_path: Path) -> None:
    """Its ends are there: the fix is the type, not the ids (it was an unresolved-edge telling to fix src/trg)."""
    renamed = GRAPH.replace('type="exa"', 'type="example"')
    gold = read_microtexts(_write(tmp_path, "micro_t004.xml", renamed))
    assert GoldRelation("a6", "a5", "support") not in gold.relations
    [note] = gold_notes([gold])
    assert (note.reason, note.detail) == ("unknown-edge-type", "edge c5: a6 -> a5 has type 'example'")
    assert note.warning and note.fix is not None and "sup, exa" in note.fix


def test_microtexts_edges_in_a_cycle_are_noted_not_followed(tmp_path: Path) -> None:
    cyclic = (GRAPH.replace('trg="c1" type="und"', 'trg="c3" type="und"')
              .replace('trg="c3" type="add"', 'trg="c7" type="add"')
              .replace("</arggraph>", '  <edge id="c7" src="a4" trg="c4" type="add"/>\n</arggraph>'))
    gold = read_microtexts(_write(tmp_path, "micro_t003.xml", cyclic))
    assert not any(r.source in ("a3", "a4") for r in gold.relations)
    assert sorted(note.reason for note in gold.thread.notes) == ["unresolved-edge"] * 3


def test_microtexts_errors_name_the_file_and_the_fix(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"no micro_\*\.xml file"):
        load_microtexts(tmp_path)
    with pytest.raises(CorpusError, match=r"micro_bad\.xml.*not a readable XML file"):
        read_microtexts(_write(tmp_path, "micro_bad.xml", "<arggraph id='x'><edu>"))
    with pytest.raises(CorpusError, match=r"not <arggraph>"):
        read_microtexts(_write(tmp_path, "micro_other.xml", "<thread/>"))


def test_microtexts_real_corpus_counts(shared: Path) -> None:
    folder = shared / "annotated" / "microtexts"
    corpus = load_microtexts(folder)
    assert summary(corpus) == {
        "threads": 112, "posts": 112, "units": 576, "claims": 112, "premises": 464, "relations": 464,
        "cross_post": 0, "attacks": 174, "quotes": 0,
    }
    for gold in corpus:
        [post] = gold.thread.posts
        # the post is the corpus's own plain text, and every ADU is a span of it
        assert post.text == (folder / "corpus" / "en" / f"{post.external_id}.txt").read_text(encoding="utf-8").strip()
        assert all(post.text[unit.start:unit.end] == unit.text for unit in gold.units)
        # one central claim, and every other ADU relates to exactly one ADU
        assert sum(unit.kind == "claim" for unit in gold.units) == 1
        assert sorted(r.source for r in gold.relations) == sorted(u.id for u in gold.units if u.kind == "premise")
    # the corpus may be named by any of its three folders
    for named in (folder / "corpus", folder / "corpus" / "en"):
        assert is_microtexts(named) and len(load_microtexts(named)) == 112


@pytest.mark.slow
def test_inside_post_turns_are_mostly_right_on_microtexts(shared: Path) -> None:
    """The README's claim: on a scheme that marks every rebuttal and undercut, the turn rule ("but ..." after
    a granted point or a reported view of the other side attacks that point) is right 12 times out of 14."""
    extractor = Extractor.load()
    made = right = 0
    for gold in load_microtexts(shared / "annotated" / "microtexts"):
        predicted = extractor.extract(gold.thread)
        matched = match_units(gold, predicted)
        wanted = {(r.source, r.target, r.kind) for r in gold.relations}
        for relation in predicted.relations:
            if relation.reason.startswith("turns ("):
                made += 1
                right += (matched.get(relation.source), matched.get(relation.target), relation.kind) in wanted
    assert (made, right) == (14, 12)


def test_microtexts_a_long_chain_of_add_edges_is_followed_without_recursion(tmp_path: Path) -> None:
    """A chain of 1,500 ``add`` edges ended in a RecursionError, reported as a bug in argmap."""
    chain = "".join(f'<edge id="x{n}" src="a2" trg="x{n + 1}" type="add"/>' for n in range(1_500))
    graph = ('<?xml version="1.0"?><arggraph id="micro_add" topic_id="x"><edu id="e1">Cars should be banned.</edu>'
             '<edu id="e2">They pollute the air.</edu><adu id="a1" type="pro"/><adu id="a2" type="pro"/>'
             '<edge id="c1" src="e1" trg="a1" type="seg"/><edge id="c2" src="e2" trg="a2" type="seg"/>'
             f'{chain}<edge id="x1500" src="a2" trg="a1" type="sup"/></arggraph>')
    gold = read_microtexts(_write(tmp_path, "micro_add.xml", graph))
    assert GoldRelation("a2", "a1", "support") in gold.relations
