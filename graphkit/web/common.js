/* graphkit workbench: what every page shares (the map page loads it too).
 *
 *   graphkit.el(tag, attrs, ...children)   build an element: text via textContent only
 *   graphkit.svg(tag, attrs, ...children)  the same for SVG (createElementNS)
 *   graphkit.getJSON(url) / fetchJSON(url, init)
 *                                          parsed JSON; an API error ({"error": ...}) is shown
 *                                          in the message box and thrown as graphkit.ApiError
 *   graphkit.showMessage(text, kind) / clearMessage()
 *   graphkit.actorHref(id) / articleHref(id) / externalHref(url)
 *   graphkit.formatDate(iso) / formatMonth(ym) / formatDates(list) / dateNodes(list) / formatConfidence(x)
 *   graphkit.header(container, {current})  the shared header: nav and actor search
 *
 * An element with id "wb-header" is filled with the header when the page loads (once).
 * Nothing here uses innerHTML: texts from articles (names, headlines, evidence) may hold
 * markup, and they are always inserted as text. Ids and classes start with "wb-".
 */
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  // Attributes el() refuses: event handlers, and anything that can carry a script URL or
  // inline style (the page's CSP refuses inline styles; JS sets element.style.x instead).
  var REFUSED = /^(on|style$|srcdoc$|formaction$|xlink:href$|action$)/i;
  var URL_ATTRS = { href: true, src: true };

  function ApiError(message, status, body) {
    this.name = "ApiError";
    this.message = message;
    this.status = status;
    this.body = body || null;
  }
  ApiError.prototype = Object.create(Error.prototype);
  ApiError.prototype.constructor = ApiError;

  /* A same-origin path ("/actor/x", not "//host") or an http(s) URL; anything else
   * (javascript:, data: ...) is refused. */
  function safeUrl(value) {
    var s = String(value);
    if (/^\/(?![\/\\])/.test(s)) { return s; }
    if (/^https?:\/\//i.test(s)) { return s; }
    if (/^blob:/i.test(s) && s.indexOf("blob:" + location.origin + "/") === 0) { return s; }
    return null;
  }

  function append(parent, child) {
    if (child === null || child === undefined || child === false) { return; }
    if (Array.isArray(child)) { child.forEach(function (c) { append(parent, c); }); return; }
    if (child instanceof Node) { parent.appendChild(child); return; }
    parent.appendChild(document.createTextNode(String(child)));
  }

  function setAttrs(node, attrs) {
    if (!attrs) { return; }
    Object.keys(attrs).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) { return; }
      if (name === "text") { node.textContent = String(value); return; }
      if (name === "class" && Array.isArray(value)) { value = value.filter(Boolean).join(" "); }
      if (REFUSED.test(name)) { throw new Error("el(): attribute " + name + " is not allowed"); }
      if (URL_ATTRS[name.toLowerCase()]) {
        var url = safeUrl(value);
        if (url === null) { return; }  // never a link to anything but a path or http(s)
        value = url;
      }
      node.setAttribute(name, value === true ? "" : String(value));
    });
  }

  /* el("a", {href: actorHref(id), class: "x"}, "text", otherNode, [more]) */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    for (var k = 2; k < arguments.length; k++) { append(node, arguments[k]); }
    return node;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        var value = attrs[name];
        if (value === null || value === undefined) { return; }
        if (name === "text") { node.textContent = String(value); return; }
        if (REFUSED.test(name) || /href$/i.test(name)) { throw new Error("svg(): attribute " + name + " is not allowed"); }
        node.setAttribute(name, String(value));
      });
    }
    for (var k = 2; k < arguments.length; k++) { append(node, arguments[k]); }
    return node;
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
    return node;
  }

  // -- links ----------------------------------------------------------------------------

  function actorHref(id) { return id ? "/actor/" + encodeURIComponent(id) : null; }
  function articleHref(id) { return id ? "/article/" + encodeURIComponent(id) : null; }
  /* An article's original URL: only http(s) (the API already drops anything else). */
  function externalHref(url) { return url && /^https?:\/\//i.test(String(url)) ? String(url) : null; }

  /* A link to an actor's page, or plain text when the actor has no id. */
  function actorLink(actor, text) {
    var label = text !== undefined ? text : (actor && (actor.label || actor.id)) || "unknown";
    var href = actor && actorHref(actor.id);
    return href ? el("a", { href: href, class: "wb-actor-link" }, label) : el("span", null, label);
  }

  // -- the message box -------------------------------------------------------------------

  function messageBox() {
    var box = document.getElementById("wb-message");
    if (!box) {
      box = el("div", { id: "wb-message", role: "alert", class: "wb-message", hidden: true });
      var header = document.getElementById("wb-header");
      var main = document.querySelector("main");
      if (header && header.parentNode) { header.parentNode.insertBefore(box, header.nextSibling); }
      else if (main) { main.insertBefore(box, main.firstChild); }
      else { document.body.insertBefore(box, document.body.firstChild); }
    }
    return box;
  }

  function showMessage(text, kind) {
    var box = messageBox();
    box.textContent = String(text);
    box.className = "wb-message wb-message-" + (kind || "error");
    box.hidden = false;
    return box;
  }

  function clearMessage() {
    var box = document.getElementById("wb-message");
    if (box) { box.textContent = ""; box.hidden = true; }
  }

  // -- fetching --------------------------------------------------------------------------

  /* The response's JSON; a non-2xx answer becomes an ApiError with the API's message
   * (shown in the message box unless init.quiet). */
  function fetchJSON(url, init) {
    init = init || {};
    var quiet = init.quiet;
    var options = { method: init.method || "GET", headers: init.headers || { Accept: "application/json" },
                    body: init.body, credentials: "same-origin", signal: init.signal };
    return fetch(url, options).then(function (response) {
      return response.text().then(function (body) {
        var data = null;
        try { data = body ? JSON.parse(body) : null; } catch (e) { data = null; }
        if (!response.ok || data === null) {
          var message = data && typeof data.error === "string" ? data.error
            : "the server answered " + response.status + " " + (response.statusText || "") +
              (data === null && response.ok ? " (not JSON)" : "");
          var error = new ApiError(message, response.status, data);
          if (!quiet) { showMessage(message); }
          throw error;
        }
        return data;
      });
    }, function (failure) {
      if (failure && failure.name === "AbortError") { throw failure; }
      var message = "the server could not be reached (" + (failure && failure.message || failure) + ")";
      if (!quiet) { showMessage(message); }
      throw new ApiError(message, 0, null);
    });
  }

  function getJSON(url, quiet) { return fetchJSON(url, { quiet: quiet }); }

  /* Query-string parameters from an object, skipping empty values. */
  function query(params) {
    var parts = [];
    Object.keys(params).forEach(function (key) {
      var value = params[key];
      if (value === null || value === undefined || value === "") { return; }
      parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(String(value)));
    });
    return parts.length ? "?" + parts.join("&") : "";
  }

  // -- dates and numbers ----------------------------------------------------------------

  /* An ISO date (or date-time) as an ISO day, e.g. 2024-05-22; "undated" for none. */
  function formatDate(iso) {
    if (!iso) { return "undated"; }
    var m = /^(\d{4}-\d{2}-\d{2})/.exec(String(iso));
    return m ? m[1] : String(iso);
  }

  function formatMonth(ym) {
    var m = /^(\d{4}-\d{2})/.exec(String(ym || ""));
    return m ? m[1] : String(ym || "");
  }

  /* Reported days: all of them when few, else the first and last and how many. */
  function formatDates(list) {
    var days = (list || []).map(formatDate);
    if (!days.length) { return "date unknown"; }
    if (days.length <= 3) { return days.join(", "); }
    return days[0] + " … " + days[days.length - 1] + " (" + days.length + " reports)";
  }

  /* The same as elements: each day a <time> that never wraps inside. */
  function dateNodes(list) {
    var days = (list || []).map(formatDate);
    function day(d) { return el("time", { class: "wb-date", datetime: d }, d); }
    if (!days.length) { return ["date unknown"]; }
    if (days.length <= 3) {
      return days.map(function (d, k) { return [k ? ", " : "", day(d)]; });
    }
    return [day(days[0]), " … ", day(days[days.length - 1]), " (" + days.length + " reports)"];
  }

  function formatConfidence(value) {
    return typeof value === "number" && isFinite(value) ? value.toFixed(2) : "n/a";
  }

  /* "spokeWith" -> "spoke with" */
  function predicateLabel(name) {
    return String(name || "").replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  }

  // -- the shared header ----------------------------------------------------------------

  var DEBOUNCE_MS = 150;

  function header(container, options) {
    options = options || {};
    if (!container || container.getAttribute("data-wb-mounted")) { return container; }
    container.setAttribute("data-wb-mounted", "1");
    container.classList.add("wb-header");
    var current = options.current || (location.pathname === "/" ? "map" : location.pathname === "/query" ? "query" : "");
    function navLink(href, text, key) {
      return el("a", { href: href, class: "wb-nav-link", "aria-current": current === key ? "page" : null }, text);
    }
    var input = el("input", { id: "wb-search", type: "search", class: "wb-search-input", placeholder: "Find an actor…",
                              autocomplete: "off", spellcheck: "false", role: "combobox",
                              "aria-autocomplete": "list", "aria-expanded": "false",
                              "aria-controls": "wb-suggestions", "aria-label": "Find an actor" });
    var list = el("ul", { id: "wb-suggestions", class: "wb-suggestions", role: "listbox", hidden: true });
    var status = el("span", { class: "wb-visually-hidden", role: "status", id: "wb-search-status" });
    var form = el("form", { class: "wb-search", role: "search", autocomplete: "off" },
                  input, list, status);
    clear(container);
    container.appendChild(el("div", { class: "wb-header-inner" },
      el("a", { href: "/", class: "wb-brand" }, "graphkit"),
      el("nav", { class: "wb-nav", "aria-label": "pages" }, navLink("/", "Map", "map"), navLink("/query", "SPARQL", "query")),
      form));

    var results = [], active = -1, timer = null, seq = 0, pending = null;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function open(result) {
      if (result && result.id) { location.href = actorHref(result.id); }
    }
    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (li, k) {
        li.setAttribute("aria-selected", k === index ? "true" : "false");
        li.classList.toggle("wb-active", k === index);
      });
      if (index >= 0 && list.children[index]) {
        input.setAttribute("aria-activedescendant", list.children[index].id);
        list.children[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function render(found) {
      results = found;
      clear(list);
      if (!found.length) {
        list.appendChild(el("li", { class: "wb-suggestion wb-none", role: "option", "aria-disabled": "true",
                                    id: "wb-suggestion-none" }, "No actor matches"));
      }
      found.forEach(function (r, k) {
        var li = el("li", { class: "wb-suggestion", role: "option", id: "wb-suggestion-" + k, "aria-selected": "false",
                            "data-id": r.id },
          el("span", { class: "wb-suggestion-label" }, r.label || r.id),
          r.kind ? el("span", { class: "wb-kind" }, r.kind) : null,
          r.aliases && r.aliases.length ? el("span", { class: "wb-suggestion-aliases" }, r.aliases.join(", ")) : null);
        // mousedown, not click: the input's blur would close the list first.
        li.addEventListener("mousedown", function (event) { event.preventDefault(); open(r); });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = found.length + (found.length === 1 ? " actor" : " actors") + " found";
      highlight(found.length ? 0 : -1);
    }
    function search(text) {
      var mine = ++seq;
      pending = getJSON("/api/search" + query({ q: text, limit: 10 }), true).then(function (data) {
        if (mine !== seq) { return results; }  // a newer search is under way
        render(Array.isArray(data.results) ? data.results.filter(function (r) { return r && r.id; }) : []);
        return results;
      }, function (error) {
        if (mine === seq) { close(); showMessage("Search failed: " + error.message); }
        return [];
      });
      return pending;
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (!text) { seq++; pending = null; results = []; close(); return; }
      timer = setTimeout(function () { search(text); }, DEBOUNCE_MS);
    });
    input.addEventListener("keydown", function (event) {
      var n = results.length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden && n) { list.hidden = false; input.setAttribute("aria-expanded", "true"); highlight(0); return; }
        if (n) { highlight((active + 1) % n); }
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (n) { highlight(active <= 0 ? n - 1 : active - 1); }
      } else if (event.key === "Escape") {
        close();
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = input.value.trim();
      if (!text) { return; }
      if (!list.hidden && active >= 0 && results[active]) { open(results[active]); return; }
      // Enter before the suggestions arrived: search now and open the best match.
      clearTimeout(timer);
      search(text).then(function (found) {
        if (found.length) { open(found[0]); }
      });
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
    input.addEventListener("focus", function () {
      if (results.length && input.value.trim()) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
    });
    return container;
  }

  function mountHeader() {
    var container = document.getElementById("wb-header");
    if (container) { header(container); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", mountHeader); }
  else { mountHeader(); }

  window.graphkit = {
    el: el, svg: svg, clear: clear, ApiError: ApiError,
    fetchJSON: fetchJSON, getJSON: getJSON, query: query,
    showMessage: showMessage, clearMessage: clearMessage,
    actorHref: actorHref, articleHref: articleHref, externalHref: externalHref, actorLink: actorLink,
    formatDate: formatDate, formatMonth: formatMonth, formatDates: formatDates, dateNodes: dateNodes,
    formatConfidence: formatConfidence, predicateLabel: predicateLabel,
    header: header
  };
})();
