"""Curated argument maps as gold: an AIF map of our own, the CLI on a map file, and the QT30 maps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.api.evaluation import load_maps
from argmap.domain import Post, Thread
from argmap.evaluate import CorpusError, GoldRelation, summary
from argmap.evaluate.curated import gold_from_map
from argmap.sources import aif


def aif_map() -> dict[str, object]:
    """Ann proposes, Bob objects, Ann goes on; one rephrase (MA), which is not scored."""
    nodes = [
        ("1", "Ann: Night buses should run all year", "L"), ("2", "Asserting", "YA"),
        ("3", "Night buses should run all year", "I"),
        ("4", "Bob: Nobody rides them in winter", "L"), ("5", "Asserting", "YA"),
        ("6", "nobody rides night buses in winter", "I"), ("7", "Default Conflict", "CA"),
        ("8", "Default Transition", "TA"),
        ("9", "Ann: Shift workers ride them every night", "L"), ("10", "Asserting", "YA"),
        ("11", "Shift workers ride them every night", "I"), ("12", "Default Inference", "RA"),
        ("13", "Default Transition", "TA"), ("14", "Default Rephrase", "MA"),
    ]
    edges = [("1", "2"), ("2", "3"), ("4", "5"), ("5", "6"), ("6", "7"), ("7", "3"), ("1", "8"), ("8", "4"),
             ("9", "10"), ("10", "11"), ("11", "12"), ("12", "3"), ("4", "13"), ("13", "9"), ("11", "14"),
             ("14", "6")]
    return {
        "nodes": [{"nodeID": n, "text": t, "type": k} for n, t, k in nodes],
        "edges": [{"edgeID": str(i), "fromID": a, "toID": b} for i, (a, b) in enumerate(edges, start=1)],
        "locutions": [{"nodeID": n, "personID": p} for n, p in (("1", 1), ("4", 2), ("9", 1))],
        "participants": [{"participantID": 1, "firstname": "Ann", "surname": ""},
                         {"participantID": 2, "firstname": "Bob", "surname": ""}],
    }


def test_curated_map_becomes_gold_without_its_analysis(tmp_path: Path) -> None:
    thread = aif.read(json.dumps(aif_map()), source="buses.json")
    gold = gold_from_map("buses.json", thread)
    assert gold.thread.extraction is None and thread.extraction is not None  # the predictor must find it
    assert [p.text for p in gold.thread.posts] == [p.text for p in thread.posts]
    kinds = {unit.text: unit.kind for unit in gold.units}
    assert kinds == {"Night buses should run all year": "claim", "nobody rides night buses in winter": "claim",
                     "Shift workers ride them every night": "premise"}
    ids = {unit.text: unit.id for unit in gold.units}
    assert set(gold.relations) == {
        GoldRelation(ids["nobody rides night buses in winter"], ids["Night buses should run all year"], "attack"),
        GoldRelation(ids["Shift workers ride them every night"], ids["Night buses should run all year"], "support"),
    }
    assert [note.reason for note in gold.thread.notes if note.reason.startswith("unscored")] == ["unscored-relation"]


def test_curated_thread_without_a_map_is_refused() -> None:
    thread = Thread(key="t", format="text", source="plain.txt", posts=[Post("1", None, None, "Just text.")])
    with pytest.raises(CorpusError, match=r"plain\.txt: holds no argument map.*AIF"):
        gold_from_map("plain.txt", thread)


def test_curated_folder_without_maps_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match=r"holds no argument map \(AIF \.json, Kialo \.txt\)"):
        load_maps(tmp_path)


@pytest.mark.parametrize("name", ["my-map.json", "maps"])
def test_curated_missing_path_is_a_corpus_error(tmp_path: Path, name: str) -> None:
    # the README's load_maps("my-map.json") with no such file: an ArgmapError naming it, not FileNotFoundError
    with pytest.raises(CorpusError, match=rf"{name}: does not exist\n  fix: give AIF JSON exports"):
        load_maps(tmp_path / name)


def test_curated_argmaps_own_json_export_names_predicted(tmp_path: Path) -> None:
    # before: "is not an argument map argmap reads (AIF .json, Kialo .txt)", though argmap wrote it and
    # --predicted reads it: most likely the two arguments were given the other way round
    from tests.evaluate.test_predicted import as_export
    from tests.evaluate.tiny import tiny_gold, tiny_predicted

    path = tmp_path / "my map.json"
    path.write_text(json.dumps(as_export(tiny_gold(), tiny_predicted())), encoding="utf-8")
    with pytest.raises(CorpusError, match=r"my map\.json: is argmap's own JSON export: predictions, not an annotated "
                                          r"map.*\n  fix: score it against its corpus: argmap eval CORPUS --predicted "
                                          r"'.*my map\.json'$"):
        load_maps(path)


def test_qt30_maps_as_gold(shared: Path) -> None:
    corpus = load_maps(shared / "annotated" / "qt30-aif")
    counts = summary(corpus)
    # 185 units: 184 propositions, one of them asserted in two speakers' turns (test_map6)
    assert (counts["threads"], counts["units"], counts["relations"], counts["attacks"]) == (11, 185, 78, 13)
    for gold in corpus:
        assert gold.thread.extraction is None
        posts = {post.external_id for post in gold.thread.posts}
        assert all(unit.post in posts for unit in gold.units)


def test_curated_eval_result_repr_is_the_scores_not_every_thread(tmp_path: Path) -> None:
    from argmap.api import evaluate

    path = tmp_path / "buses.json"
    path.write_text(json.dumps(aif_map()), encoding="utf-8")
    [result] = evaluate([str(path)], trivial=True)
    assert result.threads_checked and result.notes  # still there, as attributes
    shown = repr(result)
    assert shown.startswith("EvalResult(corpus='maps', ") and "scores=Scores(" in shown and "causes=" in shown
    assert "threads_checked" not in shown and "notes=" not in shown  # a notebook showed megabytes of them (CMV)


def test_curated_export_of_several_threads_is_a_gold_thread_each(tmp_path: Path) -> None:
    """An argmap AIF export of several threads (a brat corpus turned into AIF, say) is several gold threads, as
    argmap ingest reads it: it was scored as one, so --threads gave one row and --folds refused to split it."""
    from argmap import api
    from argmap.api.evaluation import _thread
    from argmap.config import Settings
    from argmap.evaluate.brat import read_brat

    folder = tmp_path / "essays"
    folder.mkdir()
    texts = {"libraries": "Towns should keep their libraries open. They cost less than people think.",
             "buses": "Night buses should run all year. Shift workers ride them every night."}
    for stem, text in texts.items():
        first, second = text.split(". ", 1)
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
        (folder / f"{stem}.ann").write_text(
            f"T1\tMajorClaim 0 {len(first)}\t{first}\n"
            f"T2\tPremise {len(first) + 2} {len(text) - 1}\t{second[:-1]}\nR1\tsupports Arg1:T2 Arg2:T1\n",
            encoding="utf-8")
    settings = Settings(db=str(tmp_path / "essays.db"))
    assert api.ingest([str(folder / "libraries.ann"), str(folder / "buses.ann")], settings=settings).ok
    path = tmp_path / "essays.aif.json"
    exported = api.export(settings=settings, format="aif")
    assert isinstance(exported, str)
    path.write_text(exported, encoding="utf-8")
    gold = load_maps(path)
    assert sorted(g.name for g in gold) == [f"{path}#buses", f"{path}#libraries"]
    for thread in gold:
        brat = read_brat(folder / f"{thread.name.rsplit('#', 1)[1]}.ann")
        assert [(u.kind, u.text) for u in thread.units] == [(u.kind, u.text) for u in brat.units]
        assert [(r.kind,) for r in thread.relations] == [(r.kind,) for r in brat.relations]
    assert _thread(gold, "buses", str(path)).name == f"{path}#buses"  # --explain buses
    single = tmp_path / "map.json"
    single.write_text(json.dumps(aif_map()), encoding="utf-8")
    assert [g.name for g in load_maps(single)] == [str(single)]  # a map of one thread keeps its file's name
