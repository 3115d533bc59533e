/* graphkit map: the relationship map drawn with vis-network, from graphkit.viz.map_data().
 *
 * window.graphkitMap
 *   render(data, root, hooks) -> graphkitMap
 *       Draw the map of `data` into the element `root` (default: #gk-map, made in <body>
 *       when missing). `hooks` (optional): onNodeClick(node), onEdgeClick(edge), called
 *       with the item of `data` clicked instead of pinning its tooltip in the details box
 *       (a served page shows its own panel). `data` is exactly the output of graphkit.viz.map_data(): the static
 *       page passes its inline #gk-data JSON; a served page passes the same JSON from its
 *       API. The panel (search, dates, predicate and status filters, physics, legend), the
 *       network, tooltips and details box are all built inside `root`, which gets the class
 *       "gk-map" (map.css: it must have a size; the map fills it). Calling render again
 *       replaces the map: the previous network is destroyed and its elements, listeners
 *       and timers go with it. Ids (gk-from, gk-status-planned, ...) are fixed: one map
 *       per page.
 *   destroy()
 *       Remove the map drawn last.
 *   ready, settled, drawnAt, data, network, root, nodes, edges (vis DataSets)
 *       The current map: ready once its layout is done and drawn, settled once the nodes
 *       stopped moving and their labels were placed; drawnAt is the performance.now() of
 *       its first drawing (null before).
 *   visibleEdgeCount(), visibleNodeCount(), nodeTip(id), edgeTip(id), edgeLabel(id)
 *       For tests and benchmarks.
 *
 * What the page shows: the interactions of data.shown_statuses when it opens; the planned
 * and negated ones the data carries come with the "planned" (dashed) and "negated"
 * (dotted) checkboxes, and the scope line says what is hidden. Links name their
 * interactions ("met ×2, spoke with") once the zoom reaches data.edge_label_scale;
 * the work is done only when the zoom crosses a threshold. No label is drawn over
 * another: the smaller actors' and quieter links' labels give way (declutter()).
 *
 * Every text from the data (names, titles, evidence, headlines) is set with textContent
 * or, in tooltips, passed through esc() first: article text is never parsed as markup.
 */
(function () {
  "use strict";

  var api = {
    ready: false, settled: false, drawnAt: null, data: null, network: null, root: null, nodes: null, edges: null,
    render: render,
    destroy: destroy,
    visibleEdgeCount: function () { return api.edges ? api.edges.get({ filter: function (e) { return !e.hidden; } }).length : 0; },
    visibleNodeCount: function () { return api.nodes ? api.nodes.get({ filter: function (n) { return !n.hidden; } }).length : 0; }
  };
  window.graphkitMap = api;
  var current = null;  // the map drawn last: { alive, network, root }

  function destroy() {
    if (!current) { return; }
    current.alive = false;
    if (current.network) { current.network.destroy(); }
    while (current.root.firstChild) { current.root.removeChild(current.root.firstChild); }
    current = null;
    api.ready = api.settled = false;
    api.drawnAt = null;
    api.data = api.network = api.nodes = api.edges = null;
    ["nodeTip", "edgeTip", "edgeLabel"].forEach(function (name) { delete api[name]; });
  }

  // Elements from static strings only; `text` is set as text.
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === false || value === null || value === undefined) { return; }
      if (key === "text") { node.textContent = value; } else { node.setAttribute(key, value === true ? "" : value); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  function layout(root) {
    root.classList.add("gk-map");
    var block = function (children, id) { return el("section", { "class": "gk-block", id: id }, children); };
    var panel = el("aside", { id: "gk-panel" }, [
      el("h1", { id: "gk-title" }),
      el("p", { id: "gk-scope" }, [el("span", { id: "gk-scope-text" }), el("span", { id: "gk-hidden", "class": "gk-hidden" })]),
      block([el("form", { id: "gk-search-form", autocomplete: "off" }, [
        el("label", { "for": "gk-search", text: "Find an actor" }),
        el("div", { "class": "gk-row" }, [
          el("input", { id: "gk-search", type: "search", list: "gk-actors", placeholder: "name\u2026" }),
          el("button", { type: "submit", id: "gk-focus", text: "Focus" }),
          el("button", { type: "button", id: "gk-clear", text: "Clear" })
        ]),
        el("datalist", { id: "gk-actors" }),
        el("div", { id: "gk-search-msg", "class": "gk-note", role: "status" })
      ])]),
      block([
        el("div", { "class": "gk-row gk-dates" }, ["from", "to"].map(function (end) {
          return el("label", { text: end === "from" ? "From " : "To " }, [
            el("input", { id: "gk-" + end, type: "text", inputmode: "numeric", maxlength: "10", size: "10",
                          pattern: "\\d{4}-\\d{2}-\\d{2}", placeholder: "YYYY-MM-DD", spellcheck: "false",
                          autocomplete: "off", title: "A date as YYYY-MM-DD, e.g. 2024-03-12" })
          ]);
        })),
        el("div", { id: "gk-date-msg", "class": "gk-note gk-error", role: "alert" }),
        el("div", { "class": "gk-note", text: "Dates as YYYY-MM-DD. Undated interactions are hidden while a date is set." })
      ]),
      block([
        el("div", { "class": "gk-row gk-head" }, [
          el("span", { text: "Interactions" }),
          el("span", {}, [el("button", { type: "button", id: "gk-all", text: "all" }),
                          el("button", { type: "button", id: "gk-none", text: "none" })])
        ]),
        el("div", { id: "gk-predicates" }),
        el("div", { id: "gk-count", "class": "gk-note", role: "status" })
      ]),
      block([el("div", { "class": "gk-head", text: "Did not take place" })], "gk-statuses"),
      block([el("label", { "class": "gk-check" }, [el("input", { id: "gk-physics", type: "checkbox" }),
                                                  document.createTextNode(" Physics (nodes move)")])]),
      block([], "gk-legend")
    ]);
    root.appendChild(el("div", { id: "gk-network", "aria-label": "relationship map" }));
    root.appendChild(el("div", { id: "gk-empty", hidden: true }, [
      el("h2", { text: "Nothing to show" }),
      el("p", { text: "No interactions match these options: nothing to show. Widen the date range or the predicates, or build the graph from more articles." })
    ]));
    root.appendChild(panel);
    root.appendChild(el("div", { id: "gk-tip", role: "tooltip", hidden: true }));
    root.appendChild(el("aside", { id: "gk-details", hidden: true }, [
      el("button", { type: "button", id: "gk-details-close", "aria-label": "close", text: "\u00d7" }),
      el("div", { id: "gk-details-body" })
    ]));
  }

  function render(data, root, hooks) {
    destroy();
    hooks = hooks || {};
    root = root || document.getElementById("gk-map");
    if (!root) {
      root = el("div", { id: "gk-map" });
      document.body.appendChild(root);
    }
    var inst = { alive: true, network: null, root: root };
    current = inst;
    api.data = data;
    api.root = root;
    api.nodes = new vis.DataSet([]);
    api.edges = new vis.DataSet([]);
    layout(root);
    draw(data, root, inst, hooks);
    return api;
  }

  function draw(data, root, inst, hooks) {
    var $ = function (id) { return root.querySelector("#" + id); };
    var statuses = data.statuses || ["occurred", "planned", "negated"];
    var shownStatuses = data.shown_statuses || ["occurred"];
    var counts = data.status_counts || {};
    $("gk-title").textContent = data.title;
    $("gk-scope-text").textContent = data.scope;

    var nodeById = {};
    data.nodes.forEach(function (n) { nodeById[n.id] = n; });
    var state = { preds: {}, status: {}, from: "", to: "", focus: null, edgeLabels: false, level: 0,
                  faded: {}, labelShown: {} };
    data.predicates.forEach(function (p, i) { state.preds[i] = true; });
    statuses.forEach(function (name, k) { state.status[k] = k === 0 || shownStatuses.indexOf(name) >= 0; });
    var visibleCount = data.edges.map(function (e) { return e.n; });  // interactions shown, by edge id

    function widthFor(count) { return Math.min(10, 1 + 2 * Math.log2(Math.max(1, count))); }
    function nodeColor(c) {
      return { background: c, border: "#555555", highlight: { background: c, border: "#111111" },
               hover: { background: c, border: "#111111" } };
    }
    function edgeColor(c) { return { color: c, highlight: c, hover: c, opacity: 0.85 }; }
    function statusOf(e) { return e.s ? e.s[0] : 0; }

    // Labels. A node's is 14 to 22 canvas units by the actor's size; vis draws none under
    // drawThreshold screen pixels, so zooming out drops the small actors' names first.
    // Zoomed in past 2x, 4x, ... every label (actors' and links') is drawn at a half, a
    // quarter, ... of that, so it keeps about its screen size while the map grows apart:
    // names that did not fit side by side fit then. declutter() hides any label that
    // would be drawn over another (its tooltip still says it).
    var nodeOptions = data.vis.nodes || {};
    var baseFont = nodeOptions.font || { size: 16, face: "sans-serif" };
    var edgeFont = (data.vis.edges && data.vis.edges.font) || { size: 11, face: baseFont.face };
    function shrink() { return Math.pow(2, state.level); }
    function levelFor(scale) { return scale < 2 ? 0 : Math.min(8, Math.floor(Math.log2(scale))); }
    function fontSize(n) { return Math.round(14 + 8 * Math.max(0, Math.min(1, (n.size - 10) / 30))) / shrink(); }
    function nodeFont(n) {
      return { size: state.labelShown[n.id] === false ? 0 : fontSize(n), face: baseFont.face,
               color: state.faded[n.id] ? "#bbbbbb" : "#222222",
               strokeWidth: baseFont.strokeWidth, strokeColor: baseFont.strokeColor };
    }
    function edgeFontNow() {
      var font = {};
      Object.keys(edgeFont).forEach(function (key) { font[key] = edgeFont[key]; });
      font.size = edgeFont.size / shrink();
      return font;
    }

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
      if (e.s && e.s[i]) { head += " \u00b7 <i>" + esc(statuses[e.s[i]]) + "</i>"; }
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
        if (!passes(e, i)) { continue; }
        visible++;
        if (i < e.ev.length) { parts.push(itemHtml(e, i)); shown++; }
      }
      var status = statusOf(e) ? ", " + statuses[statusOf(e)] : "";
      parts.splice(1, 0, "<div class=\"gk-k\">" + esc(e.tone + status) + ", " + visible + " interaction" +
                   (visible === 1 ? "" : "s") + "</div>");
      if (visible > shown) { parts.push("<div class=\"gk-more\">\u2026 and " + (visible - shown) + " more</div>"); }
      return parts.join("");
    }
    // What a link says when zoomed in: "met \u00d73, spoke with"; "(planned)" when not held.
    function edgeLabel(e) {
      var order = [], count = {};
      for (var i = 0; i < e.p.length; i++) {
        if (!passes(e, i)) { continue; }
        if (!count[e.p[i]]) { count[e.p[i]] = 0; order.push(e.p[i]); }
        count[e.p[i]]++;
      }
      // The most frequent first; ties in order of the first such interaction.
      order = order.map(function (k, rank) { return [k, rank]; })
        .sort(function (a, b) { return count[b[0]] - count[a[0]] || a[1] - b[1]; })
        .map(function (pair) { return pair[0]; });
      var words = order.slice(0, 3).map(function (k) {
        return data.predicates[k].label + (count[k] > 1 ? " \u00d7" + count[k] : "");
      });
      if (order.length > 3) { words.push("+" + (order.length - 3) + " more"); }
      var text = words.join(", ");
      return statusOf(e) && text ? text + " (" + statuses[statusOf(e)] + ")" : text;
    }
    api.nodeTip = function (id) { return nodeTip(nodeById[id]); };
    api.edgeTip = function (id) { return edgeTip(data.edges[id]); };
    api.edgeLabel = function (id) { return edgeLabel(data.edges[id]); };

    var predicateCounts = buildPredicateFilter();
    buildStatusFilter();
    buildLegend();
    if (!data.nodes.length) {
      $("gk-empty").hidden = false;
      $("gk-network").hidden = true;
      Array.prototype.forEach.call(root.querySelectorAll("#gk-panel input, #gk-panel button"),
        function (input) { input.disabled = true; });
      $("gk-count").textContent = "0 links";
      api.ready = api.settled = true;
      return;
    }

    api.nodes.add(data.nodes.map(function (n) {
      return { id: n.id, label: n.label, shape: n.shape, size: n.size, x: n.x, y: n.y,
               color: nodeColor(n.color), font: nodeFont(n), hidden: false };
    }));
    api.edges.add(data.edges.map(function (e) {
      var edge = { id: e.id, from: e.from, to: e.to, width: widthFor(e.n), label: "",
                   color: edgeColor(data.tones[e.tone]), hidden: !state.status[statusOf(e)] };
      if (e.arrows) { edge.arrows = e.arrows; }
      if (e.dashes) { edge.dashes = e.dashes; }
      if (e.smooth) { edge.smooth = e.smooth; }
      // Links hidden when the page opens never pull on the layout: showing them moves nothing.
      if (edge.hidden) { edge.physics = false; }
      return edge;
    }));
    var edgeById = data.edges;  // ids are list positions
    var hasEdges = {}, hiddenNode = {};
    data.edges.forEach(function (e) { hasEdges[e.from] = true; hasEdges[e.to] = true; });

    var datalist = $("gk-actors");
    data.nodes.forEach(function (n) { datalist.appendChild(el("option", { value: n.label })); });

    var network = new vis.Network($("gk-network"), { nodes: [], edges: [] }, data.vis);
    inst.network = network;
    api.network = network;
    var stabilized = !data.physics;
    network.once("stabilizationIterationsDone", function () { stabilized = true; declutter(); network.redraw(); });
    network.on("stabilized", function () { declutter(); api.settled = true; });
    network.on("dragEnd", function () { declutter(); });
    var lastScale = null, zoomPending = false;
    network.on("afterDrawing", function () {
      if (api.drawnAt === null) { api.drawnAt = performance.now(); }
      if (stabilized && !api.ready) { api.ready = true; }
      var scale = network.getScale();
      if (scale === lastScale) { return; }
      lastScale = scale;
      // Work only when the zoom crosses a threshold: a big map is not relabelled every frame.
      var labels = scale >= (data.edge_label_scale || 1.5);
      if ((labels !== state.edgeLabels || levelFor(scale) !== state.level) && !zoomPending) {
        zoomPending = true;
        setTimeout(zoomChanged, 0);
      }
    });
    network.setData({ nodes: api.nodes, edges: api.edges });
    $("gk-physics").checked = data.physics;
    $("gk-physics").addEventListener("change", function () {
      network.setOptions({ physics: { enabled: $("gk-physics").checked } });
    });

    function zoomChanged() {
      zoomPending = false;
      if (!inst.alive) { return; }
      var scale = network.getScale(), level = levelFor(scale);
      state.edgeLabels = scale >= (data.edge_label_scale || 1.5);
      if (level !== state.level) {
        state.level = level;
        network.setOptions({ edges: { font: edgeFontNow() } });
      }
      declutter();
    }

    // Boxes in canvas units, where vis draws the labels: a node's centred under it, half a
    // line and 4 units below its shape ("hanging" text); a link's centred on its middle.
    // The biggest actors' names are placed first, then the busiest links'; a label is
    // hidden when it would cross one already placed or a node (a name may cross the node
    // of a smaller actor: the big names win in a crowd).
    var measure = document.createElement("canvas").getContext("2d");
    var nodeTextWidth = {};  // at a 100px font
    function textWidth(text) {
      measure.font = "100px " + baseFont.face;
      return measure.measureText(text).width;
    }
    function nodeLabelBox(n, pos) {
      var size = fontSize(n);
      if (nodeTextWidth[n.id] === undefined) { nodeTextWidth[n.id] = textWidth(n.label); }
      var w = nodeTextWidth[n.id] * size / 100, top = pos.y + n.size + size / 2 + 4;
      return { owner: n.id, size: n.size, left: pos.x - w / 2 - 1, right: pos.x + w / 2 + 1, top: top - 1, bottom: top + size + 1 };
    }
    function edgePoint(e, positions) {
      var drawn = network.body.edges[e.id];
      if (drawn && drawn.edgeType && drawn.edgeType.fromPoint) { return drawn.edgeType.getPoint(0.5); }
      var a = positions[e.from], b = positions[e.to];
      return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    }
    var sentFont = {}, sentLabel = {};  // what vis was last given, by id
    function declutter() {
      if (!inst.alive) { return; }
      var positions = network.getPositions();
      var cell = 120, grid = {};
      function cells(b, visit) {
        for (var gx = Math.floor(b.left / cell); gx <= Math.floor(b.right / cell); gx++) {
          for (var gy = Math.floor(b.top / cell); gy <= Math.floor(b.bottom / cell); gy++) {
            if (visit(gx + ":" + gy) === false) { return false; }
          }
        }
        return true;
      }
      function put(b) { cells(b, function (k) { (grid[k] = grid[k] || []).push(b); }); }
      function free(b) {
        return cells(b, function (k) {
          var here = grid[k] || [];
          for (var i = 0; i < here.length; i++) {
            var o = here[i];
            if (o.owner === b.owner || (o.node && o.size < b.size)) { continue; }
            if (b.left < o.right && o.left < b.right && b.top < o.bottom && o.top < b.bottom) { return false; }
          }
        });
      }
      var shown = data.nodes.filter(function (n) { return !hiddenNode[n.id]; });
      shown.forEach(function (n) {
        var p = positions[n.id], r = n.size + 1;
        put({ owner: n.id, node: true, size: n.size, left: p.x - r, right: p.x + r, top: p.y - r, bottom: p.y + r });
      });
      shown.sort(function (a, b) { return b.size - a.size || a.id - b.id; });
      var nodeChanges = [];
      shown.forEach(function (n) {
        var box = nodeLabelBox(n, positions[n.id]), on = free(box);
        if (on) { put(box); }
        state.labelShown[n.id] = on;
        var font = nodeFont(n);
        if (sentFont[n.id] !== font.size) {
          sentFont[n.id] = font.size;
          nodeChanges.push({ id: n.id, font: font });
        }
      });
      var edgeChanges = [], order = [];
      if (state.edgeLabels) {
        order = data.edges.filter(function (e) { return visibleCount[e.id] > 0; });
        order.sort(function (a, b) { return visibleCount[b.id] - visibleCount[a.id] || a.id - b.id; });
      }
      var wanted = {}, size = edgeFont.size / shrink();
      order.forEach(function (e) {
        var text = edgeLabel(e), p = edgePoint(e, positions);
        var w = textWidth(text) * size / 100, pad = 2;
        var box = { owner: "e" + e.id, left: p.x - w / 2 - pad, right: p.x + w / 2 + pad,
                    top: p.y - size / 2 - pad, bottom: p.y + size / 2 + pad };
        if (text && free(box)) { put(box); wanted[e.id] = text; }
      });
      data.edges.forEach(function (e) {
        var text = wanted[e.id] || "";
        if ((sentLabel[e.id] || "") !== text) {
          sentLabel[e.id] = text;
          edgeChanges.push({ id: e.id, label: text });
        }
      });
      if (nodeChanges.length) { api.nodes.update(nodeChanges); }
      if (edgeChanges.length) { api.edges.update(edgeChanges); }
    }

    // Tooltips: our own element, so the pre-escaped HTML can hold links and layout.
    var tip = $("gk-tip");
    function showTip(html, pointer) {
      tip.innerHTML = html;
      tip.hidden = false;
      placeTip(pointer.DOM.x, pointer.DOM.y);
    }
    function placeTip(x, y) {
      // x, y are relative to the network box; the tip is placed in the map's box.
      var net = $("gk-network").getBoundingClientRect(), box = root.getBoundingClientRect();
      var left = net.left - box.left + x + 14, top = net.top - box.top + y + 14;
      if (left + tip.offsetWidth > box.width) { left = Math.max(0, left - tip.offsetWidth - 28); }
      if (top + tip.offsetHeight > box.height) { top = Math.max(0, top - tip.offsetHeight - 28); }
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
      if (p.nodes.length && hooks.onNodeClick) { hideTip(); hooks.onNodeClick(nodeById[p.nodes[0]]); return; }
      if (!p.nodes.length && p.edges.length && hooks.onEdgeClick) { hideTip(); hooks.onEdgeClick(edgeById[p.edges[0]]); return; }
      if (p.nodes.length) { html = nodeTip(nodeById[p.nodes[0]]); }
      else if (p.edges.length) { html = edgeTip(edgeById[p.edges[0]]); }
      $("gk-details").hidden = html === null;
      if (html !== null) { $("gk-details-body").innerHTML = html; }
    });
    $("gk-details-close").addEventListener("click", function () { $("gk-details").hidden = true; });

    // Filters: an edge is shown while at least one of its interactions passes.
    function passes(e, i) {
      if (!state.status[statusOf(e)] || !state.preds[e.p[i]]) { return false; }
      if (state.from || state.to) {
        var day = e.d[i];
        if (!day) { return false; }
        if (state.from && day < state.from) { return false; }
        if (state.to && day > state.to) { return false; }
      }
      return true;
    }
    function applyFilters() {
      var linked = {}, edgeUpdates = [], shownEdges = 0;
      var perPredicate = data.predicates.map(function () { return 0; });
      data.edges.forEach(function (e) {
        var c = 0;
        if (state.status[statusOf(e)]) { e.p.forEach(function (k) { perPredicate[k]++; }); }
        for (var i = 0; i < e.p.length; i++) { if (passes(e, i)) { c++; } }
        visibleCount[e.id] = c;
        if (c) {
          shownEdges++;
          linked[e.from] = true;
          linked[e.to] = true;
        }
        edgeUpdates.push({ id: e.id, hidden: c === 0, width: widthFor(c || e.n) });
      });
      api.edges.update(edgeUpdates);
      api.nodes.update(data.nodes.map(function (n) {
        // An actor whose links are all filtered out goes too; one that never had links stays.
        hiddenNode[n.id] = !linked[n.id] && hasEdges[n.id] === true;
        return { id: n.id, hidden: hiddenNode[n.id] };
      }));
      $("gk-count").textContent = shownEdges + " of " + data.edges.length + " links shown";
      $("gk-hidden").textContent = hiddenNote();
      perPredicate.forEach(function (n, k) { predicateCounts[k].textContent = n; });
      if (state.focus !== null) { focus(state.focus, false); }
      declutter();
    }
    // What the page hides by status, and why (graphkit.viz.hidden_note says the same).
    function hiddenNote() {
      var parts = [], total = 0;
      statuses.forEach(function (name, k) {
        var n = counts[name] || 0;
        if (!state.status[k] && n) { parts.push(n + " " + name); total += n; }
      });
      if (!parts.length) { return ""; }
      var many = total !== 1;
      return "hidden: " + parts.join(" and ") + " interaction" + (many ? "s" : "") +
        ", which did not take place (show " + (many ? "them" : "it") + " below)";
    }

    // Dates: ISO text fields (a date input shows the browser's locale format instead).
    var ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
    function isoDay(text) {
      if (!ISO_DAY.test(text)) { return false; }
      var day = new Date(text + "T00:00:00Z");
      return !isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
    }
    function dateChanged(end, committed) {
      var input = $("gk-" + end), text = input.value.trim();
      if (text === "" || isoDay(text)) {
        input.setCustomValidity("");
        input.removeAttribute("aria-invalid");
        input.dataset.error = "";
        if (state[end] !== text) { state[end] = text; applyFilters(); }
      } else {
        input.setCustomValidity("Use a date as YYYY-MM-DD, e.g. 2024-03-12.");
        input.setAttribute("aria-invalid", "true");
        // While typing "2024-0" the field is incomplete, not wrong: say so once it is done.
        if (committed || text.length >= 10 || /[^\d-]/.test(text)) {
          input.dataset.error = "\u201c" + text + "\u201d is not a date as YYYY-MM-DD (e.g. 2024-03-12): " +
            "the " + (end === "from" ? "From" : "To") + " date is not applied.";
        }
      }
      $("gk-date-msg").textContent = $("gk-from").dataset.error || $("gk-to").dataset.error || "";
    }
    ["from", "to"].forEach(function (end) {
      $("gk-" + end).addEventListener("input", function () { dateChanged(end, false); });
      $("gk-" + end).addEventListener("change", function () { dateChanged(end, true); });
      if (data.dates) { $("gk-" + end).title = "A date as YYYY-MM-DD; the map spans " + data.dates[0] + " to " + data.dates[1] + "."; }
    });
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
    statuses.forEach(function (name, k) {
      var box = $("gk-status-" + name);
      if (!box) { return; }
      box.addEventListener("change", function () {
        state.status[k] = box.checked;
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
        if (visibleCount[e.id] && (e.from === id || e.to === id)) { near[e.from] = true; near[e.to] = true; }
      });
      api.nodes.update(data.nodes.map(function (n) {
        state.faded[n.id] = !near[n.id];
        return { id: n.id, color: nodeColor(near[n.id] ? n.color : "#e4e4e4"), font: nodeFont(n) };
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
      state.faded = {};
      $("gk-search-msg").textContent = "";
      api.nodes.update(data.nodes.map(function (n) { return { id: n.id, color: nodeColor(n.color), font: nodeFont(n) }; }));
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
    if (!data.physics) { api.settled = true; }

    function check(id, checked, children) {
      var input = el("input", { type: "checkbox", id: id, checked: checked });
      input.checked = checked;
      return el("label", { "class": "gk-pred" }, [input].concat(children));
    }

    function buildPredicateFilter() {
      var box = $("gk-predicates"), numbers = [];
      ["cooperative", "neutral", "conflictual"].forEach(function (tone) {
        var preds = data.predicates.filter(function (p) { return p.tone === tone; });
        if (!preds.length) { return; }
        var head = el("div", { "class": "gk-tone", text: tone });
        head.style.color = data.tones[tone];
        box.appendChild(head);
        preds.forEach(function (p) {
          var n = el("span", { "class": "gk-n" });
          numbers[data.predicates.indexOf(p)] = n;
          var label = check("gk-pred-" + p.name, true, [el("span", { text: p.label + (p.directed ? " \u2192" : "") }), n]);
          label.firstChild.value = p.name;
          box.appendChild(label);
        });
      });
      return numbers;
    }

    function buildStatusFilter() {
      var box = $("gk-statuses"), style = { planned: "dashed", negated: "dotted" };
      statuses.forEach(function (name, k) {
        if (k === 0) { return; }
        var n = counts[name] || 0;
        var label = check("gk-status-" + name, state.status[k], [
          el("span", { "class": "gk-line " + (style[name] || ""), "aria-hidden": "true" }),
          el("span", { text: name + (style[name] ? " (" + style[name] + ")" : "") }),
          el("span", { "class": "gk-n", text: String(n) })
        ]);
        label.firstChild.disabled = n === 0;
        label.firstChild.value = name;
        box.appendChild(label);
      });
    }

    function buildLegend() {
      var box = $("gk-legend"), lg = data.legend;
      function line(swatch, text) {
        box.appendChild(el("div", { "class": "gk-legend-row" }, [swatch, el("span", { text: text })]));
      }
      function swatch(cls, color) {
        var s = el("span", { "class": cls });
        if (cls.indexOf("gk-line") === 0) { s.style.borderTopColor = color; } else { s.style.background = color; }
        return s;
      }
      box.appendChild(el("div", { "class": "gk-head", text: "Legend" }));
      lg.kinds.forEach(function (k) { line(swatch("gk-swatch " + k.shape, k.color), k.kind); });
      lg.groups.forEach(function (g) { line(swatch("gk-swatch dot", g.color), g.name); });
      lg.tones.forEach(function (t) { line(swatch("gk-line", t.color), t.tone); });
      line(swatch("gk-line dashed", "#8c8c8c"), "planned");
      line(swatch("gk-line dotted", "#8c8c8c"), "negated (reported as not held)");
      box.appendChild(el("div", { "class": "gk-note", text:
        "Arrow: directed (A did it to B). Width: number of interactions. Size: " + lg.size_by +
        ". Colour: " + lg.color_by + ". Zoom in to read what each link is." }));
    }
  }

  var inline = document.getElementById("gk-data");
  if (inline) { render(JSON.parse(inline.textContent), document.getElementById("gk-map")); }
})();
