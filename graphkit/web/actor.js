/* The actor page (/actor/{id}): who the actor is, whom it dealt with and when, its ego
 * network, and every evidence sentence, a page at a time. Data: /api/actor/{id} and
 * /api/map?ego={id}. window.graphkitActor exposes the state for tests. */
(function () {
  "use strict";
  var gk = window.graphkit, el = gk.el, svg = gk.svg;
  var $ = function (id) { return document.getElementById(id); };

  var FILTERS = ["since", "until", "predicates", "statuses", "min_confidence"];
  // One colour per predicate, the same on every actor page.
  var PREDICATE_COLORS = {
    met: "#4e79a7", spokeWith: "#76b7b2", negotiatedWith: "#59a14f", agreedWith: "#8cd17d",
    visited: "#f28e2b", hosted: "#ffbe7d", briefed: "#b6992d", urged: "#edc948",
    criticized: "#e15759", supported: "#499894", threatened: "#9d2a2a", sanctioned: "#b07aa1",
    aided: "#86bcb6", summoned: "#d37295", invited: "#9c755f"
  };
  var SPARE_COLORS = ["#bab0ac", "#79706e", "#d4a6c8", "#a0cbe8", "#fabfd2", "#f1ce63"];
  var COUNTERPARTS_SHOWN = 25;
  var EGO_TOP = 50;

  var api = { ready: false, data: null, map: null, network: null, networkReady: false, page: 1 };
  window.graphkitActor = api;

  var actorId = (function () {
    var parts = location.pathname.split("/");
    try { return decodeURIComponent(parts[2] || ""); } catch (e) { return parts[2] || ""; }
  })();

  var params = new URLSearchParams(location.search);
  var filters = {};
  FILTERS.forEach(function (name) { if (params.get(name)) { filters[name] = params.get(name); } });
  var page = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);

  function colorOf(predicate, order) {
    if (PREDICATE_COLORS[predicate]) { return PREDICATE_COLORS[predicate]; }
    return SPARE_COLORS[Math.max(0, order.indexOf(predicate)) % SPARE_COLORS.length];
  }

  function actorUrl(extra) {
    var all = {};
    FILTERS.forEach(function (name) { if (filters[name]) { all[name] = filters[name]; } });
    Object.keys(extra || {}).forEach(function (k) { all[k] = extra[k]; });
    return all;
  }

  function load(pageNumber) {
    var q = actorUrl({ page: pageNumber, page_size: 20 });
    return gk.getJSON("/api/actor/" + encodeURIComponent(actorId) + gk.query(q));
  }

  // -- the header facts --------------------------------------------------------------------

  function renderFacts(data) {
    document.title = (data.label || data.id) + " · graphkit";
    $("wb-name").textContent = data.label || data.id;
    $("wb-kind").textContent = data.kind || "actor";
    $("wb-count").textContent = data.interactions + (data.interactions === 1 ? " interaction" : " interactions") +
      " with " + data.counterparts.length + (data.counterparts.length === 1 ? " counterpart" : " counterparts");

    var aliases = $("wb-aliases");
    gk.clear(aliases);
    if (data.aliases && data.aliases.length) {
      aliases.appendChild(el("ul", { class: "wb-inline-list" },
        data.aliases.map(function (a) { return el("li", null, a); })));
    } else {
      aliases.appendChild(el("span", { class: "wb-note" }, "none"));
    }

    var byIri = {};
    (data.affiliations || []).forEach(function (a) { byIri[a.iri] = a; });

    var titles = $("wb-titles");
    gk.clear(titles);
    if (data.titles && data.titles.length) {
      titles.appendChild(el("ul", { class: "wb-plain-list" }, data.titles.map(function (t) {
        var aff = t.affiliation ? byIri[t.affiliation] || { iri: t.affiliation, id: null,
          label: String(t.affiliation).split("/").pop() } : null;
        return el("li", { class: "wb-title" },
          el("span", { class: "wb-title-name" }, t.title),
          aff ? [" — ", gk.actorLink(aff)] : null,
          " ", el("span", { class: "wb-note" }, "reported ", gk.dateNodes(t.reported)));
      })));
    } else {
      titles.appendChild(el("span", { class: "wb-note" }, "none reported"));
    }

    var affs = $("wb-affiliations");
    gk.clear(affs);
    if (data.affiliations && data.affiliations.length) {
      affs.appendChild(el("ul", { class: "wb-plain-list" }, data.affiliations.map(function (a) {
        return el("li", null, gk.actorLink(a), " ",
                  el("span", { class: "wb-note" }, "reported ", gk.dateNodes(a.reported)));
      })));
    } else {
      affs.appendChild(el("span", { class: "wb-note" }, "none reported"));
    }
  }

  // -- counterparts ------------------------------------------------------------------------

  function renderCounterparts(data) {
    var box = gk.clear($("wb-counterparts"));
    var all = data.counterparts || [];
    if (!all.length) {
      box.appendChild(el("p", { class: "wb-note" }, "No interactions match."));
      return;
    }
    var tbody = el("tbody");
    function fill(limit) {
      gk.clear(tbody);
      all.slice(0, limit).forEach(function (c, k) {
        var preds = Object.keys(c.predicates || {}).map(function (p) {
          return gk.predicateLabel(p) + " " + c.predicates[p];
        }).join(", ");
        tbody.appendChild(el("tr", { class: "wb-counterpart" },
          el("td", { class: "wb-num" }, String(k + 1)),
          el("td", null, gk.actorLink(c)),
          el("td", { class: "wb-num" }, String(c.count)),
          el("td", { class: "wb-preds" }, preds)));
      });
    }
    fill(COUNTERPARTS_SHOWN);
    box.appendChild(el("table", { class: "wb-table" },
      el("thead", null, el("tr", null, el("th", { scope: "col" }, "#"), el("th", { scope: "col" }, "Actor"),
        el("th", { scope: "col", class: "wb-num", title: "interactions" }, "Count"), el("th", { scope: "col" }, "Predicates"))),
      tbody));
    if (all.length > COUNTERPARTS_SHOWN) {
      var more = el("button", { type: "button", class: "wb-link-button" }, "Show all " + all.length);
      more.addEventListener("click", function () { fill(all.length); more.remove(); });
      box.appendChild(more);
    }
  }

  // -- the timeline (SVG stacked bars) ---------------------------------------------------

  function monthsBetween(first, last) {
    var out = [];
    var y = parseInt(first.slice(0, 4), 10), m = parseInt(first.slice(5, 7), 10);
    var ly = parseInt(last.slice(0, 4), 10), lm = parseInt(last.slice(5, 7), 10);
    while ((y < ly || (y === ly && m <= lm)) && out.length < 1200) {
      out.push(y + "-" + (m < 10 ? "0" : "") + m);
      m += 1;
      if (m > 12) { m = 1; y += 1; }
    }
    return out;
  }

  function renderTimeline(data) {
    var box = gk.clear($("wb-timeline"));
    var legend = gk.clear($("wb-timeline-legend"));
    var rows = (data.timeline || []).filter(function (r) { return /^\d{4}-\d{2}$/.test(r.month); });
    if (!rows.length) {
      box.appendChild(el("p", { class: "wb-note" }, "No dated interactions."));
      return;
    }
    var byMonth = {}, order = [];
    rows.forEach(function (r) {
      byMonth[r.month] = r.predicates || {};
      Object.keys(r.predicates || {}).forEach(function (p) { if (order.indexOf(p) < 0) { order.push(p); } });
    });
    order.sort();
    var months = monthsBetween(rows[0].month, rows[rows.length - 1].month);
    var max = 1;
    months.forEach(function (m) {
      var total = 0, counts = byMonth[m] || {};
      Object.keys(counts).forEach(function (p) { total += counts[p]; });
      max = Math.max(max, total);
    });
    var left = 34, bottom = 28, top = 8, right = 8, height = 180;
    var band = Math.max(6, Math.min(40, 640 / months.length));
    var width = left + right + band * months.length;
    var plot = height - top - bottom;
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, class: "wb-chart", role: "img",
                             width: width, height: height, preserveAspectRatio: "xMinYMin meet",
                             "aria-label": "interactions by month and predicate, " + months[0] + " to " +
                               months[months.length - 1] });
    // y axis: 0, half, max
    [0, Math.round(max / 2), max].forEach(function (v, k, all) {
      if (k === 1 && (v === 0 || v === max)) { return; }
      var y = top + plot - (v / max) * plot;
      chart.appendChild(svg("line", { x1: left, x2: width - right, y1: y, y2: y, class: "wb-grid-line" }));
      chart.appendChild(svg("text", { x: left - 4, y: y + 4, "text-anchor": "end", class: "wb-axis" }, String(v)));
    });
    var every = Math.max(1, Math.ceil(months.length / Math.max(1, Math.floor((width - left) / 56))));
    months.forEach(function (month, k) {
      var counts = byMonth[month] || {};
      var x = left + k * band;
      var g = svg("g", { class: "wb-bar", "data-month": month });
      var y = top + plot, total = 0;
      order.forEach(function (p) {
        var n = counts[p] || 0;
        if (!n) { return; }
        total += n;
        var h = (n / max) * plot;
        y -= h;
        g.appendChild(svg("rect", { x: x + band * 0.12, y: y, width: Math.max(1, band * 0.76), height: h,
                                    fill: colorOf(p, order), "data-predicate": p, "data-count": n },
          svg("title", null, month + " · " + gk.predicateLabel(p) + ": " + n)));
      });
      if (total) {
        g.appendChild(svg("title", null, month + ": " + total + (total === 1 ? " interaction" : " interactions")));
      }
      chart.appendChild(g);
      if (k % every === 0) {
        chart.appendChild(svg("text", { x: x + band / 2, y: height - bottom + 16, "text-anchor": "middle",
                                        class: "wb-axis" }, gk.formatMonth(month)));
      }
    });
    chart.appendChild(svg("line", { x1: left, x2: width - right, y1: top + plot, y2: top + plot, class: "wb-axis-line" }));
    box.appendChild(chart);
    order.forEach(function (p) {
      var swatch = el("span", { class: "wb-swatch" });
      swatch.style.backgroundColor = colorOf(p, order);
      legend.appendChild(el("span", { class: "wb-legend-item" }, swatch, gk.predicateLabel(p)));
    });
  }

  // -- the ego network -------------------------------------------------------------------

  function renderNetwork() {
    var note = $("wb-ego-note");
    var container = $("wb-ego");
    var q = actorUrl({ ego: actorId, top: EGO_TOP });
    return gk.fetchJSON("/api/map" + gk.query(q), { quiet: true }).then(function (data) {
      api.map = data;
      if (typeof vis === "undefined") { note.textContent = "The network library did not load."; return; }
      if (!data.nodes || !data.nodes.length) { note.textContent = "No contacts to draw."; return; }
      var predicates = data.predicates || [];
      var tones = data.tones || {};
      var byId = {};
      var nodes = data.nodes.map(function (n) {
        byId[n.id] = n;
        var tip = [n.label, n.kind, n.title, n.country].filter(Boolean).join("\n");
        var node = { id: n.id, label: n.label, shape: n.shape, size: n.size, title: tip,
                     color: { background: n.color, border: "#555555",
                              highlight: { background: n.color, border: "#111111" },
                              hover: { background: n.color, border: "#111111" } } };
        if (typeof n.x === "number" && typeof n.y === "number") { node.x = n.x; node.y = n.y; }
        if (n.actor === actorId) { node.borderWidth = 3; node.font = { size: 18, bold: true }; }
        return node;
      });
      var edges = data.edges.map(function (e) {
        var counts = {};
        (e.p || []).forEach(function (k) {
          var name = predicates[k] ? predicates[k].label || predicates[k].name : "?";
          counts[name] = (counts[name] || 0) + 1;
        });
        var color = tones[e.tone] || "#8c8c8c";
        var edge = { id: e.id, from: e.from, to: e.to, width: Math.min(10, 1 + 2 * Math.log2(Math.max(1, e.n || 1))),
                     color: { color: color, highlight: color, hover: color, opacity: 0.85 },
                     title: Object.keys(counts).map(function (k) { return k + " ×" + counts[k]; }).join("\n") };
        if (e.arrows) { edge.arrows = e.arrows; }
        if (e.dashes) { edge.dashes = true; }
        if (e.smooth) { edge.smooth = e.smooth; }
        return edge;
      });
      var network = new vis.Network(container, { nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges) },
                                    data.vis || {});
      api.network = network;
      network.on("click", function (params) {
        if (params.nodes && params.nodes.length) {
          var n = byId[params.nodes[0]];
          if (n && n.actor) { location.href = gk.actorHref(n.actor); }
        }
      });
      network.on("hoverNode", function () { container.style.cursor = "pointer"; });
      network.on("blurNode", function () { container.style.cursor = ""; });
      network.once("afterDrawing", function () { api.networkReady = true; });
      note.textContent = data.scope || "";
    }, function (error) {
      note.textContent = "The network could not be drawn: " + error.message;
    });
  }

  // -- evidence --------------------------------------------------------------------------

  function renderEvidence(data) {
    var ev = data.evidence;
    var list = gk.clear($("wb-evidence"));
    var pages = Math.max(1, Math.ceil(ev.total / ev.page_size));
    $("wb-page").textContent = ev.total ? "Page " + ev.page + " of " + pages + " (" + ev.total +
      (ev.total === 1 ? " sentence)" : " sentences)") : "No evidence";
    $("wb-prev").disabled = ev.page <= 1;
    $("wb-next").disabled = ev.page >= pages;
    list.setAttribute("start", String((ev.page - 1) * ev.page_size + 1));
    if (!ev.items.length && ev.total) {
      list.appendChild(el("li", { class: "wb-note" }, "No evidence on this page."));
    }
    var self = { id: data.id, iri: data.iri, label: data.label };
    ev.items.forEach(function (item) {
      var everyone = [self].concat(item["with"] || []);
      var subject = everyone.filter(function (a) { return a.iri === item.actor.iri; })[0] ||
        { id: item.actor.id, iri: item.actor.iri, label: item.actor.id || item.actor.iri };
      var objects = everyone.filter(function (a) { return a.iri !== subject.iri; });
      var meta = [el("span", { class: "wb-date" }, gk.formatDate(item.date)),
                  el("span", { class: "wb-predicate" }, gk.predicateLabel(item.predicate))];
      if (item.status && item.status !== "occurred") { meta.push(el("span", { class: "wb-status wb-status-" + item.status }, item.status)); }
      meta.push(el("span", { class: "wb-note" }, "confidence " + gk.formatConfidence(item.confidence)));
      var source = [];
      if (item.article && item.article.id) {
        source.push(el("a", { href: gk.articleHref(item.article.id), class: "wb-article-link" },
                       item.article.title || "article " + item.article.id));
      } else if (item.article && item.article.title) {
        source.push(el("span", null, item.article.title));
      }
      var external = item.article && gk.externalHref(item.article.url);
      if (external) {
        source.push(" ", el("a", { href: external, rel: "noopener noreferrer", target: "_blank", class: "wb-external" },
                            "original"));
      }
      list.appendChild(el("li", { class: "wb-evidence-item", "data-event": item.event },
        el("div", { class: "wb-meta" }, meta),
        el("div", { class: "wb-parties" }, gk.actorLink(subject), " → ",
           objects.map(function (o, k) { return [k ? ", " : "", gk.actorLink(o)]; })),
        el("blockquote", { class: "wb-quote" }, item.evidence || "(no evidence sentence)"),
        source.length ? el("div", { class: "wb-source" }, source) : null));
    });
  }

  function showPage(number) {
    $("wb-prev").disabled = $("wb-next").disabled = true;
    return load(number).then(function (data) {
      api.data = data;
      api.page = data.evidence.page;
      renderEvidence(data);
      var next = new URLSearchParams(location.search);
      if (data.evidence.page > 1) { next.set("page", String(data.evidence.page)); } else { next.delete("page"); }
      var search = next.toString();
      history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
      $("wb-evidence-h").scrollIntoView({ block: "start" });
    }, function () { renderEvidence(api.data); });
  }

  // -- filters ---------------------------------------------------------------------------

  function setupFilters() {
    var form = $("wb-filters");
    $("wb-since").value = filters.since || "";
    $("wb-until").value = filters.until || "";
    $("wb-predicates").value = filters.predicates || "";
    $("wb-min-confidence").value = filters.min_confidence || "";
    var statuses = (filters.statuses || "occurred").split(",");
    Array.prototype.forEach.call(form.querySelectorAll("input[name=statuses]"), function (box) {
      box.checked = statuses.indexOf(box.value) >= 0;
    });
    if (Object.keys(filters).length) { $("wb-filters-box").open = true; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var chosen = Array.prototype.filter.call(form.querySelectorAll("input[name=statuses]"), function (b) { return b.checked; })
        .map(function (b) { return b.value; });
      var next = {
        since: $("wb-since").value, until: $("wb-until").value,
        predicates: $("wb-predicates").value.replace(/\s+/g, ""),
        statuses: chosen.length && chosen.join(",") !== "occurred" ? chosen.join(",") : "",
        min_confidence: $("wb-min-confidence").value
      };
      location.search = gk.query(next);
    });
    $("wb-filters-reset").addEventListener("click", function () { location.search = ""; });
  }

  function start() {
    if (!actorId) { gk.showMessage("no actor id in the address"); finish(); return; }
    setupFilters();
    $("wb-prev").addEventListener("click", function () { showPage(api.page - 1); });
    $("wb-next").addEventListener("click", function () { showPage(api.page + 1); });
    load(page).then(function (data) {
      api.data = data;
      api.page = data.evidence.page;
      renderFacts(data);
      renderCounterparts(data);
      renderTimeline(data);
      renderEvidence(data);
      $("wb-actor").hidden = false;
      finish();
      if (!data.interactions) {  // nothing to draw (the map API refuses an ego without contacts)
        $("wb-ego-note").textContent = "No contacts to draw.";
        return null;
      }
      return renderNetwork();
    }, function () { finish(); }).then(function () { api.ready = true; });
  }

  function finish() {
    $("wb-loading").hidden = true;
    $("wb-main").removeAttribute("aria-busy");
    api.ready = api.ready || !api.data;
  }

  start();
})();
