/* argmap map page: builds the vis-network from the JSON in #map-data; search, filters, neighbourhood highlight,
   and the keyboard's way to all of them (the map's Enter and Escape, relations and outline items that go to units).
   Text from posts is only ever put in the page with textContent, or as tooltip HTML that argmap escaped. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var state = { ready: false, focus: null };
  window.argmap = state;

  // Text cut to at most n characters, the last of them "…", between whole characters (grapheme clusters), as
  // argmap cuts the labels it draws: a cut by UTF-16 units left half an emoji for a screen reader to read out.
  var graphemes = typeof Intl !== "undefined" && Intl.Segmenter
    ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;
  function clipped(text, n) {
    if (text.length <= n) return text;  // no more characters than UTF-16 units: nothing to cut
    var parts = [];
    var each = graphemes ? graphemes.segment(text)[Symbol.iterator]() : Array.from(text)[Symbol.iterator]();
    for (var step = each.next(); !step.done && parts.length <= n; step = each.next()) {
      parts.push(graphemes ? step.value.segment : step.value);
    }
    return parts.length > n ? parts.slice(0, n - 1).join("") + "…" : text;
  }

  function tip(markup) {
    // Tooltip markup is built by argmap with every value escaped; vis-network wants an element for HTML.
    var div = document.createElement("div");
    div.innerHTML = markup;
    return div;
  }
  var byId = {};
  var place = {};  // a unit's place in the map's order: the text outline's item o<place> is the unit's
  data.nodes.forEach(function (n, i) {
    place[n.id] = i;
    n.tip = n.title;
    n.title = undefined;
    n.baseColor = n.color;
    byId[n.id] = n;
  });
  data.edges.forEach(function (e) {
    e.tip = e.title;
    e.title = undefined;
    e.baseColor = e.color;
  });
  var nodes = new vis.DataSet(data.nodes);
  // Of some changes to units or relations, those that change something. vis-network sets every option of each
  // item an update names again, and measures a unit's label again, word by word, when it next draws it: a filter or
  // the Reset naming all 9,000 units of a large map (to change a few, or none) took seconds.
  var UNSET = { hidden: false, opacity: 1 };  // what a unit or relation is with no value of its own
  function changing(set, changes) {
    return changes.filter(function (c) {
      var now = set.get(c.id);
      return !now || Object.keys(c).some(function (key) {
        return key !== "id" && (now[key] === undefined ? UNSET[key] : now[key]) !== c[key];
      });
    });
  }
  // With physics off, vis-network draws the whole map at once on every update of its units or relations, before
  // the page does anything else: a filter drew a map of thousands of units twice, the Reset three times over. The
  // update is drawn with the next frame instead, once, with whatever else changes in the same turn (its renderer
  // draws nothing while allowRedraw is false, vis-network's own way of holding its drawing).
  function undrawn(change) {
    var renderer = network && network.renderer;
    if (!renderer || renderer.allowRedraw !== true) { change(); return; }
    renderer.allowRedraw = false;
    try { change(); } finally { renderer.allowRedraw = true; }
    network.body.emitter.emit("_requestRedraw");
  }
  // vis-network gives a node of a group the group's colour again on every update that names no colour: keep
  // a contested unit's own (its red border) through hover, highlight and filters.
  function updateNodes(changes) {
    changes = changing(nodes, changes);
    if (!changes.length) return;
    undrawn(function () {
      nodes.update(changes.map(function (c) {
        if (byId[c.id] && byId[c.id].baseColor) c.color = byId[c.id].baseColor;
        return c;
      }));
    });
  }
  function updateEdges(changes) {
    changes = changing(edges, changes);
    if (changes.length) undrawn(function () { edges.update(changes); });
  }
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("map");
  var NARROW = 600;  // pixels: a phone held upright
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  state.network = network;
  // The map takes the keyboard when focused (arrow keys move the view, + and - zoom): say what it is and how to use it.
  var frame = container.querySelector(".vis-network");
  if (frame) {
    frame.setAttribute("role", "application");
    frame.setAttribute("aria-roledescription", "argument map");
    frame.setAttribute("aria-label", "Argument map: arrow keys move the view, + and - zoom, Enter shows the unit at "
                       + "the centre and its relations, Escape closes it. M picks up the highlighted unit (or the "
                       + "one at the centre) to move it with the arrow keys, Shift+arrow further; Enter or M puts "
                       + "it down, Escape puts it back. The search box goes to units; the text outline says the "
                       + "whole map in words and shows any unit on the map.");
  }
  state.nodes = nodes;
  state.edges = edges;

  // Tooltips are made when first needed, so that a map of thousands of units loads fast.
  network.on("hoverNode", function (p) {
    var n = nodes.get(p.node);
    if (n && n.tip && !n.title) updateNodes([{ id: n.id, title: tip(n.tip) }]);
  });
  network.on("hoverEdge", function (p) {
    var e = edges.get(p.edge);
    if (e && e.tip && !e.title) updateEdges([{ id: e.id, title: tip(e.tip) }]);
  });

  // Fit the map (or some of its units) into the part of the view no panel covers: right of the legend (so that no
  // unit starts out under it; vis-network's own fit uses the whole view), and left of the details (above them on a
  // phone) while they are open; where a panel would leave less than half the width, the whole view is used.
  var legend = document.getElementById("legend");
  var details = document.getElementById("details");
  var PAD = 16;
  // On a phone the open legend would cover half the map: it starts folded (its summary opens it).
  if (container.clientWidth < NARROW) legend.open = false;
  function clearArea() {
    var full = container.clientWidth, high = container.clientHeight;
    var area = { left: PAD, right: full - PAD, top: PAD, bottom: high - PAD };
    var left = legend.offsetLeft + legend.offsetWidth + PAD;
    if (full - left - PAD >= full / 2) area.left = left;
    if (details.style.display === "block") {
      if (details.offsetTop > high / 3) area.bottom = Math.max(details.offsetTop - PAD, high / 2);  // a sheet
      else if (details.offsetLeft - PAD - area.left >= full / 2) area.right = details.offsetLeft - PAD;
    }
    return area;
  }
  function boxOf(ids) {
    var box = { left: Infinity, right: -Infinity, top: Infinity, bottom: -Infinity };
    ids.forEach(function (id) {
      var b = network.getBoundingBox(id);
      if (!b) return;
      box.left = Math.min(box.left, b.left);
      box.right = Math.max(box.right, b.right);
      box.top = Math.min(box.top, b.top);
      box.bottom = Math.max(box.bottom, b.bottom);
    });
    return box.left === Infinity ? null : box;
  }
  function fitClear(ids) {
    var box = boxOf(ids || nodes.getIds({ filter: function (n) { return !n.hidden; } }));
    if (box) fitBox(box);
  }
  // The scale that fits a box into the clear area, never above 1 (the units' own size).
  function fitScale(box, area) {
    return Math.min(1, (area.right - area.left) / Math.max(box.right - box.left, 1),
                    (area.bottom - area.top) / Math.max(box.bottom - box.top, 1));
  }
  function fitBox(box, animation, scale) {
    var area = clearArea();
    network.moveTo({ position: { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 },
                     scale: scale || fitScale(box, area),
                     offset: { x: (area.left + area.right - container.clientWidth) / 2,
                               y: (area.top + area.bottom - container.clientHeight) / 2 },
                     animation: animation || false });
  }
  state.fit = fitClear;
  // Until the reader moves the view, a change of the window's size fits the map again.
  var moved = false;
  network.on("dragStart", function () { moved = true; });
  network.on("zoom", function () { moved = true; });
  network.on("resize", function () { if (!moved) fitClear(); });

  function markReady() {
    if (!state.ready) {
      state.ready = true;
      document.body.setAttribute("data-ready", "true");
    }
  }
  // The first view is fitted before the first drawing, from the extent the layout computed in Python: fitting
  // after it would draw a map of thousands of units twice.
  if (!data.physics && data.bounds) fitBox(data.bounds);
  network.once("afterDrawing", function () {
    if (!data.physics) markReady();
  });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    fitClear();
    markReady();
  });
  if (data.physics) {
    // A map with no relation at all stabilises at once; never keep the page waiting.
    setTimeout(markReady, 4000);
  }

  // Details panel and neighbourhood highlight.
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  // Where the keyboard was when the details opened (the search box, an outline item's button, the map): it goes back
  // there when they close from within.
  var opener = null;
  var trail = [];  // the units the details' relations went from, the last one first back
  function closeDetails() {
    var inside = details.contains(document.activeElement);
    clearHighlight();
    showDetails(null);
    if (inside) {
      var back = opener && opener !== document.body && document.contains(opener) ? opener : null;
      (back || document.getElementById("search")).focus();
    }
  }
  details.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { e.preventDefault(); closeDetails(); }
  });
  // How a relation reads from either end, by its kind: "supports" the unit it answers, "supported by" its answer.
  var FROM = { support: "supports", attack: "attacks", evidence: "is evidence for", quote: "quotes" };
  var TO = { support: "supported by", attack: "attacked by", evidence: "evidence from", quote: "quoted by" };
  // A relation's confidence and the rule that made it, as its tooltip says them ("confidence 0.80 · rule quote").
  function provenance(e) {
    if (!e.tip) return "";
    var said = tip(e.tip);
    said.querySelectorAll(".why, .meta").forEach(function (line) { line.remove(); });
    return said.textContent.split(" · ").slice(1).join(" · ");
  }
  function showDetails(id, into) {
    var n = byId[id];
    if (!details.contains(document.activeElement)) { opener = document.activeElement; trail = []; }
    // a reader the keyboard takes into the details reads them there: the live region would say them twice
    details.setAttribute("aria-live", into ? "off" : "polite");
    details.replaceChildren();
    if (!n) { details.style.display = "none"; trail = []; return; }
    var close = el("button", "×", "close");
    close.type = "button";
    close.title = "Close (Escape, or click an empty part of the map)";
    close.setAttribute("aria-label", "Close the details");
    close.addEventListener("click", closeDetails);
    details.appendChild(close);
    if (trail.length) {
      var before = byId[trail[trail.length - 1]];
      var back = el("button", "back to the " + before.kind, "back");
      back.type = "button";
      back.addEventListener("click", function () { goBack(); });
      details.appendChild(back);
    }
    var head = el("h2", n.kind + (n.attacks ? " · attacked ×" + n.attacks : "")
                  + (n.assumed ? ", " + n.assumed + " assumed" : "")
                  + (shown(id) ? "" : " · hidden by a filter"));
    head.tabIndex = -1;  // where the keyboard goes when it brings the details up
    details.appendChild(head);
    var text = el("div", n.text, "text");
    text.dir = "auto";  // a unit in Arabic or Hebrew reads right to left
    details.appendChild(text);
    // What the unit's tooltip says beside its text (author, time, thread, topics, and why it is of its kind), so
    // that the keyboard gets it as the mouse does: markup argmap made, every value escaped; the post's link is below.
    tip(n.tip || "").querySelectorAll(".meta, .why").forEach(function (line) {
      if (line.textContent !== n.url) details.appendChild(line);
    });
    var links = el("div", null, "links");
    if (n.url) {
      var a = el("a", "open the post");
      a.href = n.url;  // only http(s) links reach the page
      a.target = "_blank";
      a.rel = "noopener noreferrer nofollow";
      links.appendChild(a);
    }
    var where = el("button", "show in the outline", "aside");
    where.type = "button";
    where.addEventListener("click", function () { showInOutline(id); });
    links.appendChild(where);
    details.appendChild(links);
    // Each relation is a button that goes to the unit at its other end, as a click on that unit would.
    var list = el("ul", null, "relations");
    edges.get({ filter: function (e) { return e.from === id || e.to === id; } }).forEach(function (e) {
      var out = e.from === id, other = byId[out ? e.to : e.from];
      if (!other) return;
      var li = el("li");
      var go = el(shown(other.id) ? "button" : "span", null, out ? "go from" : "go to");
      if (go.tagName === "BUTTON") {
        go.type = "button";
        go.setAttribute("data-unit", other.id);
        go.addEventListener("click", function () { follow(other.id); });
      }
      go.appendChild(el("b", ((out ? FROM : TO)[e.kind] || e.kind) + (e.assumed ? " (assumed)" : "")));
      go.appendChild(document.createTextNode(" " + other.kind + ": "));
      var said = el("bdi", other.text);
      said.dir = "auto";
      go.appendChild(said);
      if (go.tagName === "SPAN") go.appendChild(el("i", " (hidden by a filter)"));
      li.appendChild(go);
      var why = [e.reason, provenance(e)].filter(Boolean).join(" · ");
      if (why) li.appendChild(el("div", why, "why"));
      list.appendChild(li);
    });
    if (list.children.length) {
      details.appendChild(el("h2", "Relations"));
      details.appendChild(list);
    }
    details.style.display = "block";
    if (into) {
      head.focus({ preventScroll: true });
      details.scrollTop = 0;  // the heading is near the top: the × and the way back stay in sight above it
    }
  }
  // Highlight a unit, show its details (the keyboard goes there when ``into``) and bring the view to it: what a
  // click on it does, for the keyboard.
  function select(id, into) {
    highlight(id);
    showDetails(id, into);
    if (shown(id)) goTo([id]);
  }
  function follow(id) {
    if (state.focus !== null) trail.push(state.focus);
    select(id, true);
  }
  function goBack() {
    var id = trail.pop();
    if (id !== undefined) select(id, true);
  }
  state.select = select;

  // Dimming every other unit is a redraw of the whole map: on large maps the neighbourhood is selected instead, and
  // a veil drawn over the map after vis-network has drawn it leaves the neighbourhood in full colour (the units
  // through holes in it, their relations drawn again over it), so that it shows even when units are a few pixels.
  var DIM_LIMIT = 1500;
  var veil = null;  // on a large map: { nodes: ids, edges: edges } of the highlighted neighbourhood
  function highlight(id) {
    if (data.nodes.length > DIM_LIMIT) {
      var around = [id].concat(network.getConnectedNodes(id));
      var touching = network.getConnectedEdges(id);
      veil = { nodes: around, edges: edges.get(touching) };
      state.focus = id;
      network.setSelection({ nodes: around, edges: touching }, { highlightEdges: false });  // redraws, veiled
      return;
    }
    var near = {};
    near[id] = true;
    network.getConnectedNodes(id).forEach(function (m) { near[m] = true; });
    updateNodes(nodes.getIds().map(function (m) { return { id: m, opacity: near[m] ? 1 : 0.15 }; }));
    updateEdges(edges.get().map(function (e) {
      var on = e.from === id || e.to === id;
      return { id: e.id, color: { color: e.baseColor.color, highlight: e.baseColor.highlight,
                                   hover: e.baseColor.hover, inherit: false, opacity: on ? 1 : 0.08 } };
    }));
    state.focus = id;
  }
  // network.unselectAll draws the whole map at once, before the page does anything else: the Reset drew a map of
  // thousands of units three times over. An empty selection is drawn with the next frame, once, whatever else
  // changed with it.
  function unselect() {
    network.setSelection({ nodes: [], edges: [] });
  }
  function clearHighlight() {
    if (state.focus === null) return;
    if (data.nodes.length > DIM_LIMIT) { veil = null; state.focus = null; unselect(); return; }
    updateNodes(nodes.getIds().map(function (m) { return { id: m, opacity: 1 }; }));
    updateEdges(edges.get().map(function (e) { return { id: e.id, color: e.baseColor }; }));
    state.focus = null;
  }
  network.on("click", function (p) {
    if (p.nodes.length) {
      highlight(p.nodes[0]);
      showDetails(p.nodes[0]);
    } else {
      clearHighlight();
      showDetails(null);
    }
  });
  state.highlight = highlight;

  // What a search found is marked by a frame around each unit, at least MARK_PX pixels across however small the
  // units are drawn (more than MARK_LIMIT are only selected); the highlighted unit (clicked, or the one Enter went
  // to) by a darker, thicker one. Cyan, which no unit or relation has.
  var MARK_PX = 22;
  var MARK_LIMIT = 1000;
  var hits = [];  // the units the search finds, in the map's order
  function shown(id) {
    var n = nodes.get(id);
    return n && !n.hidden;
  }
  function drawVeil(ctx, scale) {
    var a = network.DOMtoCanvas({ x: 0, y: 0 });
    var z = network.DOMtoCanvas({ x: container.clientWidth, y: container.clientHeight });
    var pad = 3 / scale;
    ctx.beginPath();
    ctx.rect(a.x, a.y, z.x - a.x, z.y - a.y);
    veil.nodes.forEach(function (id) {
      var b = shown(id) && network.getBoundingBox(id);
      if (b) ctx.rect(b.left - pad, b.top - pad, b.right - b.left + 2 * pad, b.bottom - b.top + 2 * pad);
    });
    ctx.fillStyle = "rgba(248, 250, 252, 0.85)";
    ctx.fill("evenodd");
    ctx.clip("evenodd");  // relations drawn again over the veil, not over their units
    var pos = network.getPositions(veil.nodes);
    veil.edges.forEach(function (e) {
      if (!pos[e.from] || !pos[e.to] || !shown(e.from) || !shown(e.to)) return;
      ctx.beginPath();
      ctx.moveTo(pos[e.from].x, pos[e.from].y);
      ctx.lineTo(pos[e.to].x, pos[e.to].y);
      ctx.strokeStyle = e.baseColor.color;
      ctx.lineWidth = Math.max(e.width || 1, 1.5 / scale);
      ctx.stroke();
    });
  }
  function drawMarks(ctx, scale) {
    function frame(id, width, colour) {
      var b = network.getBoundingBox(id);
      if (!b) return;
      var half = MARK_PX / 2 / scale, gap = 4 / scale;
      var x = (b.left + b.right) / 2, y = (b.top + b.bottom) / 2;
      var w = Math.max((b.right - b.left) / 2 + gap, half), h = Math.max((b.bottom - b.top) / 2 + gap, half);
      ctx.beginPath();
      ctx.rect(x - w, y - h, 2 * w, 2 * h);
      ctx.lineWidth = width / scale;
      ctx.strokeStyle = colour;
      ctx.stroke();
    }
    if (hits.length <= MARK_LIMIT) hits.forEach(function (id) { if (id !== state.focus) frame(id, 2.5, "#22d3ee"); });
    if (state.focus !== null && shown(state.focus)) frame(state.focus, 4, "#0e7490");
  }
  // vis-network animates a move in frames (60 for a second), not in time: where one drawing takes tens of
  // milliseconds (a map of thousands of units), a move gets fewer frames, so that it stays about as short.
  var MOVE_MS = 400;
  var drawStart = 0, drawMs = 0;
  network.on("beforeDrawing", function () { drawStart = performance.now(); });
  function animation() {
    var frames = Math.max(4, Math.min(24, Math.round(MOVE_MS / Math.max(drawMs, 1000 / 60))));
    // a hair under the frames' time: vis-network adds 1/frames per frame until 1, and rounded a little under it
    // takes one step more, past the end, where the easing turns back (it stopped at 0.88 of the way)
    return { duration: (frames - 0.01) * 1000 / 60, easingFunction: "easeInOutQuad" };
  }
  network.on("afterDrawing", function (ctx) {
    drawMs = performance.now() - drawStart;
    if (!aim && !veil && state.focus === null && !(hits.length && hits.length <= MARK_LIMIT)) return;
    var scale = network.getScale();
    ctx.save();
    if (veil) drawVeil(ctx, scale);
    ctx.restore();
    drawMarks(ctx, scale);
    if (aim) drawAim(ctx, scale);
  });

  // Going to units: where they already show, readable (at a scale of at least READABLE, about 10-pixel text),
  // the view stays, so a small map is not zoomed into one unit; else it moves, briefly animated, to fit them all
  // if that leaves them readable, or to the first, at the units' own size at most (or the reader's closer zoom).
  var READABLE = 0.7;
  function goTo(ids) {
    var box = boxOf(ids);
    if (!box) return;
    var area = clearArea(), scale = network.getScale();
    if (fitScale(box, area) < READABLE) box = boxOf(ids.slice(0, 1));
    var a = network.canvasToDOM({ x: box.left, y: box.top });
    var z = network.canvasToDOM({ x: box.right, y: box.bottom });
    var inside = a.x >= area.left && z.x <= area.right && a.y >= area.top && z.y <= area.bottom;
    if (inside && scale >= READABLE) return;
    moved = true;
    // keep a closer zoom of the reader's when the units fit at it; move only
    fitBox(box, animation(), scale >= READABLE && fitScale(box, area) >= scale ? scale : undefined);
  }
  state.goTo = goTo;

  // The map and the keyboard: Enter shows the unit at the centre of the clear area (a cross marks the centre while
  // the map has the keyboard), as a click on it would, and takes the keyboard to its details (Escape there brings it
  // back to the map); Escape on the map closes them, as a click on an empty part of the map does.
  var aim = false;
  function centre() {
    var area = clearArea();
    return network.DOMtoCanvas({ x: (area.left + area.right) / 2, y: (area.top + area.bottom) / 2 });
  }
  // The shown unit nearest a point of the map: of those it is inside, the one whose middle is nearest.
  function nearest(at) {
    var best = null, gap = Infinity, off = Infinity;
    nodes.getIds({ filter: function (n) { return !n.hidden; } }).forEach(function (id) {
      var b = network.getBoundingBox(id);
      if (!b) return;
      var dx = Math.max(b.left - at.x, 0, at.x - b.right), dy = Math.max(b.top - at.y, 0, at.y - b.bottom);
      var g = dx * dx + dy * dy;
      var o = Math.pow((b.left + b.right) / 2 - at.x, 2) + Math.pow((b.top + b.bottom) / 2 - at.y, 2);
      if (g < gap || (g === gap && o < off)) { best = id; gap = g; off = o; }
    });
    return best;
  }
  function drawAim(ctx, scale) {
    var c = centre(), r = 9 / scale;
    ctx.beginPath();
    ctx.moveTo(c.x - r, c.y);
    ctx.lineTo(c.x + r, c.y);
    ctx.moveTo(c.x, c.y - r);
    ctx.lineTo(c.x, c.y + r);
    ctx.lineWidth = 5 / scale;
    ctx.strokeStyle = "#ffffff";  // a halo: the cross shows on any unit or relation under it
    ctx.stroke();
    ctx.lineWidth = 2 / scale;
    ctx.strokeStyle = "#0e7490";
    ctx.stroke();
  }
  if (frame) {
    frame.addEventListener("keydown", function (e) {
      if (!aim && !/^(Tab|Shift|Control|Alt|Meta)$/.test(e.key)) {  // clicked, then used by key: the cross shows
        aim = true;
        network.redraw();
      }
      if (e.key === "Enter" && !(e.altKey || e.ctrlKey || e.metaKey || e.shiftKey)) {
        var id = nearest(centre());
        if (id !== null) {
          e.preventDefault();
          select(id, true);
        }
      } else if (e.key === "Escape" && state.focus !== null) {
        e.preventDefault();
        clearHighlight();
        showDetails(null);
      }
    });
    // only when the keyboard brought the focus: a mouse on the map needs no cross (vis-network focuses the map as
    // the mouse comes down, before the page hears of it, and Chromium counts that focus as :focus-visible)
    var pointed = false;  // whether the reader's last move was the mouse's (or a finger's), not a key
    ["pointermove", "pointerdown"].forEach(function (type) {
      container.addEventListener(type, function () { pointed = true; }, true);
    });
    document.addEventListener("keydown", function () { pointed = false; }, true);
    frame.addEventListener("focus", function () {
      aim = !pointed;
      if (aim) network.redraw();
    });
    frame.addEventListener("blur", function () {
      if (carried) putDown();
      if (!aim) return;
      aim = false;
      network.redraw();
    });
  }

  // Moving a unit by key, as a mouse drags it: M on the map picks up the highlighted unit (else the one at the cross),
  // the arrow keys then move it STEP_PX pixels (Shift: BIG_PX) instead of the view, Enter or M puts it down and
  // Escape puts it back. The keys are caught on their way to the map, before vis-network's own (which move the view).
  // What happens is said in a status region, as the count of matches is.
  var STEP_PX = 10, BIG_PX = 50;
  var ARROWS = { ArrowLeft: [-1, 0, "left"], ArrowRight: [1, 0, "right"], ArrowUp: [0, -1, "up"],
                 ArrowDown: [0, 1, "down"] };
  var said = document.getElementById("said");
  var carried = null;  // while a unit is moved: { id, from: its place when picked up, box: where it is drawn }
  function named(n) {
    var text = n.text.replace(/\s+/g, " ");
    return n.kind + ": " + clipped(text, 60);
  }
  // How far the carried unit is from where it was picked up, in pixels at the present zoom ("30 pixels right and
  // 10 up"), and how many other units it lies over: what a reader who cannot see it needs to place it.
  function whereNow() {
    var scale = network.getScale(), pos = carried.at;
    var dx = Math.round((pos.x - carried.from.x) * scale), dy = Math.round((pos.y - carried.from.y) * scale);
    var parts = [];
    if (dx) parts.push(Math.abs(dx) + " pixels " + (dx > 0 ? "right" : "left"));
    if (dy) parts.push((parts.length ? Math.abs(dy) + " " : Math.abs(dy) + " pixels ") + (dy > 0 ? "down" : "up"));
    var b = carried.box, over = 0;
    nodes.getIds({ filter: function (n) { return !n.hidden && n.id !== carried.id; } }).forEach(function (id) {
      var o = network.getBoundingBox(id);
      if (o && o.left < b.right && b.left < o.right && o.top < b.bottom && b.top < o.bottom) over += 1;
    });
    return (parts.length ? parts.join(" and ") + " from where it was" : "where it was") + "; "
      + (over ? "over " + over + (over === 1 ? " other unit" : " other units") : "over no other unit");
  }
  function pickUp() {
    var id = state.focus !== null && shown(state.focus) ? state.focus : nearest(centre());
    if (id === null) { said.textContent = "No unit to move: the filters hide every unit."; return; }
    if (state.focus !== id) {
      if (state.focus !== null) showDetails(null);  // the details of a unit a filter hides: not this one's
      highlight(id);
    }
    var pos = network.getPositions([id])[id], b = network.getBoundingBox(id);
    // where it is, kept here: vis-network gives positions rounded to whole units, and steps would drift by them
    carried = { id: id, from: pos, at: { x: pos.x, y: pos.y },
                box: { left: b.left, right: b.right, top: b.top, bottom: b.bottom } };
    goTo([id]);
    said.textContent = "Moving " + named(byId[id]) + ". Arrow keys move it, Shift+arrow further; Enter or M puts "
      + "it down, Escape puts it back.";
  }
  function carry(dx, dy, big) {
    var scale = network.getScale(), px = big ? BIG_PX : STEP_PX;
    var mx = dx * px / scale, my = dy * px / scale;  // canvas units: the same pixels at any zoom
    carried.at.x += mx;
    carried.at.y += my;
    network.moveNode(carried.id, carried.at.x, carried.at.y);
    // the node's box moves with it; vis-network measures it again only when it next draws the map
    var b = carried.box;
    b.left += mx; b.right += mx; b.top += my; b.bottom += my;
    // a unit carried out of the clear area takes the view with it, so that it stays in sight
    var area = clearArea(), a = network.canvasToDOM({ x: b.left, y: b.top });
    var z = network.canvasToDOM({ x: b.right, y: b.bottom });
    if ((mx < 0 && a.x < area.left) || (mx > 0 && z.x > area.right) || (my < 0 && a.y < area.top)
        || (my > 0 && z.y > area.bottom)) {
      var view = network.getViewPosition();
      moved = true;
      network.moveTo({ position: { x: view.x + mx, y: view.y + my }, scale: scale });
    }
  }
  function putDown() {
    said.textContent = "Put down " + whereNow() + ".";
    carried = null;
  }
  function putBack() {
    network.moveNode(carried.id, carried.from.x, carried.from.y);
    said.textContent = "Put back where it was.";
    carried = null;
  }
  container.addEventListener("keydown", function (e) {
    if (!frame || e.target !== frame || e.altKey || e.ctrlKey || e.metaKey) return;
    var arrow = ARROWS[e.key];
    if (!carried) {
      if (e.key === "m" || e.key === "M") { e.preventDefault(); pickUp(); }
      return;  // on to the map's other keys (the cross shows)
    }
    if (arrow) carry(arrow[0], arrow[1], e.shiftKey);
    else if (e.key === "Enter" || e.key === "m" || e.key === "M") putDown();
    else if (e.key === "Escape") putBack();
    else return;  // + and - zoom, Tab leaves (and puts the unit down)
    e.preventDefault();
    e.stopPropagation();  // not to vis-network, whose arrow keys move the view, nor to the map's Enter and Escape
    if (arrow) said.textContent = "Moved " + arrow[2] + ": " + whereNow() + ".";
  }, true);
  container.addEventListener("pointerdown", function () { if (carried) putDown(); }, true);

  // Search and filters.
  var search = document.getElementById("search");
  var kind = document.getElementById("kind-filter");
  var topic = document.getElementById("topic-filter");
  var matches = document.getElementById("matches");
  var at = -1;  // which of the hits Enter went to last
  function applyFilters() {
    var k = kind.value, t = topic.value;
    updateNodes(data.nodes.map(function (n) {
      var show = (!k || n.kind === k) && (!t || (n.topics || []).indexOf(t) >= 0);
      return { id: n.id, hidden: !show };
    }));
  }
  function count() {
    var all = hits.length + (hits.length === 1 ? " match" : " matches");
    matches.textContent = at >= 0 ? at + 1 + " of " + all : all;
  }
  // Text as the search compares it: lower case, accents dropped ("cafe" finds "Café"), curly quotes straight.
  function folded(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[\u201c\u201d]/g, '"');
  }
  // What a unit must hold, as `argmap search` reads a query: each word (here any part of a word, as one types),
  // in any order, and each phrase in double quotes as it is.
  function wanted(q) {
    var parts = [];
    var rest = folded(q).replace(/"([^"]*)"/g, function (_, phrase) {
      if (phrase.trim()) parts.push(phrase.trim().replace(/\s+/g, " "));
      return " ";
    });
    return parts.concat(rest.replace(/"/g, " ").split(/\s+/).filter(Boolean));  // a quote still open: words
  }
  var searchable = {};  // each unit's folded text, made when a search first reads it, not at every key
  function runSearch() {
    var q = search.value.trim();
    var parts = wanted(q);
    at = -1;
    hits = !parts.length ? [] : data.nodes.filter(function (n) {
      if (nodes.get(n.id).hidden) return false;
      var text = searchable[n.id];
      if (text === undefined) text = searchable[n.id] = folded(n.text).replace(/\s+/g, " ");
      return parts.every(function (part) { return text.indexOf(part) >= 0; });
    }).map(function (n) { return n.id; });
    state.hits = hits;
    if (!q) { matches.textContent = ""; unselect(); return; }
    count();
    network.selectNodes(hits);  // redraws, with the marks
  }
  // Typing moves the view once it pauses, not at every key.
  var pending = null;
  function goToHits() {
    clearTimeout(pending);
    pending = null;
    if (hits.length) goTo(hits);
  }
  // Enter goes to the next unit found (Shift+Enter to the one before), highlights it and shows its details.
  function step(back) {
    clearTimeout(pending);
    if (!hits.length) return;
    at = at < 0 ? (back ? hits.length - 1 : 0) : (at + (back ? hits.length - 1 : 1)) % hits.length;
    var id = hits[at];
    highlight(id);
    showDetails(id);
    count();
    goTo([id]);
  }
  function clearSearch() {
    clearTimeout(pending);
    search.value = "";
    runSearch();
    clearHighlight();
    showDetails(null);
  }
  search.addEventListener("input", function () {
    if (state.focus !== null) { clearHighlight(); showDetails(null); }  // a new search starts afresh
    runSearch();
    clearTimeout(pending);
    pending = setTimeout(goToHits, 250);
  });
  search.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); step(e.shiftKey); }
    else if (e.key === "Escape") { e.preventDefault(); clearSearch(); }
  });
  // Attacks only assumed (no word of the answer agrees or disagrees) are shown or hidden together: the box is there
  // only on a map that has some.
  var assumedToggle = document.getElementById("assumed-toggle");
  function applyAssumed() {
    if (!assumedToggle) return;
    var hide = !assumedToggle.checked;
    updateEdges(data.edges.filter(function (e) { return e.assumed; })
      .map(function (e) { return { id: e.id, hidden: hide }; }));
  }
  if (assumedToggle) assumedToggle.addEventListener("change", applyAssumed);
  kind.addEventListener("change", function () { applyFilters(); runSearch(); });
  topic.addEventListener("change", function () { applyFilters(); runSearch(); });
  document.getElementById("reset").addEventListener("click", function () {
    search.value = ""; kind.value = ""; topic.value = "";
    if (assumedToggle) assumedToggle.checked = true;
    applyFilters(); applyAssumed(); runSearch(); clearHighlight(); showDetails(null); fitClear();
  });
  // The text outline opens under the toolbar (the map makes room for it); Escape closes it, the keyboard goes back
  // to its button.
  var outline = document.getElementById("outline");
  var outlineToggle = document.getElementById("outline-toggle");
  function showOutline(open) {
    // its markup (made, every value escaped, by argmap in Python) goes in when first needed: a large map loads faster
    if (open && data.outline !== null) {
      outline.insertAdjacentHTML("beforeend", data.outline);
      data.outline = null;
      addShowButtons();
    }
    outline.hidden = !open;
    outlineToggle.setAttribute("aria-expanded", String(open));
  }
  outlineToggle.addEventListener("click", function () { showOutline(outline.hidden); });
  // From a unit's details to where the outline writes it out, with what it answers above and its answers below it.
  function showInOutline(id) {
    showOutline(true);
    var item = document.getElementById("o" + place[id]);
    if (item) focusItem(item);
  }
  function focusItem(item) {
    item.tabIndex = -1;  // an item takes the keyboard only when sent there
    item.focus();
  }
  function outlineEscape(e) {
    if (e.key === "Escape" && !outline.hidden) {
      e.preventDefault();
      showOutline(false);
      outlineToggle.focus();
    }
  }
  // Each unit written out in the outline gets a button that shows it on the map, as a click on it there would, and
  // takes the keyboard to its details (Escape brings it back to the button). Made when the outline is first opened,
  // with the outline, so that a large map loads as fast as without them.
  // Each button's name says which unit it shows ("show on map: premise: Air improves..."), so that a screen
  // reader's list of buttons tells them apart; the name starts with the words on the button, as speech input needs.
  function addShowButtons() {
    var model = el("button", "show on map", "show");
    model.type = "button";
    outline.querySelectorAll("li[id]").forEach(function (li) {
      var nested = li.lastElementChild && li.lastElementChild.tagName === "UL" ? li.lastElementChild : null;
      var said = "";
      for (var part = li.firstChild; part && part !== nested; part = part.nextSibling) said += part.textContent;
      said = said.replace(/\s+/g, " ").trim();
      var button = model.cloneNode(true);
      button.setAttribute("aria-label", "show on map: " + clipped(said, 100));
      li.insertBefore(document.createTextNode(" "), nested);  // after the unit's text, before what answers it
      li.insertBefore(button, nested);
    });
  }
  outline.addEventListener("click", function (e) {
    var button = e.target.closest("button.show");
    if (button) {
      var n = data.nodes[Number(button.parentElement.id.slice(1))];
      if (n) select(n.id, true);
      return;
    }
    // A link to a unit written out elsewhere in the outline takes the keyboard there, not only the view.
    var link = e.target.closest("a[href^='#o']");
    var to = link && document.getElementById(link.getAttribute("href").slice(1));
    if (to) {
      e.preventDefault();
      focusItem(to);
    }
  });
  outline.addEventListener("keydown", outlineEscape);
  outlineToggle.addEventListener("keydown", outlineEscape);
  state.search = function (q) { search.value = q; runSearch(); goToHits(); return matches.textContent; };
})();
