"""Predictions read from a file in the shape of argmap's JSON export score as the same predictions in Python."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from argmap.domain import Extraction
from argmap.errors import InputError
from argmap.evaluate import EvaluationError, GoldThread, score
from argmap.evaluate.predicted import DEFAULT_MODEL, align, read_predictions
from tests.evaluate.tiny import tiny_gold, tiny_predicted


def as_export(gold: GoldThread, predicted: Extraction, *, thread: str = "t-1") -> dict[str, Any]:
    """``predicted`` written as argmap's JSON export writes a map, units listed last post first."""
    posts = [{"id": f"p-{post.external_id}", "external_id": post.external_id, "thread": thread,
              "parent": post.parent, "author": post.author, "text": post.text} for post in gold.thread.posts]
    units = [{"id": f"u-{n}", "post": f"p-{unit.post}", "kind": unit.kind, "text": unit.text, "start": unit.start,
              "end": unit.end, "confidence": unit.confidence, "topics": []}
             for n, unit in reversed(list(enumerate(predicted.units)))]
    relations = [{"id": f"r-{n}", "source": f"u-{r.source}", "target": f"u-{r.target}", "kind": r.kind,
                  "confidence": r.confidence, "model": r.model, "reason": r.reason}
                 for n, r in enumerate(predicted.relations)]
    return {"argmap_json": 1, "threads": [{"id": thread}], "posts": posts, "units": units, "relations": relations}


def _write(tmp_path: Path, data: object, name: str = "mine.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def test_predicted_file_scores_as_the_extraction_it_holds(tmp_path: Path) -> None:
    gold = tiny_gold()
    path = _write(tmp_path, as_export(gold, tiny_predicted()))
    predictions = read_predictions(path)
    [extraction], missing = align([gold], predictions)
    assert missing == []
    # units back in post and text order, whatever order the file lists them in
    posts = [post.external_id for post in gold.thread.posts]
    in_order = sorted(tiny_predicted().units, key=lambda u: (posts.index(u.post), u.start))
    assert [u.text for u in extraction.units] == [u.text for u in in_order]
    assert score([gold], [extraction]) == score([gold], [tiny_predicted()])
    assert score([gold], [extraction]).rel_all.f1 > 0


def test_predicted_file_needs_only_the_fields_scored(tmp_path: Path) -> None:
    """No thread, external_id, text of a unit, confidence or model: the post's id is its external id, all posts
    are one thread, and every relation is the file's own 'predicted'."""
    gold = tiny_gold()
    op = gold.thread.posts[0].text
    data = {"posts": [{"id": post.external_id, "text": post.text} for post in gold.thread.posts],
            "units": [{"id": 1, "post": "op", "kind": "claim", "start": 0, "end": op.index(".") + 1},
                      {"id": 2, "post": "op", "kind": "premise", "start": op.index("They"),
                       "end": op.index("space.") + 6}],
            "relations": [{"source": 2, "target": 1, "kind": "support"}]}
    [extraction], _ = align([gold], read_predictions(_write(tmp_path, data)))
    scores = score([gold], [extraction])
    assert scores.counts["hit_rel_all"] == 1 and scores.rules[DEFAULT_MODEL].correct == 1
    assert extraction.units[0].text == "Cats are better pets than dogs."


def test_predicted_thread_missing_from_the_file_predicts_nothing(tmp_path: Path) -> None:
    gold = tiny_gold()
    other = tiny_gold()
    other.name = "other"
    other.thread.posts[2].external_id = "r9"
    [found, empty], missing = align([gold, other], read_predictions(_write(tmp_path, as_export(gold,
                                                                                               tiny_predicted()))))
    assert missing == ["other"] and empty == Extraction() and found.units


def test_predicted_post_with_other_text_is_refused_naming_it(tmp_path: Path) -> None:
    gold = tiny_gold()
    data = as_export(gold, Extraction())
    data["posts"][1]["text"] = data["posts"][1]["text"].replace("loyal", "royal")
    with pytest.raises(EvaluationError, match=r"mine\.json: thread 't-1', post 'r1': its text is not the text of "
                                              r"that post in tiny \(they differ from character 9: 'royal"):
        align([gold], read_predictions(_write(tmp_path, data)))


def test_predicted_kinds_are_read_in_any_case_and_by_the_corpora_s_names(tmp_path: Path) -> None:
    """``Claim``, ``supports`` or ``rebuttal`` were units and relations of kinds no metric scores: a perfect
    prediction written with them scored 0, exit 0, without a word."""
    gold = tiny_gold()
    data = as_export(gold, tiny_predicted())
    names = {"claim": "MajorClaim", "premise": "Premise"}
    for unit in data["units"]:
        unit["kind"] = names.get(unit["kind"], unit["kind"])
    for relation in data["relations"]:
        relation["kind"] = {"support": "Supports", "attack": "rebuttal"}.get(relation["kind"], relation["kind"])
    assert {"MajorClaim", "Premise"} <= {u["kind"] for u in data["units"]} and data["relations"]
    [extraction], _ = align([gold], read_predictions(_write(tmp_path, data)))
    assert score([gold], [extraction]) == score([gold], [tiny_predicted()])


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.pop("units"), "has no 'units' list"),
    (lambda d: d.update(posts={}), "'posts' must be a list of objects"),
    (lambda d: d["posts"][0].pop("text"), r"posts\[0\] \(id 'p-op'\): text must be a string"),
    (lambda d: d["posts"][1].update(id="p-op"), r"posts\[1\] \(id 'p-op'\): a second post with this id"),
    (lambda d: d["units"][0].update(post="p-x"), r"units\[0\] \(id 'u-5'\): post 'p-x' is no post of the file"),
    (lambda d: d["units"][0].update(end=999), r"units\[0\] \(id 'u-5'\): start and end must be whole numbers"),
    (lambda d: d["units"][0].update(start=1.5), r"start and end must be whole numbers"),
    (lambda d: d["units"][0].update(text="Dogs are royal"), r"units\[0\] \(id 'u-5'\): its text is not its post's"),
    (lambda d: d["units"][0].update(kind=None), r"kind must be a string"),
    (lambda d: d["units"][0].update(kind="Background"), r"units\[0\] \(id 'u-5'\): kind 'Background' is no unit "
                                                         r"kind argmap knows, so the unit would not be scored"),
    (lambda d: d["relations"][0].update(kind="causes"), r"relations\[0\] \(id 'r-0'\): kind 'causes' is no "
                                                         r"relation kind argmap knows"),
    (lambda d: d["units"][0].update(confidence=2), r"confidence must be a number from 0 to 1"),
    (lambda d: d["units"][0].update(id=["u"]), r"units\[0\]: id must be a string or an integer"),
    (lambda d: d["relations"][0].update(target="u-x"), r"relations\[0\] \(id 'r-0'\): target 'u-x' is no unit"),
    (lambda d: d["relations"][0].update(model=3), r"relations\[0\] \(id 'r-0'\): model must be a string"),
])
def test_predicted_file_breaking_the_shape_names_the_entry_and_the_fix(tmp_path: Path, change: Any,
                                                                         message: str) -> None:
    data = as_export(tiny_gold(), tiny_predicted())
    change(data)
    with pytest.raises(InputError, match=message) as caught:
        read_predictions(_write(tmp_path, data))
    assert caught.value.source == str(tmp_path / "mine.json") and caught.value.fix


def test_predicted_relation_across_threads_is_refused(tmp_path: Path) -> None:
    gold = tiny_gold()
    data = as_export(gold, tiny_predicted())
    second = as_export(gold, tiny_predicted(), thread="t-2")
    for post in second["posts"]:
        post["id"] += "-2"
    for unit in second["units"]:
        unit["id"] += "-2"
        unit["post"] += "-2"
    data["posts"] += second["posts"]
    data["units"] += second["units"]
    data["relations"].append({"source": "u-0", "target": "u-1-2", "kind": "attack"})
    with pytest.raises(InputError, match=r"its units are in different threads \('t-1' and 't-2'\)"):
        read_predictions(_write(tmp_path, data))


def test_predicted_file_that_is_no_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"posts": [\n  {"id": 1,}\n]}', encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.json, line 2: is not valid JSON"):
        read_predictions(path)
    with pytest.raises(InputError, match="cannot be read"):
        read_predictions(tmp_path / "absent.json")


def test_predicted_imported_map_exported_scores_against_itself_whole(shared: Path, tmp_path: Path) -> None:
    """A QT30 map ingested and exported as JSON was refused by --predicted (its reworded propositions' texts are
    not their spans), and with the texts left out scored adu 0.58 against itself: imported units are matched by the
    analyst's words they carry."""
    from argmap import api
    from argmap.config import Settings

    gold = shared / "annotated" / "qt30-aif" / "test_map1.json"
    settings = Settings(db=str(tmp_path / "q.db"))
    api.ingest([str(gold)], settings=settings)
    exported = tmp_path / "map1.json"
    exported.write_text(json.dumps(api.export(settings=settings)), encoding="utf-8")
    [result] = api.evaluate([str(gold)], predicted=exported)
    assert (result.scores.adu.f1, result.scores.kind.f1, result.scores.rel_all.f1) == (1.0, 1.0, 1.0)


def test_predicted_text_that_stands_alone_is_found_by_its_words(tmp_path: Path) -> None:
    """A microtext is one post, which the gold names after its file ("micro_b001") and argmap's reader of the
    .txt calls "1": the README's recipe (ingest the files, export JSON) predicted none of the 112 texts."""
    from argmap.domain import Post, Thread, Unit
    from argmap.evaluate import GoldUnit

    text = "Buses should be free. They cut traffic in town."
    gold = GoldThread("micro_b001", Thread("microtexts:micro_b001", "microtexts", "b001.xml",
                                           posts=[Post("micro_b001", None, None, text)]),
                      units=[GoldUnit("a1", "micro_b001", "claim", 0, 21, text[:21])])
    other = GoldThread("micro_b002", Thread("microtexts:micro_b002", "microtexts", "b002.xml",
                                            posts=[Post("micro_b002", None, None, "Fares pay the drivers.")]))
    read = GoldThread("1", Thread("text:1", "text", "b001.txt", posts=[Post("1", None, None, text)]))
    predicted = Extraction(units=[Unit("1", "claim", 0, 21, text[:21], 0.9, "m", "r")])
    [found, empty], missing = align([gold, other], read_predictions(_write(tmp_path, as_export(read, predicted))))
    assert missing == ["micro_b002"] and empty == Extraction()
    assert [(u.post, u.start, u.end) for u in found.units] == [("micro_b001", 0, 21)]
    assert score([gold], [found]).adu.f1 == 1.0
