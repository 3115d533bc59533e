/* The article page (/article/{id}): metadata, the text with its evidence sentences and
 * names highlighted, the interactions extracted from it and the actors it names.
 * Data: /api/article/{id}. window.graphkitArticle exposes the state for tests. */
(function () {
  "use strict";
  var gk = window.graphkit, el = gk.el;
  var $ = function (id) { return document.getElementById(id); };

  var api = { ready: false, data: null };
  window.graphkitArticle = api;

  var articleId = (function () {
    var parts = location.pathname.split("/");
    try { return decodeURIComponent(parts[2] || ""); } catch (e) { return parts[2] || ""; }
  })();

  function fact(id, value, empty) {
    var dd = gk.clear($(id));
    if (value instanceof Node) { dd.appendChild(value); }
    else if (value) { dd.textContent = value; }
    else { dd.appendChild(el("span", { class: "wb-note" }, empty || "unknown")); }
  }

  function renderMeta(data) {
    var title = data.title || data.file || "Article " + data.id;
    document.title = title + " · graphkit";
    $("wb-title").textContent = title;
    fact("wb-published", data.published ? gk.formatDate(data.published) : null);
    fact("wb-publisher", data.publisher);
    fact("wb-file", data.file);
    var url = gk.externalHref(data.url);
    fact("wb-url", url ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank", id: "wb-original",
                                   class: "wb-external" }, url) : null, "no link kept");
  }

  /* The text as paragraphs (split at blank lines) of text nodes and <mark> elements.
   * Highlight offsets count code points (Python); JS strings count UTF-16 units, so
   * offsets go through a code point -> UTF-16 table first. */
  function renderText(box, text, highlights) {
    var points = Array.from(text);
    var unit = new Array(points.length + 1);
    unit[0] = 0;
    for (var k = 0; k < points.length; k++) { unit[k + 1] = unit[k] + points[k].length; }
    function at(cp) { return unit[Math.max(0, Math.min(points.length, cp | 0))]; }
    var spans = (highlights || []).filter(function (h) {
      return Array.isArray(h) && typeof h[0] === "number" && typeof h[1] === "number" && h[1] > h[0];
    }).map(function (h) {
      return { cs: h[0], ce: h[1], s: at(h[0]), e: at(h[1]), kind: h[2] === "evidence" ? "evidence" : "mention" };
    }).sort(function (a, b) { return a.s - b.s; });

    var paragraphs = [], blank = /\n[ \t\r\f\v]*\n\s*/g, last = 0, m;
    while ((m = blank.exec(text)) !== null) {
      paragraphs.push([last, m.index]);
      last = m.index + m[0].length;
    }
    paragraphs.push([last, text.length]);

    var next = 0;
    paragraphs.forEach(function (range) {
      var ps = range[0], pe = range[1];
      if (!text.slice(ps, pe).trim()) { return; }
      var p = el("p", { class: "wb-para" }), pos = ps;
      while (next < spans.length && spans[next].e <= ps) { next++; }
      for (var j = next; j < spans.length && spans[j].s < pe; j++) {
        var h = spans[j], s = Math.max(h.s, ps, pos), e = Math.min(h.e, pe);
        if (e <= s) { continue; }
        if (s > pos) { p.appendChild(document.createTextNode(text.slice(pos, s))); }
        p.appendChild(el("mark", { class: h.kind, "data-start": h.cs, "data-end": h.ce }, text.slice(s, e)));
        pos = e;
      }
      if (pos < pe) { p.appendChild(document.createTextNode(text.slice(pos, pe))); }
      box.appendChild(p);
    });
  }

  /* No text kept (a store built before texts were): the evidence sentences alone. */
  function renderEvidenceOnly(box, interactions) {
    box.appendChild(el("p", { class: "wb-note" },
      "This store keeps no text for this article: only the evidence sentences are shown."));
    var seen = {};
    interactions.forEach(function (item, k) {
      if (!item.evidence || seen[item.evidence] !== undefined) { return; }
      seen[item.evidence] = k;
      box.appendChild(el("blockquote", { class: "wb-quote wb-evidence-only", "data-event": item.event },
                         el("mark", { class: "evidence" }, item.evidence)));
    });
    return seen;
  }

  function targetsOf(item, sentences) {
    var box = $("wb-text");
    if (sentences) {
      var quote = Array.prototype.filter.call(box.querySelectorAll("blockquote.wb-evidence-only"), function (q) {
        return q.textContent === item.evidence;
      });
      return quote.length ? Array.prototype.slice.call(quote[0].querySelectorAll("mark")) : [];
    }
    if (typeof item.start !== "number" || typeof item.end !== "number" || item.end <= item.start) { return []; }
    return Array.prototype.filter.call(box.querySelectorAll("mark"), function (mark) {
      var s = Number(mark.getAttribute("data-start")), e = Number(mark.getAttribute("data-end"));
      return s < item.end && e > item.start;
    });
  }

  function inView(node) {
    var r = node.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  }

  function sideBySide() {
    var side = document.querySelector(".wb-side");
    return !!side && getComputedStyle(side).position === "sticky";
  }

  function setActive(marks, on) {
    marks.forEach(function (mark) { mark.classList.toggle("wb-active", on); });
  }

  function renderInteractions(data, sentences) {
    var list = gk.clear($("wb-interactions"));
    var labels = {};
    (data.actors || []).forEach(function (a) { labels[a.iri] = a; });
    if (!data.interactions.length) {
      list.appendChild(el("li", { class: "wb-note" }, "No interactions were extracted from this article."));
      return;
    }
    data.interactions.forEach(function (item) {
      var subject = labels[item.actor.iri] || { id: item.actor.id, iri: item.actor.iri, label: item.actor.id || item.actor.iri };
      var marks = targetsOf(item, sentences);
      var show = el("button", { type: "button", class: "wb-link-button wb-show", disabled: !marks.length,
                                title: marks.length ? "Scroll to the evidence in the text" : "No evidence offsets in the text" },
                    "show in text");
      var li = el("li", { class: "wb-interaction", "data-event": item.event },
        el("div", { class: "wb-parties" }, gk.actorLink(subject), " ",
           el("span", { class: "wb-predicate" }, gk.predicateLabel(item.predicate)), " ",
           (item["with"] || []).map(function (o, k) { return [k ? ", " : "", gk.actorLink(o)]; })),
        el("div", { class: "wb-meta" },
           el("span", { class: "wb-date" }, gk.formatDate(item.date)),
           el("span", { class: "wb-status wb-status-" + item.status }, item.status),
           el("span", { class: "wb-note" }, "confidence " + gk.formatConfidence(item.confidence)),
           show),
        item.evidence ? el("div", { class: "wb-quote-small" }, item.evidence) : null);
      function go() {
        if (!marks.length) { return; }
        marks[0].scrollIntoView({ block: "center", behavior: "smooth" });
        setActive(marks, true);
        marks.forEach(function (mark) {
          mark.classList.remove("wb-flash");
          void mark.offsetWidth;  // restart the animation
          mark.classList.add("wb-flash");
        });
      }
      var intent = null;
      li.addEventListener("mouseenter", function () {
        setActive(marks, true);
        // Resting on an interaction brings its evidence into view, when the list stays put
        // beside the text (two columns, sticky list); a narrow page scrolls only on click.
        intent = setTimeout(function () {
          if (marks.length && !inView(marks[0]) && sideBySide()) {
            marks[0].scrollIntoView({ block: "center", behavior: "smooth" });
          }
        }, 350);
      });
      li.addEventListener("mouseleave", function () { clearTimeout(intent); setActive(marks, false); });
      li.addEventListener("focusin", function () { setActive(marks, true); });
      li.addEventListener("focusout", function () { setActive(marks, false); });
      li.addEventListener("click", function (event) {
        if (event.target.closest && event.target.closest("a")) { return; }  // a link to an actor: follow it
        go();
      });
      list.appendChild(li);
    });
  }

  function renderActors(data) {
    var list = gk.clear($("wb-actors"));
    if (!data.actors.length) { list.appendChild(el("li", { class: "wb-note" }, "none")); return; }
    data.actors.forEach(function (a) {
      var others = (a.names || []).filter(function (n) { return n !== a.label; });
      list.appendChild(el("li", null, gk.actorLink(a), " ",
        a.kind ? el("span", { class: "wb-kind" }, a.kind) : null,
        others.length ? el("span", { class: "wb-note" }, " as " + others.join(", ")) : null));
    });
  }

  function start() {
    if (!articleId) { gk.showMessage("no article id in the address"); done(); return; }
    gk.getJSON("/api/article/" + encodeURIComponent(articleId)).then(function (data) {
      api.data = data;
      renderMeta(data);
      var box = gk.clear($("wb-text"));
      var sentences = null;
      if (typeof data.text === "string" && data.text.length) {
        renderText(box, data.text, data.highlights);
      } else {
        sentences = renderEvidenceOnly(box, data.interactions || []);
      }
      renderInteractions(data, sentences);
      renderActors(data);
      $("wb-article").hidden = false;
      done();
    }, done);
  }

  function done() {
    $("wb-loading").hidden = true;
    $("wb-main").removeAttribute("aria-busy");
    api.ready = true;
  }

  start();
})();
