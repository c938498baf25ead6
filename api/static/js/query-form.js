/* A curated query's form: runs /queries/{name}?…&format=json and draws the rows as a table,
   with CSV/JSON downloads and a link (this page's URL) that reproduces the result. */
(function () {
  "use strict";
  var S = window.SZKG;
  var form = document.getElementById("query-form");
  if (!form) return;
  var name = form.getAttribute("data-query");
  var section = document.getElementById("results");
  var table = document.getElementById("result-table");
  var status = document.getElementById("result-status");
  var count = document.getElementById("result-count");
  var prefixesEl = document.getElementById("iri-prefixes");
  var PREFIXES = prefixesEl ? JSON.parse(prefixesEl.textContent) : {};

  /** An IRI as prefix:local with the longest matching namespace, else the IRI. */
  function compact(iri) {
    var best = null;
    Object.keys(PREFIXES).forEach(function (p) {
      var ns = PREFIXES[p];
      if (iri.indexOf(ns) === 0 && (!best || ns.length > PREFIXES[best].length)) best = p;
    });
    return best ? best + ":" + iri.slice(PREFIXES[best].length) : iri;
  }

  /** The form's non-empty values (empty optional parameters are left out). */
  function formParams() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (String(value).trim() !== "") params.append(key, String(value).trim());
    });
    return params;
  }

  function withFormat(params, format) {
    var copy = new URLSearchParams(params);
    copy.set("format", format);
    return "/queries/" + encodeURIComponent(name) + "?" + copy.toString();
  }

  /** A table cell: IRIs under the base become links to their pages on this app. */
  function cell(term) {
    if (term === null || term === undefined) return S.el("td", { class: "empty" });
    var value = typeof term === "object" ? term.value : String(term);
    var isIri = typeof term === "object" ? term.type === "uri" : /^https?:\/\//.test(value);
    if (isIri) {
      var href = S.localPath(value);
      return S.el("td", {}, [href ? S.el("a", { href: href, title: value, text: compact(value) }) : S.el("span", { title: value, text: compact(value) })]);
    }
    return S.el("td", { text: value });
  }

  function columns(body) {
    if (body.head && Array.isArray(body.head.vars)) return body.head.vars;
    var rows = body.rows || [];
    return rows.length ? Object.keys(rows[0]) : [];
  }

  function draw(body) {
    var vars = columns(body);
    var bindings = body.results && Array.isArray(body.results.bindings) ? body.results.bindings : null;
    var rows = bindings || body.rows || [];
    table.innerHTML = "";
    table.appendChild(S.el("thead", {}, [S.el("tr", {}, vars.map(function (v) { return S.el("th", { scope: "col", text: v }); }))]));
    table.appendChild(S.el("tbody", {}, rows.map(function (row) {
      return S.el("tr", {}, vars.map(function (v) { return cell(row[v]); }));
    })));
    count.textContent = "(" + rows.length + " " + S.t("query.rows") + ")";
    var notes = [];
    if (!rows.length) notes.push(S.t("query.no_rows"));
    if (body.capped || body.truncated || (body.szkg && body.szkg.truncated)) notes.push(S.t("query.capped"));
    status.textContent = notes.join(" ");
    status.className = "status";
    section.setAttribute("data-state", "done");
  }

  function fail(err) {
    table.innerHTML = "";
    count.textContent = "";
    status.textContent = S.t("query.error") + ": " + err.message;
    status.className = "status notice error";
    section.setAttribute("data-state", "error");
  }

  function run(params) {
    section.hidden = false;
    section.setAttribute("data-state", "running");
    status.textContent = S.t("query.running");
    status.className = "status";
    document.getElementById("download-csv").href = withFormat(params, "csv");
    document.getElementById("download-json").href = withFormat(params, "json");
    var link = window.location.pathname + (params.toString() ? "?" + params.toString() : "");
    document.getElementById("permalink").href = link;
    S.getJSON(withFormat(params, "json")).then(draw, fail);
  }

  form.addEventListener("submit", function (event) {
    if (!form.checkValidity()) return;
    event.preventDefault();
    var params = formParams();
    history.pushState(null, "", window.location.pathname + (params.toString() ? "?" + params.toString() : ""));
    run(params);
  });
  window.addEventListener("popstate", function () { window.location.reload(); });
  /** The parameters in this page's URL, as given (a permalink reproduces its result exactly). */
  function urlParams() {
    var params = new URLSearchParams(window.location.search);
    params.delete("lang");
    return params;
  }

  if (form.getAttribute("data-autorun") === "true") run(urlParams());
})();
