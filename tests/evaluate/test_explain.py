"""The explanation of one thread's score: every relation and unit checked, causes in words, counts that add up."""

from __future__ import annotations

from argmap.domain import Extraction
from argmap.evaluate import GoldThread, UnitRef, explain
from tests.evaluate.tiny import R1, rel, tiny_predicted


def test_explain_checks_every_relation_with_its_cause(gold: GoldThread, predicted: Extraction) -> None:
    report = explain(gold, predicted)
    rows = [(c.status, c.gold_source, c.gold_target, c.source, c.target, c.cross, c.why) for c in report.relations]
    assert rows == [
        ("found", "p1", "c1", 1, 0, False, ""),
        ("wrong-label", "p2", "c1", 2, 0, False, "argmap says attack, the annotators support"),
        ("found", "c2", "c1", 3, 0, True, ""),
        ("missed", "p3", "c2", None, None, False, "its source matches no argmap unit"),  # an "other" unit there
        ("missed", "c3", "c2", None, None, True, "its source matches no argmap unit"),
        ("extra", None, None, 4, 1, True, "its source matches no gold component"),
    ]
    assert report.relations[0].model == "test" and report.relations[0].gold_kind == "support"
    assert (report.relations[1].gold_kind, report.relations[1].kind) == ("support", "attack")
    assert report.relations[-1].source_text == "I disagree strongly."
    assert report.relations[-1].target_text == "They need less space."


def test_explain_counts_add_up_to_the_threads_scores(gold: GoldThread, predicted: Extraction) -> None:
    report = explain(gold, predicted)
    counts, scored = report.counts(), report.scores.counts
    assert counts == {"found": 2, "wrong-label": 1, "missed": 2, "extra": 1}
    assert counts["found"] == scored["hit_rel_all"]
    assert counts["found"] + counts["wrong-label"] + counts["missed"] == scored["gold_rel_all"]
    assert counts["found"] + counts["wrong-label"] + counts["extra"] == scored["pred_rel_all"]
    assert report.as_dict()["relation_counts"] == counts
    assert report.causes() == {"missed:no-source-unit": 2, "extra:no-source-unit": 1}
    assert sum(report.causes().values()) == counts["missed"] + counts["extra"]
    assert [c.cause for c in report.relations] == ["", "label", "", "no-source-unit", "no-source-unit",
                                                   "no-source-unit"]
    assert report.as_dict()["scores"]["rel_all"]["f1"] == round(report.scores.rel_all.f1, 4)


def test_explain_names_the_unit_the_other_side_chose(gold: GoldThread, predicted: Extraction) -> None:
    predicted.relations = [
        rel(3, 1, "support"),  # c2 -> p1 where the annotators have c2 -> c1 (attack)
        rel(0, 3, "support"),  # c1 relates to nothing in the gold
    ]
    by_ends = {(c.gold_source, c.gold_target, c.source, c.target): c.why for c in explain(gold, predicted).relations}
    assert by_ends[("c2", "c1", None, None)] == (
        "argmap relates the source to another unit: 'They need less space.' (support, test)")
    # p1 is a unit argmap found (as a claim) but relates to nothing
    assert by_ends[("p1", "c1", None, None)] == "argmap relates the source to nothing (it takes it for a claim)"
    assert by_ends[(None, None, 3, 1)] == (
        "the annotators relate the source to another unit: 'Cats are better pets than dogs.' (attack)")
    assert by_ends[(None, None, 0, 3)] == "the annotators relate the source to nothing (they mark it a claim)"


def test_explain_says_which_end_is_missing(gold: GoldThread, predicted: Extraction) -> None:
    predicted.units = predicted.units[:3]  # nothing found in the replies
    predicted.relations = [rel(1, 0, "support")]
    missed = {(c.gold_source, c.gold_target): c.why for c in explain(gold, predicted).relations if c.status == "missed"}
    assert missed[("c2", "c1")] == "its source matches no argmap unit"
    assert missed[("c3", "c2")] == "neither end matches an argmap unit"
    fresh = tiny_predicted()
    fresh.units[0].kind = "other"  # c1 is matched by no argumentative unit now
    fresh.relations = [rel(1, 4, "support")]  # p1 -> a unit the annotators did not mark
    checks = explain(gold, fresh).relations
    assert [c.why for c in checks if c.gold_source == "p1"] == ["its target matches no argmap unit"]
    assert [c.why for c in checks if c.status == "extra"] == ["its target matches no gold component"]


def test_explain_lists_units_in_post_order(gold: GoldThread, predicted: Extraction) -> None:
    units = [(u.status, u.post, u.gold, u.gold_kind, u.unit, u.kind) for u in explain(gold, predicted).units]
    assert units == [
        ("matched", "op", "c1", "claim", 0, "claim"),
        ("matched", "op", "p1", "premise", 1, "claim"),
        ("matched", "op", "p2", "premise", 2, "premise"),
        ("matched", "r1", "c2", "claim", 3, "claim"),
        ("missed", "r1", "p3", "premise", None, None),
        ("extra", "r1", None, None, 4, "claim"),
        ("missed", "r2", "c3", "claim", None, None),
    ]


def test_explain_gives_each_unit_its_overlap_and_offsets() -> None:
    """Why a component is matched or missed, as the metric sees it: the word overlap (matched from 0.5) and where
    both sides' spans lie, so that a miss by segmentation can be told from a miss by one-to-one matching."""
    from argmap.domain import Post, Thread
    from argmap.evaluate import GoldUnit
    from tests.evaluate.tiny import unit

    text = "Night buses should run all year round. Shift workers need them. Thanks!"
    thread = Thread(key="g", format="test", source="test", posts=[Post("a", None, None, text)])
    gold = GoldThread("g", thread, [GoldUnit("A", "a", "claim", 0, 38, text[0:38]),
                                    GoldUnit("B", "a", "premise", 39, 63, text[39:63])])
    predicted = Extraction([unit("a", "claim", text, "Night buses should run all year"),  # 6 of 7 words
                            unit("a", "premise", text, "Shift workers"),  # 2 of 4 words
                            unit("a", "claim", text, "Thanks!")])
    checks = {(c.status, c.gold or c.unit_text): c for c in explain(gold, predicted).units}
    matched = checks[("matched", "A")]
    assert (matched.overlap, matched.gold_start, matched.gold_end, matched.start, matched.end) == (0.8571, 0, 38, 0, 31)
    assert checks[("matched", "B")].overlap == 0.5  # the threshold: a match
    extra = checks[("extra", "Thanks!")]
    assert (extra.overlap, extra.gold_start, extra.start, extra.end) == (0.0, None, 64, 71)
    predicted.units[1] = unit("a", "premise", text, "Shift")  # 1 of 4 words
    missed = {c.gold: c for c in explain(gold, predicted).units if c.status == "missed"}["B"]
    assert (missed.overlap, missed.gold_start, missed.gold_end, missed.start) == (0.25, 39, 63, None)
    assert explain(gold, predicted).as_dict()["units"][0]["overlap"] == 0.8571


def test_explain_names_argmaps_units_by_post_offsets_and_id_not_only_by_place(
        gold: GoldThread, predicted: Extraction) -> None:
    """A script joins the checks with the JSON export by post and offsets (and the unit's id, where given), which
    stay the same when the extraction's list order does not."""
    ids = [f"u{n}" for n in range(len(predicted.units))]
    report = explain(gold, predicted, unit_ids=ids)

    def ref(index: int | None) -> UnitRef | None:
        if index is None:
            return None
        unit = predicted.units[index]
        return UnitRef(ids[index], unit.post, unit.start, unit.end)

    assert [(c.source_unit, c.target_unit) for c in report.relations] == [
        (ref(c.source), ref(c.target)) for c in report.relations]
    assert sum(c.source_unit is None for c in report.relations) == 2  # the missed gold relations
    extra = report.relations[-1]
    assert (extra.status, extra.source_unit, extra.target_unit) == (
        "extra", UnitRef("u4", "r1", R1.index("I disagree"), len(R1)), UnitRef("u1", "op", 32, 53))
    assert report.as_dict()["relations"][-1]["source_unit"] == {"id": "u4", "post": "r1", "start": 44, "end": 64}
    assert {c.unit_id for c in report.units if c.unit is not None} == {ids[c.unit] for c in report.units
                                                                       if c.unit is not None}
    assert all(c.unit_id is None for c in report.units if c.unit is None)
    # without ids (argmap's own predictions), post and offsets still name each unit
    plain = explain(gold, predicted)
    assert plain.relations[-1].source_unit == UnitRef(None, "r1", 44, 64)
    assert all(c.unit_id is None for c in plain.units)
