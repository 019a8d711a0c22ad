/* argmap map page: builds the vis-network from the JSON in #map-data; search, filters, neighbourhood highlight.
   Text from posts is only ever put in the page with textContent, or as tooltip HTML that argmap escaped. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var state = { ready: false, focus: null };
  window.argmap = state;

  function tip(markup) {
    // Tooltip markup is built by argmap with every value escaped; vis-network wants an element for HTML.
    var div = document.createElement("div");
    div.innerHTML = markup;
    return div;
  }
  var byId = {};
  data.nodes.forEach(function (n) {
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
  // vis-network gives a node of a group the group's colour again on every update that names no colour: keep
  // a contested unit's own (its red border) through hover, highlight and filters.
  function updateNodes(changes) {
    nodes.update(changes.map(function (c) {
      if (byId[c.id] && byId[c.id].baseColor) c.color = byId[c.id].baseColor;
      return c;
    }));
  }
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("map");
  var NARROW = 600;  // pixels: a phone held upright
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  state.network = network;
  state.nodes = nodes;
  state.edges = edges;

  // Tooltips are made when first needed, so that a map of thousands of units loads fast.
  network.on("hoverNode", function (p) {
    var n = nodes.get(p.node);
    if (n && n.tip && !n.title) updateNodes([{ id: n.id, title: tip(n.tip) }]);
  });
  network.on("hoverEdge", function (p) {
    var e = edges.get(p.edge);
    if (e && e.tip && !e.title) edges.update({ id: e.id, title: tip(e.tip) });
  });

  // Fit the map (or some of its units) into the part of the view right of the legend, so that no unit starts
  // out under it (vis-network's own fit uses the whole view); where the legend would leave less than half the
  // width, the whole view is used.
  var legend = document.getElementById("legend");
  var PAD = 16;
  // On a phone the open legend would cover half the map: it starts folded (its summary opens it).
  if (container.clientWidth < NARROW) legend.open = false;
  function fitClear(ids) {
    ids = ids || nodes.getIds({ filter: function (n) { return !n.hidden; } });
    var box = { left: Infinity, right: -Infinity, top: Infinity, bottom: -Infinity };
    ids.forEach(function (id) {
      var b = network.getBoundingBox(id);
      if (!b) return;
      box.left = Math.min(box.left, b.left);
      box.right = Math.max(box.right, b.right);
      box.top = Math.min(box.top, b.top);
      box.bottom = Math.max(box.bottom, b.bottom);
    });
    if (box.left !== Infinity) fitBox(box);
  }
  function fitBox(box) {
    var full = container.clientWidth, height = container.clientHeight - 2 * PAD;
    var left = legend.offsetLeft + legend.offsetWidth + PAD;
    if (full - left - PAD < full / 2) left = PAD;
    var width = full - left - PAD;
    var scale = Math.min(1, width / Math.max(box.right - box.left, 1), height / Math.max(box.bottom - box.top, 1));
    network.moveTo({ position: { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 }, scale: scale,
                     offset: { x: left + width / 2 - full / 2, y: 0 }, animation: false });
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
  var details = document.getElementById("details");
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function showDetails(id) {
    var n = byId[id];
    details.replaceChildren();
    if (!n) { details.style.display = "none"; return; }
    var close = el("button", "×", "close");
    close.type = "button";
    close.title = "Close (or click an empty part of the map)";
    close.setAttribute("aria-label", "Close the details");
    close.addEventListener("click", function () { clearHighlight(); showDetails(null); });
    details.appendChild(close);
    details.appendChild(el("h2", n.kind + (n.attacks ? " · attacked ×" + n.attacks : "")));
    var text = el("div", n.text, "text");
    text.dir = "auto";  // a unit in Arabic or Hebrew reads right to left
    details.appendChild(text);
    var meta = [];
    if (n.author) meta.push("by " + n.author);
    if (n.topics && n.topics.length) meta.push("topics: " + n.topics.join(", "));
    if (meta.length) details.appendChild(el("div", meta.join(" · "), "meta"));
    if (n.url) {
      var a = el("a", "open the post");
      a.href = n.url;  // only http(s) links reach the page
      a.target = "_blank";
      a.rel = "noopener noreferrer nofollow";
      details.appendChild(a);
    }
    var list = el("ul");
    edges.get({ filter: function (e) { return e.from === id || e.to === id; } }).forEach(function (e) {
      var other = byId[e.from === id ? e.to : e.from];
      var li = el("li");
      var what = e.from === id ? "→ " + e.kind + "s: " : "← " + e.kind + " from: ";
      li.appendChild(el("b", what));
      var said = el("bdi", other ? other.text : "");
      said.dir = "auto";
      li.appendChild(said);
      if (e.reason) li.appendChild(el("div", e.reason, "why"));
      list.appendChild(li);
    });
    if (list.children.length) {
      details.appendChild(el("h2", "Relations"));
      details.appendChild(list);
    }
    details.style.display = "block";
  }

  // Dimming every other unit is a redraw of the whole map: on large maps, select the neighbourhood instead.
  var DIM_LIMIT = 1500;
  function highlight(id) {
    if (data.nodes.length > DIM_LIMIT) {
      network.setSelection({ nodes: [id].concat(network.getConnectedNodes(id)),
                             edges: network.getConnectedEdges(id) }, { highlightEdges: false });
      state.focus = id;
      return;
    }
    var near = {};
    near[id] = true;
    network.getConnectedNodes(id).forEach(function (m) { near[m] = true; });
    updateNodes(nodes.getIds().map(function (m) { return { id: m, opacity: near[m] ? 1 : 0.15 }; }));
    edges.update(edges.get().map(function (e) {
      var on = e.from === id || e.to === id;
      return { id: e.id, color: { color: e.baseColor.color, highlight: e.baseColor.highlight,
                                   hover: e.baseColor.hover, inherit: false, opacity: on ? 1 : 0.08 } };
    }));
    state.focus = id;
  }
  function clearHighlight() {
    if (state.focus === null) return;
    if (data.nodes.length > DIM_LIMIT) { network.unselectAll(); state.focus = null; return; }
    updateNodes(nodes.getIds().map(function (m) { return { id: m, opacity: 1 }; }));
    edges.update(edges.get().map(function (e) { return { id: e.id, color: e.baseColor }; }));
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

  // Search and filters.
  var search = document.getElementById("search");
  var kind = document.getElementById("kind-filter");
  var topic = document.getElementById("topic-filter");
  var matches = document.getElementById("matches");
  function applyFilters() {
    var k = kind.value, t = topic.value;
    updateNodes(data.nodes.map(function (n) {
      var show = (!k || n.kind === k) && (!t || (n.topics || []).indexOf(t) >= 0);
      return { id: n.id, hidden: !show };
    }));
  }
  function runSearch() {
    var q = search.value.trim().toLowerCase();
    if (!q) { matches.textContent = ""; network.unselectAll(); return; }
    var ids = data.nodes.filter(function (n) {
      return !nodes.get(n.id).hidden && n.text.toLowerCase().indexOf(q) >= 0;
    }).map(function (n) { return n.id; });
    matches.textContent = ids.length + (ids.length === 1 ? " match" : " matches");
    network.selectNodes(ids);
    if (ids.length) fitClear(ids);
  }
  search.addEventListener("input", runSearch);
  kind.addEventListener("change", function () { applyFilters(); runSearch(); });
  topic.addEventListener("change", function () { applyFilters(); runSearch(); });
  document.getElementById("reset").addEventListener("click", function () {
    search.value = ""; kind.value = ""; topic.value = "";
    applyFilters(); runSearch(); clearHighlight(); showDetails(null); fitClear();
  });
  state.search = function (q) { search.value = q; runSearch(); return matches.textContent; };
})();
