/* The query page (/query): a SPARQL editor over the server's read-only /sparql endpoint.
 * Results as a table (actors and articles link to their pages), Turtle for CONSTRUCT and
 * DESCRIBE, downloads as CSV, JSON or Turtle, and errors with their line and column.
 * window.graphkitQuery exposes the state for tests. */
(function () {
  "use strict";
  var gk = window.graphkit, el = gk.el;
  var $ = function (id) { return document.getElementById(id); };

  var ACTOR_BASE = "https://w3id.org/graphkit/id/actor/";
  var ARTICLE_BASE = "https://w3id.org/graphkit/id/article/";
  var XSD_STRING = "http://www.w3.org/2001/XMLSchema#string";
  var TRUNCATED_HEADER = "X-Graphkit-Truncated";
  var RESULTS_JSON = "application/sparql-results+json";
  // One request for every query form: the server answers SELECT and ASK as JSON and
  // CONSTRUCT and DESCRIBE as Turtle (it negotiates within each form's formats).
  var RUN_ACCEPT = RESULTS_JSON + ", text/turtle;q=0.9";
  var DOWNLOADS = {
    csv: { accept: "text/csv", file: "query-results.csv" },
    json: { accept: RESULTS_JSON, file: "query-results.json" },
    turtle: { accept: "text/turtle", file: "query-results.ttl" }
  };
  var STORAGE_KEY = "graphkit-query-text";
  var DEFAULT_QUERY = [
    "# Prefixes dip:, rdfs:, schema: ... are predeclared.",
    "SELECT DISTINCT ?actor ?label WHERE {",
    "  GRAPH ?g { ?actor a dip:Person ; rdfs:label ?label }",
    "}",
    "ORDER BY ?label",
    "LIMIT 50",
    ""
  ].join("\n");

  var editor = $("wb-query-text");
  var api = { ready: false, prefixes: {}, examples: [], running: false, runs: 0, last: null };
  window.graphkitQuery = api;

  // -- the query form ---------------------------------------------------------------------

  /* "select", "ask", "construct", "describe" or null: the first keyword once IRIs,
   * strings, comments and PREFIX/BASE declarations are gone. */
  function queryForm(text) {
    var bare = String(text)
      .replace(/<[^<>"{}|^`\\\s]*>/g, " ")
      .replace(/"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, " ")
      .replace(/#[^\n]*/g, " ")
      .replace(/\b(?:PREFIX\s+[A-Za-z0-9_.\-]*:|BASE)\s*/gi, " ");
    var m = /^\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b/i.exec(bare);
    return m ? m[1].toLowerCase() : null;
  }

  function updateButtons() {
    var form = queryForm(editor.value);
    var graph = form === "construct" || form === "describe";
    var empty = !editor.value.trim();
    $("wb-download-csv").disabled = empty || graph;
    $("wb-download-json").disabled = empty || graph;
    $("wb-download-turtle").disabled = empty || !graph;
  }

  // -- showing terms ----------------------------------------------------------------------

  var prefixList = [];  // [prefix, iri], longest IRI first

  function shorten(iri) {
    for (var k = 0; k < prefixList.length; k++) {
      var base = prefixList[k][1];
      if (iri.length > base.length && iri.indexOf(base) === 0) {
        var local = iri.slice(base.length);
        if (/^[A-Za-z_][A-Za-z0-9_\-.]*$/.test(local) && !/\.$/.test(local)) { return prefixList[k][0] + ":" + local; }
      }
    }
    return "<" + iri + ">";
  }

  function idAfter(iri, base, pattern) {
    if (iri.indexOf(base) !== 0) { return null; }
    var id = iri.slice(base.length);
    return pattern.test(id) ? id : null;
  }

  function termNode(term) {
    if (!term) { return null; }
    if (term.type === "uri") {
      var iri = String(term.value);
      var actor = idAfter(iri, ACTOR_BASE, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      if (actor) { return el("a", { href: gk.actorHref(actor), title: iri, class: "wb-term wb-uri" }, "actor/" + actor); }
      var article = idAfter(iri, ARTICLE_BASE, /^[0-9a-f]{16}$/);
      if (article) { return el("a", { href: gk.articleHref(article), title: iri, class: "wb-term wb-uri" }, "article/" + article); }
      return el("span", { class: "wb-term wb-uri", title: iri }, shorten(iri));
    }
    if (term.type === "bnode") { return el("span", { class: "wb-term wb-bnode" }, "_:" + term.value); }
    if (term.type === "literal" || term.type === "typed-literal") {
      var extra = null;
      if (term["xml:lang"]) { extra = "@" + term["xml:lang"]; }
      else if (term.datatype && term.datatype !== XSD_STRING) { extra = "^^" + shorten(String(term.datatype)); }
      return el("span", { class: "wb-term wb-literal" }, String(term.value),
                extra ? el("span", { class: "wb-datatype" }, extra) : null);
    }
    return el("span", { class: "wb-term" }, JSON.stringify(term));  // RDF-star and the like
  }

  // -- results ------------------------------------------------------------------------------

  function resetResults() {
    $("wb-error").hidden = true;
    gk.clear($("wb-error"));
    $("wb-truncated").hidden = true;
    $("wb-truncated").textContent = "";
  }

  function showTable(data) {
    var vars = (data.head && data.head.vars) || [];
    var rows = (data.results && data.results.bindings) || [];
    var box = gk.clear($("wb-results"));
    if (!rows.length) { box.appendChild(el("p", { class: "wb-note", id: "wb-no-rows" }, "No results.")); }
    var tbody = el("tbody");
    var fragment = document.createDocumentFragment();
    rows.forEach(function (row) {
      fragment.appendChild(el("tr", null, vars.map(function (v) { return el("td", null, termNode(row[v])); })));
    });
    tbody.appendChild(fragment);
    box.appendChild(el("div", { class: "wb-table-wrap" },
      el("table", { class: "wb-table wb-results-table", id: "wb-results-table" },
        el("thead", null, el("tr", null, vars.map(function (v) { return el("th", { scope: "col" }, "?" + v); }))),
        tbody)));
    return rows.length + (rows.length === 1 ? " row" : " rows");
  }

  function showBoolean(value) {
    var box = gk.clear($("wb-results"));
    box.appendChild(el("p", { class: "wb-boolean", id: "wb-boolean" }, value ? "true" : "false"));
    return "ASK: " + (value ? "true" : "false");
  }

  function showTurtle(text) {
    var box = gk.clear($("wb-results"));
    box.appendChild(el("pre", { class: "wb-turtle", id: "wb-turtle" }, text || "# (no triples)"));
    return "Turtle, " + text.length + " characters";
  }

  /* Line L, column C of the editor as a string offset (1-based, as the server counts). */
  function offsetOf(line, column) {
    var lines = editor.value.split("\n"), offset = 0;
    for (var k = 0; k < Math.min(line - 1, lines.length - 1); k++) { offset += lines[k].length + 1; }
    var current = lines[Math.min(line - 1, lines.length - 1)] || "";
    return offset + Math.max(0, Math.min(current.length, column - 1));
  }

  function showError(status, body) {
    var error = $("wb-error");
    gk.clear(error);
    var message = body && typeof body.error === "string" ? body.error : "the server answered " + status;
    var where = body && typeof body.line === "number" ?
      "Line " + body.line + (typeof body.column === "number" ? ", column " + body.column : "") : null;
    error.appendChild(el("div", { class: "wb-error-head" }, where ? where + ": " : "", "error " + status));
    error.appendChild(el("pre", { class: "wb-error-text", id: "wb-error-text" }, message));
    error.hidden = false;
    if (where) {
      var at = offsetOf(body.line, typeof body.column === "number" ? body.column : 1);
      editor.focus();
      editor.setSelectionRange(at, Math.min(editor.value.length, at + 1));
    }
  }

  function post(text, accept) {
    return fetch("/sparql", {
      method: "POST", body: text, credentials: "same-origin",
      headers: { "Content-Type": "application/sparql-query; charset=utf-8", Accept: accept }
    });
  }

  function errorBody(response) {
    return response.text().then(function (t) {
      try { return JSON.parse(t); } catch (e) { return { error: t || response.statusText }; }
    });
  }

  function run() {
    var text = editor.value;
    if (!text.trim() || api.running) { return Promise.resolve(); }
    api.running = true;
    $("wb-run").disabled = true;
    $("wb-status").textContent = "Running…";
    resetResults();
    gk.clearMessage();
    var began = performance.now();
    return post(text, RUN_ACCEPT).then(function (response) {
      var elapsed = Math.round(performance.now() - began) + " ms";
      if (!response.ok) {
        return errorBody(response).then(function (body) {
          showError(response.status, body);
          gk.clear($("wb-results"));
          $("wb-status").textContent = "Failed (" + response.status + ") after " + elapsed;
          api.last = { ok: false, status: response.status, body: body };
        });
      }
      var type = (response.headers.get("Content-Type") || "").toLowerCase();
      var cap = response.headers.get(TRUNCATED_HEADER);
      return response.text().then(function (body) {
        var summary;
        if (type.indexOf("text/turtle") === 0) {
          summary = showTurtle(body);
          api.last = { ok: true, kind: "graph" };
        } else {
          var data = JSON.parse(body);
          if (typeof data.boolean === "boolean") {
            summary = showBoolean(data.boolean);
            api.last = { ok: true, kind: "ask" };
          } else {
            summary = showTable(data);
            api.last = { ok: true, kind: "select" };
          }
        }
        if (cap) {
          var truncated = $("wb-truncated");
          truncated.textContent = "Only the first " + cap + (api.last.kind === "graph" ? " triples" : " rows") +
            " are shown: the server caps answers there. Add a LIMIT or narrow the query.";
          truncated.hidden = false;
        }
        $("wb-status").textContent = summary + " in " + elapsed;
      });
    }).catch(function (failure) {
      showError(0, { error: "the query could not be sent or read: " + (failure && failure.message || failure) });
      $("wb-status").textContent = "Failed";
      api.last = { ok: false, status: 0 };
    }).then(function () {
      api.running = false;
      api.runs += 1;
      $("wb-run").disabled = false;
    });
  }

  function download(kind) {
    var spec = DOWNLOADS[kind];
    var text = editor.value;
    if (!text.trim()) { return Promise.resolve(); }
    $("wb-status").textContent = "Preparing the " + kind.toUpperCase() + " download…";
    return post(text, spec.accept).then(function (response) {
      if (!response.ok) {
        return errorBody(response).then(function (body) {
          showError(response.status, body);
          $("wb-status").textContent = "Download failed (" + response.status + ")";
        });
      }
      return response.blob().then(function (blob) {
        var url = URL.createObjectURL(blob);
        var link = el("a", { href: url, download: spec.file, class: "wb-visually-hidden" }, spec.file);
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 30000);
        $("wb-status").textContent = "Downloaded " + spec.file + " (" + blob.size + " bytes)";
      });
    }).catch(function (failure) {
      showError(0, { error: "the download failed: " + (failure && failure.message || failure) });
    });
  }

  // -- the editor ---------------------------------------------------------------------------

  function insert(text) {
    editor.focus();
    // execCommand keeps the browser's undo history; setRangeText where it is gone.
    if (!(document.execCommand && document.execCommand("insertText", false, text))) {
      editor.setRangeText(text, editor.selectionStart, editor.selectionEnd, "end");
    }
  }

  var tabEscapes = false;  // after Esc, Tab moves focus as usual (no keyboard trap)

  editor.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
      return;
    }
    if (event.key === "Escape") { tabEscapes = true; return; }
    if (event.key !== "Tab") { tabEscapes = false; return; }
    if (tabEscapes || event.altKey || event.ctrlKey || event.metaKey) { return; }
    event.preventDefault();
    var value = editor.value, start = editor.selectionStart, end = editor.selectionEnd;
    var multiline = value.slice(start, end).indexOf("\n") >= 0;
    if (!multiline && !event.shiftKey) { insert("  "); return; }
    var lineStart = value.lastIndexOf("\n", start - 1) + 1;
    var block = value.slice(lineStart, end);
    var changed = event.shiftKey ? block.replace(/^ {1,2}/gm, "") : block.replace(/^/gm, "  ");
    editor.setSelectionRange(lineStart, end);
    insert(changed);
    editor.setSelectionRange(lineStart, lineStart + changed.length);
  });
  editor.addEventListener("input", function () {
    updateButtons();
    try { sessionStorage.setItem(STORAGE_KEY, editor.value); } catch (e) { /* storage off: fine */ }
  });

  // -- start ----------------------------------------------------------------------------------

  function showPrefixes(prefixes) {
    var note = gk.clear($("wb-prefixes"));
    var names = Object.keys(prefixes);
    if (!names.length) { return; }
    note.appendChild(document.createTextNode("Predeclared prefixes (no need to declare them): "));
    names.forEach(function (p, k) {
      note.appendChild(el("code", { class: "wb-prefix", title: prefixes[p] }, p + ":"));
      if (k < names.length - 1) { note.appendChild(document.createTextNode(" ")); }
    });
  }

  function setupExamples(examples) {
    var select = $("wb-examples");
    examples.forEach(function (example, k) {
      select.appendChild(el("option", { value: String(k) }, example.name));
    });
    select.addEventListener("change", function () {
      var example = examples[Number(select.value)];
      if (!example || select.value === "") { return; }
      editor.focus();
      editor.select();
      insert(example.text);
      editor.setSelectionRange(0, 0);
      editor.scrollTop = 0;
      updateButtons();
    });
  }

  function initialText() {
    var fromUrl = new URLSearchParams(location.search).get("query");
    if (fromUrl) { return fromUrl; }
    try {
      var saved = sessionStorage.getItem(STORAGE_KEY);
      if (saved && saved.trim()) { return saved; }
    } catch (e) { /* storage off */ }
    return DEFAULT_QUERY;
  }

  editor.value = initialText();
  updateButtons();
  $("wb-run").addEventListener("click", function () { run(); });
  Object.keys(DOWNLOADS).forEach(function (kind) {
    $("wb-download-" + kind).addEventListener("click", function () { download(kind); });
  });

  gk.getJSON("/api/queries").then(function (data) {
    api.prefixes = data.prefixes || {};
    api.examples = data.examples || [];
    prefixList = Object.keys(api.prefixes).map(function (p) { return [p, String(api.prefixes[p])]; })
      .sort(function (a, b) { return b[1].length - a[1].length; });
    showPrefixes(api.prefixes);
    setupExamples(api.examples);
  }, function () { /* shown in the message box; the editor still works */ }).then(function () {
    api.ready = true;
  });

  api.run = run;
  api.download = download;
  api.queryForm = queryForm;
})();
