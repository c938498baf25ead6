"""SPARQL 1.1 Protocol on /sparql: methods, dataset parameters, service description, malformed input."""

import pyoxigraph as ox
import pytest

from tests.http.sparql_fixture import BASE, DOCS, REFERENCE_GRAPH, REFORMS, all_quads, doc_graph

COUNT_REFORMS = f"SELECT (COUNT(?r) AS ?n) WHERE {{ ?r a <{BASE}ontology#Reform> }}"
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"


def _count(response) -> int:
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_get_post_form_and_post_body_give_the_same_answer(sparql_client):
    by_get = sparql_client.get("/sparql", params={"query": COUNT_REFORMS})
    by_form = sparql_client.post("/sparql", data={"query": COUNT_REFORMS})
    by_body = sparql_client.post("/sparql", content=COUNT_REFORMS.encode(), headers={"Content-Type": "application/sparql-query"})
    assert _count(by_get) == _count(by_form) == _count(by_body) == REFORMS * len(DOCS)


def test_the_default_graph_is_the_union_of_all_graphs(sparql_client):
    response = sparql_client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    assert _count(response) == len(all_quads())


def test_default_graph_uri_restricts_the_default_graph(sparql_client):
    params = {"query": COUNT_REFORMS, "default-graph-uri": [doc_graph("doc_a"), doc_graph("doc_b")]}
    assert _count(sparql_client.get("/sparql", params=params)) == 2 * REFORMS
    form = {"query": COUNT_REFORMS, "default-graph-uri": doc_graph("doc_c")}
    assert _count(sparql_client.post("/sparql", data=form)) == REFORMS


def test_graph_uris_of_a_sparql_query_body_come_from_the_url(sparql_client):
    response = sparql_client.post(
        "/sparql", params={"default-graph-uri": doc_graph("doc_a")}, content=COUNT_REFORMS,
        headers={"Content-Type": "application/sparql-query"},
    )
    assert _count(response) == REFORMS


def test_named_graph_uri_restricts_the_named_graphs(sparql_client):
    params = {"query": GRAPHS, "named-graph-uri": [doc_graph("doc_b"), REFERENCE_GRAPH]}
    body = sparql_client.get("/sparql", params=params).json()
    assert [b["g"]["value"] for b in body["results"]["bindings"]] == sorted([doc_graph("doc_b"), REFERENCE_GRAPH])


def test_without_dataset_parameters_every_named_graph_is_available(sparql_client):
    body = sparql_client.get("/sparql", params={"query": GRAPHS}).json()
    assert {b["g"]["value"] for b in body["results"]["bindings"]} == {REFERENCE_GRAPH, *map(doc_graph, DOCS)}


def test_a_from_clause_defines_the_dataset_when_the_request_names_none(sparql_client):
    query = f"SELECT (COUNT(?r) AS ?n) FROM <{doc_graph('doc_a')}> WHERE {{ ?r a <{BASE}ontology#Reform> }}"
    assert _count(sparql_client.get("/sparql", params={"query": query})) == REFORMS


def test_request_graphs_override_the_query_from_clause(sparql_client):
    query = f"SELECT (COUNT(?r) AS ?n) FROM <{doc_graph('doc_a')}> WHERE {{ ?r a <{BASE}ontology#Reform> }}"
    params = {"query": query, "default-graph-uri": [doc_graph("doc_b"), doc_graph("doc_c")]}
    assert _count(sparql_client.get("/sparql", params=params)) == 2 * REFORMS


def test_malformed_sparql_is_400_with_the_parsers_position(sparql_client):
    response = sparql_client.get("/sparql", params={"query": "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o = ) }"})
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and body["status"] == 400 and body["error"] == "Malformed SPARQL"
    position = body["position"]
    assert position["line"] == 3 and position["column"] > 1
    assert f"error at 3:{position['column']}:" in body["detail"] and "..=" not in body["detail"]


def test_an_undeclared_prefix_is_400_saying_where(sparql_client):
    response = sparql_client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x a szr:Reform }"})
    body = response.json()
    assert response.status_code == 400 and body["position"] == {"line": 1, "column": 34}  # after the prefixed name
    assert "Prefix not found" in body["detail"]


@pytest.mark.parametrize("query", ["", "   ", "# only a comment", "PREFIX szr: <https://w3id.org/szreform/ontology#>"])
def test_an_empty_query_is_400(sparql_client, query):
    response = sparql_client.get("/sparql", params={"query": query})
    assert response.status_code == 400 and "empty query" in response.json()["detail"]


def test_post_without_a_query_is_400(sparql_client):
    response = sparql_client.post("/sparql", data={"format": "json"})
    assert response.status_code == 400 and "no query" in response.json()["detail"]


def test_two_queries_in_one_request_are_400(sparql_client):
    response = sparql_client.get("/sparql", params={"query": ["ASK {}", "ASK {}"]})
    assert response.status_code == 400 and "exactly one" in response.json()["detail"]


def test_other_post_bodies_are_415(sparql_client):
    response = sparql_client.post("/sparql", content=b'{"query": "ASK {}"}', headers={"Content-Type": "application/json"})
    assert response.status_code == 415 and response.json()["status"] == 415


def test_a_body_that_is_not_utf8_is_400(sparql_client):
    response = sparql_client.post("/sparql", content=b"ASK { \xff }", headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 400 and "UTF-8" in response.json()["detail"]


def test_chinese_literals_survive_the_round_trip(sparql_client):
    query = 'SELECT ?r WHERE { ?r <http://www.w3.org/2004/02/skos/core#prefLabel> "改革 doc_b 7"@zh }'
    bindings = sparql_client.get("/sparql", params={"query": query}).json()["results"]["bindings"]
    assert [b["r"]["value"] for b in bindings] == [f"{BASE}reform/440307/doc_b-7"]


@pytest.mark.parametrize(("accept", "rdf_format"), [("text/turtle", ox.RdfFormat.TURTLE), ("application/ld+json", ox.RdfFormat.JSON_LD)])
def test_get_without_a_query_is_the_service_description(sparql_client, accept, rdf_format):
    response = sparql_client.get("/sparql", headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    triples = {(q.subject, q.predicate, q.object) for q in ox.parse(response.content, rdf_format)}
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoint = ox.NamedNode("http://testserver/sparql")
    assert (endpoint, ox.NamedNode(sd + "endpoint"), endpoint) in triples
    assert (endpoint, ox.NamedNode(sd + "supportedLanguage"), ox.NamedNode(sd + "SPARQL11Query")) in triples
    assert (endpoint, ox.NamedNode(sd + "feature"), ox.NamedNode(sd + "UnionDefaultGraph")) in triples
    formats = {o.value for s, p, o in triples if p.value == sd + "resultFormat"}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats and "http://www.w3.org/ns/formats/Turtle" in formats
    names = {o.value for s, p, o in triples if p.value == sd + "name"}
    assert names == {REFERENCE_GRAPH, *map(doc_graph, DOCS)}


def test_the_service_description_defaults_to_turtle(sparql_client):
    response = sparql_client.get("/sparql")
    assert response.headers["content-type"].startswith("text/turtle")
    assert "sd:Service" in response.text


def test_browsers_get_the_service_description_as_a_page(sparql_client):
    response = sparql_client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert 'href="/ui/sparql"' in response.text and "sd:Service" in response.text


def test_a_graph_uri_that_is_not_an_iri_is_400(sparql_client):
    response = sparql_client.get("/sparql", params={"query": "ASK {}", "named-graph-uri": "not an iri"})
    assert response.status_code == 400 and "named-graph-uri='not an iri'" in response.json()["detail"]
