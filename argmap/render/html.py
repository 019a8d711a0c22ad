"""Interactive argument maps: one self-contained HTML page per map, built with pyvis and vis-network.

The page works offline and makes no request to any other host: vis-network's script and style sheet (shipped
in the pyvis wheel) are inlined, there is no CDN link, and a Content-Security-Policy allows only the page's
own scripts (by hash) and ``data:`` images. Post text, author names and titles are untrusted: every one of
them is HTML-escaped before it reaches a tooltip, the graph data travels as JSON with ``<``, ``>`` and ``&``
escaped, and links are kept only when they are ``http(s)``. Node labels are drawn on a canvas, as text.

What the page shows: claims, premises, rebuttals, evidence and quotes by shape and colour; support, attack,
evidence and quote relations by colour and line style, with arrows (an attack only assumed, for want of any word
of agreement or disagreement, thin and pale); a legend of the kinds the map draws; wrapped, shortened labels
with the full text, author, post link and reasons in the tooltips; the thread title; how contested a claim
is (attacks received) by its border, font size and label. A search box that frames what it finds and brings the
view to it (Enter steps through the matches), kind and topic filters, and a click that highlights a unit's
neighbourhood and lists its relations with their reasons, each a button that goes to the unit at its other end
(and back). For the keyboard and screen readers: a visible focus ring, the map named as an application (its arrow
keys move the view, Enter shows the unit under a cross in its middle, M picks up a unit for the arrow keys to move,
as a mouse drags it), Escape to close the details, and a text
outline of the map (:func:`argmap.render.outline.outline_html`), put in the page when first opened, where each unit
has a button that shows it on the map. The page's JavaScript adds those buttons when the outline is first opened.

Layout: the tree computed in Python (:func:`argmap.graph.analysis.tree_layout`: conclusions on top, what
answers them below, a claim with very many answers folded into rows, and so an answer with very many of its own,
units spaced by the size
:func:`node_size` predicts for them) with physics off, so that maps of thousands of units load at once; the
page fits the map beside the legend; physics (which does not settle for thousands of nodes) can relax small maps,
up to :data:`PHYSICS_LIMIT` units.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import textwrap
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal

import jinja2
import networkx as nx
import wcwidth
from markupsafe import Markup

from argmap.config import PHYSICS_LIMIT
from argmap.domain import clip
from argmap.graph.analysis import assumed_attacks, attacked_note, contested, tree_layout
from argmap.render.outline import outline_html
from argmap.words import counted

if TYPE_CHECKING:
    from pyvis.network import Network

__all__ = [
    "ASSUMED_ATTACK",
    "CONTESTED",
    "EDGE_STYLES",
    "NODE_STYLES",
    "NO_LINE_START",
    "PHYSICS_LIMIT",
    "Style",
    "label_px",
    "line_chars",
    "node_size",
    "render_html",
    "safe_json",
    "safe_url",
]

#: Labels are cut to this many columns (the tooltip has the full text); vis-network wraps them, once, to
#: lines at most :data:`LABEL_PX` pixels wide at the normal font size, wider for larger text (as many words a line).
#: Labels are measured in columns, as a terminal does: a Latin letter is one, a CJK ideograph, kana, Hangul
#: syllable or emoji (however many code points: ZWJ sequences, skin tones, flags) two, a combining accent none.
LABEL_CHARS = 110
LABEL_PX = 260
#: Font sizes: every label's, and how much larger a unit's text grows for each answer it draws (up to six).
FONT_SIZE = 14
FONT_STEP = 2
#: Padding between a node's border and its label, in pixels (vis-network's ``margin``).
MARGIN = 8
#: The average width of a column (a Latin character, half an ideograph or emoji) of the labels' sans-serif font,
#: in ems: a little wide, to be safe. The layout spaces nodes by the size this predicts (see :func:`node_size`).
CHAR_EM = 0.58
#: An emoji's width in ems, a little more than its two columns: colour emoji fonts draw one 1.25 em wide.
EMOJI_EM = 1.3
#: Room for the thickest border (a contested unit's), in pixels.
BORDER = 8
#: Topics offered in the page's topic filter.
TOPIC_CHOICES = 40

Layout = Literal["auto", "physics", "fixed"]


@dataclass(frozen=True)
class Style:
    """How one kind of node or edge looks.

    Attributes:
        label (str): the name in the legend.
        color (str): border or line colour.
        fill (str): background colour of nodes.
        shape (str): vis-network node shape.
        dashes (bool | list[int]): the line pattern of edges, or of a node's border.
    """

    label: str
    color: str
    fill: str = "#ffffff"
    shape: str = "box"
    dashes: bool | list[int] = False


NODE_STYLES: dict[str, Style] = {
    "claim": Style("claim", "#1d4ed8", "#dbeafe", "box"),
    "premise": Style("premise", "#b45309", "#fef3c7", "ellipse"),
    "rebuttal": Style("rebuttal", "#be185d", "#fce7f3", "box"),
    "evidence": Style("evidence", "#6d28d9", "#ede9fe", "diamond"),
    "quote": Style("quote", "#475569", "#f1f5f9", "box", [4, 3]),
    "other": Style("other", "#9ca3af", "#f9fafb", "ellipse"),
}
EDGE_STYLES: dict[str, Style] = {
    "support": Style("supports", "#16a34a"),
    "attack": Style("attacks", "#dc2626", dashes=[10, 6]),
    "evidence": Style("is evidence for", "#7c3aed", dashes=[2, 5]),
    "quote": Style("quotes", "#64748b", dashes=[4, 4]),
}
#: An attack only by default (:func:`argmap.domain.assumed_attack`: the answer's words neither agree nor
#: disagree): a thin, pale red, finely dashed, so that a reader tells the guesses from the attacks words show.
ASSUMED_ATTACK = Style("attacks, assumed (no words of disagreement)", "#f19999", dashes=[3, 5])
_FALLBACK = Style("unit", "#6b7280", "#f3f4f6", "ellipse")
#: The border colour of contested units (attacked at least once), whatever their kind; the attack edges' red.
CONTESTED = EDGE_STYLES["attack"].color

#: What CJK typesetting keeps off the start of a line (kinsoku): the marks that end a clause or a sentence,
#: closing brackets and quotes, iteration and prolonged-sound marks, and small kana.
NO_LINE_START = frozenset("、。，．：；！？）］｝〕〉》」』】〙〗〟’”…‥・ー々ゝゞヽヾ"
                          "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ")

_VIS = "templates/lib/vis-9.1.2"
_SOURCE_MAP = re.compile(r"/[/*]# sourceMappingURL=\S*(?: \*/)?")


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an ``http`` or ``https`` link, else ``None`` (no ``javascript:``, ``data:``, ...)."""
    if url and re.match(r"(?i)^https?://[^\s\"'<>]+$", url.strip()):
        return url.strip()
    return None


def safe_json(value: Any) -> str:
    """JSON that can stand inside a ``<script>`` element: ``<``, ``>``, ``&`` and line separators escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _columns(text: str) -> int:
    """How wide ``text`` is drawn, in columns (see :data:`LABEL_CHARS`)."""
    if text.isascii():  # the common case, at a fraction of the cost (as are the others below)
        return len(text)
    return int(wcwidth.width(text, control_codes="ignore"))


def _ems(line: str) -> float:
    """How wide a line of a label is drawn, in ems (an estimate erring on the large side): :data:`CHAR_EM` a column,
    :data:`EMOJI_EM` an emoji (a symbol two columns wide, or a sequence with an emoji presentation or keycap sign)."""
    if line.isascii():
        return len(line) * CHAR_EM
    ems = 0.0
    for cluster in wcwidth.iter_graphemes(line):
        columns = _columns(cluster)
        emoji = columns == 2 and (unicodedata.category(cluster[0]) == "So" or any(c in cluster for c in "\ufe0f\u20e3"))
        ems += EMOJI_EM if emoji else columns * CHAR_EM
    return ems


def _wrap(text: str, columns: int, **options: Any) -> list[str]:
    """:func:`textwrap.wrap` by columns, breaking a long word (or a run of ideographs) between grapheme clusters,
    and (without ``options``) keeping closing marks off the start of a line (see :func:`_keep_off_line_start`)."""
    if text.isascii():
        return textwrap.wrap(text, columns, **options)
    lines: list[str] = wcwidth.wrap(text, columns, control_codes="ignore", propagate_sgr=False, **options)
    return lines if options else _keep_off_line_start(text, lines, columns)


def _keep_off_line_start(text: str, lines: list[str], columns: int) -> list[str]:
    """``lines`` (``text`` wrapped to ``columns``) with no line but the first starting with a mark of
    :data:`NO_LINE_START`, as CJK typesetting has it (kinsoku): the last character of the line before goes down
    with the mark, and the rest of the text is wrapped again. Lines stay within ``columns``.

    Example:
        >>> _keep_off_line_start("一二三四。五六", ["一二三四", "。五六"], 8)
        ['一二三', '四。五六']
    """
    lines = list(lines)
    starts = _starts(text, lines, 0)
    if starts is None:  # not pieces of the text as given: leave them be
        return lines
    i = 1
    while i < len(lines):
        last = list(wcwidth.iter_graphemes(lines[i - 1]))
        if lines[i][:1] not in NO_LINE_START or len(last) < 2 or last[-1].isspace():
            i += 1
            continue
        cut = starts[i - 1] + len(lines[i - 1]) - len(last[-1])
        lines[i - 1] = lines[i - 1][:-len(last[-1])].rstrip()
        rest: list[str] = wcwidth.wrap(text[cut:], columns, control_codes="ignore", propagate_sgr=False)
        rest_starts = _starts(text, rest, cut)
        if rest_starts is None:
            return lines[:i] + rest
        lines[i:], starts[i:] = rest, rest_starts
    return lines


def _starts(text: str, lines: list[str], at: int) -> list[int] | None:
    """Where each of ``lines`` starts in ``text``, in order from ``at``; ``None`` when one is not found."""
    starts: list[int] = []
    for line in lines:
        at = text.find(line, at)
        if at < 0:
            return None
        starts.append(at)
        at += len(line)
    return starts


def _label(text: str, attacked: str, chars: int = LABEL_CHARS, font_size: int = FONT_SIZE) -> str:
    """The shortened text wrapped to lines that fit the node at this font size (see :func:`line_chars`), and
    how often the unit is attacked (``attacked``, from :func:`argmap.graph.analysis.attacked_note`) on a line of
    its own.

    The lines are made here, not by the browser: vis-network measures a long label word by word to wrap it,
    which for thousands of units is most of the time a map takes to draw, and it would wrap a line again that
    is a little too wide for it, leaving a word alone on a line. These lines are short enough that it never has to.
    Text is measured in columns (see :data:`LABEL_CHARS`), so that a line of Chinese or emoji is no wider than one
    of Latin letters, and cut at a space where one comes soon enough, else (a bare link, a long word, text written
    without spaces) between grapheme clusters.
    """
    words = " ".join(text.split())
    short = words if _columns(words) <= chars else (_wrap(words, chars, max_lines=1, placeholder=" …") or [""])[0]
    if _columns(short) < chars // 2 < _columns(words):
        # cut at spaces, a long word (a bare link, a sentence of Chinese) went whole: cut it between clusters instead
        short = clip(words, chars - 2, _columns).rstrip() + " …"
    short = short or "…"
    width = line_chars(font_size)
    label = "\n".join(_wrap(short, width)) if _columns(short) > width else short
    if attacked:
        label += f"\n[{attacked}]"
    return label


def label_px(font_size: int) -> int:
    """The widest a node is drawn at this font size, in pixels: larger text gets wider lines, not more of them."""
    return round(LABEL_PX * font_size / FONT_SIZE)


def line_chars(font_size: int) -> int:
    """How many columns a label's line holds at this font size (half as many ideographs or emoji): what
    :func:`label_px` leaves inside the margins, at :data:`CHAR_EM` a column, less a tenth so that the browser
    never needs to break it again."""
    return max(1, int(0.9 * (label_px(font_size) - 2 * MARGIN) / (CHAR_EM * font_size)))


def node_size(label: str, font_size: int, shape: str) -> tuple[float, float]:
    """How wide and tall vis-network draws a node with this label, in pixels (an estimate erring on the large side).

    A line longer than :func:`line_chars` is wrapped as :func:`_label` would; a box is the label plus its
    margins, an ellipse is as wide as the label plus its height and twice as tall, a diamond draws its label
    underneath; each has room for the thickest border.

    Args:
        label (str): the node's label, lines separated by ``\n``.
        font_size (int): its font size in pixels (a line is that tall).
        shape (str): vis-network's shape (``box``, ``ellipse``, ``diamond``, ...).

    Returns:
        tuple[float, float]: width and height.
    """
    inner = label_px(font_size) - 2 * MARGIN
    chars = line_chars(font_size)
    lines = [line for part in label.split("\n")
             for line in (_wrap(part, chars) or [""] if _columns(part) > chars else [part])]
    # As wide as its longest line, and a thick (contested) border reaches past the shape.
    width = min(inner, max(_ems(line) for line in lines) * font_size)
    height = len(lines) * font_size + BORDER
    width += BORDER
    if shape == "ellipse":
        return width + height + 2 * MARGIN, 2 * height + 2 * MARGIN
    if shape == "diamond":
        return max(width, 50.0), height + 50.0 + MARGIN
    return width + 2 * MARGIN, height + 2 * MARGIN


def _node_tip(attrs: dict[str, Any], attacks: int, supports: int, assumed: int = 0) -> str:
    """Tooltip HTML; every value from a post is escaped."""
    esc = html.escape
    kind = str(attrs.get("kind", "unit"))
    parts = [f"<b>{esc(kind)}</b>"]
    if attacks or supports:
        guessed = f" ({assumed} assumed)" if assumed else ""
        parts.append(f" · {attacks} attack{'s' * (attacks != 1)}{guessed}, {supports} support{'s' * (supports != 1)}")
    parts.append(f"<p dir='auto'>{esc(str(attrs.get('text', '')))}</p>")  # Arabic or Hebrew reads right to left
    meta = []
    if attrs.get("author"):
        meta.append(f"by {esc(str(attrs['author']))}")
    if attrs.get("official"):
        meta.append("an official post (the site's staff or the forum's moderators)")
    if attrs.get("created_at"):
        # Stored and exported in UTC: said so, as 08:00 alone reads as the reader's own time.
        meta.append(esc(str(attrs["created_at"])[:16].replace("T", " ")) + " UTC")
    if attrs.get("thread_title"):
        meta.append(f"in {esc(str(attrs['thread_title']))}")
    if meta:
        parts.append(f"<div class='meta'>{' · '.join(meta)}</div>")
    url = safe_url(attrs.get("post_url"))
    if url:
        parts.append(f"<div class='meta'>{esc(url)}</div>")
    if attrs.get("topics"):
        parts.append(f"<div class='meta'>topics: {esc(', '.join(map(str, attrs['topics'])))}</div>")
    if attrs.get("reason"):
        parts.append(f"<div class='why'>{esc(str(attrs['reason']))}</div>")
    return "".join(parts)


def _edge_style(attrs: dict[str, Any]) -> Style:
    kind = str(attrs.get("kind", ""))
    return ASSUMED_ATTACK if attrs.get("assumed") else EDGE_STYLES.get(kind, Style(kind, "#6b7280"))


def _edge_tip(attrs: dict[str, Any]) -> str:
    head = f"<b>{html.escape(_edge_style(attrs).label)}</b>"
    head += f" · confidence {float(attrs.get('confidence', 0.0)):.2f}"
    model = str(attrs.get("model") or "")
    if model:  # argmap's rules read by their name ("rule quote"), other models in full ("import.aif")
        version, _, rule = model.rpartition("/")
        head += f" · {html.escape(f'rule {rule}' if version else model)}"
    tip = f"{head}<div class='why'>{html.escape(str(attrs.get('reason', '')))}</div>"
    also = int(attrs.get("also") or 0)
    if also:  # one edge a pair: say what else joins the two units, which argmap export lists
        tip += f"<div class='meta'>and {counted(also, 'other relation')} between these units, not drawn</div>"
    return tip


def _add_node(net: Network, node: str, *, label: str, shape: str, **options: Any) -> None:
    """``net.add_node`` without its scan of every node added before (``n_id not in self.node_ids``, a list): that
    made drawing a map quadratic in its units, 11 of the 43 s that 26,000 units took. A graph's node ids are
    unique already."""
    from pyvis.node import Node

    made = Node(node, shape, label=label or node, font_color=net.font_color, **options)
    net.nodes.append(made.options)
    net.node_ids.append(node)
    net.node_map[node] = made.options


def _add_edge(net: Network, source: str, target: str, **options: Any) -> None:
    """``net.add_edge`` without its checks that both ends were added (``source in self.get_nodes()``, a scan of
    the node list for every edge: 15 of the 43 s). The ends are nodes of the same graph."""
    from pyvis.edge import Edge

    net.edges.append(Edge(source, target, True, **options).options)


def _network(graph: nx.DiGraph, physics: bool) -> tuple[Network, dict[str, float]]:
    """The pyvis network (nodes, edges and options, without any of pyvis's page templates), and the extent of
    the layout (``left``, ``right``, ``top``, ``bottom`` of the nodes' predicted boxes) for the first view."""
    # Imported here: pyvis imports IPython (a fifth of a second), which no command but drawing a map needs.
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    labels: dict[str, tuple[str, int]] = {}
    sizes: dict[str, tuple[float, float]] = {}
    for node, attrs in graph.nodes(data=True):
        shape = NODE_STYLES.get(str(attrs.get("kind", "")), _FALLBACK).shape
        size = FONT_SIZE + min(graph.in_degree(node), 6) * FONT_STEP  # units that draw answers: larger text
        label = _label(str(attrs.get("text", "")), attacked_note(graph, node), LABEL_CHARS if shape == "box" else 70,
                       size)
        labels[node] = label, size
        sizes[node] = node_size(label, size, shape)
    positions = tree_layout(graph, sizes)  # spaced by the nodes' sizes, so that large ones do not overlap
    for node, attrs in graph.nodes(data=True):
        kind = str(attrs.get("kind", ""))
        style = NODE_STYLES.get(kind, _FALLBACK)
        attacks = contested(graph, node)
        supports = graph.in_degree(node) - attacks
        x, y = positions[node]
        label, size = labels[node]
        extra: dict[str, Any] = {}
        color: dict[str, Any] | None = None
        guessed = assumed_attacks(graph, node) if attacks else 0
        if attacks:  # contested: a red border as thick as the attacks are many, on the fill of its kind
            border = ASSUMED_ATTACK.color if guessed == attacks else CONTESTED  # pale when every attack is a guess
            color = {"background": style.fill, "border": border,
                     "highlight": {"background": "#ffffff", "border": border},
                     "hover": {"background": style.fill, "border": border}}
            extra["borderWidth"] = 1.5 + min(attacks, 4) * 1.5
            extra["borderWidthSelected"] = extra["borderWidth"] + 1
        if size != FONT_SIZE:  # answered units are larger
            extra["font"] = {"size": size}
            extra["widthConstraint"] = {"maximum": label_px(size)}
        if attrs.get("author"):
            extra["author"] = attrs["author"]
        if guessed:  # the details say how many of the attacks are only assumed
            extra["assumed"] = guessed
        url = safe_url(attrs.get("post_url"))
        if url:
            extra["url"] = url
        _add_node(
            # The shape is set on the node: pyvis gives every node shape "dot" otherwise, over its group's shape.
            net, node, label=label, title=_node_tip(attrs, attacks, supports, guessed),
            group=kind if kind in NODE_STYLES else "unit", shape=style.shape,
            x=round(x), y=round(y), kind=kind, attacks=attacks, text=str(attrs.get("text", "")),
            topics=list(attrs.get("topics", [])), **extra,
        )
        if color is not None:  # pyvis drops a node's colour when it has a group: set it on the node itself
            net.get_node(node)["color"] = color
    for source, target, attrs in graph.edges(data=True):
        kind = str(attrs.get("kind", ""))
        style = _edge_style(attrs)
        extra = {"assumed": True} if attrs.get("assumed") else {}
        _add_edge(
            net, source, target, id=str(attrs.get("id") or f"{source}->{target}"), title=_edge_tip(attrs),
            color={"color": style.color, "highlight": style.color, "hover": style.color, "inherit": False},
            dashes=style.dashes,
            width=1.5 if extra else round(1 + 2.5 * float(attrs.get("confidence", 0.5)), 1),
            kind=kind, reason=str(attrs.get("reason", "")), **extra,
        )
    groups = {kind: {"shape": s.shape, "shapeProperties": {"borderDashes": s.dashes},
                     "color": {"background": s.fill, "border": s.color,
                               "highlight": {"background": "#ffffff", "border": s.color},
                               "hover": {"background": s.fill, "border": s.color}}}
              for kind, s in {**NODE_STYLES, "unit": _FALLBACK}.items()}
    net.set_options(json.dumps({
        "physics": {
            "enabled": physics, "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -2500, "springLength": 150, "springConstant": 0.02,
                          "avoidOverlap": 0.6},
            "stabilization": {"enabled": physics, "iterations": 300, "fit": True},
        },
        "layout": {"improvedLayout": False},
        "groups": groups,
        "edges": {"smooth": {"enabled": physics, "type": "continuous"}, "selectionWidth": 2,
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.8}}},
        "nodes": {"margin": MARGIN, "widthConstraint": {"maximum": LABEL_PX}, "borderWidth": 1.5,
                  "borderWidthSelected": 3, "font": {"size": FONT_SIZE, "color": "#111827", "face": "sans-serif"},
                  "labelHighlightBold": False,  # bold text would outgrow the size the layout made room for
                  "scaling": {"label": {"enabled": False, "drawThreshold": 3}}},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": not physics,
                        "hideEdgesOnZoom": not physics, "keyboard": {"enabled": True, "bindToWindow": False},
                        "multiselect": True},
    }))
    bounds = {"left": 0.0, "right": 0.0, "top": 0.0, "bottom": 0.0}
    if positions:
        bounds = {"left": min(positions[n][0] - sizes[n][0] / 2 for n in positions),
                  "right": max(positions[n][0] + sizes[n][0] / 2 for n in positions),
                  "top": min(positions[n][1] - sizes[n][1] / 2 for n in positions),
                  "bottom": max(positions[n][1] + sizes[n][1] / 2 for n in positions)}
    return net, {side: round(value, 1) for side, value in bounds.items()}


def _vis_assets() -> tuple[str, str]:
    """vis-network's script and style sheet from the pyvis wheel, without source-map links."""
    lib = resources.files("pyvis").joinpath(_VIS)
    script = _SOURCE_MAP.sub("", lib.joinpath("vis-network.min.js").read_text(encoding="utf-8"))
    style = _SOURCE_MAP.sub("", lib.joinpath("vis-network.css").read_text(encoding="utf-8"))
    return script, style


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def _left_out(graph: nx.DiGraph) -> str | None:
    """What of the threads' stored units and relations the map does not draw, for its heading, so that its counts
    add up to those of ``argmap stats`` and ``argmap export``; ``None`` when it draws them all."""
    parts = []
    unlinked = int(graph.graph.get("unlinked_other", 0))
    if unlinked:
        parts.append(f"{counted(unlinked, 'unit')} of kind other that no relation touches")
    also = sum(int(attrs or 0) for *_ends, attrs in graph.edges(data="also"))
    if also:
        parts.append(f"{counted(also, 'relation')} between units another one joins, counted in that one's tooltip")
    return f"not drawn: {', '.join(parts)}" if parts else None


def _legend_shapes(kinds: Collection[str]) -> list[dict[str, Any]]:
    """The legend's units: the kinds the map draws (``kinds``), in :data:`NODE_STYLES`' order, and the fallback
    style's when it draws a kind that has none."""
    styles = {kind: s for kind, s in NODE_STYLES.items() if kind in kinds}
    if any(kind not in NODE_STYLES for kind in kinds):
        styles["unit"] = _FALLBACK
    return [{"kind": kind, "label": s.label, "color": s.color, "fill": s.fill, "shape": s.shape,
             "dashed": bool(s.dashes)} for kind, s in styles.items()]


def _legend_edges(graph: nx.DiGraph) -> list[dict[str, Any]]:
    """The legend's lines: the relations the map draws, each kind once (the assumed attacks apart), in
    :data:`EDGE_STYLES`' order, then the assumed attacks, then any kind without a style of its own."""
    drawn: dict[str, Style] = {}
    for *_ends, attrs in graph.edges(data=True):
        drawn.setdefault("assumed" if attrs.get("assumed") else str(attrs.get("kind", "")), _edge_style(attrs))
    order = [*EDGE_STYLES, "assumed"]
    return [{"kind": kind, "label": s.label, "color": s.color,
             "dashes": " ".join(map(str, s.dashes)) if isinstance(s.dashes, list) else ""}
            for kind, s in sorted(drawn.items(), key=lambda item: (order.index(item[0]) if item[0] in order
                                                                    else len(order), item[0]))]


def render_html(graph: nx.DiGraph, *, title: str | None = None, layout: Layout = "auto",
                scope: str | None = None) -> str:
    """A self-contained HTML page showing ``graph`` as an interactive argument map.

    Args:
        graph (nx.DiGraph): from :func:`argmap.graph.build.build_graph` (or a :func:`~argmap.graph.build.select`
            of it).
        title (str | None): the page heading; the titles of the graph's threads when ``None``.
        layout (str): ``"fixed"`` (and ``"auto"``) use the tree layout computed in Python with physics off;
            ``"physics"`` lets vis-network relax that layout in the browser, for maps of up to
            :data:`PHYSICS_LIMIT` units (larger ones stay fixed, as the simulation would not settle).
        scope (str | None): which part of the threads the map shows, said beside its counts (e.g. "only
            relations at least 0.6 confident"), so that a reader takes no part for the whole.

    Returns:
        str: the page. It needs no network: open it from disk, serve it, or show it in a notebook.
    """
    # The tree layout reads best; physics only relaxes it on request, and never where it would not settle.
    physics = layout == "physics" and graph.number_of_nodes() <= PHYSICS_LIMIT
    net, bounds = _network(graph, physics)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    threads = [t for t in dict.fromkeys(str(graph.nodes[n].get("thread_title") or "") for n in graph) if t]
    heading = title or (", ".join(threads[:3]) + (f" and {len(threads) - 3} more" if len(threads) > 3 else "")) \
        or "Argument map"
    assumed = any(flag for *_, flag in graph.edges(data="assumed"))  # a legend line and a box to hide them
    kinds: dict[str, int] = {}
    topics: dict[str, int] = {}
    for _node, attrs in graph.nodes(data=True):
        kinds[str(attrs.get("kind"))] = kinds.get(str(attrs.get("kind")), 0) + 1
        for topic in attrs.get("topics", ()):
            topics[topic] = topics.get(topic, 0) + 1
    top_topics = sorted(topics, key=lambda t: (-topics[t], t))[:TOPIC_CHOICES]
    # The text outline's markup travels in the data, a string the page puts in place when the outline is first
    # opened: as elements in the page, the outline of a 5,000-unit map took the browser 0.08-0.09 s more to load.
    data = {"nodes": nodes, "edges": edges, "options": json.loads(options), "physics": physics, "bounds": bounds,
            "outline": outline_html(graph)}
    env = jinja2.Environment(loader=jinja2.PackageLoader("argmap.render", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    vis_script, vis_style = _vis_assets()
    app_script = resources.files("argmap.render").joinpath("templates/map.js").read_text(encoding="utf-8")
    page = env.get_template("map.html").render(
        title=heading, scope=scope, left_out=_left_out(graph),
        counts=f"{counted(graph.number_of_nodes(), 'unit')} · {counted(graph.number_of_edges(), 'relation')}",
        kinds=sorted(kinds),
        topics=top_topics, node_styles=_legend_shapes(kinds), edge_styles=_legend_edges(graph), assumed=assumed,
        physics=physics,
        data=Markup(safe_json(data)),
        vis_script=Markup(vis_script), vis_style=Markup(vis_style),
        app_script=Markup(app_script),
        csp=f"default-src 'none'; script-src {_csp_hash(vis_script)} {_csp_hash(app_script)}; "
            "style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; "
            "base-uri 'none'; form-action 'none'",
    )
    return page
