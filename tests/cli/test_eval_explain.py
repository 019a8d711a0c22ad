"""``argmap eval CORPUS --explain THREAD``: one thread's relations and units checked against the annotators."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap import api
from argmap.errors import NotFound
from tests.cli.conftest import Cli
from tests.evaluate.test_curated import aif_map

_THREAD = """<?xml version="1.0"?>
<thread ID="{id}">
<title>CMV: Night buses should run all year.</title>
<OP author="ana">
<claim id="0">Night buses should run all year.</claim>
<premise id="1" rel="support" ref="0">Shift workers have no other way home.</premise>
</OP>
<reply id="{id}r" author="ben">
<claim id="2" rel="rebuttal" ref="0">They cost far too much to run.</claim>
<premise id="3" rel="support" ref="2">Most of them carry two riders.</premise>
</reply>
</thread>
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A CMV-style folder with a thread called 0 in both splits, and a 1 in one."""
    for split, names in (("negative", ("0", "1")), ("positive", ("0",))):
        (tmp_path / "cmv" / split).mkdir(parents=True)
        for name in names:
            (tmp_path / "cmv" / split / f"{name}.xml").write_text(_THREAD.format(id=f"{split[0]}{name}"),
                                                                  encoding="utf-8")
    return tmp_path / "cmv"


def test_eval_explain_json_adds_up_to_the_threads_scores(cli: Cli, corpus: Path) -> None:
    report = cli.json("eval", str(corpus), "--explain", "negative/1", "--baseline")
    assert (report["corpus"], report["predictor"], report["name"]) == (str(corpus), "baseline", "negative/1")
    counts, scored = report["relation_counts"], report["scores"]["counts"]
    assert counts["found"] == scored["hit_rel_all"]
    assert counts["found"] + counts["wrong-label"] + counts["missed"] == scored["gold_rel_all"] == 3
    assert counts["found"] + counts["wrong-label"] + counts["extra"] == scored["pred_rel_all"]
    # the baseline: every sentence a claim; the reply's first sentence attacks the opening post's last
    gold_rebuttal = next(r for r in report["relations"] if r["gold_source"] == "2")
    assert gold_rebuttal["status"] == "missed" and gold_rebuttal["cross"] is True
    assert gold_rebuttal["why"].startswith("argmap relates the source to another unit: 'Shift workers have no")
    extra = [r for r in report["relations"] if r["status"] == "extra"]
    assert [(r["model"], r["kind"]) for r in extra] == [("argmap.eval.baseline", "attack")]
    assert {u["status"] for u in report["units"]} == {"matched"}
    assert [u["gold_kind"] for u in report["units"]] == ["claim", "premise", "claim", "premise"]


def test_eval_explain_table(cli: Cli, corpus: Path) -> None:
    result = cli("eval", str(corpus), "--explain", "1", "--baseline")  # the end of a name is enough if unique
    assert result.exit_code == 0, result.output
    assert "negative/1: adu F1 1.000" in result.output
    assert "0 found" in result.output and "3 missed" in result.output and "1 extra" in result.output
    assert "missed · across posts · annotators: attack" in result.output  # the rebuttal, with its cause below
    assert "“They cost far too much to run.” → “Night buses should run all year.”" in result.output
    assert "argmap relates the source to another unit: 'Shift workers have no" in result.output
    assert "extra · across posts · argmap: attack (argmap.eval.baseline 0.50)" in result.output
    assert "units (gold components" in result.output
    header = next(line for line in result.output.splitlines() if "status" in line and "annotators" in line)
    assert "overlap" in header  # the word overlap that made each unit matched or not


def test_eval_explain_refuses_what_it_cannot_pick(cli: Cli, corpus: Path) -> None:
    ambiguous = cli("eval", str(corpus), "--explain", "0", "--baseline")
    assert ambiguous.exit_code == 1
    assert "'0' names 2 threads" in ambiguous.output and "negative/0, positive/0" in ambiguous.output
    unknown = cli("eval", str(corpus), "--explain", "negative/7", "--baseline")
    assert unknown.exit_code == 1 and "has no thread 'negative/7'" in unknown.output
    assert "negative/0, negative/1, positive/0" in unknown.output
    for corpora in ([], [str(corpus), str(corpus)]):
        refused = cli("eval", *corpora, "--explain", "negative/0")
        assert refused.exit_code == 1 and "--explain needs exactly one corpus" in refused.output
    mixed = cli("eval", str(corpus), "--explain", "negative/0", "--folds", "2", "--rules")
    assert mixed.exit_code == 1 and "--folds, --rules score a whole corpus" in mixed.output


def test_eval_explain_api(corpus: Path, tmp_path: Path) -> None:
    report = api.explain_thread(str(corpus), "positive/0", trivial=True)
    assert report.name == "positive/0" and len(report.units) == 4
    assert api.explain_thread(str(corpus), "negative/1.xml", trivial=True).name == "negative/1"
    with pytest.raises(NotFound, match="give the whole name"):
        api.explain_thread(str(corpus), "0.xml", trivial=True)
    # maps are named by their file: the file name, with or without .json, picks one
    maps = tmp_path / "maps"
    maps.mkdir()
    for name in ("map1", "map10"):
        (maps / f"{name}.json").write_text(json.dumps(aif_map()), encoding="utf-8")
    assert api.explain_thread(str(maps), "map1", trivial=True).name == str(maps / "map1.json")
    assert api.explain_thread(str(maps), "map10.json", trivial=True).name == str(maps / "map10.json")


@pytest.mark.slow
def test_eval_explain_cmv_thread_with_the_pipeline(cli: Cli, shared: Path) -> None:
    report = cli.json("eval", str(shared / "annotated" / "cmv-dev"), "--explain", "negative/8")
    counts, scored = report["relation_counts"], report["scores"]["counts"]
    assert counts["found"] == scored["hit_rel_all"] > 0
    assert counts["found"] + counts["wrong-label"] + counts["missed"] == scored["gold_rel_all"]
    assert counts["found"] + counts["wrong-label"] + counts["extra"] == scored["pred_rel_all"]
    found = [r for r in report["relations"] if r["status"] == "found"]
    assert all(r["model"].startswith("argmap.relations.") and r["reason"] for r in found)
    assert all(r["why"] for r in report["relations"] if r["status"] in ("missed", "extra"))


def test_eval_json_relation_counts_add_up_to_the_tallies(cli: Cli, corpus: Path, tmp_path: Path) -> None:
    """``relation_causes`` sorts the missed and extra relations, but the ones found with the other label were in
    no key of ``argmap eval --json``, so its causes did not add up to ``counts`` (gold less found) and a script had
    to run ``--threads`` or ``--explain`` to learn how many there were. ``relation_counts`` gives them, as
    ``--explain`` gives a thread's."""
    from tests.cli.test_eval import _predictions_for

    predictions = _predictions_for(corpus)
    for relation in predictions["relations"]:  # type: ignore[union-attr]
        if relation["model"] == "mine/first-sentence":
            relation["kind"] = "support"  # the annotators have the reply rebut the OP: the other label
    path = tmp_path / "theirs.json"
    path.write_text(json.dumps(predictions), encoding="utf-8")
    [result] = cli.json("eval", str(corpus), "--predicted", str(path))
    counts, tallies, causes = result["relation_counts"], result["counts"], result["relation_causes"]
    assert counts == {"found": 6, "wrong-label": 3, "missed": 0, "extra": 0}  # 3 threads of 3 gold relations
    assert counts["found"] == tallies["hit_rel_all"]
    assert counts["found"] + counts["wrong-label"] + counts["missed"] == tallies["gold_rel_all"]
    assert counts["found"] + counts["wrong-label"] + counts["extra"] == tallies["pred_rel_all"]
    assert sum(causes.values()) == counts["missed"] + counts["extra"]
    by_thread = cli.json("eval", str(corpus), "--predicted", str(path), "--threads")[0]["by_thread"]
    assert {key: sum(row[key] for row in by_thread) for key in counts} == counts
    [scored] = api.evaluate(str(corpus), predicted=path)
    assert scored.relation_counts() == counts


def test_eval_rules_count_why_relations_are_missed_or_extra(cli: Cli, corpus: Path) -> None:
    [result] = cli.json("eval", str(corpus), "--baseline")
    counts = result["counts"]
    missed = counts["gold_rel_all"] - counts["hit_rel_all"]
    extra = counts["pred_rel_all"] - counts["hit_rel_all"]
    assert sum(result["relation_causes"].values()) == missed + extra  # no wrong-label pair in the baseline here
    # per thread: the reply's first sentence attacks the OP's last; the annotators have it rebut the OP's first
    assert result["relation_causes"] == {"missed:other-target": 3, "extra:other-target": 3, "missed:no-relation": 6}
    table = cli("eval", str(corpus), "--baseline", "--rules")
    assert "why relations are missed or extra" in table.output
    assert "argmap relates the source to another unit" in table.output


def test_eval_threads_scores_each_thread_on_its_own(cli: Cli, corpus: Path) -> None:
    [result] = cli.json("eval", str(corpus), "--baseline", "--threads")
    rows = result["by_thread"]
    assert [row["name"] for row in rows] == ["negative/0", "negative/1", "positive/0"]
    assert sum(row["found"] for row in rows) == result["counts"]["hit_rel_all"]
    assert sum(row["missed"] + row["found"] + row["wrong-label"] for row in rows) == result["counts"]["gold_rel_all"]
    assert {name: value for name, value in rows[0].items() if name != "counts"} == {
        "name": "negative/0", "gold_units": 4, "adu": 1.0, "kind": 0.3333, "rel_all": 0.0, "rel_cross": 0.0,
        "found": 0, "wrong-label": 0, "missed": 3, "extra": 1}
    # the counts are pooled over threads before any ratio (micro-averaging): the rows' counts add up to the corpus's
    assert {key: sum(row["counts"][key] for row in rows) for key in result["counts"]} == result["counts"]
    assert "by_thread" not in cli.json("eval", str(corpus), "--baseline")[0]
    table = cli("eval", str(corpus), "--baseline", "--threads")
    assert table.exit_code == 0 and "each thread on its own" in table.output
    assert "negative/1" in table.output and "positive/0" in table.output  # "0" alone would name two threads
    assert f"argmap eval {corpus} --explain THREAD" in " ".join(table.output.split())


def test_eval_explain_help_says_why_argmaps_ids_are_null_and_what_to_join_on() -> None:
    """``--explain --json`` gave null ids for argmap's own units with no word on why or what to join on instead."""
    from typer.testing import CliRunner

    from argmap.cli import app

    result = CliRunner().invoke(app, ["eval", "--help"], env={"COLUMNS": "1000"})
    assert result.exit_code == 0
    help_text = " ".join(result.output.split())
    assert "ids of argmap's own units are null, since eval stores nothing: join on post, start and end" in help_text
    assert "argmap ingest FILE" in help_text


@pytest.mark.slow
def test_eval_explain_units_join_the_export_of_the_thread_ingested(cli: Cli, corpus: Path) -> None:
    """What the help and README say: argmap's own units have no id in the explanation, and their post and offsets
    are those of the units ``argmap export`` gives once the thread file is ingested, relations' ends too."""
    report = cli.json("eval", str(corpus), "--explain", "negative/1")
    ours = [u for u in report["units"] if u["unit"] is not None]
    assert ours and all(u["unit_id"] is None for u in ours)
    assert cli("ingest", str(corpus / "negative" / "1.xml")).exit_code == 0
    export = cli.json("export")
    external = {post["id"]: post["external_id"] for post in export["posts"]}
    place = {u["id"]: (external[u["post"]], u["start"], u["end"]) for u in export["units"]}
    stored = {place[u["id"]]: u["kind"] for u in export["units"] if u["kind"] in ("claim", "premise")}
    assert {(u["post"], u["start"], u["end"]): u["kind"] for u in ours} == stored
    drawn = [r for r in report["relations"] if r["source_unit"] is not None]
    assert all(r["source_unit"]["id"] is None for r in drawn)
    ends = {(place[r["source"]], place[r["target"]], r["kind"]) for r in export["relations"]
            if r["kind"] in ("support", "attack") and {place[r["source"]], place[r["target"]]} <= set(stored)}
    assert {((r["source_unit"]["post"], r["source_unit"]["start"], r["source_unit"]["end"]),
             (r["target_unit"]["post"], r["target_unit"]["start"], r["target_unit"]["end"]), r["kind"])
            for r in drawn} == ends
