/* The SPARQL editor: YASGUI (served from /static/vendor) on this app's /sparql endpoint,
   the project's prefixes preloaded, one tab per curated query. Nothing leaves this host:
   no prefix.cc or LOV lookups (those autocompleters are off), no CORS probe, no CDN. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("sparql-config").textContent);
  var host = document.getElementById("yasgui");
  var t = window.SZKG.t;
  // YASGUI builds GET URLs with new URL(endpoint): it must be absolute.
  var endpoint = new URL(config.endpoint, window.location.href).toString();

  function prologue(prefixes) {
    return Object.keys(prefixes).map(function (p) { return "PREFIX " + p + ": <" + prefixes[p] + ">"; }).join("\n");
  }

  var EXAMPLE = prologue(config.prefixes) + "\n\n" +
    "SELECT ?reform ?label ?year WHERE {\n" +
    "  ?reform a szr:Reform ;\n" +
    "          skos:prefLabel ?label .\n" +
    "  OPTIONAL { ?reform szr:year ?year }\n" +
    "}\nORDER BY ?year\nLIMIT 50\n";

  /** The query text with the project's prefixes added for any it does not declare. */
  function withPrefixes(text) {
    var missing = {};
    Object.keys(config.prefixes).forEach(function (p) {
      var declared = new RegExp("PREFIX\\s+" + p + ":", "i");
      var used = new RegExp("(^|[^\\w])" + p + ":", "m");
      if (!declared.test(text) && used.test(text)) missing[p] = config.prefixes[p];
    });
    var head = prologue(missing);
    return head ? head + "\n" + text : text;
  }

  var yasgui = new Yasgui(host, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    persistenceId: null,        // tabs come from the curated queries, not from localStorage
    autoAddOnInit: false,
    populateFromUrl: true,      // share links still open in their own tab
    corsProxy: undefined,
    tabName: t("sparql.tab_blank"),
    yasqe: {
      value: EXAMPLE,
      autocompleters: ["variables", "prefixes"],  // class/property completion calls an outside service (LOV)
      prefixCcApi: null,
      resizeable: true,
      collapsePrefixesOnLoad: true,
      editorHeight: "320px"
    },
    yasr: { prefixes: config.display_prefixes, maxPersistentResponseSize: 0 }
  });

  // IRIs under the base open their page on this app (in a new tab), not the w3id address.
  host.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.iri");
    var local = link && window.SZKG.localPath(link.getAttribute("href"));
    if (!local) return;
    event.preventDefault();
    window.open(local, "_blank", "noopener");
  });

  var lang = window.SZKG.lang;
  var selected = null;
  var hasTabs = Object.keys(yasgui._tabs || {}).length > 0;  // a share link already opened one
  if (!hasTabs) {
    var first = yasgui.addTab(true, { name: t("sparql.tab_blank"), yasqe: { value: EXAMPLE }, requestConfig: { endpoint: endpoint } });
    selected = first;
  }
  config.tabs.forEach(function (tab) {
    var name = (tab.title && (tab.title[lang] || tab.title.zh)) || tab.name;
    var created = yasgui.addTab(false, {
      name: name,
      yasqe: { value: withPrefixes(tab.query) },
      requestConfig: { endpoint: endpoint }
    });
    created.rootEl && created.rootEl.setAttribute("data-query", tab.name);
    if (config.select && config.select === tab.name) selected = created;
  });
  if (selected && !hasTabs) yasgui.selectTabId(selected.getId());
  else if (selected && config.select) yasgui.selectTabId(selected.getId());

  window.SZKG.yasgui = yasgui;
  host.setAttribute("data-ready", "true");
})();
