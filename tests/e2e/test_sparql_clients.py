"""Real SPARQL clients against a real ``szkg serve``: SPARQLWrapper and rdflib's SPARQLStore.

Each answer is compared with the same query run directly by pyoxigraph on the
server's store (opened read-only), so the tests hold whatever the sample data is.
"""

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper

SZR = "https://w3id.org/szreform/ontology#"
SELECT_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
ASK_DOCUMENT = f"ASK {{ ?d a <{SZR}SourceDocument> }}"
ASK_NOTHING = "ASK { <urn:x:nothing> ?p ?o }"
CONSTRUCT_DOCUMENTS = (
    f"CONSTRUCT {{ ?d ?p ?o }} WHERE {{ ?d a <{SZR}SourceDocument> ; ?p ?o . FILTER(?p != <{SZR}content>) }}"
)


@pytest.fixture(scope="module")
def direct(live_server, live_store_path):
    """``query(sparql)`` straight on the server's store, union default graph (the server's default)."""
    store = ox.Store.read_only(str(live_store_path))
    return lambda sparql: store.query(sparql, use_default_graph_as_union=True)


@pytest.fixture(scope="module")
def expected(direct) -> dict:
    graphs = [(row["g"].value, int(row["n"].value)) for row in direct(SELECT_GRAPHS)]
    triples = {(t.subject.value, t.predicate.value, t.object.value) for t in direct(CONSTRUCT_DOCUMENTS)}
    assert graphs and triples and bool(direct(ASK_DOCUMENT)) and not bool(direct(ASK_NOTHING))
    return {"graphs": graphs, "triples": triples}


def _wrapper(live_server: str, query: str, return_format: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(f"{live_server}/sparql")
    client.setQuery(query)
    client.setReturnFormat(return_format)
    client.setMethod(method)
    return client


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select(live_server, expected, method):
    result = _wrapper(live_server, SELECT_GRAPHS, JSON, method).queryAndConvert()
    rows = [(b["g"]["value"], int(b["n"]["value"])) for b in result["results"]["bindings"]]
    assert rows == expected["graphs"]


def test_sparqlwrapper_select_as_xml(live_server, expected):
    document = _wrapper(live_server, SELECT_GRAPHS, XML).queryAndConvert()
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]
    assert uris == [g for g, _ in expected["graphs"]]


def test_sparqlwrapper_ask(live_server, expected):
    assert _wrapper(live_server, ASK_DOCUMENT, JSON).queryAndConvert()["boolean"] is True
    assert _wrapper(live_server, ASK_NOTHING, JSON, "POST").queryAndConvert()["boolean"] is False


@pytest.mark.parametrize("return_format", [TURTLE, XML])
def test_sparqlwrapper_construct(live_server, expected, return_format):
    graph = _wrapper(live_server, CONSTRUCT_DOCUMENTS, return_format).queryAndConvert()
    if not isinstance(graph, Graph):  # SPARQLWrapper returns Turtle as bytes
        graph = Graph().parse(data=graph, format="turtle")
    assert {(str(s), str(p), str(o)) for s, p, o in graph} == expected["triples"]


def test_sparqlwrapper_update_is_refused(live_server):
    client = SPARQLWrapper(f"{live_server}/sparql")
    client.setQuery("DROP ALL")
    client.setMethod("POST")
    with pytest.raises(Exception, match="403|Forbidden|read-only"):
        client.query()


@pytest.fixture(scope="module")
def rdflib_dataset(live_server) -> Dataset:
    """rdflib's own SPARQL client (its default: XML results, RDF/XML graphs), as a read-only Dataset."""
    return Dataset(store=SPARQLStore(f"{live_server}/sparql"), default_union=True)


def test_rdflib_sparqlstore_select_as_json(live_server, expected):
    dataset = Dataset(store=SPARQLStore(f"{live_server}/sparql", returnFormat="json"), default_union=True)
    assert [(str(row.g), int(row.n)) for row in dataset.query(SELECT_GRAPHS)] == expected["graphs"]


def test_rdflib_sparqlstore_select(rdflib_dataset, expected):
    rows = [(str(row.g), int(row.n)) for row in rdflib_dataset.query(SELECT_GRAPHS)]
    assert rows == expected["graphs"]


def test_rdflib_sparqlstore_ask(rdflib_dataset):
    assert rdflib_dataset.query(ASK_DOCUMENT).askAnswer is True
    assert rdflib_dataset.query(ASK_NOTHING).askAnswer is False


def test_rdflib_sparqlstore_construct(rdflib_dataset, expected):
    graph = rdflib_dataset.query(CONSTRUCT_DOCUMENTS).graph
    assert {(str(s), str(p), str(o)) for s, p, o in graph} == expected["triples"]


def test_rdflib_sparqlstore_triples_and_chinese_literals(rdflib_dataset, direct):
    rows = direct("SELECT ?d ?t WHERE { ?d <http://purl.org/dc/terms/title> ?t }")
    titles = {(row["d"].value, row["t"].value, row["t"].language) for row in rows}
    found = rdflib_dataset.triples((None, URIRef("http://purl.org/dc/terms/title"), None))
    assert {(str(s), str(o), o.language) for s, _, o in found} == titles
    assert "zh" in {lang for *_, lang in titles}  # article titles are @zh (docs/architecture.md)
