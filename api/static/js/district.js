/* District overview: reforms, pilots and recognitions per year from /analytics/timeline,
   drawn as an inline SVG bar chart (no chart library) and a table. */
(function () {
  "use strict";
  var S = window.SZKG;
  var section = document.getElementById("timeline");
  if (!section) return;
  var code = section.getAttribute("data-district");
  var chartEl = document.getElementById("timeline-chart");
  var tableEl = document.getElementById("timeline-table");
  var SERIES = [
    { key: "reforms", label: S.t("district.reforms"), match: /reform/i },
    { key: "pilots", label: S.t("district.pilots"), match: /pilot/i },
    { key: "recognitions", label: S.t("district.recognitions"), match: /recogni/i }
  ];
  var SVG = "http://www.w3.org/2000/svg";  // a namespace name, never fetched

  var UNKNOWN = S.t("district.year_unknown");

  /** Every {year, …counts} record anywhere in the response, summed by year (no year: last). */
  function countsByYear(body) {
    var years = {};
    (function walk(node) {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== "object") return;
      if ("year" in node) {
        var year = node.year === null ? UNKNOWN : String(node.year).slice(0, 4);
        var row = years[year] || (years[year] = { reforms: 0, pilots: 0, recognitions: 0 });
        Object.keys(node).forEach(function (key) {
          SERIES.forEach(function (s) {
            if (s.match.test(key) && typeof node[key] === "number") row[s.key] += node[key];
          });
        });
        return;
      }
      Object.keys(node).forEach(function (key) { walk(node[key]); });
    })(body);
    var order = Object.keys(years).filter(function (y) { return y !== UNKNOWN; }).sort();
    if (years[UNKNOWN]) order.push(UNKNOWN);
    return order.map(function (year) { return Object.assign({ year: year }, years[year]); });
  }

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** A grouped bar chart: one group per year, one bar per series. */
  function drawChart(rows) {
    var max = Math.max.apply(null, rows.map(function (r) { return Math.max(r.reforms, r.pilots, r.recognitions); }).concat([1]));
    var W = 640, H = 300, left = 36, bottom = 28, top = 30, group = (W - left - 8) / rows.length;
    var bar = Math.min(28, (group - 10) / SERIES.length);
    var root = svg("svg", { viewBox: "0 0 " + W + " " + H, class: "bar-chart", role: "presentation" });
    var ticks = Math.min(max, 5);
    for (var i = 0; i <= ticks; i++) {
      var value = Math.round((max * i) / ticks);
      var y = H - bottom - ((H - bottom - top) * value) / max;
      root.appendChild(svg("line", { x1: left, x2: W - 4, y1: y, y2: y, class: "grid" }));
      root.appendChild(svg("text", { x: left - 6, y: y + 4, class: "tick", "text-anchor": "end" }, String(value)));
    }
    rows.forEach(function (row, g) {
      var x0 = left + g * group + (group - bar * SERIES.length) / 2;
      SERIES.forEach(function (s, k) {
        var h = ((H - bottom - top) * row[s.key]) / max;
        var rect = svg("rect", { x: x0 + k * bar, y: H - bottom - h, width: bar - 2, height: Math.max(h, 0), class: "bar bar-" + s.key });
        rect.appendChild(svg("title", {}, row.year + " · " + s.label + ": " + row[s.key]));
        root.appendChild(rect);
      });
      root.appendChild(svg("text", { x: left + g * group + group / 2, y: H - 8, class: "tick", "text-anchor": "middle" }, row.year));
    });
    SERIES.forEach(function (s, k) {
      root.appendChild(svg("rect", { x: left + k * 130, y: 6, width: 12, height: 12, class: "bar bar-" + s.key }));
      root.appendChild(svg("text", { x: left + k * 130 + 18, y: 16, class: "legend" }, s.label));
    });
    chartEl.innerHTML = "";
    chartEl.appendChild(root);
  }

  function drawTable(rows) {
    var head = [S.t("district.year")].concat(SERIES.map(function (s) { return s.label; }), [S.t("district.total")]);
    tableEl.innerHTML = "";
    tableEl.appendChild(S.el("thead", {}, [S.el("tr", {}, head.map(function (h) { return S.el("th", { scope: "col", text: h }); }))]));
    tableEl.appendChild(S.el("tbody", {}, rows.map(function (r) {
      var cells = [S.el("th", { scope: "row", text: r.year })].concat(SERIES.map(function (s) { return S.el("td", { text: String(r[s.key]) }); }));
      cells.push(S.el("td", { text: String(r.reforms + r.pilots + r.recognitions) }));
      return S.el("tr", { "data-year": r.year }, cells);
    })));
  }

  S.getJSON("/analytics/timeline?" + new URLSearchParams({ district: code })).then(function (body) {
    var rows = countsByYear(body);
    if (!rows.length) {
      chartEl.innerHTML = "";
      chartEl.appendChild(S.el("p", { class: "muted", text: S.t("district.no_data") }));
    } else {
      drawChart(rows);
      drawTable(rows);
    }
    section.setAttribute("data-state", "done");
  }).catch(function (err) {
    chartEl.innerHTML = "";
    chartEl.appendChild(S.el("p", { class: "notice error", text: S.t("district.error") + ": " + err.message }));
    section.setAttribute("data-state", "error");
  });
})();
