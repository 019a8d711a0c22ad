"""``argmap eval`` on the development data: the README reports what it measures, and any folder of CMV
thread files can be scored."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from argmap.evaluate.explain import CAUSES
from argmap.nlp.relations import MODEL
from tests.cli.conftest import Cli
from tests.conftest import ROOT
from tests.evaluate.test_brat import ESSAY, _essay_lines, _write
from tests.evaluate.test_curated import aif_map
from tests.render.conftest import KIALO

METRICS = ("adu", "kind", "rel_all", "rel_cross", "stance")


def _readme_row(label: str) -> list[float]:
    """The decimal numbers of the README accuracy table's row that starts with ``label``."""
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith(f"| {label}"):
            return [float(number) for number in re.findall(r"\b\d\.\d+", line)]
    raise AssertionError(f"the README has no accuracy row for {label!r}")


def _readme_causes() -> dict[str, int]:
    """``missed:<code>`` / ``extra:<code>`` -> count from the README's table of why relations are missed or extra."""
    codes = {text: key for key, text in CAUSES.items()}
    found: dict[str, int] = {}
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] in ("missed", "extra") and cells[2].isdigit():
            found[codes[cells[1]]] = int(cells[2])
    assert found, "the README has no table of why relations are missed or extra"
    return found


def _readme_rule_counts(column: int) -> dict[str, tuple[int, int]]:
    """Rule -> (right, made) from one corpus column (0 CMV, 1 microtexts, 2 QT30) of the README's rule table."""
    counts: dict[str, tuple[int, int]] = {}
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5 and re.fullmatch(r"`[a-z-]+`", cells[0]):
            numbers = re.fullmatch(r"(\d+) / (\d+)", cells[2 + column])
            if numbers:
                counts[cells[0].strip("`")] = (int(numbers.group(1)), int(numbers.group(2)))
    assert counts, "the README has no table of relations by rule"
    return counts


@pytest.mark.slow
def test_eval_scores_are_the_ones_the_readme_reports(cli: Cli, shared: Path) -> None:
    folders = [str(shared / "annotated" / name) for name in ("cmv-dev", "webdiscourse", "microtexts", "qt30-aif")]
    cmv, web, micro, qt30 = cli.json("eval", *folders, "--folds", "5", "--bootstrap", "1000")
    assert [(r["corpus"], r["threads"]) for r in (cmv, web, micro, qt30)] == [
        ("cmv", 69), ("webdiscourse", 340), ("microtexts", 112), ("maps", 11)]
    qt30_measured = [*[qt30[metric]["f1"] for metric in METRICS], qt30["stance"]["coverage"]]
    assert qt30_measured == pytest.approx(_readme_row("argmap on QT30"), abs=6e-4)
    measured = [cmv[metric]["f1"] for metric in METRICS] + [cmv["stance"]["coverage"]]
    reported = _readme_row("argmap on CMV dev")
    assert _readme_row("argmap, CMV dev") == reported  # the summary under the README's introduction
    assert len(reported) == len(measured)
    for name, got, shown in zip([*METRICS, "stance coverage"], measured, reported, strict=True):
        places = len(str(shown).split(".")[1])
        assert round(got, places) == pytest.approx(shown, abs=1e-9), f"README shows {name} {shown}, eval gives {got}"
    web_measured = [web[metric]["f1"] for metric in ("adu", "kind", "rel_all")]
    assert [round(value, 3) for value in web_measured] == pytest.approx(_readme_row("argmap on web discourse"))
    micro_measured = [micro[metric]["f1"] for metric in ("adu", "kind", "rel_all")]
    assert [round(value, 3) for value in micro_measured] == pytest.approx(_readme_row("argmap on microtexts"))
    # above the trivial baseline on the corpus nothing was tuned on, too
    assert all(got > floor for got, floor in zip(micro_measured, _readme_row("trivial baseline on microtexts"),
                                                  strict=True))
    # and above the trivial baseline on every CMV metric
    baseline = _readme_row("trivial baseline on CMV dev")
    assert _readme_row("trivial baseline |") == baseline
    assert all(got > floor for got, floor in zip(measured[:5], baseline[:5], strict=True))
    # the per-rule counts the README gives are those of `argmap eval --rules`
    for column, result in enumerate((cmv, micro, qt30)):
        assert _readme_rule_counts(column) == {model.rpartition("/")[2]: (rule["correct"], rule["predicted"])
                                               for model, rule in result["rules"].items()}, result["corpus"]
        assert all(model.startswith(f"{MODEL}/") for model in result["rules"])
        assert sum(rule["predicted"] for rule in result["rules"].values()) == result["counts"]["pred_rel_all"]
        assert "rules" not in result.get("folds", [{}])[0]
    # and so are the causes of missed and extra relations, with the found and wrong-label counts beside them
    assert cmv["relation_causes"] == _readme_causes()
    counts, causes = cmv["counts"], cmv["relation_causes"]
    missed = sum(count for key, count in causes.items() if key.startswith("missed:"))
    found = re.search(r"(\d+) relations are found and (\d+) join the right units with the other label",
                      " ".join((ROOT / "README.md").read_text(encoding="utf-8").split()))
    assert found and int(found.group(1)) == counts["hit_rel_all"]
    assert int(found.group(2)) == counts["gold_rel_all"] - counts["hit_rel_all"] - missed
    assert cmv["relation_counts"] == {"found": int(found.group(1)), "wrong-label": int(found.group(2)),
                                      "missed": missed, "extra": counts["pred_rel_all"] - counts["hit_rel_all"]
                                      - int(found.group(2))}
    # and so are the confidences' ranking AUCs
    aucs = re.search(r"ranking AUC: CMV dev (\d\.\d+), microtexts (\d\.\d+), QT30 (\d\.\d+)",
                     " ".join((ROOT / "README.md").read_text(encoding="utf-8").split()))
    assert aucs, "the README gives no ranking AUC of relation confidences"
    assert [cmv["confidence_auc"], micro["confidence_auc"], qt30["confidence_auc"]] == pytest.approx(
        [float(value) for value in aucs.groups()], abs=6e-4)
    # the per-fold ranges the README gives are those of `argmap eval --folds 5`
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    ranges = re.search(r"F1 ranges: " + ", ".join(rf"{m} (\d\.\d+)–(\d\.\d+)" for m in METRICS), readme)
    assert ranges, "the README gives no per-fold F1 ranges"
    assert len(cmv["folds"]) == 5 and len(web["folds"]) == 5
    for i, metric in enumerate(METRICS):
        spread = [fold[metric]["f1"] for fold in cmv["folds"]]
        shown = (float(ranges.group(2 * i + 1)), float(ranges.group(2 * i + 2)))
        # JSON gives 4 places, the table and README 3: allow for the second rounding
        assert (min(spread), max(spread)) == pytest.approx(shown, abs=6e-4), metric
    # and so are the bootstrap intervals of `argmap eval --bootstrap 1000`
    intervals = re.search(r"On CMV dev, 95 % intervals: " + ", ".join(rf"{m} (\d\.\d+)–(\d\.\d+)" for m in METRICS),
                          readme)
    assert intervals, "the README gives no bootstrap intervals"
    for i, metric in enumerate(METRICS):
        shown = (float(intervals.group(2 * i + 1)), float(intervals.group(2 * i + 2)))
        assert cmv["bootstrap"]["f1"][metric] == pytest.approx(shown, abs=6e-4), metric
    others = re.search(r"microtexts rel_all (\d\.\d+)–(\d\.\d+), on QT30 (\d\.\d+)–(\d\.\d+)", readme)
    assert others, "the README gives no bootstrap interval for the microtexts and QT30"
    assert [*micro["bootstrap"]["f1"]["rel_all"], *qt30["bootstrap"]["f1"]["rel_all"]] == pytest.approx(
        [float(value) for value in others.groups()], abs=6e-4)


def test_eval_baseline_rows_are_the_ones_the_readme_reports(cli: Cli, shared: Path) -> None:
    results = cli.json("eval", "cmv", "webdiscourse", "microtexts", "qt30", "--baseline")
    assert [r["predictor"] for r in results] == ["baseline"] * 4
    labels = {"cmv": "trivial baseline on CMV dev", "webdiscourse": "trivial baseline on web discourse",
              "microtexts": "trivial baseline on microtexts", "qt30": "trivial baseline on QT30"}
    for result in results:
        shown = _readme_row(labels[result["corpus"]])
        measured = [result[metric]["f1"] for metric in METRICS[:len(shown)]]
        if result["corpus"] in ("cmv", "qt30"):  # rows that end with the stance coverage
            measured = [*[result[metric]["f1"] for metric in METRICS], result["stance"]["coverage"]]
        # JSON gives 4 places, the README 3 (2 for coverage): allow for the second rounding
        assert measured == pytest.approx(shown, abs=6e-4), result["corpus"]
    table = cli("eval", str(shared / "annotated" / "microtexts"), str(shared / "annotated" / "cmv-dev"),
                "--baseline", "--rules")
    assert table.exit_code == 0 and "microtexts (trivial baseline): 112 threads" in table.output
    assert "microtexts: no relations to count by rule" in table.output  # single texts: it relates nothing
    assert re.search(r"argmap\.eval\.baseline\W+202\W+9\W+0\.045\W", table.output)
    # on CMV dev the baseline's one rule is right 9 times in 202
    assert results[0]["rules"] == {"argmap.eval.baseline": {"predicted": 202, "correct": 9, "cross": 202,
                                                            "cross_correct": 9, "precision": 0.0446}}


@pytest.mark.slow
def test_eval_reads_a_plain_folder_of_cmv_threads(cli: Cli, shared: Path, tmp_path: Path) -> None:
    folder = tmp_path / "held-out"
    folder.mkdir()
    for path in sorted((shared / "annotated" / "cmv-dev" / "positive").glob("*.xml"))[:3]:
        shutil.copy(path, folder / path.name)
    result = cli("eval", str(folder), "--folds", "2")
    assert result.exit_code == 0, result.output
    assert "cmv: 3 threads" in result.output and "F1 over 2 folds" in result.output
    assert all(metric in result.output for metric in METRICS)
    too_many = cli("eval", str(folder), "--folds", "9")
    assert too_many.exit_code != 0 and "ask for 2 to" in too_many.output


def test_eval_folder_without_threads_fails_with_the_fix(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "positive").mkdir()
    result = cli("eval", str(tmp_path / "empty"))
    assert result.exit_code != 0
    assert "no .xml file" in result.output and "cmv-dev folder" in result.output


@pytest.mark.slow
def test_eval_scores_argmap_against_a_map_file(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "buses.json"
    path.write_text(json.dumps(aif_map()), encoding="utf-8")
    [result] = cli.json("eval", str(path))
    assert (result["corpus"], result["threads"], result["predictor"]) == ("maps", 1, "argmap")
    assert result["counts"]["gold_units"] == 3 and result["counts"]["gold_rel_all"] == 2
    # Ann going on after Bob's objection continues her own argument; Bob answering Ann disagrees
    assert result["stance"]["coverage"] == 1.0
    kialo = tmp_path / "kialo.txt"
    kialo.write_text(KIALO, encoding="utf-8")
    [scored] = cli.json("eval", str(kialo))
    assert scored["corpus"] == "maps" and scored["counts"]["gold_units"] > 5 and scored["adu"]["f1"] > 0.5
    plain = tmp_path / "plain.txt"
    plain.write_text("Night buses should run all year.\n", encoding="utf-8")
    refused = cli("eval", str(plain))
    assert refused.exit_code != 0 and "holds no argument map" in refused.output


def test_eval_folder_with_an_empty_cmv_file_names_it(cli: Cli, tmp_path: Path) -> None:
    """An empty thread file is an error naming it, before any thread is scored (it crashed the extractor)."""
    from argmap import api
    from argmap.evaluate import CorpusError
    from tests.evaluate.test_cmv import MESSY

    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "0.xml").write_text(MESSY, encoding="utf-8")
    (folder / "empty.xml").write_text("", encoding="utf-8")
    for trivial in (False, True):
        result = cli("eval", str(folder), *(["--baseline"] if trivial else []))
        assert result.exit_code == 1, result.output
        assert "empty.xml: holds no post" in result.output and "fix: " in result.output
        assert "bug in argmap" not in result.output
    with pytest.raises(CorpusError, match=r"empty\.xml"):
        api.evaluate([str(folder)], trivial=True)


def _one_post_map() -> dict[str, object]:
    """One speaker, a claim and its premise: nothing across posts and no reply to take a stance."""
    nodes = [("1", "Ann: Night buses should run all year because shift workers need them", "L"),
             ("2", "Asserting", "YA"), ("3", "Night buses should run all year", "I"), ("4", "Asserting", "YA"),
             ("5", "shift workers need them", "I"), ("6", "Default Inference", "RA")]
    edges = [("1", "2"), ("2", "3"), ("1", "4"), ("4", "5"), ("5", "6"), ("6", "3")]
    return {"nodes": [{"nodeID": n, "text": t, "type": k} for n, t, k in nodes],
            "edges": [{"fromID": a, "toID": b} for a, b in edges]}


def test_eval_table_shows_a_dash_where_there_is_nothing_to_score(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(_one_post_map()), encoding="utf-8")
    result = cli("eval", str(path), "--baseline")
    assert result.exit_code == 0, result.output
    rows = {line.split("│")[1].strip(): line for line in result.output.splitlines() if line.count("│") > 3}
    assert "–" in rows["rel_cross"] and "–" in rows["stance"] and "–" not in rows["adu"]
    [scored] = cli.json("eval", str(path), "--baseline")
    assert scored["stance"]["f1"] == 0.0 and scored["counts"]["stance_replies"] == 0  # JSON keeps the number


# Written for these tests: a user's own annotation with three mistakes that used to vanish silently.
MISTAKES = """<thread ID="t1"><title>CMV: Night buses should run all year.</title>
<OP author="ann"><claim id="1">Night buses should run all year.</claim>
<premise id="2" rel="support" ref="1">Shift workers need them every night.</premise></OP>
<reply author="bob"><claim id="3" rel="rebuttal" ref="99">Nobody rides them in winter.</claim>
<premise id="4" rel="rebuttal">The winter buses run empty.</premise>
<premise id="5" rel="supprt" ref="3">I counted three riders last January.</premise></reply>
</thread>
"""

MICROTEXT = """<?xml version='1.0' encoding='UTF-8'?>
<arggraph id="micro_x1" topic_id="night_buses">
  <edu id="e1">Night buses should run all year.</edu>
  <edu id="e2">Shift workers need them every night.</edu>
  <adu id="a1" type="pro"/><adu id="a2" type="pro"/>
  <edge id="c3" src="e1" trg="a1" type="seg"/><edge id="c4" src="e2" trg="a2" type="seg"/>
  <edge id="c1" src="a2" trg="a1" type="sup"/><edge id="c2" src="a2" trg="a7" type="sup"/>
</arggraph>
"""


def test_eval_warns_of_mistakes_in_a_cmv_annotation(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "0.xml").write_text(MISTAKES, encoding="utf-8")
    result = cli("eval", str(folder), "--baseline")
    assert result.exit_code == 0, result.output
    assert "3 problem(s) in the gold" in result.stderr
    for shown in ("component '3' -> '99' names no component of the thread (dangling-ref)",
                  "component '4' has rel='rebuttal' but no ref (missing-ref)",
                  "rel='supprt' is no relation label (unknown-relation)", "fix: add ref=", "fix: use one of"):
        assert shown in result.stderr, shown
    assert str(folder / "0.xml") in result.stderr
    [scored] = cli.json("eval", str(folder), "--baseline")
    assert [(w["reason"], w["file"]) for w in scored["warnings"]] == [
        ("dangling-ref", str(folder / "0.xml")), ("missing-ref", str(folder / "0.xml")),
        ("unknown-relation", str(folder / "0.xml"))]
    assert all(w["fix"] for w in scored["warnings"]) and scored["counts"]["gold_rel_all"] == 1
    assert scored["notes"] == {"dangling-ref": 1, "missing-ref": 1, "unknown-relation": 1}


def test_eval_warns_of_edges_to_missing_nodes(cli: Cli, tmp_path: Path) -> None:
    micro = tmp_path / "micro"
    micro.mkdir()
    (micro / "micro_x1.xml").write_text(MICROTEXT, encoding="utf-8")
    [scored] = cli.json("eval", str(micro), "--baseline")
    assert [(w["reason"], w["detail"]) for w in scored["warnings"]] == [("unresolved-edge", "sup edge c2: a2 -> a7")]
    doc = aif_map()
    doc["edges"].append({"edgeID": "99", "fromID": "11", "toID": "404"})  # type: ignore[attr-defined]
    path = tmp_path / "buses.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = cli("eval", str(path), "--baseline")
    assert result.exit_code == 0, result.output
    assert "edges[16] (11 -> 404) names no node '404'" in result.stderr and "(dangling-edge)" in result.stderr
    assert "fix: point the edge's fromID and toID at nodeIDs" in result.stderr
    # what the gold leaves out by design is shown too: the map's rephrase (MA) is not scored
    assert "passed over in the gold (not scored) or adjusted (byte offsets, decoded entities): 1 unscored-relation" \
        in result.stderr
    [scored] = cli.json("eval", str(path), "--baseline")
    assert scored["notes"] == {"dangling-edge": 1, "unscored-relation": 1}
    assert [w["reason"] for w in scored["warnings"]] == ["dangling-edge"]


def test_eval_reads_a_folder_of_kialo_exports(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "kialo"
    folder.mkdir()
    (folder / "cars.txt").write_text(KIALO, encoding="utf-8")
    (folder / "cars-again.txt").write_text(KIALO.replace("cars", "vans"), encoding="utf-8")
    [scored] = cli.json("eval", str(folder), "--baseline")
    assert (scored["corpus"], scored["threads"]) == ("maps", 2) and scored["warnings"] == []


def test_eval_map_folder_reads_aif_and_kialo_and_skips_other_files_naming_them(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "maps"
    folder.mkdir()
    (folder / "buses.json").write_text(json.dumps(aif_map()), encoding="utf-8")
    (folder / "cars.txt").write_text(KIALO, encoding="utf-8")
    (folder / "meta.json").write_text('{"name": "my maps", "version": 2}', encoding="utf-8")
    (folder / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (folder / "plain.txt").write_text("Night buses should run all year.\n", encoding="utf-8")
    (folder / "README.md").write_text("# My maps\n", encoding="utf-8")
    result = cli("eval", str(folder), "--baseline")
    assert result.exit_code == 0, result.output
    assert "--format" not in result.output
    for name in ("meta.json", "notes.csv", "plain.txt"):
        assert f"{folder / name}: " in result.stderr, name
    [scored] = cli.json("eval", str(folder), "--baseline")
    assert (scored["corpus"], scored["threads"]) == ("maps", 2)
    skipped = {Path(w["file"]).name: w for w in scored["warnings"] if w["reason"] == "skipped-file"}
    assert set(skipped) == {"meta.json", "notes.csv", "plain.txt"}
    assert all("argmap eval" not in w["fix"] or "--format" not in w["fix"] for w in skipped.values())
    assert scored["notes"]["skipped-documentation"] == 1  # README.md: the folder's own documentation


@pytest.mark.parametrize("setup", ["empty", "csv", "stray-json"])
def test_eval_messages_give_eval_fixes(cli: Cli, tmp_path: Path, setup: str) -> None:
    target = tmp_path / "in"
    target.mkdir()
    if setup == "csv":
        target = tmp_path / "a.csv"
        target.write_text("id,text\n1,Night buses should run all year.\n", encoding="utf-8")
    elif setup == "stray-json":
        (target / "meta.json").write_text('{"name": "my maps"}', encoding="utf-8")
    result = cli("eval", str(target), "--baseline")
    assert result.exit_code == 1, result.output
    assert str(target) in result.stderr and "fix: " in result.stderr
    assert "--format" not in result.stderr and ".xmi" not in result.stderr  # eval has no --format
    assert "AIF" in result.stderr and "Kialo" in result.stderr


def test_eval_result_as_dict_is_what_eval_json_prints(cli: Cli, tmp_path: Path) -> None:
    """A notebook gets the same shape from the API as a script gets from ``argmap eval --json``."""
    from argmap import api

    path = tmp_path / "buses.json"
    path.write_text(json.dumps(aif_map()), encoding="utf-8")
    assert "load_maps" in api.__all__ and [g.name for g in api.load_maps(path)] == [str(path)]
    [result] = api.evaluate([str(path)], trivial=True, folds=0)
    printed = cli.json("eval", str(path), "--baseline")
    assert [result.as_dict()] == printed
    [with_threads] = cli.json("eval", str(path), "--baseline", "--threads")
    assert result.as_dict(by_thread=True) == with_threads and with_threads["by_thread"][0]["name"] == str(path)
    # --explain --json shares the corpus, path and predictor keys, its scores under "scores"
    explained = cli.json("eval", str(path), "--explain", "buses", "--baseline")
    assert {key: explained[key] for key in ("corpus", "path", "predictor")} == {
        "corpus": str(path), "path": printed[0]["path"], "predictor": "baseline"}
    assert explained["scores"]["adu"] == printed[0]["adu"]


@pytest.mark.slow
def test_eval_reads_one_annotated_file_as_its_corpus_does(cli: Cli, shared: Path) -> None:
    thread = shared / "annotated" / "cmv-dev" / "negative" / "8.xml"
    text = shared / "annotated" / "microtexts" / "corpus" / "en" / "micro_b001.xml"
    (cmv,) = cli.json("eval", str(thread))  # it was read as an argument map, and held none
    (micro,) = cli.json("eval", str(text))
    assert (cmv["corpus"], cmv["counts"]["threads"]) == ("cmv", 1) and cmv["counts"]["gold_units"] > 0
    assert (micro["corpus"], micro["counts"]["threads"]) == ("microtexts", 1) and micro["counts"]["gold_units"] > 0


def test_evaluate_an_empty_list_scores_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A filtered list of corpora that came out empty scores nothing: it does not mean every corpus (that is
    ``None``), which would read them all and load the pipeline for minutes."""
    from argmap import api
    from argmap.api import evaluation

    def no_corpus(name: str, skipped: object, gold_format: object = None) -> object:
        raise AssertionError(f"read corpus {name!r}")

    monkeypatch.setattr(evaluation, "_corpus_path", lambda name: name)  # the corpora need not be at hand
    monkeypatch.setattr(evaluation, "_corpus", no_corpus)
    assert api.evaluate([]) == [] and api.evaluate(()) == []
    with pytest.raises(AssertionError, match="read corpus"):
        api.evaluate(None, trivial=True)


def test_eval_reads_a_folder_of_brat_files(cli: Cli, tmp_path: Path) -> None:
    ann = _write(tmp_path / "essays", "essay01", ESSAY, _essay_lines())
    (scored,) = cli.json("eval", str(tmp_path / "essays"), "--baseline")
    assert (scored["corpus"], scored["threads"]) == ("brat", 1)
    assert scored["counts"]["gold_units"] == 8 and scored["counts"]["gold_rel_all"] == 6
    assert {note["reason"] for note in scored["warnings"]} == {"unknown-relation", "dangling-ref"}
    assert scored["notes"]["other-entity"] == 1
    (one,) = cli.json("eval", str(ann), "--baseline")
    assert one["counts"] == scored["counts"]
    result = cli("eval", str(tmp_path / "essays"), "--baseline")
    assert result.exit_code == 0
    assert "'explains' is no relation label (unknown-relation)" in result.stderr


def test_eval_gold_format_reads_a_folder_as_that_format(cli: Cli, tmp_path: Path) -> None:
    _write(tmp_path / "both", "1", ESSAY, _essay_lines())
    (tmp_path / "both" / "2.xml").write_text('<thread ID="x"><OP>Tea is fine.</OP></thread>', encoding="utf-8")
    (as_cmv,) = cli.json("eval", str(tmp_path / "both"), "--baseline")  # .xml threads: read as CMV
    (as_brat,) = cli.json("eval", str(tmp_path / "both"), "--baseline", "--gold-format", "brat")
    assert (as_cmv["corpus"], as_brat["corpus"]) == ("cmv", "brat")
    assert as_brat["counts"]["gold_units"] == 8
    result = cli("eval", str(tmp_path / "both"), "--gold-format", "bart")
    assert result.exit_code == 2  # a value the option does not take: a usage error, as --folds -1
    said = " ".join(result.stderr.replace("│", " ").split())
    assert "no gold format called 'bart'" in said and "give one of cmv, webdiscourse" in said
    assert "brat" in cli("eval", "--help").output


def test_eval_brat_without_its_text_names_the_file_and_the_fix(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "essay.ann").write_text("T1\tClaim 0 4\tDogs\n", encoding="utf-8")
    result = cli("eval", str(tmp_path / "essay.ann"))
    assert result.exit_code == 1
    assert "essay.ann: has no essay.txt beside it" in result.output and "fix: put the text" in result.output


def test_eval_gold_format_in_any_case(cli: Cli, tmp_path: Path) -> None:
    """``--gold-format`` takes a name in any case, as ``ingest --format`` and ``export --format`` do."""
    _write(tmp_path / "both", "1", ESSAY, _essay_lines())
    (tmp_path / "both" / "2.xml").write_text('<thread ID="x"><OP>Tea is fine.</OP></thread>', encoding="utf-8")
    (as_brat,) = cli.json("eval", str(tmp_path / "both"), "--baseline", "--gold-format", "BRAT")
    assert as_brat["corpus"] == "brat" and as_brat["counts"]["gold_units"] == 8


def test_eval_missing_path_says_so_and_names_brat(cli: Cli, tmp_path: Path) -> None:
    """A mistyped path is named as not there, and the fix lists brat files among what ``eval`` reads."""
    result = cli("eval", str(tmp_path / "essay01.ann"), "--baseline")
    assert result.exit_code == 1
    assert "essay01.ann" in result.output and "no such file or folder" in result.output
    assert "brat .ann files with their .txt" in result.output


def test_eval_table_title_counts_one_thread_in_the_singular(cli: Cli, tmp_path: Path) -> None:
    ann = _write(tmp_path / "essays", "essay01", ESSAY, _essay_lines())
    result = cli("eval", str(ann), "--baseline")
    assert result.exit_code == 0
    title = " ".join(result.stdout.split())
    assert "brat (trivial baseline): 1 thread (" in title and "1 threads" not in title


def test_eval_threads_table_shows_a_dash_where_a_thread_has_nothing_to_score(cli: Cli, tmp_path: Path) -> None:
    """A text that stands alone has no relation across posts: its row shows a dash there, as the corpus table
    does, not 0.00; ``--json`` keeps 0 and gives each row the counts behind it."""
    path = tmp_path / "one.json"
    path.write_text(json.dumps(_one_post_map()), encoding="utf-8")
    result = cli("eval", str(path), "--baseline", "--threads")
    assert result.exit_code == 0, result.output
    [row] = [line for line in result.stdout.splitlines() if line.strip().startswith("one")]
    cells = [cell.strip() for cell in row.split("│")]
    assert cells[4] == "–" and cells[1] != "–", row  # cross: nothing to score; adu: scored
    [scored] = cli.json("eval", str(path), "--baseline", "--threads")
    [thread] = scored["by_thread"]
    assert thread["rel_cross"] == 0.0 and thread["counts"]["gold_rel_cross"] == thread["counts"]["pred_rel_cross"] == 0
    assert set(thread["counts"]) == set(scored["counts"])


def test_eval_folds_name_their_threads(cli: Cli, tmp_path: Path) -> None:
    """Which threads each fold holds, so that a researcher can set their own cross-validation beside it."""
    folder = tmp_path / "maps"
    folder.mkdir()
    for name in ("buses", "trams", "ferries"):
        (folder / f"{name}.json").write_text(json.dumps(aif_map()), encoding="utf-8")
    [result] = cli.json("eval", str(folder), "--baseline", "--folds", "2", "--threads")
    names = [fold["names"] for fold in result["folds"]]
    assert sorted(name for fold in names for name in fold) == sorted(row["name"] for row in result["by_thread"])
    assert [len(fold) for fold in names] == [2, 1]  # groups (one per title) dealt in turn
    rows = {row["name"]: row for row in result["by_thread"]}
    for fold in result["folds"]:
        assert fold["counts"]["threads"] == len(fold["names"])
        assert fold["counts"]["gold_units"] == sum(rows[name]["gold_units"] for name in fold["names"])


def test_eval_json_records_what_made_the_predictions(cli: Cli, tmp_path: Path, nlp_blank: object) -> None:
    """Scores depend on the spaCy pipeline as much as on the rules: the JSON names both, to reproduce them."""
    from argmap.api.evaluation import predictor_versions
    from argmap.nlp.components import UNITS_MODEL
    from argmap.nlp.extract import Extractor

    path = tmp_path / "one.json"
    path.write_text(json.dumps(_one_post_map()), encoding="utf-8")
    [scored] = cli.json("eval", str(path), "--baseline")
    versions = scored["versions"]
    assert versions["pipeline"] is None and versions["relations"] == versions["units"] == "argmap.eval.baseline"
    assert set(versions) == {"argmap", "spacy", "pipeline", "units", "relations"}
    made = predictor_versions(Extractor(nlp_blank))  # type: ignore[arg-type]
    assert made["pipeline"] == "en_pipeline 0.0.0" and made["relations"] == MODEL and made["units"] == UNITS_MODEL


def test_eval_bootstrap_gives_each_f1_an_interval(cli: Cli, tmp_path: Path) -> None:
    """How far a score could move on other threads like these: a seeded interval per metric, as JSON and a column."""
    folder = tmp_path / "maps"
    folder.mkdir()
    for name in ("buses", "trams", "ferries"):
        (folder / f"{name}.json").write_text(json.dumps(aif_map()), encoding="utf-8")
    [result] = cli.json("eval", str(folder), "--baseline", "--bootstrap", "200")
    found = result["bootstrap"]
    assert (found["resamples"], found["level"], found["seed"]) == (200, 0.95, 0)
    assert set(found["f1"]) == {"adu", "kind", "rel_all", "rel_cross", "stance"}
    for metric, (low, high) in found["f1"].items():
        assert low <= result[metric]["f1"] <= high, metric
    assert cli.json("eval", str(folder), "--baseline", "--bootstrap", "200") == [result]  # seeded: the same
    assert "bootstrap" not in cli.json("eval", str(folder), "--baseline")[0]  # only when asked for
    table = cli("eval", str(folder), "--baseline", "--bootstrap", "200", "--folds", "2")
    assert table.exit_code == 0 and "interval" in table.stdout and "folds" in table.stdout
    for metric, (low, high) in found["f1"].items():  # each row ends with its interval, whole on any width
        row = next(line for line in table.stdout.splitlines() if line.startswith(f"│ {metric} "))
        assert row.split("│")[-2].strip() == f"{low:.3f}–{high:.3f}", row
    refused = cli("eval", str(folder), "--bootstrap", "10", "--explain", "buses")
    assert refused.exit_code == 1 and "--bootstrap" in refused.output
    assert cli("eval", str(folder), "--bootstrap", "-1").exit_code == 2


def _predictions_for(folder: Path) -> dict[str, object]:
    """A predictions file for the CMV threads of ``folder``: each post's first sentence a claim, attacking the
    previous post's first sentence, and each further sentence (to a full stop) a premise supporting it."""
    from argmap.evaluate import load_cmv

    posts: list[dict[str, object]] = []
    units: list[dict[str, object]] = []
    relations: list[dict[str, object]] = []
    for n, gold in enumerate(load_cmv(folder)):
        for post in gold.thread.posts:
            pid = f"{n}/{post.external_id}"
            posts.append({"id": pid, "external_id": post.external_id, "thread": n, "text": post.text})
            ends = [m.end() for m in re.finditer(r"\.", post.text)]
            for k, (start, end) in enumerate(zip([0, *ends], ends, strict=False)):
                start += len(post.text[start:end]) - len(post.text[start:end].lstrip())
                units.append({"id": f"{pid}@{k}" if k else pid, "post": pid, "kind": "premise" if k else "claim",
                              "start": start, "end": end})
                if k:
                    relations.append({"source": f"{pid}@{k}", "target": pid, "kind": "support",
                                      "model": "mine/in-post"})
            if post.parent is not None:
                relations.append({"source": pid, "target": f"{n}/{post.parent}", "kind": "attack",
                                  "model": "mine/first-sentence"})
    return {"posts": posts, "units": units, "relations": relations}


def test_eval_predicted_scores_another_systems_file(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "0.xml").write_text(MISTAKES, encoding="utf-8")
    path = tmp_path / "theirs.json"
    path.write_text(json.dumps(_predictions_for(folder)), encoding="utf-8")
    [result] = cli.json("eval", str(folder), "--predicted", str(path))
    assert (result["predictor"], result["unpredicted"]) == ("predictions", [])
    assert result["versions"]["predictions"] == str(path) and result["versions"]["relations"] == "mine"
    # every sentence is a gold unit; of the relations only ann's premise supporting her claim is gold (bob's
    # rebuttal names no component, and his last premise's label is misspelt)
    assert result["counts"]["matched_units"] == 5 and result["counts"]["hit_rel_all"] == 1
    assert result["rules"]["mine/in-post"] == {"predicted": 3, "correct": 1, "precision": 0.3333, "cross": 0,
                                                "cross_correct": 0}
    assert result["rules"]["mine/first-sentence"]["correct"] == 0 and result["kind"]["f1"] == 1.0
    table = cli("eval", str(folder), "--predicted", str(path))
    assert table.exit_code == 0 and f"cmv (predictions of {path})" in table.stdout.replace("\n", "")
    explained = cli.json("eval", str(folder), "--predicted", str(path), "--explain", "0")
    assert explained["predictor"] == "predictions"
    assert explained["scores"]["counts"]["hit_rel_all"] == 1
    shown = cli("eval", str(folder), "--predicted", str(path), "--explain", "0")
    assert shown.exit_code == 0 and "predicted: support (in-post 1.00)" in shown.stdout


def test_eval_predicted_warns_of_threads_it_lacks_and_refuses_a_file_for_none(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "0.xml").write_text(MISTAKES, encoding="utf-8")
    (folder / "1.xml").write_text(MISTAKES.replace('ID="t1"', 'ID="t2"').replace("<OP ", '<OP id="op2" '),
                                  encoding="utf-8")
    data = _predictions_for(folder)
    path = tmp_path / "theirs.json"
    path.write_text(json.dumps({key: [entry for entry in entries if not str(entry.get("id", entry.get("source")))
                                      .startswith("1/")] for key, entries in data.items()}), encoding="utf-8")
    result = cli("eval", str(folder), "--predicted", str(path))
    assert result.exit_code == 0, result.output
    assert "cmv: 1 of 2 threads have no prediction in" in result.stderr and "fix: predict on them too" in result.stderr
    [scored] = cli.json("eval", str(folder), "--predicted", str(path))
    assert len(scored["unpredicted"]) == 1 and scored["threads"] == 2
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"posts": [{"id": "x", "text": "Hi."}], "units": []}), encoding="utf-8")
    refused = cli("eval", str(folder), "--predicted", str(other))
    assert refused.exit_code == 1 and "holds a prediction for none of the 2 threads of cmv" in refused.output
    assert "fix: predict on the corpus's own threads" in refused.output
    both = cli("eval", str(folder), "--predicted", str(path), "--baseline")
    assert both.exit_code != 0 and "--baseline and --predicted" in both.output and "fix:" in both.output
    broken = tmp_path / "broken.json"
    broken.write_text('{"posts": [}', encoding="utf-8")
    bad = cli("eval", str(folder), "--predicted", str(broken))
    assert bad.exit_code == 1 and "broken.json, line 1: is not valid JSON" in bad.output


@pytest.mark.slow
def test_eval_predicted_from_argmaps_own_export_scores_as_argmap(cli: Cli, shared: Path, tmp_path: Path) -> None:
    """Ingest CMV threads, export the maps and score the export: the same numbers as scoring argmap directly,
    so what ingest stores is what eval scores."""
    folder = tmp_path / "cmv"
    folder.mkdir()
    for path in sorted((shared / "annotated" / "cmv-dev" / "negative").glob("*.xml"))[:4]:
        shutil.copy(path, folder / path.name)
    assert cli("ingest", str(folder)).exit_code == 0
    export = tmp_path / "maps.json"
    assert cli("export", "--format", "json", "-o", str(export)).exit_code == 0
    [direct] = cli.json("eval", str(folder))
    [read] = cli.json("eval", str(folder), "--predicted", str(export), "--versus", "argmap")
    assert read["unpredicted"] == [] and read["counts"]["pred_rel_all"] > 0
    # the file is argmap's own map, so the paired comparison with argmap finds no difference in any draw
    assert read["versus"]["predictor"] == "argmap" and read["versus"]["resamples"] == 1000
    for metric, found in read["versus"]["difference"].items():
        assert found == {"f1": 0.0, "interval": [0.0, 0.0], "better": 0.0}, metric
        assert read["versus"]["f1"][metric] == round(direct[metric]["f1"], 4)
    for key in ("adu", "kind", "rel_all", "rel_cross", "stance", "counts", "rules", "relation_counts",
                "relation_causes", "confidence_auc"):
        assert read[key] == direct[key], key


def test_eval_versus_compares_two_predictors_on_the_same_draws(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    for n in range(4):
        (folder / f"{n}.xml").write_text(MISTAKES.replace('ID="t1"', f'ID="t{n}"'), encoding="utf-8")
    path = tmp_path / "theirs.json"
    path.write_text(json.dumps(_predictions_for(folder)), encoding="utf-8")
    [result] = cli.json("eval", str(folder), "--baseline", "--versus", str(path), "--bootstrap", "50")
    versus = result["versus"]
    assert (versus["predictor"], versus["resamples"], versus["level"]) == (str(path), 50, 0.95)
    # the file finds every unit and its kinds; the baseline calls everything a claim
    assert versus["f1"]["kind"] == 1.0 and result["kind"]["f1"] < 1.0
    kind = versus["difference"]["kind"]
    assert kind["f1"] == round(result["kind"]["f1"] - 1.0, 4) and kind["better"] == 0.0
    assert kind["interval"][0] <= kind["f1"] <= kind["interval"][1] < 0
    table = cli("eval", str(folder), "--baseline", "--versus", str(path))
    assert table.exit_code == 0, table.output
    assert f"cmv: baseline against {path}" in table.stdout.replace("\n", "") and "draws won" in table.stdout
    same = cli("eval", str(folder), "--baseline", "--versus", "baseline")
    assert same.exit_code == 1 and "compares baseline with itself" in same.output
    explained = cli("eval", str(folder), "--versus", "baseline", "--explain", "0")
    assert explained.exit_code != 0 and "--versus score a whole corpus" in explained.output


def test_eval_reads_a_map_file_given_by_name_whatever_its_name(cli: Cli, tmp_path: Path) -> None:
    """A map saved as ``.aif`` is read as ingest reads it; in a folder only thread-file names are read."""
    path = tmp_path / "buses.aif"
    path.write_text(json.dumps(aif_map()), encoding="utf-8")
    [scored] = cli.json("eval", str(path), "--baseline")
    assert (scored["corpus"], scored["threads"], scored["counts"]["gold_units"]) == ("maps", 1, 3)
    (tmp_path / "other.json").write_text(json.dumps(aif_map()), encoding="utf-8")
    [folder] = cli.json("eval", str(tmp_path), "--baseline")
    assert folder["threads"] == 1  # other.json; buses.aif passed over


def test_eval_explain_json_names_units_so_a_script_can_join_them_with_the_export(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "0.xml").write_text(MISTAKES, encoding="utf-8")
    data = _predictions_for(folder)
    data["units"].reverse()  # the file's order is not the extraction's: places in the list would not join
    path = tmp_path / "theirs.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    explained = cli.json("eval", str(folder), "--predicted", str(path), "--explain", "0")
    external = {p["id"]: p["external_id"] for p in data["posts"]}
    by_id = {u["id"]: {"id": u["id"], "post": external[u["post"]], "start": u["start"], "end": u["end"]}
             for u in data["units"]}
    drawn = [r for r in explained["relations"] if r["source"] is not None]
    assert drawn and all(r["source_unit"] == by_id[r["source_unit"]["id"]] for r in drawn)
    assert sorted((r["source_unit"]["id"], r["target_unit"]["id"]) for r in drawn) == sorted(
        (r["source"], r["target"]) for r in data["relations"] if r["kind"] in ("support", "attack"))
    ours = [u for u in explained["units"] if u["unit"] is not None]
    assert ours and all(by_id[u["unit_id"]] == {"id": u["unit_id"], "post": u["post"], "start": u["start"],
                                                "end": u["end"]} for u in ours)
    assert "source" in drawn[0] and "unit" in ours[0]  # the places stay


@pytest.mark.slow
def test_eval_a_map_exported_to_brat_scores_1_against_its_json_export_whatever_its_spaces(cli: Cli,
                                                                                         tmp_path: Path) -> None:
    """README, "Correcting a map in brat": before any correction every F1 is 1.0. A post with spaces at a line's end
    or Windows line ends failed instead ("its text is not the text of that post"): the brat reader trimmed every
    line of argmap's own export, whose text is the posts' own (38 of 278 posts of three shared threads)."""
    lines = [{"id": "p1", "parent": None, "author": "ann", "thread": "t", "title": "Buses",
              "text": "Buses should be free.   \r\nThey cut traffic and pollution in town.  "},
             {"id": "p2", "parent": "p1", "author": "bob", "thread": "t",
              "text": "  No, buses cost money that schools need more.\r\nFares pay the drivers."}]
    (tmp_path / "t.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    assert cli("ingest", str(tmp_path / "t.jsonl")).exit_code == 0
    assert cli("export", "--format", "brat", "-o", str(tmp_path / "annotate")).exit_code == 0
    assert cli("export", "--format", "json", "-o", str(tmp_path / "maps.json")).exit_code == 0
    done = cli("eval", str(tmp_path / "annotate"), "--predicted", str(tmp_path / "maps.json"), "--json")
    assert done.exit_code == 0, done.output
    [result] = json.loads(done.stdout)
    assert result["counts"]["gold_units"] >= 4 and result["counts"]["gold_rel_all"] >= 2
    assert [result[metric]["f1"] for metric in ("adu", "kind", "rel_all")] == [1.0, 1.0, 1.0]
