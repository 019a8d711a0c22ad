"""The HTML map: self-contained, offline, inert hostile text, counts that match the graph, in real Chromium."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import networkx as nx
import pytest
from pypdf import PdfReader

from argmap import api
from argmap.config import Settings
from argmap.errors import ArgmapError
from argmap.graph.analysis import assumed_attacks, contested
from argmap.render.html import ASSUMED_ATTACK, CONTESTED, NODE_STYLES, render_html, safe_json, safe_url
from tests.conftest import CORPORA, ROOT
from tests.render.browser import load_map
from tests.render.conftest import PAYLOAD_AUTHOR, PAYLOAD_TITLE, PAYLOADS


def _outside_links(page: str) -> list[str]:
    return re.findall(r"""(?i)(?:src|href|action)\s*=\s*["']?\s*(?:https?:|//)[^"' >]*""", page) + \
        re.findall(r"(?i)<link\b[^>]*>", page) + re.findall(r"(?i)@import|url\(\s*['\"]?(?:https?:|//)", page)


def test_html_page_is_self_contained(kialo_settings: Settings) -> None:
    page = api.render_map(settings=kialo_settings)
    assert isinstance(page, str)
    assert _outside_links(page) == []
    assert "cdnjs" not in page and "jsdelivr" not in page and "sourceMappingURL" not in page
    assert "Content-Security-Policy" in page and "connect-src &#39;none&#39;" in page
    assert "vis.Network" in page and "Should cities ban cars from their centres?" in page
    # the legend names the kinds of unit and relation the map draws
    assert _legend(page) == ["claim", "premise", "supports", "attacks"]


def test_html_escapes_hostile_text(payload_settings: Settings) -> None:
    page = api.render_map(settings=payload_settings)
    assert isinstance(page, str)
    for raw in ("<script>window", "</script><script>", "<img src=x", "<svg onload", "<iframe",
                'href="javascript:', "</title><img"):
        assert raw not in page
    # what is left are the page's own three scripts: the data (not executable), vis-network, the app
    assert len(re.findall(r"(?m)^<script", page)) == 3
    assert page.count("<script") == 4  # the fourth is a string inside vis-network's own code (core-js)
    assert '<script type="application/json" id="map-data">' in page


def test_html_safe_helpers() -> None:
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("data:text/html,<b>") is None
    assert safe_url(" https://news.ycombinator.com/item?id=1 ") == "https://news.ycombinator.com/item?id=1"
    assert safe_url('https://x.example/"><script>') is None
    assert "<" not in safe_json({"t": "</script><script>alert(1)</script>"})
    assert "\u2028" not in safe_json({"t": "a\u2028b"})


def test_html_large_graph_has_physics_off_and_positions() -> None:
    import networkx as nx

    graph = nx.DiGraph()
    for n in range(400):
        graph.add_node(f"u{n}", kind="claim" if n % 5 == 0 else "premise", text=f"unit {n}", topics=[])
        if n % 5:
            graph.add_edge(f"u{n}", f"u{n - n % 5}", kind="support" if n % 2 else "attack", confidence=0.6, reason="r")
    page = render_html(graph, layout="physics")
    data = re.search(r'id="map-data">(.*?)</script>', page, re.S)
    assert data is not None
    import json

    parsed = json.loads(data.group(1))
    assert parsed["physics"] is False and parsed["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in parsed["nodes"])
    assert len(parsed["nodes"]) == 400 and len(parsed["edges"]) == 320


def test_html_relation_tooltip_names_its_rule_and_confidence() -> None:
    import json

    import networkx as nx

    graph = nx.DiGraph()
    for node in "abc":
        graph.add_node(node, kind="claim", text=f"unit {node}", topics=[])
    graph.add_edge("b", "a", kind="attack", confidence=0.62, model="argmap.relations.v13/quote", reason="quotes it")
    graph.add_edge("c", "a", kind="support", confidence=1.0, model="import.aif", reason="imported from AIF")
    data = re.search(r'id="map-data">(.*?)</script>', render_html(graph), re.S)
    assert data is not None
    tips = {edge["from"]: edge["title"] for edge in json.loads(data.group(1))["edges"]}
    assert "confidence 0.62 · rule quote" in tips["b"] and "quotes it" in tips["b"]
    assert "confidence 1.00 · import.aif" in tips["c"]


def test_html_unit_tooltip_says_a_post_is_official() -> None:
    import json
    from datetime import datetime

    from argmap.graph.build import build_graph
    from argmap.store.models import GraphData, PostInfo, ThreadInfo, UnitInfo

    when = datetime(2024, 5, 1)
    thread = ThreadInfo(id="t", key="t", format="reddit", source="x", title="Rules", ingested_at=when)
    posts = [PostInfo(id="p1", external_id="1", thread="t", parent=None, author="mods", created_at=None, title=None,
                      url=None, depth=0, text="Be civil.", official=True),
             PostInfo(id="p2", external_id="2", thread="t", parent="p1", author="ann", created_at=None, title=None,
                      url=None, depth=1, text="Buses should be free.")]
    units = [UnitInfo(id=f"u{n}", post=f"p{n}", thread="t", kind="claim", text=p.text, start=0, end=len(p.text),
                      confidence=0.9, model="m", reason="r", topics=[]) for n, p in enumerate(posts, 1)]
    graph = build_graph(GraphData(threads=[thread], posts=posts, units=units))
    data = re.search(r'id="map-data">(.*?)</script>', render_html(graph), re.S)
    assert data is not None
    tips = {node["id"]: node["title"] for node in json.loads(data.group(1))["nodes"]}
    assert "by mods · an official post" in tips["u1"]
    assert "official" not in tips["u2"]


def test_html_unit_tooltip_says_its_time_is_in_utc() -> None:
    """The tooltip said "2024-05-01 08:00" of a post written at 08:00 UTC: read in Berlin, as 08:00 there."""
    import json
    from datetime import UTC, datetime

    from argmap.graph.build import build_graph
    from argmap.store.models import GraphData, PostInfo, ThreadInfo, UnitInfo

    thread = ThreadInfo(id="t", key="t", format="jsonl", source="x", title="Buses", ingested_at=datetime(2024, 5, 2))
    post = PostInfo(id="p1", external_id="1", thread="t", parent=None, author="ann", title=None, url=None, depth=0,
                    created_at=datetime(2024, 5, 1, 8, tzinfo=UTC), text="Buses should be free.")
    unit = UnitInfo(id="u1", post="p1", thread="t", kind="claim", text=post.text, start=0, end=len(post.text),
                    confidence=0.9, model="m", reason="r", topics=[])
    graph = build_graph(GraphData(threads=[thread], posts=[post], units=[unit]))
    data = re.search(r'id="map-data">(.*?)</script>', render_html(graph), re.S)
    assert data is not None
    [node] = json.loads(data.group(1))["nodes"]
    assert "by ann · 2024-05-01 08:00 UTC · in Buses" in node["title"]


def test_html_jupyter_view_is_a_sandboxed_frame(kialo_settings: Settings, tmp_path: Path) -> None:
    view = api.show_map(settings=kialo_settings, height=500)
    frame = view._repr_html_()
    assert frame.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in frame and "500px" in frame
    assert "<script" not in frame  # the page travels escaped inside srcdoc
    assert view.save(tmp_path / "m" / "map.html").read_text(encoding="utf-8") == view.html


def test_html_jupyter_view_prints_short_and_saves_to_a_string_path(kialo_settings: Settings, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    view = api.show_map(settings=kialo_settings, height=500)
    assert repr(view) == "MapView(height=500)"  # not the whole page, hundreds of kilobytes, in a notebook's output
    monkeypatch.chdir(tmp_path)
    assert view.save("map.html") == Path("map.html") and Path("map.html").read_text(encoding="utf-8") == view.html
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(ArgmapError, match=r"cannot write 'file/map\.html': .*; choose another path$"):
        view.save("file/map.html")


def _drawn_colours(loaded) -> dict[str, tuple[str, str]]:  # type: ignore[no-untyped-def]
    """The border and fill colour vis-network draws each unit with."""
    return {node: tuple(colours) for node, colours in loaded.page.evaluate(  # type: ignore[misc]
        "Object.fromEntries(Object.values(argmap.network.body.nodes)"
        ".map(n => [n.id, [n.options.color.border, n.options.color.background]]))").items()}


def _counts(loaded) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    return tuple(loaded.page.evaluate("[argmap.nodes.length, argmap.edges.length]"))  # type: ignore[return-value]


def test_html_kialo_map_in_chromium(browser, kialo_settings: Settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    graph = api.map_graph(settings=kialo_settings)
    path = api.render_map(settings=kialo_settings, output=tmp_path / "cars.html")
    assert isinstance(path, Path)
    loaded = load_map(browser, path)
    assert loaded.outside == [] and loaded.console == [] and loaded.dialogs == []
    assert _counts(loaded) == (graph.number_of_nodes(), graph.number_of_edges()) == (6, 6)
    colours = _drawn_colours(loaded)
    for node, kind in graph.nodes(data="kind"):  # the attacked ones with a red border, the others their kind's
        border = CONTESTED if contested(graph, node) else NODE_STYLES[kind].color
        assert colours[node] == (border, NODE_STYLES[kind].fill)
    assert sum(1 for node in graph if contested(graph, node)) == 3
    page = loaded.page
    # search finds and selects units; the kind filter hides the others
    assert page.evaluate("argmap.search('cars')") == "3 matches"
    page.select_option("#kind-filter", "premise")
    hidden = page.evaluate("argmap.nodes.get().filter(n => n.hidden).length")
    assert hidden == sum(1 for _n, k in graph.nodes(data="kind") if k != "premise")
    page.click("#reset")
    assert page.evaluate("argmap.nodes.get().filter(n => n.hidden).length") == 0
    # clicking a unit highlights its neighbourhood and lists its relations with their reasons
    thesis = next(n for n, k in graph.nodes(data="text") if k.startswith("Cities should"))
    page.evaluate(f"argmap.highlight({thesis!r})")
    dimmed = page.evaluate("argmap.nodes.get().filter(n => n.opacity < 1).length")
    assert dimmed == graph.number_of_nodes() - 1 - len(set(graph.predecessors(thesis)) | set(graph.successors(thesis)))
    pos = page.evaluate(f"argmap.network.canvasToDOM(argmap.network.getPositions([{thesis!r}])[{thesis!r}])")
    page.mouse.click(pos["x"], pos["y"] + 80)  # the canvas starts under the header
    page.wait_for_selector("#details", state="visible")
    details = page.inner_text("#details")
    assert "Cities should ban cars" in details and "imported from Kialo" in details
    # hovering, highlighting and filtering update the units: the contested ones keep their red border
    for node in graph:
        pos = page.evaluate(f"argmap.network.canvasToDOM(argmap.network.getPositions([{node!r}])[{node!r}])")
        page.mouse.move(pos["x"], pos["y"] + 80)
    page.select_option("#kind-filter", "claim")
    page.click("#reset")
    assert _drawn_colours(loaded) == colours


def test_html_hostile_thread_stays_inert_in_chromium(browser, payload_settings: Settings,  # type: ignore[no-untyped-def]
                                                     tmp_path: Path) -> None:
    graph = api.map_graph(settings=payload_settings)
    path = api.render_map(settings=payload_settings, output=tmp_path / "payload.html")
    assert isinstance(path, Path)
    loaded = load_map(browser, path)
    page = loaded.page
    assert loaded.outside == [] and loaded.dialogs == []
    assert loaded.console == []
    assert _counts(loaded) == (graph.number_of_nodes(), graph.number_of_edges()) == (5, 4)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img, iframe, svg[onload], a[href^=javascript]').length") == 0
    assert page.inner_text("h1").startswith(PAYLOAD_TITLE)
    # tooltips and the details panel show the hostile text as text
    for node in graph.nodes:
        page.evaluate(f"argmap.highlight({node!r})")
        pos = page.evaluate(f"argmap.network.canvasToDOM(argmap.network.getPositions([{node!r}])[{node!r}])")
        page.mouse.move(pos["x"], pos["y"] + 80)
        page.mouse.click(pos["x"], pos["y"] + 80)
    page.wait_for_selector("#details", state="visible")
    details = page.inner_text("#details")
    assert any(p in details for p in PAYLOADS) and PAYLOAD_AUTHOR in details
    tooltip = page.evaluate("(document.querySelector('.vis-tooltip') || {}).innerText || ''")
    assert tooltip == "" or any(p in tooltip for p in PAYLOADS)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img, iframe').length") == 0


@pytest.mark.slow
def test_html_sample_thread_in_chromium_with_screenshot(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(db=str(tmp_path / "sample.db"))
    assert api.ingest([str(CORPORA / "hn-open-models.txt")], settings=settings).ok
    graph = api.map_graph(settings=settings, thread="hn-open-models")
    path = api.render_map(settings=settings, thread="hn-open-models", output=tmp_path / "sample.html")
    assert isinstance(path, Path)
    loaded = load_map(browser, path)
    assert loaded.outside == [] and loaded.console == [] and loaded.dialogs == []
    assert _counts(loaded) == (graph.number_of_nodes(), graph.number_of_edges())
    assert graph.number_of_edges() >= 30
    # the shape vis-network draws each unit with is its kind's (claims boxes, premises ellipses), as the legend says
    drawn = loaded.page.evaluate(
        "Object.fromEntries(Object.values(argmap.network.body.nodes).map(n => [n.id, n.options.shape]))")
    kinds = dict(graph.nodes(data="kind"))
    assert {kinds[node] for node in kinds} >= {"claim", "premise"}
    assert {node: drawn[node] for node in kinds} == {node: NODE_STYLES[kind].shape for node, kind in kinds.items()}
    # attacked units get a red border (the legend's "red, thicker borders") and keep the fill of their kind; a
    # pale one when every attack on them is only assumed
    attacked = {node for node in kinds if contested(graph, node)}
    guessed = {node for node in attacked if assumed_attacks(graph, node) == contested(graph, node)}
    assert attacked and len(attacked) < len(kinds) and guessed and guessed < attacked
    assert _drawn_colours(loaded) == {
        node: (ASSUMED_ATTACK.color if node in guessed else CONTESTED if node in attacked else NODE_STYLES[kind].color,
               NODE_STYLES[kind].fill)
        for node, kind in kinds.items()}
    shot = tmp_path / "map.png"
    loaded.page.screenshot(path=str(shot))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 30_000
    assert (ROOT / "graphs" / "sample-map.png").is_file()  # the README's picture (python -m argmap.bench.screenshot)


def test_render_map_takes_a_path_as_a_string(kialo_settings: Settings, tmp_path: Path) -> None:
    written = api.render_map(settings=kialo_settings, output=str(tmp_path / "maps" / "cars.html"))
    assert written == tmp_path / "maps" / "cars.html" and written.read_text().startswith("<!DOCTYPE html>")


def _debate(answers: int = 6, replies: int = 4) -> nx.DiGraph:
    """A debate of ``1 + answers * (1 + replies)`` units with long texts: the claims drawing answers grow large."""
    graph = nx.DiGraph()
    words = ["cities", "should", "build", "protected", "bike", "lanes", "on", "every", "main", "road", "because",
             "painted", "lanes", "fail"]

    def unit(node: str, kind: str, n: int) -> None:
        graph.add_node(node, kind=kind, text=f"{node}: " + " ".join(words[(n + k) % len(words)] for k in range(16)),
                       topics=[])

    unit("root", "claim", 0)
    for i in range(answers):
        unit(f"a{i}", "claim" if i % 2 else "premise", i)
        graph.add_edge(f"a{i}", "root", kind="attack", confidence=0.7, reason="r")
        for j in range(replies):
            unit(f"r{i}-{j}", "premise" if j % 2 else "claim", i + j)
            graph.add_edge(f"r{i}-{j}", f"a{i}", kind="attack" if j % 2 else "support", confidence=0.7, reason="r")
    return graph


def test_html_first_view_has_no_overlapping_units_none_under_the_legend(browser,  # type: ignore[no-untyped-def]
                                                                       tmp_path: Path) -> None:
    graph = _debate()
    assert graph.number_of_nodes() == 31
    path = tmp_path / "debate.html"
    path.write_text(render_html(graph), encoding="utf-8")
    loaded = load_map(browser, path, width=1400, height=1000)
    assert loaded.console == []
    page = loaded.page
    # the boxes vis-network draws (in the map's own coordinates): no two overlap
    boxes = page.evaluate("argmap.nodes.getIds().map(id => [id, argmap.network.getBoundingBox(id)])")
    for i, (node, box) in enumerate(boxes):
        for other, other_box in boxes[i + 1:]:
            apart = (box["right"] <= other_box["left"] or other_box["right"] <= box["left"]
                     or box["bottom"] <= other_box["top"] or other_box["bottom"] <= box["top"])
            assert apart, f"{node} {box} overlaps {other} {other_box}"
    # the first view shows every unit, and none under the legend
    legend = page.eval_on_selector("#legend", "e => e.getBoundingClientRect().right")
    view = page.eval_on_selector("#map", "e => { const r = e.getBoundingClientRect(); "
                                         "return [r.x, r.y, r.width, r.height]; }")
    corners = page.evaluate("""argmap.nodes.getIds().map(id => {
        const b = argmap.network.getBoundingBox(id);
        const a = argmap.network.canvasToDOM({x: b.left, y: b.top});
        const z = argmap.network.canvasToDOM({x: b.right, y: b.bottom});
        return [a.x, a.y, z.x, z.y]; })""")
    for left, top, right, bottom in corners:
        assert legend < view[0] + left and right <= view[2] and top >= 0 and bottom <= view[3]
    # labels are wrapped once, in Python, to lines the browser never has to break again (it left a word alone on
    # a line when it did); vis-network's own count of the lines it draws says so
    drawn = page.evaluate("argmap.nodes.getIds().map(id => [argmap.nodes.get(id).label, "
                          "argmap.network.body.nodes[id].labelModule.lineCount])")
    assert any("\n" in label.partition("\n[attacked")[0] for label, _ in drawn)  # long labels do wrap
    assert all(lines == label.count("\n") + 1 for label, lines in drawn), drawn


def _page_nodes(page: str) -> dict[str, dict[str, object]]:
    import json

    data = re.search(r'id="map-data">(.*?)</script>', page, re.S)
    assert data is not None
    return {node["id"]: node for node in json.loads(data.group(1))["nodes"]}


def test_html_label_of_a_long_link_or_word_keeps_its_start() -> None:
    # shorten() cuts at spaces: a unit that is a bare link was drawn as "…" alone (seven in the Reddit and
    # 4forums threads); it is cut by characters instead
    link = "http://www.reddit.com/r/AskReddit/comments/ngevx/ok_maybe_im_missing_something_but_what_the_fuck/"
    word = "Supercalifragilistic" * 8
    graph = nx.DiGraph()
    graph.add_node("link", kind="other", text=link, topics=[])  # an ellipse: 70 characters
    graph.add_node("word", kind="claim", text=f"see {word} here", topics=[])  # a box: 110 characters
    graph.add_node("plain", kind="claim", text="Cities should ban cars " * 8, topics=[])
    graph.add_edge("link", "word", kind="support", confidence=0.7, reason="r")
    nodes = _page_nodes(render_html(graph))
    labels = {node: str(nodes[node]["label"]).replace("\n", "") for node in nodes}
    assert labels["link"].startswith("http://www.reddit.com/r/AskReddit/") and labels["link"].endswith(" …")
    assert labels["word"].startswith("see Supercalifragilistic") and len(labels["word"]) > 60
    assert str(nodes["plain"]["label"]).replace("\n", " ").endswith(" should …")  # cut at a space as before


def test_html_right_to_left_text_keeps_its_own_direction_in_chromium(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # an Arabic title pulled the count after it into its run ("6 ... هل يجب حظر السيارات؟ units · 5 relations");
    # an Arabic unit's text in the details panel and tooltip read left to right (its full stop on the right)
    arabic = "المدن يجب أن تحظر السيارات لأن الهواء يصبح أنظف."
    graph = nx.DiGraph()
    graph.add_node("a", kind="claim", text=arabic, topics=[])
    graph.add_node("b", kind="premise", text="Shops lose customers who drive.", topics=[])
    graph.add_edge("b", "a", kind="attack", confidence=0.7, reason="r")
    path = tmp_path / "rtl.html"
    path.write_text(render_html(graph, title="Emoji and RTL: هل يجب حظر السيارات؟"), encoding="utf-8")
    loaded = load_map(browser, path)
    page = loaded.page
    assert loaded.console == []
    title_right, count_left = page.evaluate("""(() => {
        const h1 = document.querySelector('h1'), range = document.createRange();
        range.selectNodeContents(h1.firstChild);
        const right = range.getBoundingClientRect().right;
        const counts = h1.querySelector('.counts').firstChild;
        range.setStart(counts, 0); range.setEnd(counts, 1);
        return [right, range.getBoundingClientRect().left]; })()""")
    assert page.inner_text(".counts").startswith("2 units")
    assert count_left >= title_right - 1  # the count stays after the title
    page.evaluate("argmap.highlight('a')")
    pos = page.evaluate("argmap.network.canvasToDOM(argmap.network.getPositions(['a'])['a'])")
    top = page.eval_on_selector("#map", "e => e.getBoundingClientRect().y")
    page.mouse.move(pos["x"], pos["y"] + top)
    page.mouse.click(pos["x"], pos["y"] + top)
    page.wait_for_selector("#details", state="visible")
    assert page.eval_on_selector("#details .text", "e => getComputedStyle(e).direction") == "rtl"
    page.wait_for_selector(".vis-tooltip p", state="attached")
    assert page.eval_on_selector(".vis-tooltip p", "e => getComputedStyle(e).direction") == "rtl"


def test_html_heading_reads_title_counts_and_scope_as_words_in_chromium(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The heading's title, counts and scope were three elements with no space between them, set apart on screen by
    a margin only: a screen reader, and a reader copying the heading, got "Car-free centres1 units · 0
    relationsonly relations at least 0.5 confident", and a large map's counts read "9100 units" where argmap's
    command line says "9,100 units"."""
    graph = nx.DiGraph()
    graph.add_node("a", kind="claim", text="Cities should ban cars.", topics=[])
    path = tmp_path / "heading.html"
    path.write_text(render_html(graph, title="Car-free centres", scope="only relations at least 0.5 confident"),
                    encoding="utf-8")
    loaded = load_map(browser, path)
    said = loaded.page.evaluate("document.querySelector('h1').innerText")
    assert said == "Car-free centres 1 unit · 0 relations only relations at least 0.5 confident"
    big = nx.DiGraph()
    big.add_nodes_from((str(n), {"kind": "claim", "text": f"unit {n}", "topics": []}) for n in range(1200))
    assert "1,200 units · 0 relations" in render_html(big)


def test_html_map_prints_in_its_own_proportions_in_chromium(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Printed (chromium --print-to-pdf, a browser's Print), the map's canvas kept the size the screen gave it and
    was stretched to the page's shape (a 1400 x 821 view drawn 0.87 as wide as tall: every label distorted), the
    legend lay over the map's corner, and the search box, filters and buttons were printed. Now the map is printed
    as the screen shows it, the legend below it, no controls."""
    path = tmp_path / "debate.html"
    path.write_text(render_html(_debate()), encoding="utf-8")
    loaded = load_map(browser, path, width=1400, height=900)
    page = loaded.page
    page.emulate_media(media="print")
    canvas = page.eval_on_selector("#map canvas", """c => { const r = c.getBoundingClientRect();
        return {ratio: r.width / r.height, bitmap: c.width / c.height, bottom: r.bottom}; }""")
    assert canvas["ratio"] == pytest.approx(canvas["bitmap"], rel=0.01)
    assert page.eval_on_selector("#legend", "e => e.getBoundingClientRect().top") >= canvas["bottom"]
    assert not page.is_visible(".toolbar")
    # as Chromium prints it: the canvas is the page's one picture, drawn in its own proportions
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4"))).pages[0]
    images = {name: obj.get_object() for name, obj in pdf["/Resources"]["/XObject"].items()}
    [(width, height, name)] = re.findall(r"([\d.]+) 0 0 -?([\d.]+) -?[\d.]+ -?[\d.]+ cm[^q]*?(/X\d+) Do",
                                         pdf.get_contents().get_data().decode("latin-1"))
    assert float(width) / float(height) == pytest.approx(images[name]["/Width"] / images[name]["/Height"], rel=0.01)
    assert loaded.console == []


def test_html_map_on_a_phone_in_chromium(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # on a phone the legend covered half the map, the main claim under it (a tap there hit the legend), and the
    # details, 340 pixels wide and as tall as the map, could only be closed by a tap on an empty part of it
    path = tmp_path / "debate.html"
    path.write_text(render_html(_debate()), encoding="utf-8")
    loaded = load_map(browser, path, width=390, height=844)
    page = loaded.page
    assert loaded.console == []
    view = page.eval_on_selector("#map", "e => { const r = e.getBoundingClientRect(); "
                                         "return [r.x, r.y, r.width, r.height]; }")
    legend = page.eval_on_selector("#legend", "e => { const r = e.getBoundingClientRect(); "
                                              "return [r.right, r.bottom, r.width * r.height]; }")
    assert legend[2] < 0.05 * view[2] * view[3]  # folded: the legend's summary only
    corners = page.evaluate("""argmap.nodes.getIds().map(id => {
        const b = argmap.network.getBoundingBox(id);
        const a = argmap.network.canvasToDOM({x: b.left, y: b.top});
        const z = argmap.network.canvasToDOM({x: b.right, y: b.bottom});
        return [a.x, a.y, z.x, z.y]; })""")
    for left, top, right, bottom in corners:  # every unit in sight, none under the folded legend
        assert (left > legend[0] or top > legend[1] - view[1]) and right <= view[2] and top >= 0 and bottom <= view[3]
    # a tap on the main claim shows its details along the bottom, the map in sight above them; × closes them
    pos = page.evaluate("argmap.network.canvasToDOM(argmap.network.getPositions(['root'])['root'])")
    page.mouse.click(pos["x"], pos["y"] + view[1])
    page.wait_for_selector("#details", state="visible")
    sheet = page.eval_on_selector("#details", "e => { const r = e.getBoundingClientRect(); return [r.top, r.width]; }")
    assert sheet[0] > view[1] + view[3] / 2 and sheet[1] <= 390 - 24
    page.click("#details .close")
    assert not page.is_visible("#details")
    assert page.evaluate("argmap.nodes.get().filter(n => n.opacity < 1).length") == 0
    page.click("#legend > summary")  # the legend opens on request
    assert page.is_visible("#legend svg")


@pytest.mark.parametrize(("args", "scope"), [
    ({}, None),
    ({"min_confidence": 0.95}, "only relations at least 0.95 confident"),
    ({"topic": " shops "}, "units about “shops” and what they relate to"),
    ({"claim": "THESIS", "hops": 1, "min_confidence": 0.5},
     "“Cities should ban cars from their centres.” and what lies within 1 relation of it; "
     "only relations at least 0.5 confident"),
])
def test_html_map_of_part_of_a_thread_says_which_part(kialo_settings: Settings, args: dict[str, object],
                                                      scope: str | None) -> None:
    # a map drawn with --min-confidence, --topic or --claim gave only its counts ("6 units · 0 relations"), so a
    # reader took the part for the whole thread
    if args.get("claim") == "THESIS":
        graph = api.map_graph(settings=kialo_settings)
        args = {**args, "claim": next(n for n, t in graph.nodes(data="text") if t.startswith("Cities should"))}
    page = api.render_map(settings=kialo_settings, **args)  # type: ignore[arg-type]
    assert isinstance(page, str)
    heading = re.search(r"<h1 .*?</h1>", page, re.S)
    assert heading is not None
    shown = re.findall(r'<span class="counts scope">(.*?)</span>', heading.group(0))
    assert shown == ([] if scope is None else [scope.replace("“", "\u201c")])


def test_html_legend_says_what_larger_text_means() -> None:
    # the legend said "Red, thicker borders and larger text: contested claims", but text grows with every answer a
    # unit draws, supports too (a claim only supported read as contested), and premises are attacked as well
    graph = nx.DiGraph()
    for node, kind in (("claim", "claim"), ("yes", "premise"), ("no", "premise")):
        graph.add_node(node, kind=kind, text=f"unit {node}", topics=[])
    graph.add_edge("yes", "claim", kind="support", confidence=0.7, reason="r")
    nodes = _page_nodes(render_html(graph))
    assert nodes["claim"]["font"] == {"size": 16} and "color" not in nodes["claim"]  # larger, not contested
    note = re.search(r'<div class="note">(.*?)</div>', render_html(graph), re.S)
    assert note is not None
    text = " ".join(note.group(1).split())
    assert "larger text: contested" not in text.lower()
    assert "Red, thicker border: attacked" in text and "Larger text: draws more answers" in text


def _legend(page: str) -> list[str]:
    """The names in a page's legend, in order."""
    legend = re.search(r'<details id="legend".*?</details>', page, re.S)
    assert legend is not None
    return re.findall(r"</svg>(.*?)</div>", legend.group(0))


def test_html_legend_names_only_what_the_map_draws() -> None:
    """The legend listed every kind of unit and relation argmap has (rebuttal, evidence, quote, other; is evidence
    for, quotes) on a map of claims and premises that support each other, so a reader looked for shapes that were
    not there; it names what the map draws, an unknown kind too."""
    graph = nx.DiGraph()
    for node, kind in (("c", "claim"), ("p", "premise"), ("q", "premise")):
        graph.add_node(node, kind=kind, text=f"unit {node}", topics=[])
    graph.add_edge("p", "c", kind="support", confidence=0.7, reason="r")
    graph.add_edge("q", "c", kind="attack", confidence=0.7, reason="r")
    assert _legend(render_html(graph)) == ["claim", "premise", "supports", "attacks"]
    graph.add_node("x", kind="aside", text="unit x", topics=[])
    graph.add_edge("x", "p", kind="rephrase", confidence=0.5, reason="r")
    assert _legend(render_html(graph)) == ["claim", "premise", "unit", "supports", "attacks", "rephrase"]
    assert _legend(render_html(_answered_twice())) == ["claim", "attacks", ASSUMED_ATTACK.label]
    lone = nx.DiGraph()
    lone.add_node("c", kind="claim", text="unit c", topics=[])
    page = render_html(lone)
    assert _legend(page) == ["claim"] and "<h2" not in page.split('id="legend"')[1].split("Units</h2>")[1].split(
        '<div class="note">')[0]


def test_html_large_map_is_built_without_pyvis_scanning_its_nodes(monkeypatch: pytest.MonkeyPatch) -> None:
    """pyvis's add_node looked for the id in a list of every node added before, and add_edge scanned that list for
    both ends: drawing the 19 shared threads (26,074 units) took 53 s, 39 of them in those scans (14 s without)."""
    from pyvis.network import Network

    from argmap.bench.maps import synthetic_graph

    def scan(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a scan of every node added so far, once per node or relation: quadratic")

    for method in ("add_node", "add_edge", "get_nodes"):
        monkeypatch.setattr(Network, method, scan)
    graph = synthetic_graph(300)
    data = re.search(r'id="map-data">(.*?)</script>', render_html(graph), re.S)
    assert data is not None
    import json

    parsed = json.loads(data.group(1))
    assert len(parsed["nodes"]) == 300 and all(n["label"] and n["shape"] for n in parsed["nodes"])
    assert len(parsed["edges"]) == graph.number_of_edges() and all(e["arrows"] == "to" for e in parsed["edges"])


def test_render_map_refuses_more_units_than_max_units_and_reports_its_stages(kialo_settings: Settings,
                                                                              tmp_path: Path) -> None:
    """A map of 26,000 units took minutes with no word of what it did; render_map says each stage with the map's
    counts, and refuses a map larger than ``max_units`` before drawing it."""
    from argmap.errors import MapTooLarge

    stages: list[api.MapProgress] = []
    with pytest.raises(MapTooLarge, match=r"would draw 6 units and 6 relations of thread 'Should cities ban") as info:
        api.render_map(settings=kialo_settings, max_units=5, on_progress=stages.append)
    assert (info.value.units, info.value.relations, info.value.limit) == (6, 6, 5)
    assert [s.stage for s in stages] == ["reading"]
    stages.clear()
    path = api.render_map(settings=kialo_settings, max_units=6, output=tmp_path / "map.html", on_progress=stages.append)
    assert path == tmp_path / "map.html" and path.is_file()
    assert stages == [api.MapProgress("reading"), api.MapProgress("drawing", 6, 6), api.MapProgress("writing", 6, 6)]
    assert isinstance(api.render_map(settings=kialo_settings, max_units=None), str)  # None: any size
    with pytest.raises(ArgmapError, match="--max-units must be 1 or more, not 0"):
        api.render_map(settings=kialo_settings, max_units=0)


def _answered_twice() -> nx.DiGraph:
    """A claim attacked by one reply in words ("No, ...") and by another only by default (no word either way)."""
    from datetime import datetime

    from argmap.graph.build import build_graph
    from argmap.nlp.stance import NO_CUE
    from argmap.store.models import GraphData, PostInfo, RelationInfo, ThreadInfo, UnitInfo

    thread = ThreadInfo(id="t", key="t", format="text", source="x", title="Buses", ingested_at=datetime(2024, 5, 1))
    texts = ["Buses should be free.", "No, fares pay the drivers.", "Trams are quieter anyway."]
    posts = [PostInfo(id=f"p{n}", external_id=str(n), thread="t", parent="p0" if n else None, author=f"a{n}",
                      created_at=None, title=None, url=None, depth=min(n, 1), text=text)
             for n, text in enumerate(texts)]
    units = [UnitInfo(id=f"u{n}", post=f"p{n}", thread="t", kind="claim", text=text, start=0, end=len(text),
                      confidence=0.9, model="m", reason="r", topics=[]) for n, text in enumerate(texts)]
    relations = [RelationInfo(id="r1", thread="t", source="u1", target="u0", kind="attack", confidence=0.75,
                              model="argmap.relations.v18/opener-main", reason="reply disagrees ('no')"),
                 RelationInfo(id="r2", thread="t", source="u2", target="u0", kind="attack", confidence=0.55,
                              model="argmap.relations.v18/opener-main", reason=f"reply opens and {NO_CUE}")]
    return build_graph(GraphData(threads=[thread], posts=posts, units=units, relations=relations))


def test_html_heading_says_what_the_map_does_not_draw() -> None:
    """The sample thread's map said "59 units · 45 relations" where argmap stats and export say 60 and 47, and
    nothing on the page said why: a unit of kind other with no relation is left out, and of two relations between
    the same units (a premise backing a claim and giving evidence for it) one edge is drawn. The heading now counts
    both, so the numbers add up, and the drawn relation's tooltip says there is another."""
    from datetime import datetime

    from argmap.graph.build import build_graph, select
    from argmap.store.models import GraphData, PostInfo, RelationInfo, ThreadInfo, UnitInfo

    thread = ThreadInfo(id="t", key="t", format="text", source="x", title="Buses", ingested_at=datetime(2024, 5, 1))
    post = PostInfo(id="p", external_id="1", thread="t", parent=None, author="a", created_at=None, title=None,
                    url=None, depth=0, text="...")
    units = [UnitInfo(id=uid, post="p", thread="t", kind=kind, text=f"unit {uid}", start=0, end=1, confidence=0.9,
                      model="m", reason="r", topics=[]) for uid, kind in (("c", "claim"), ("e", "premise"),
                                                                          ("o", "other"))]
    relations = [RelationInfo(id=f"r-{kind}", thread="t", source="e", target="c", kind=kind, confidence=0.7,
                              model="argmap.relations.v21/leads-up", reason="r") for kind in ("evidence", "support")]
    graph = select(build_graph(GraphData(threads=[thread], posts=[post], units=units, relations=relations)))
    page = render_html(graph)
    heading = re.search(r"<h1 .*?</h1>", page, re.S)
    assert heading is not None
    said = html.unescape(re.sub(r"<[^>]+>", "", heading.group(0)))
    assert said == ("Buses 2 units · 1 relation (not drawn: 1 unit of kind other that no relation touches, 1 relation "
                    "between units another one joins, counted in that one's tooltip)")
    assert "and 1 other relation between these units, not drawn" in _page_edges(page)[0]["title"]
    whole = nx.DiGraph()
    whole.add_node("c", kind="claim", text="unit c", topics=[])
    assert "not drawn" not in render_html(whole)


def _page_edges(page: str) -> list[dict[str, object]]:
    import json

    data = re.search(r'id="map-data">(.*?)</script>', page, re.S)
    assert data is not None
    edges: list[dict[str, object]] = json.loads(data.group(1))["edges"]
    return edges


def test_html_assumed_attack_is_drawn_apart_and_the_legend_says_so() -> None:
    """A reply with no word of agreement or disagreement was drawn as an attack like "No, ...": a reader of a
    casual thread saw nearly every answer as a disagreement, and could not tell the guesses from the words."""
    import json

    from argmap.render.html import ASSUMED_ATTACK, EDGE_STYLES

    graph = _answered_twice()
    assert graph.edges["u2", "u0"]["assumed"] and not graph.edges["u1", "u0"]["assumed"]
    page = render_html(graph)
    data = re.search(r'id="map-data">(.*?)</script>', page, re.S)
    assert data is not None
    edges = {edge["from"]: edge for edge in json.loads(data.group(1))["edges"]}
    assert edges["u2"]["color"]["color"] == ASSUMED_ATTACK.color and edges["u2"]["dashes"] == ASSUMED_ATTACK.dashes
    assert edges["u2"]["assumed"] is True and edges["u2"]["width"] == 1.5 and edges["u2"]["kind"] == "attack"
    assert edges["u2"]["title"].startswith("<b>attacks, assumed (no words of disagreement)</b>")
    assert edges["u1"]["color"]["color"] == EDGE_STYLES["attack"].color and "assumed" not in edges["u1"]
    assert f"</svg>{ASSUMED_ATTACK.label}</div>" in page  # the legend's line for them
    outline = json.loads(data.group(1))["outline"]
    assert "attacks (assumed) · claim: Trams are quieter" in outline and "attacks · claim: No, fares" in outline
    assert "claim: Buses should be free. (attacked ×2, 1 assumed)" in outline
    node = next(n for n in json.loads(data.group(1))["nodes"] if n["id"] == "u0")
    assert node["label"].endswith("\n[attacked ×2, 1 assumed]") and node["assumed"] == 1
    assert node["color"]["border"] == CONTESTED  # one attack in words: red
    assert " · 2 attacks (1 assumed), 0 supports" in node["title"]
    guesses = graph.copy()
    guesses.remove_edge("u1", "u0")
    data = re.search(r'id="map-data">(.*?)</script>', render_html(guesses), re.S)
    assert data is not None
    node = next(n for n in json.loads(data.group(1))["nodes"] if n["id"] == "u0")
    assert node["color"]["border"] == ASSUMED_ATTACK.color  # every attack a guess: pale, not the contested red
    assert 'id="assumed-toggle"' in page
    graph.remove_edge("u2", "u0")
    page = render_html(graph)
    assert ASSUMED_ATTACK.label not in page and "assumed-toggle" not in page.split("<script")[0]  # none to hide


def test_html_assumed_attack_reads_so_in_the_details_in_chromium(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "buses.html"
    path.write_text(render_html(_answered_twice()), encoding="utf-8")
    loaded = load_map(browser, path)
    assert loaded.console == [] and loaded.outside == []
    page = loaded.page
    page.evaluate("argmap.select('u0')")
    page.wait_for_selector("#details", state="visible")
    assert page.text_content("#details h2") == "claim · attacked ×2, 1 assumed"  # shown in capitals
    items = page.locator("#details ul.relations li").all_inner_texts()
    assert any(i.startswith("attacked by (assumed) claim: Trams are quieter") for i in items), items
    assert any(i.startswith("attacked by claim: No, fares") for i in items), items
    # one box hides the guesses and shows them again, as Reset does
    hidden = "Object.fromEntries(argmap.edges.get().map(e => [e.from, !!e.hidden]))"
    assert page.evaluate(hidden) == {"u1": False, "u2": False}
    page.get_by_label("assumed attacks").uncheck()
    assert page.evaluate(hidden) == {"u1": False, "u2": True}
    page.click("#reset")
    assert page.evaluate(hidden) == {"u1": False, "u2": False} and page.is_checked("#assumed-toggle")
    page.close()
