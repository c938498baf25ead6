"""The SPARQL 1.1 Service Description of ``/sparql`` (what ``GET /sparql`` without a query returns)."""

import html

import pyoxigraph as ox

from api.sparql_formats import GRAPH_FORMATS, RESULT_FORMATS, OutputFormat

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCT = "http://purl.org/dc/terms/"
RDFS_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
SD_PREFIXES = {"sd": SD, "dct": DCT, "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "formats": "http://www.w3.org/ns/formats/"}


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def service_description(endpoint: str, graphs: list[str], time_limit_s: float, max_rows: int) -> list[ox.Triple]:
    """Triples describing the endpoint, its formats, limits and default dataset (the union of all graphs)."""
    service, dataset, default_graph = ox.NamedNode(endpoint), ox.BlankNode("dataset"), ox.BlankNode("default")
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), service),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        ox.Triple(service, _sd("defaultEntailmentRegime"), ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
        ox.Triple(service, ox.NamedNode(DCT + "title"), ox.Literal("Shenzhen Reform KG SPARQL endpoint", language="en")),
        ox.Triple(service, RDFS_COMMENT, ox.Literal(_limits_note(time_limit_s, max_rows), language="en")),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, _sd("Graph")),
        ox.Triple(default_graph, RDFS_COMMENT, ox.Literal(
            "The default graph is the union of all named graphs (one per article, plus the reference "
            "data and the ontology) unless the request names graphs with default-graph-uri / "
            "named-graph-uri or the query has FROM / FROM NAMED.", language="en")),
    ]
    for fmt in (*RESULT_FORMATS, *GRAPH_FORMATS):
        triples.append(ox.Triple(service, _sd("resultFormat"), ox.NamedNode(format_iri(fmt))))
    for index, name in enumerate(graphs):
        node = ox.BlankNode(f"g{index}")
        triples += [
            ox.Triple(dataset, _sd("namedGraph"), node),
            ox.Triple(node, RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(node, _sd("name"), ox.NamedNode(name)),
        ]
    return triples


def format_iri(fmt: OutputFormat) -> str:
    """The W3C format IRI (http://www.w3.org/ns/formats/…) of an output format."""
    if fmt.rdf == ox.RdfFormat.JSON_LD:
        return "http://www.w3.org/ns/formats/JSON-LD"  # pyoxigraph names another IRI
    return fmt.results.iri if fmt.results is not None else fmt.rdf.iri  # type: ignore[union-attr]


def _limits_note(time_limit_s: float, max_rows: int) -> str:
    return (
        f"Read-only: updates, LOAD and SERVICE are refused with 403. Time limit {time_limit_s:g} s "
        f"(a request may lower it with timeout=SECONDS; past it: 503). Results are capped at {max_rows} "
        "rows or triples; a capped result says so (szkg.truncated in JSON, X-SZKG-Truncated header)."
    )


def service_description_html(endpoint: str, turtle: str) -> str:
    """A small page for browsers: where the editor is, and the description itself."""
    links = " · ".join(f'<a href="?format={f.name}">{f.name}</a>' for f in GRAPH_FORMATS)
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>SPARQL endpoint · Shenzhen Reform KG</title></head><body>"
        f"<h1>SPARQL endpoint</h1><p><code>{html.escape(endpoint)}</code> answers SPARQL 1.1 queries "
        "(GET <code>?query=</code>, POST form or <code>application/sparql-query</code>). "
        "Write queries in the <a href=\"/ui/sparql\">query editor</a>.</p>"
        f"<h2>Service description</h2><p>Also as {links}.</p><pre>{html.escape(turtle)}</pre></body></html>"
    )
