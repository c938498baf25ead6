/* Shared page code: interface strings, small DOM helpers, search suggestions as you type.
   Loaded by every page; other scripts use window.SZKG. No network access but this app's own. */
(function () {
  "use strict";

  var stringsEl = document.getElementById("ui-strings");
  var STRINGS = stringsEl ? JSON.parse(stringsEl.textContent) : {};
  var LANG = document.documentElement.getAttribute("data-lang") || "zh";
  var BASE = document.documentElement.getAttribute("data-base") || "";

  /** The interface string for key in the page's language. */
  function t(key) {
    return Object.prototype.hasOwnProperty.call(STRINGS, key) ? STRINGS[key] : key;
  }

  /** Create an element with attributes and children (strings become text nodes). */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name === "class") node.className = value;
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  /** Fetch JSON from this app; rejects with the API's error detail. */
  function getJSON(url, options) {
    return fetch(url, Object.assign({ headers: { Accept: "application/json" } }, options || {})).then(function (response) {
      return response.text().then(function (text) {
        var body = null;
        try { body = text ? JSON.parse(text) : null; } catch (err) { body = null; }
        if (!response.ok) {
          var detail = body && (body.detail || body.error) ? body.detail || body.error : response.status + " " + response.statusText;
          var error = new Error(detail);
          error.status = response.status;
          error.body = body;
          throw error;
        }
        return body;
      });
    });
  }

  /** A label in the page's language from a search hit or any {label, label_en}. */
  function hitLabel(hit) {
    if (LANG === "en" && hit.label_en) return hit.label_en;
    return hit.label || hit.label_en || hit.iri;
  }

  /** The path of an IRI's page on this app when the IRI is under the base, else null. */
  function localPath(iri) {
    if (!BASE || String(iri).indexOf(BASE) !== 0) return null;
    return "/" + String(iri).slice(BASE.length);
  }

  /** An IRI for display: the part after the base, or the whole IRI. */
  function shortIri(iri) {
    var path = localPath(iri);
    return path ? path.slice(1) : String(iri);
  }

  /** Where an entity's page is: the hit's path, else the IRI's path on this app. */
  function entityHref(hit) {
    return hit.path || localPath(hit.iri) || "#";
  }

  function typeName(type) {
    if (!type) return "";
    var local = String(type).split(/[#/:]/).pop();
    var key = "type." + local;
    return t(key) === key ? local : t(key);
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function hitItem(hit, id) {
    var link = el("a", { href: entityHref(hit), tabindex: "-1" }, [
      el("span", { class: "hit-label", text: hitLabel(hit) }),
      el("span", { class: "hit-type", text: typeName(hit.type) })
    ]);
    var other = LANG === "en" ? hit.label : hit.label_en;
    if (other && other !== hitLabel(hit)) link.appendChild(el("span", { class: "hit-other", text: other }));
    return el("li", { role: "option", id: id, class: "suggestion" }, [link]);
  }

  /** Suggestions under a search box, fetched from /search as the user types. */
  function attachSuggestions(form) {
    var input = form.querySelector(".search-input");
    var list = form.querySelector(".suggestions");
    var active = -1;
    var latest = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function show(items) {
      list.innerHTML = "";
      items.forEach(function (item) { list.appendChild(item); });
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll(".suggestion");
      if (!options.length) return;
      active = (index + options.length) % options.length;
      options.forEach(function (option, i) { option.classList.toggle("active", i === active); });
      input.setAttribute("aria-activedescendant", options[active].id);
    }

    var lookup = debounce(function (q) {
      var ticket = ++latest;
      getJSON("/search?" + new URLSearchParams({ q: q, limit: "8" })).then(function (hits) {
        if (ticket !== latest) return;
        hits = Array.isArray(hits) ? hits : (hits && hits.results) || [];
        if (!hits.length) return show([el("li", { class: "suggestion-empty", text: t("search.none") })]);
        show(hits.map(function (hit, i) { return hitItem(hit, list.id + "-" + i); }));
      }).catch(function () {
        if (ticket === latest) show([el("li", { class: "suggestion-empty", text: t("search.error") })]);
      });
    }, 150);

    input.addEventListener("input", function () {
      var q = input.value.trim();
      if (!q) { latest++; return close(); }
      lookup(q);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        var link = list.querySelectorAll(".suggestion a")[active];
        if (link) window.location.href = link.getAttribute("href");
      }
    });
    document.addEventListener("click", function (event) { if (!form.contains(event.target)) close(); });
  }

  /** The full results page (/ui/search?q=…). */
  function drawSearchResults(listEl) {
    var q = listEl.getAttribute("data-query");
    if (!q) { listEl.innerHTML = ""; return; }
    getJSON("/search?" + new URLSearchParams({ q: q, limit: "50" })).then(function (hits) {
      hits = Array.isArray(hits) ? hits : (hits && hits.results) || [];
      listEl.innerHTML = "";
      if (!hits.length) listEl.appendChild(el("li", { class: "muted", text: t("search.none") }));
      hits.forEach(function (hit, i) { listEl.appendChild(hitItem(hit, "result-" + i)); });
    }).catch(function (err) {
      listEl.innerHTML = "";
      listEl.appendChild(el("li", { class: "notice error", text: t("search.error") + ": " + err.message }));
    });
  }

  document.querySelectorAll("form[data-search]").forEach(attachSuggestions);
  var results = document.getElementById("search-results");
  if (results) drawSearchResults(results);

  window.SZKG = {
    t: t, el: el, getJSON: getJSON, lang: LANG, base: BASE, typeName: typeName,
    entityHref: entityHref, hitLabel: hitLabel, localPath: localPath, shortIri: shortIri
  };
})();
