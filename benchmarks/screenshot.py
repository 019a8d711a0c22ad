"""Take the README's picture, docs/map.png: the sample thread's map in headless Chromium, main claim clicked.

Run from the project folder: ``.venv/bin/python -m benchmarks.screenshot`` (needs the spaCy pipeline).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from argmap import api
from argmap.config import Settings
from argmap.graph.analysis import main_claims
from tests.render.browser import chromium, load_map

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(db=str(Path(folder) / "sample.db"))
        assert api.ingest([str(ROOT / "corpora" / "hn-open-models.txt")], settings=settings).ok
        graph = api.map_graph(settings=settings, thread="hn-open-models")
        claim = main_claims(graph, 1)[0]
        path = api.render_map(settings=settings, thread="hn-open-models", output=Path(folder) / "map.html")
        assert isinstance(path, Path)
        with chromium() as browser:
            loaded = load_map(browser, path, width=1600, height=1000)
            page = loaded.page
            page.evaluate(f"argmap.network.fit({{nodes: [{claim!r}].concat(argmap.network.getConnectedNodes("
                          f"{claim!r})), animation: false}})")
            pos = page.evaluate(f"argmap.network.canvasToDOM(argmap.network.getPositions([{claim!r}])[{claim!r}])")
            box = page.eval_on_selector("#map", "e => { const r = e.getBoundingClientRect(); return [r.x, r.y]; }")
            page.mouse.click(pos["x"] + box[0], pos["y"] + box[1])
            page.wait_for_selector("#details", state="visible")
            page.mouse.move(5, 5)
            target = ROOT / "docs" / "map.png"
            target.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(target))
            print(f"wrote {target} ({target.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
