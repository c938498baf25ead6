/* An entity's neighbourhood drawn with Cytoscape.js (served from /static/vendor).
   Data: <script type="application/json" id="neighbourhood-data">
         {"center": IRI, "nodes": [{"id", "label", "type", "href"}], "edges": [{"source", "target", "label"}]} */
(function () {
  "use strict";
  var S = window.SZKG;
  var dataEl = document.getElementById("neighbourhood-data");
  var canvas = document.getElementById("neighbourhood");
  if (!dataEl || !canvas) return;
  var data = JSON.parse(dataEl.textContent);
  var COLOURS = {
    Reform: "#1f5fa8", PilotDesignation: "#2e8b57", Recognition: "#d98c1f", Outcome: "#7b4fa3",
    District: "#b3261e", FunctionalZone: "#b3261e", Subdistrict: "#c8584f", Community: "#d98a84",
    Organization: "#3c7f91", Person: "#8a6d3b", ReformPlan: "#4a6fa5", MediaOutlet: "#6b6b6b"
  };

  function colour(type) {
    var local = String(type || "").split(/[#/:]/).pop();
    return COLOURS[local] || (/Recognition|Award|Case|Promotion|Coverage|Endorsement/.test(local) ? COLOURS.Recognition : "#7a8699");
  }

  if (!data.nodes || data.nodes.length <= 1 || typeof window.cytoscape !== "function") {
    canvas.replaceWith(S.el("p", { class: "muted", id: "neighbourhood-empty", text: S.t("entity.graph_empty") }));
    return;
  }

  var elements = data.nodes.map(function (n) {
    return { data: { id: n.id, label: n.label || S.shortIri(n.id), href: n.href || S.localPath(n.id) || "", colour: colour(n.type), center: n.id === data.center ? 1 : 0 } };
  }).concat((data.edges || []).map(function (e, i) {
    return { data: { id: "e" + i, source: e.source, target: e.target, label: e.label || "" } };
  }));

  var cy = window.cytoscape({
    container: canvas,
    elements: elements,
    minZoom: 0.05,
    maxZoom: 1.3,   // a small neighbourhood should not be blown up to fill the panel
    style: [
      { selector: "node", style: {
        "background-color": "data(colour)", label: "data(label)", "font-size": 11, color: "#1d2430",
        "text-wrap": "ellipsis", "text-max-width": 120, "min-zoomed-font-size": 6, "text-valign": "bottom", "text-margin-y": 4,
        width: 22, height: 22 } },
      { selector: "node[center = 1]", style: { width: 34, height: 34, "border-width": 3, "border-color": "#1d2430", "font-weight": "bold" } },
      { selector: "edge", style: {
        width: 1.5, "line-color": "#b6beca", "target-arrow-color": "#b6beca", "target-arrow-shape": "triangle",
        "curve-style": "bezier", label: "data(label)", "font-size": 9, color: "#5b6575", "min-zoomed-font-size": 7,
        "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.8 } },
      // Crowded neighbourhoods: relation names only on the edges of the node under the pointer.
      { selector: "edge.crowded", style: { label: "" } },
      { selector: "edge.crowded.near", style: { label: "data(label)", "line-color": "#1f5fa8", "z-index": 9 } },
      { selector: "node.crowded", style: { "font-size": 10, "text-max-width": 90 } }
    ],
    layout: data.nodes.length <= 12
      ? { name: "concentric", concentric: function (node) { return node.data("center") ? 2 : 1; },
          levelWidth: function () { return 1; }, minNodeSpacing: 50, animate: false, padding: 24 }
      : { name: "cose", animate: false, randomize: false, nodeRepulsion: function () { return 20000; },
          idealEdgeLength: function () { return 110; }, padding: 16 }
  });
  if (data.nodes.length > 12) {
    cy.elements().addClass("crowded");
    cy.on("mouseover", "node", function (event) { event.target.connectedEdges().addClass("near"); });
    cy.on("mouseout", "node", function (event) { event.target.connectedEdges().removeClass("near"); });
  }
  cy.on("tap", "node", function (event) {
    var href = event.target.data("href");
    if (href && event.target.data("center") !== 1) window.location.href = href;
  });
  canvas.setAttribute("data-nodes", String(cy.nodes().length));
  canvas.setAttribute("data-edges", String(cy.edges().length));
  canvas.setAttribute("data-ready", "true");
  window.SZKG.cy = cy;
})();
