"""Take the README's picture: the sample thread's map in headless Chromium, its main claim clicked.

Run from the project folder (needs the spaCy pipeline, Playwright and Chromium)::

    .venv/bin/python -m argmap.bench.screenshot [--thread corpora/hn-open-models.txt] [-o graphs/sample-map.png]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from argmap.bench.browser import chromium, load_map
from argmap.graph.analysis import main_claims
from argmap.graph.build import build_graph, select
from argmap.nlp.extract import Extractor
from argmap.render.html import render_html
from argmap.sources import registry
from argmap.store import repository
from argmap.store.db import make_engine

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["DEFAULT_OUTPUT", "DEFAULT_THREAD", "main", "sample_map", "screenshot"]

DEFAULT_THREAD = Path("corpora/hn-open-models.txt")
DEFAULT_OUTPUT = Path("graphs/sample-map.png")


def sample_map(thread_path: Path, *, model: str | None = None) -> nx.DiGraph:
    """Extract and store a thread in a throwaway database and give the graph of its map, as ``argmap render`` draws it.

    Args:
        thread_path (Path): the thread file.
        model (str | None): the spaCy pipeline; the default ones when ``None``.

    Returns:
        nx.DiGraph: the units and relations the map draws (units of kind ``other`` that no relation touches left
        out, as :func:`argmap.graph.build.select` leaves them out of every map).

    Raises:
        ArgmapError: the thread cannot be read, or no pipeline is installed.
    """
    thread = registry.read_path(thread_path)
    extraction = Extractor.load(model).extract(thread)
    with tempfile.TemporaryDirectory(prefix="argmap-shot-") as folder:
        engine = make_engine(str(Path(folder) / "sample.db"))
        try:
            repository.init_db(engine)
            info = repository.save_thread(engine, thread, extraction)
            return select(build_graph(repository.load_graph(engine, [info.id])))
        finally:
            engine.dispose()


def screenshot(thread_path: Path, output: Path, *, model: str | None = None) -> int:
    """Extract and store a thread, render its map, click its main claim and save a picture of the page.

    Args:
        thread_path (Path): the thread file.
        output (Path): the PNG to write (its folder is created).
        model (str | None): the spaCy pipeline; the default ones when ``None``.

    Returns:
        int: the size of the picture in bytes.

    Raises:
        ArgmapError: the thread cannot be read, or no pipeline is installed.
    """
    graph = sample_map(thread_path, model=model)
    claim = main_claims(graph, 1)[0]
    with tempfile.TemporaryDirectory(prefix="argmap-shot-") as folder:
        page_path = Path(folder) / "map.html"
        page_path.write_text(render_html(graph), encoding="utf-8")
        with chromium() as browser:
            page = load_map(browser, page_path, width=1600, height=1000).page
            page.evaluate(f"argmap.network.fit({{nodes: [{claim!r}].concat(argmap.network.getConnectedNodes("
                          f"{claim!r})), animation: false}})")
            pos = page.evaluate(f"argmap.network.canvasToDOM(argmap.network.getPositions([{claim!r}])[{claim!r}])")
            box = page.eval_on_selector("#map", "e => { const r = e.getBoundingClientRect(); return [r.x, r.y]; }")
            page.mouse.click(pos["x"] + box[0], pos["y"] + box[1])
            page.wait_for_selector("#details", state="visible")
            page.mouse.move(5, 5)
            # vis-network hides a tooltip on the map's next pointer move, which a mouse leaving it never makes, and
            # shows the one the click hovered after a delay, so hiding the element once left it to come back
            page.add_style_tag(content=".vis-tooltip { visibility: hidden !important; }")
            output.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(output))
    return output.stat().st_size


def main() -> None:
    """Command line: ``python -m argmap.bench.screenshot [--thread FILE] [-o PNG] [--model NAME]``."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--thread", type=Path, default=DEFAULT_THREAD, help="the thread to draw")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT, help="the PNG to write")
    parser.add_argument("--model", default=None, help="the spaCy pipeline")
    args = parser.parse_args()
    size = screenshot(args.thread, args.output, model=args.model)
    print(f"wrote {args.output} ({size:,} bytes)")


if __name__ == "__main__":
    main()
