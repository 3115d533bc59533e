/* graphkit map: filters, search, tooltips and legend over vis-network DataSets.
 * window.graphkitMap exposes the DataSets and a few counts for tests and benchmarks. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("gk-data").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var api = {
    ready: false, drawnAt: null, data: data, network: null,
    nodes: new vis.DataSet([]), edges: new vis.DataSet([]),
    visibleEdgeCount: function () { return api.edges.get({ filter: function (e) { return !e.hidden; } }).length; },
    visibleNodeCount: function () { return api.nodes.get({ filter: function (n) { return !n.hidden; } }).length; }
  };
  window.graphkitMap = api;
  $("gk-scope").textContent = data.scope;

  var nodeById = {};
  data.nodes.forEach(function (n) { nodeById[n.id] = n; });
  var state = { preds: {}, from: "", to: "", focus: null };
  data.predicates.forEach(function (p, i) { state.preds[i] = true; });

  function widthFor(count) { return Math.min(10, 1 + 2 * Math.log2(Math.max(1, count))); }
  function nodeColor(c) {
    return { background: c, border: "#555555", highlight: { background: c, border: "#111111" },
             hover: { background: c, border: "#111111" } };
  }
  function edgeColor(c) { return { color: c, highlight: c, hover: c, opacity: 0.85 }; }

  // Every text from the graph goes through esc(): evidence and titles come from articles.
  function esc(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }
  function row(key, value) {
    return "<div><span class=\"gk-k\">" + esc(key) + ":</span> " + esc(value) + "</div>";
  }
  function nodeTip(n) {
    var html = "<div class=\"gk-tip-title\">" + esc(n.label) + "</div>";
    if (n.title) { html += "<div>" + esc(n.title) + "</div>"; }
    html += row("Kind", n.kind);
    if (n.country) { html += row("Affiliation", n.country); }
    html += row("Interactions", n.count);
    if (n.first) { html += row("First contact", n.first); }
    if (n.last) { html += row("Last contact", n.last); }
    return html;
  }
  // 0.9 -> "0.90", 0.875 -> "0.875": two places at least, never fewer than the store keeps.
  function confidenceText(x) {
    var text = String(x);
    var dot = text.indexOf(".");
    if (dot < 0) { return text + ".00"; }
    return text.length - dot - 1 < 2 ? text + "0" : text;
  }
  function itemHtml(e, i) {
    var pred = data.predicates[e.p[i]];
    var head = "<b>" + esc(pred.label) + "</b> \u00b7 " + esc(e.d[i] || "undated");
    if (e.s && e.s[i]) { head += " \u00b7 <i>" + esc(data.statuses[e.s[i]]) + "</i>"; }
    if (e.c && typeof e.c[i] === "number") { head += " \u00b7 " + esc("confidence " + confidenceText(e.c[i])); }
    var html = "<div>" + head + "</div>";
    if (e.ev[i]) { html += "<div class=\"gk-ev\">\u201c" + esc(e.ev[i]) + "\u201d</div>"; }
    var art = e.a[i] >= 0 ? data.articles[e.a[i]] : null;
    if (art && art[1]) {
      html += "<div><a href=\"" + esc(art[1]) + "\" target=\"_blank\" rel=\"noopener noreferrer\">" +
        esc(art[0] || "source article") + "</a></div>";
    } else if (art && art[0]) {
      html += "<div>" + esc(art[0]) + "</div>";
    }
    return "<div class=\"gk-item\">" + html + "</div>";
  }
  function edgeTip(e) {
    var arrow = e.arrows ? " \u2192 " : " \u2014 ";
    var parts = ["<div class=\"gk-tip-title\">" + esc(nodeById[e.from].label) + arrow +
                 esc(nodeById[e.to].label) + "</div>"];
    var shown = 0, visible = 0;
    for (var i = 0; i < e.p.length; i++) {
      if (!passes(e.p[i], e.d[i])) { continue; }
      visible++;
      if (i < e.ev.length) { parts.push(itemHtml(e, i)); shown++; }
    }
    parts.splice(1, 0, "<div class=\"gk-k\">" + esc(e.tone) + ", " + visible + " interaction" +
                 (visible === 1 ? "" : "s") + "</div>");
    if (visible > shown) { parts.push("<div class=\"gk-more\">\u2026 and " + (visible - shown) + " more</div>"); }
    return parts.join("");
  }
  api.nodeTip = function (id) { return nodeTip(nodeById[id]); };
  api.edgeTip = function (id) { return edgeTip(data.edges[id]); };

  buildLegend();
  buildPredicateFilter();
  if (!data.nodes.length) {
    $("gk-empty").hidden = false;
    $("gk-network").hidden = true;
    Array.prototype.forEach.call(document.querySelectorAll("#gk-panel input, #gk-panel button"),
      function (el) { el.disabled = true; });
    $("gk-count").textContent = "0 links";
    api.ready = true;
    return;
  }

  api.nodes.add(data.nodes.map(function (n) {
    return { id: n.id, label: n.label, shape: n.shape, size: n.size, x: n.x, y: n.y,
             color: nodeColor(n.color), hidden: false };
  }));
  api.edges.add(data.edges.map(function (e) {
    var edge = { id: e.id, from: e.from, to: e.to, width: widthFor(e.n),
                 color: edgeColor(data.tones[e.tone]), hidden: false };
    if (e.arrows) { edge.arrows = e.arrows; }
    if (e.dashes) { edge.dashes = true; }
    if (e.smooth) { edge.smooth = e.smooth; }
    return edge;
  }));
  var edgeById = data.edges;  // ids are list positions
  data.edges.forEach(function (e) { e.visible = e.n; });

  var datalist = $("gk-actors");
  data.nodes.forEach(function (n) {
    var opt = document.createElement("option");
    opt.value = n.label;
    datalist.appendChild(opt);
  });

  var network = new vis.Network($("gk-network"), { nodes: [], edges: [] }, data.vis);
  api.network = network;
  var stabilized = !data.physics;
  network.once("stabilizationIterationsDone", function () { stabilized = true; network.redraw(); });
  network.on("afterDrawing", function () {
    if (api.drawnAt === null) { api.drawnAt = performance.now(); }
    if (stabilized && !api.ready) { api.ready = true; }
  });
  network.setData({ nodes: api.nodes, edges: api.edges });
  $("gk-physics").checked = data.physics;
  $("gk-physics").addEventListener("change", function () {
    network.setOptions({ physics: { enabled: $("gk-physics").checked } });
  });

  // Tooltips: our own element, so the pre-escaped HTML from Python can hold links and layout.
  var tip = $("gk-tip");
  function showTip(html, pointer) {
    tip.innerHTML = html;
    tip.hidden = false;
    placeTip(pointer.DOM.x, pointer.DOM.y);
  }
  function placeTip(x, y) {
    // x, y are relative to the network box; the tip is placed in page coordinates.
    var box = $("gk-network").getBoundingClientRect();
    var left = box.left + x + 14, top = box.top + y + 14;
    if (left + tip.offsetWidth > window.innerWidth) { left = Math.max(0, box.left + x - tip.offsetWidth - 14); }
    if (top + tip.offsetHeight > window.innerHeight) { top = Math.max(0, box.top + y - tip.offsetHeight - 14); }
    tip.style.left = left + "px";
    tip.style.top = top + "px";
  }
  function hideTip() { tip.hidden = true; }
  network.on("hoverNode", function (p) { showTip(nodeTip(nodeById[p.node]), p.pointer); });
  network.on("hoverEdge", function (p) { showTip(edgeTip(edgeById[p.edge]), p.pointer); });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);
  // vis sends no blur when the pointer leaves the canvas straight from a node.
  $("gk-network").addEventListener("mouseleave", hideTip);
  $("gk-network").addEventListener("mousemove", function (ev) {
    if (!tip.hidden) {
      var box = $("gk-network").getBoundingClientRect();
      placeTip(ev.clientX - box.left, ev.clientY - box.top);
    }
  });
  // A click pins the same content in a panel, where the article links can be followed.
  network.on("click", function (p) {
    var html = null;
    if (p.nodes.length) { html = nodeTip(nodeById[p.nodes[0]]); }
    else if (p.edges.length) { html = edgeTip(edgeById[p.edges[0]]); }
    $("gk-details").hidden = html === null;
    if (html !== null) { $("gk-details-body").innerHTML = html; }
  });
  $("gk-details-close").addEventListener("click", function () { $("gk-details").hidden = true; });

  // Filters: an edge is shown while at least one of its interactions passes.
  function passes(pred, day) {
    if (!state.preds[pred]) { return false; }
    if (state.from || state.to) {
      if (!day) { return false; }
      if (state.from && day < state.from) { return false; }
      if (state.to && day > state.to) { return false; }
    }
    return true;
  }
  function applyFilters() {
    var degree = {}, edgeUpdates = [], shownEdges = 0;
    data.edges.forEach(function (e) {
      var c = 0;
      for (var i = 0; i < e.p.length; i++) { if (passes(e.p[i], e.d[i])) { c++; } }
      e.visible = c;
      if (c) {
        shownEdges++;
        degree[e.from] = true;
        degree[e.to] = true;
      }
      edgeUpdates.push({ id: e.id, hidden: c === 0, width: widthFor(c || e.n) });
    });
    api.edges.update(edgeUpdates);
    api.nodes.update(data.nodes.map(function (n) {
      // An actor whose links are all filtered out goes too; one that never had links stays.
      return { id: n.id, hidden: !degree[n.id] && hasEdges[n.id] === true };
    }));
    $("gk-count").textContent = shownEdges + " of " + data.edges.length + " links shown";
    if (state.focus) { focus(state.focus, false); }
  }
  var hasEdges = {};
  data.edges.forEach(function (e) { hasEdges[e.from] = true; hasEdges[e.to] = true; });

  $("gk-from").addEventListener("input", function () { state.from = $("gk-from").value; applyFilters(); });
  $("gk-from").addEventListener("change", function () { state.from = $("gk-from").value; applyFilters(); });
  $("gk-to").addEventListener("input", function () { state.to = $("gk-to").value; applyFilters(); });
  $("gk-to").addEventListener("change", function () { state.to = $("gk-to").value; applyFilters(); });
  if (data.dates) {
    ["gk-from", "gk-to"].forEach(function (id) { $(id).min = data.dates[0]; $(id).max = data.dates[1]; });
  }
  $("gk-all").addEventListener("click", function () { setAllPredicates(true); });
  $("gk-none").addEventListener("click", function () { setAllPredicates(false); });
  function setAllPredicates(on) {
    data.predicates.forEach(function (p, i) { state.preds[i] = on; $("gk-pred-" + p.name).checked = on; });
    applyFilters();
  }
  data.predicates.forEach(function (p, i) {
    $("gk-pred-" + p.name).addEventListener("change", function (ev) {
      state.preds[i] = ev.target.checked;
      applyFilters();
    });
  });

  // Search: focus an actor's neighbourhood and fade the rest.
  function findActor(text) {
    var q = text.trim().toLowerCase();
    if (!q) { return null; }
    var exact = data.nodes.filter(function (n) { return n.label.toLowerCase() === q; });
    if (exact.length) { return exact[0].id; }
    var part = data.nodes.filter(function (n) { return n.label.toLowerCase().indexOf(q) >= 0; });
    return part.length ? part[0].id : null;
  }
  function focus(id, move) {
    state.focus = id;
    var near = {};
    near[id] = true;
    data.edges.forEach(function (e) {
      if (e.visible && (e.from === id || e.to === id)) { near[e.from] = true; near[e.to] = true; }
    });
    api.nodes.update(data.nodes.map(function (n) {
      return near[n.id] ? { id: n.id, color: nodeColor(n.color), font: { color: "#222222" } }
                        : { id: n.id, color: nodeColor("#e4e4e4"), font: { color: "#bbbbbb" } };
    }));
    api.edges.update(data.edges.map(function (e) {
      var on = near[e.from] && near[e.to] && (e.from === id || e.to === id);
      return { id: e.id, color: edgeColor(on ? data.tones[e.tone] : "#e8e8e8") };
    }));
    if (move) {
      network.selectNodes([id]);
      network.fit({ nodes: Object.keys(near).map(Number), animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    }
  }
  function clearFocus() {
    state.focus = null;
    $("gk-search-msg").textContent = "";
    api.nodes.update(data.nodes.map(function (n) { return { id: n.id, color: nodeColor(n.color), font: { color: "#222222" } }; }));
    api.edges.update(data.edges.map(function (e) { return { id: e.id, color: edgeColor(data.tones[e.tone]) }; }));
    network.unselectAll();
    network.fit({ animation: { duration: 400, easingFunction: "easeInOutQuad" } });
  }
  $("gk-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var id = findActor($("gk-search").value);
    if (id === null) { $("gk-search-msg").textContent = "No actor matches \u201c" + $("gk-search").value + "\u201d."; return; }
    $("gk-search-msg").textContent = "Showing " + nodeById[id].label + " and direct contacts.";
    focus(id, true);
  });
  $("gk-clear").addEventListener("click", function () { $("gk-search").value = ""; clearFocus(); });
  applyFilters();

  function buildPredicateFilter() {
    var box = $("gk-predicates");
    var counts = data.predicates.map(function () { return 0; });
    data.edges.forEach(function (e) { e.p.forEach(function (k) { counts[k]++; }); });
    ["cooperative", "neutral", "conflictual"].forEach(function (tone) {
      var preds = data.predicates.filter(function (p) { return p.tone === tone; });
      if (!preds.length) { return; }
      var head = document.createElement("div");
      head.className = "gk-tone";
      head.style.color = data.tones[tone];
      head.textContent = tone;
      box.appendChild(head);
      preds.forEach(function (p) {
        var label = document.createElement("label");
        label.className = "gk-pred";
        var input = document.createElement("input");
        input.type = "checkbox";
        input.checked = true;
        input.id = "gk-pred-" + p.name;
        input.value = p.name;
        var text = document.createElement("span");
        text.textContent = p.label + (p.directed ? " \u2192" : "");
        var n = document.createElement("span");
        n.className = "gk-n";
        n.textContent = counts[data.predicates.indexOf(p)];
        label.appendChild(input);
        label.appendChild(text);
        label.appendChild(n);
        box.appendChild(label);
      });
    });
  }

  function buildLegend() {
    var box = $("gk-legend"), lg = data.legend;
    function row(swatch, text) {
      var r = document.createElement("div");
      r.className = "gk-legend-row";
      r.appendChild(swatch);
      var t = document.createElement("span");
      t.textContent = text;
      r.appendChild(t);
      box.appendChild(r);
    }
    function swatch(cls, color) {
      var s = document.createElement("span");
      s.className = cls;
      if (cls.indexOf("gk-line") === 0) { s.style.borderTopColor = color; } else { s.style.background = color; }
      return s;
    }
    var title = document.createElement("div");
    title.className = "gk-head";
    title.textContent = "Legend";
    box.appendChild(title);
    lg.kinds.forEach(function (k) { row(swatch("gk-swatch " + k.shape, k.color), k.kind); });
    lg.groups.forEach(function (g) { row(swatch("gk-swatch dot", g.color), g.name); });
    lg.tones.forEach(function (t) { row(swatch("gk-line", t.color), t.tone); });
    row(swatch("gk-line dashed", "#8c8c8c"), "planned only");
    var note = document.createElement("div");
    note.className = "gk-note";
    note.textContent = "Arrow: directed (A did it to B). Width: number of interactions. Size: " +
      lg.size_by + ". Colour: " + lg.color_by + ".";
    box.appendChild(note);
  }
})();
