"""What an analyst chose or added for a stored thread, and whether it survives the thread ingested again (the same
file, a newer snapshot, or after an upgrade that extracts it again)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from argmap import Settings, analyze, ingest
from argmap.store.db import make_engine
from tests.render.conftest import KIALO

THESIS = "Cities should ban cars from their centres."


def _labels(settings: Settings) -> list[tuple[str, ...]]:
    engine = make_engine(settings.db)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(
                "SELECT u.text, l.label, l.semantics, l.reason, l.chain FROM unit_label l JOIN unit u "
                "ON u.id = l.unit_id ORDER BY u.text"))]
    finally:
        engine.dispose()


def test_ingest_again_keeps_the_label_semantics_analyze_chose(tmp_path: Path) -> None:
    """`analyze --dung` stores Dung's labels for `claims --label`; ingesting the thread again, even unchanged,
    put the default (bipolar) labels back without a word, so the thesis went from 'in' to 'out'. The labels now
    keep the semantics chosen, with a note naming it and the command that gives the default back."""
    settings = Settings(db=str(tmp_path / "argmap.db"))
    path = tmp_path / "cars.txt"
    path.write_text(KIALO, encoding="utf-8")
    assert ingest([str(path)], settings=settings, extract=False).ok
    default = _labels(settings)
    assert ("out", "grounded+supported-attacks") in {(label, sem) for words, label, sem, *_ in default
                                                     if words == THESIS}
    analyze(settings=settings, bipolar=False)
    chosen = _labels(settings)
    assert chosen != default and {row[2] for row in chosen} == {"grounded"}

    report = ingest([str(path)], settings=settings, extract=False)
    assert report.threads[0].changes.status == "unchanged"
    assert _labels(settings) == chosen  # as analyze --dung stored them, row by row
    assert report.notes.get("labels-kept") == 1
    [message] = [m for m in report.messages if "labels keep" in m]
    assert "'argmap analyze --dung'" in message and "(grounded)" in message
    assert f"argmap analyze --thread {report.threads[0].id}' labels it the default way again" in message

    analyze(settings=settings)  # the default chosen again: kept, and nothing to say
    report = ingest([str(path)], settings=settings, extract=False)
    assert _labels(settings) == default and "labels-kept" not in report.notes


@pytest.mark.slow
@pytest.mark.parametrize(("bipolar", "assumed"), [(False, True), (True, False), (False, False), (True, True)])
def test_ingest_again_labels_as_analyze_does_under_each_semantics(tmp_path: Path, bipolar: bool,
                                                                  assumed: bool) -> None:
    """The labels made at ingest under the semantics kept are those `analyze` stores, attacks only assumed left
    out (--no-assumed) included."""
    settings = Settings(db=str(tmp_path / "argmap.db"))
    thread = str(Path(__file__).parents[2] / "corpora" / "hn-open-models.txt")
    assert ingest([thread], settings=settings).ok
    analyze(settings=settings, bipolar=bipolar, assumed=assumed)
    chosen = _labels(settings)
    report = ingest([thread], settings=settings)
    assert _labels(settings) == chosen
    assert ("labels-kept" in report.notes) == (not (bipolar and assumed))
