/* graphkit workbench: the map page (/).
 *
 * The server picks the subgraph (/api/map: the top N actors, an ego network, a confidence
 * bar, a country or organisation); map.js draws it (graphkitMap.render, the static map's
 * renderer) with its own client-side filters. This page adds:
 *   - the view form, kept in the address (?top=&min_confidence=&focus=&ego=&radius=), so a
 *     view can be reloaded and shared;
 *   - a time slider over the months of the data: up to a month, or that month only; ▶
 *     replays the network month by month. It drives map.js's own date fields;
 *   - a side panel for a clicked link: its interactions from /api/link, each with date,
 *     status, confidence, evidence and a link to the article page; for a clicked actor,
 *     links to its page and to its ego network.
 * Texts from articles are inserted as text (graphkit.el), never as markup.
 */
(function () {
  "use strict";

  var gk = window.graphkit, el = gk.el;
  function $(id) { return document.getElementById(id); }

  var view = readView();
  var data = null, months = [], playing = null, focusChoices = {};

  function readView() {
    var params = new URLSearchParams(location.search);
    return {
      top: params.get("top") || "", min_confidence: params.get("min_confidence") || "",
      focus: params.get("focus") || "", ego: params.get("ego") || "", radius: params.get("radius") || ""
    };
  }

  function apiParams() {
    return { top: view.top, min_confidence: view.min_confidence, focus: view.focus, ego: view.ego,
             radius: view.ego ? view.radius : "" };
  }

  function load() {
    var box = $("gk-map");
    box.setAttribute("aria-busy", "true");
    stop();
    return gk.getJSON("/api/map" + gk.query(apiParams())).then(function (answer) {
      data = answer;
      months = answer.months || [];
      window.graphkitMap.render(answer, box, { onEdgeClick: showLink, onNodeClick: showActor });
      setUpSlider();
      showForm();
      box.removeAttribute("aria-busy");
    }, function () { box.removeAttribute("aria-busy"); });
  }

  // -- the view form ------------------------------------------------------------------------

  function showForm() {
    $("wb-top").value = view.top || "100";
    $("wb-min-confidence").value = view.min_confidence || "0";
    $("wb-radius").value = view.radius || "1";
    $("wb-ego-box").hidden = !view.ego;
    if (view.ego) {
      var center = data.nodes.filter(function (n) { return n.actor === view.ego; })[0];
      var link = $("wb-ego-link");
      link.textContent = center ? center.label : view.ego;
      link.setAttribute("href", gk.actorHref(view.ego));
    }
    if (view.focus && !$("wb-focus").value) { $("wb-focus").value = view.focus; }
  }

  function go(changes) {
    Object.keys(changes).forEach(function (key) { view[key] = changes[key]; });
    var search = gk.query(view);
    history.pushState(null, "", location.pathname + search);
    hideLink();
    return load();
  }

  $("wb-view").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var typed = $("wb-focus").value.trim();
    var focus = typed ? (focusChoices[typed] || (typed === view.focus ? view.focus : null)) : "";
    if (focus === null) {
      gk.showMessage("Pick a country or organisation from the suggestions: \u201c" + typed + "\u201d is none.");
      return;
    }
    gk.clearMessage();
    go({ top: $("wb-top").value, min_confidence: $("wb-min-confidence").value, focus: focus,
         radius: $("wb-radius").value });
  });
  $("wb-ego-clear").addEventListener("click", function () { go({ ego: "", radius: "" }); });
  window.addEventListener("popstate", function () { view = readView(); hideLink(); load(); });

  // Countries and organisations to focus on, suggested as one types.
  var focusTimer = null;
  $("wb-focus").addEventListener("input", function () {
    var text = $("wb-focus").value.trim();
    clearTimeout(focusTimer);
    if (text.length < 2 || focusChoices[text]) { return; }
    focusTimer = setTimeout(function () {
      gk.getJSON("/api/search" + gk.query({ q: text, limit: 20 }), true).then(function (answer) {
        var list = gk.clear($("wb-focus-list"));
        answer.results.forEach(function (r) {
          if (r.kind !== "Country" && r.kind !== "Organization") { return; }
          focusChoices[r.label] = r.id;
          list.appendChild(el("option", { value: r.label }));
        });
      }, function () { /* suggestions are a convenience: typing still works */ });
    }, 150);
  });

  // -- the time slider ------------------------------------------------------------------------

  function lastDay(month) {
    var parts = month.split("-"), y = +parts[0], m = +parts[1];
    var day = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return month + "-" + (day < 10 ? "0" + day : day);
  }

  function setUpSlider() {
    var slider = $("wb-month");
    slider.max = String(months.length);  // the last position is "all time"
    slider.value = String(months.length);
    slider.disabled = months.length === 0;
    $("wb-play").disabled = months.length === 0;
    showMonth();
  }

  function setDate(end, value) {
    var input = $("gk-" + end);
    if (!input || input.value === value) { return; }
    input.value = value;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  /* The window the slider stands for: [since, until] as ISO days ("" for open). */
  function window_() {
    var k = +$("wb-month").value;
    if (k >= months.length) { return { since: "", until: "", label: "all time" }; }
    var month = months[k], only = $("wb-month-only").checked;
    return { since: only ? month + "-01" : "", until: lastDay(month),
             label: (only ? "" : "up to ") + gk.formatMonth(month) };
  }

  function showMonth() {
    var w = window_();
    $("wb-month-label").textContent = w.label;
    setDate("from", w.since);
    setDate("to", w.until);
  }

  function stop() {
    if (playing !== null) { clearInterval(playing); playing = null; }
    $("wb-play").textContent = "\u25b6";
    $("wb-play").setAttribute("aria-label", "play month by month");
  }

  $("wb-month").addEventListener("input", function () { stop(); showMonth(); });
  $("wb-month-only").addEventListener("change", showMonth);
  $("wb-play").addEventListener("click", function () {
    if (playing !== null) { stop(); return; }
    var slider = $("wb-month");
    if (+slider.value >= months.length) { slider.value = "0"; showMonth(); }
    $("wb-play").textContent = "\u275a\u275a";
    $("wb-play").setAttribute("aria-label", "pause");
    playing = setInterval(function () {
      var next = +slider.value + 1;
      slider.value = String(next);
      showMonth();
      if (next >= months.length) { stop(); }
    }, 1200);
  });

  // -- the side panel ---------------------------------------------------------------------------

  function hideLink() { $("wb-link").hidden = true; }
  $("wb-link-close").addEventListener("click", hideLink);

  function nodeOf(id) { return data.nodes[id]; }

  function showActor(node) {
    var panel = $("wb-link"), items = gk.clear($("wb-link-items"));
    $("wb-link-title").textContent = node.label;
    $("wb-link-note").textContent = [node.kind, node.title, node.country].filter(Boolean).join(" \u00b7 ");
    if (node.actor) {
      items.appendChild(el("li", {}, el("a", { href: gk.actorHref(node.actor) }, "Open the actor page")));
      items.appendChild(el("li", {}, el("a", { href: "/" + gk.query({ ego: node.actor, radius: 1 }),
                                               class: "wb-ego-go", "data-ego": node.actor },
                                         "Draw the map around " + node.label)));
    }
    panel.hidden = false;
  }

  $("wb-link-items").addEventListener("click", function (ev) {
    var link = ev.target.closest ? ev.target.closest("a.wb-ego-go") : null;
    if (!link) { return; }
    ev.preventDefault();
    go({ ego: link.getAttribute("data-ego"), radius: "1" });
  });

  function showLink(edge) {
    var a = nodeOf(edge.from), b = nodeOf(edge.to);
    var panel = $("wb-link"), items = gk.clear($("wb-link-items"));
    $("wb-link-title").textContent = a.label + " \u2013 " + b.label;
    $("wb-link-note").textContent = "Loading\u2026";
    panel.hidden = false;
    if (!a.actor || !b.actor) { $("wb-link-note").textContent = "These actors have no page."; return; }
    var w = window_();
    var params = { from: a.actor, to: b.actor, statuses: "occurred,planned,negated",
                   min_confidence: view.min_confidence, since: w.since, until: w.until };
    gk.getJSON("/api/link" + gk.query(params)).then(function (answer) {
      var list = answer.interactions;
      $("wb-link-note").textContent = list.length + (list.length === 1 ? " interaction" : " interactions") +
        (w.label !== "all time" ? " (" + w.label + ")" : "");
      list.forEach(function (i) {
        var head = [gk.formatDate(i.date), gk.predicateLabel(i.predicate)];
        if (i.status !== "occurred") { head.push(i.status); }
        if (i.confidence !== null && i.confidence !== undefined) { head.push("confidence " + gk.formatConfidence(i.confidence)); }
        var source = i.article && i.article.id
          ? el("a", { href: gk.articleHref(i.article.id) }, i.article.title || "the article")
          : el("span", {}, i.article && i.article.title || "");
        items.appendChild(el("li", { class: "wb-link-item wb-status-" + i.status },
          el("div", { class: "wb-link-head" }, head.join(" \u00b7 ")),
          el("blockquote", { class: "wb-evidence-text" }, i.evidence),
          el("div", { class: "wb-link-source" }, source)));
      });
    }, function () { $("wb-link-note").textContent = ""; });
  }

  load();
})();
