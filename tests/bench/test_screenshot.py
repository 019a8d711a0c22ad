"""The README's picture: the map ``python -m argmap.bench.screenshot`` draws is the one ``argmap render`` draws."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap import Settings, api
from argmap.bench.screenshot import sample_map
from tests.conftest import CORPORA


@pytest.mark.slow
def test_screenshot_draws_the_map_argmap_render_draws(tmp_path: Path) -> None:
    """The picture drew the sample thread's unit of kind other that no relation touches (its heading said 60 units
    where ``argmap render`` draws 59, and its legend listed "other"): it built the graph without the selection every
    map makes. It now draws the units and relations of the map ``argmap render --thread hn-open-models`` writes."""
    settings = Settings(db=str(tmp_path / "sample.db"))
    assert api.ingest([str(CORPORA / "hn-open-models.txt")], settings=settings).ok
    rendered = api.map_graph(settings=settings, thread="hn-open-models")
    pictured = sample_map(CORPORA / "hn-open-models.txt")
    assert sorted(pictured.nodes) == sorted(rendered.nodes)
    assert sorted(pictured.edges) == sorted(rendered.edges)
    assert "other" not in dict(pictured.nodes(data="kind")).values()
