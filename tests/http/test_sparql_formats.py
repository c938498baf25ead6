"""Content negotiation on /sparql: every format parses back to the right answer; 406 otherwise."""

import json

import pyoxigraph as ox
import pytest

from api.sparql_formats import negotiate, parse_accept
from tests.http.sparql_fixture import BASE, DISTRICTS, REFERENCE_GRAPH, reference_quads

R, G = ox.QueryResultsFormat, ox.RdfFormat
DISTRICT_LABELS = (
    "SELECT ?place ?label WHERE { ?place a <%sontology#District> ; "
    "<http://www.w3.org/2004/02/skos/core#prefLabel> ?label } ORDER BY ?place ?label" % BASE
)
ASK_TRUE = f"ASK {{ <{BASE}place/440303> ?p ?o }}"
CONSTRUCT_REFERENCE = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{REFERENCE_GRAPH}> {{ ?s ?p ?o }} }}"
EXPECTED_TRIPLES = {q.triple for q in reference_quads()}


def _expected_rows() -> list[tuple[str, str]]:
    rows = [(f"{BASE}place/{code}", label) for code, labels in DISTRICTS.items() for label in labels]
    return sorted(rows)


def _rows(content: bytes, results_format: ox.QueryResultsFormat) -> list[tuple[str, str]]:
    return sorted((s["place"].value, s["label"].value) for s in ox.parse_query_results(content, results_format))


@pytest.mark.parametrize(
    ("accept", "media_type", "results_format"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", R.JSON),
        ("application/json", "application/json", R.JSON),
        ("application/sparql-results+xml", "application/sparql-results+xml", R.XML),
        ("application/xml", "application/xml", R.XML),
        ("text/csv", "text/csv", R.CSV),
        ("text/tab-separated-values", "text/tab-separated-values", R.TSV),
        ("*/*", "application/sparql-results+json", R.JSON),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml", R.XML),
        ("application/sparql-results+json;q=0, */*;q=0.1", "application/sparql-results+xml", R.XML),
    ],
)
def test_select_in_every_results_format(sparql_client, accept, media_type, results_format):
    response = sparql_client.get("/sparql", params={"query": DISTRICT_LABELS}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type
    if results_format == R.CSV:  # CSV loses term kinds: compare the text
        lines = response.text.strip().splitlines()
        assert lines[0] == "place,label" and sorted(tuple(line.split(",")) for line in lines[1:]) == _expected_rows()
    else:
        assert _rows(response.content, results_format) == _expected_rows()


def test_json_is_the_default(sparql_client):
    response = sparql_client.get("/sparql", params={"query": DISTRICT_LABELS}, headers={"Accept": ""})
    assert response.headers["content-type"] == "application/sparql-results+json"
    assert _rows(response.content, R.JSON) == _expected_rows()


def test_language_tags_survive_in_json(sparql_client):
    body = sparql_client.get("/sparql", params={"query": DISTRICT_LABELS}).json()
    labels = {(b["label"]["value"], b["label"].get("xml:lang")) for b in body["results"]["bindings"]}
    assert ("罗湖区", "zh") in labels and ("Luohu District", "en") in labels


@pytest.mark.parametrize(("name", "results_format"), [("json", R.JSON), ("xml", R.XML), ("tsv", R.TSV), ("csv", R.CSV)])
def test_ask_in_every_results_format(sparql_client, name, results_format):
    answers = []
    for query in (ASK_TRUE, "ASK { <urn:x:nothing> ?p ?o }"):
        response = sparql_client.get("/sparql", params={"query": query, "format": name})
        assert response.status_code == 200
        # pyoxigraph refuses to parse CSV (lossy): read its one word
        answers.append(response.text.strip() == "true" if name == "csv" else bool(ox.parse_query_results(response.content, results_format)))
    assert answers == [True, False]


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [
        ("text/turtle", G.TURTLE),
        ("application/n-triples", G.N_TRIPLES),
        ("application/ld+json", G.JSON_LD),
        ("application/rdf+xml", G.RDF_XML),
        ("application/trig", G.TRIG),
        ("application/n-quads", G.N_QUADS),
    ],
)
def test_construct_in_every_graph_format(sparql_client, accept, rdf_format):
    response = sparql_client.get("/sparql", params={"query": CONSTRUCT_REFERENCE}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == accept
    assert {q.triple for q in ox.parse(response.content, rdf_format)} == EXPECTED_TRIPLES


def test_turtle_uses_only_the_prefixes_it_needs(sparql_client):
    text = sparql_client.get("/sparql", params={"query": CONSTRUCT_REFERENCE, "format": "ttl"}).text
    assert "@prefix skos:" in text and "@prefix szr:" in text and "@prefix foaf:" not in text


def test_describe_is_a_graph_result(sparql_client):
    response = sparql_client.get("/sparql", params={"query": f"DESCRIBE <{BASE}place/440307>"}, headers={"Accept": "application/n-triples"})
    triples = {q.triple for q in ox.parse(response.content, G.N_TRIPLES)}
    assert triples == {t for t in EXPECTED_TRIPLES if t.subject.value.endswith("/440307")}


def test_construct_defaults_to_turtle_and_json_means_json_ld(sparql_client):
    default = sparql_client.get("/sparql", params={"query": CONSTRUCT_REFERENCE}, headers={"Accept": "*/*"})
    assert default.headers["content-type"].startswith("text/turtle")
    as_json = sparql_client.get("/sparql", params={"query": CONSTRUCT_REFERENCE, "format": "json"})
    assert as_json.headers["content-type"] == "application/ld+json"
    assert {q.triple for q in ox.parse(as_json.content, G.JSON_LD)} == EXPECTED_TRIPLES


@pytest.mark.parametrize(("name", "media_type"), [("csv", "text/csv"), ("TSV", "text/tab-separated-values"), ("text/csv", "text/csv")])
def test_format_parameter_wins_over_accept(sparql_client, name, media_type):
    response = sparql_client.get("/sparql", params={"query": DISTRICT_LABELS, "format": name}, headers={"Accept": "application/sparql-results+json"})
    assert response.headers["content-type"].split(";")[0] == media_type


def test_format_parameter_in_a_post_form(sparql_client):
    response = sparql_client.post("/sparql", data={"query": DISTRICT_LABELS, "format": "xml"})
    assert response.headers["content-type"] == "application/sparql-results+xml"


def test_a_browser_gets_json_it_can_display(sparql_client):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = sparql_client.get("/sparql", params={"query": DISTRICT_LABELS}, headers={"Accept": accept})
    assert response.headers["content-type"] == "application/json"
    assert _rows(response.content, R.JSON) == _expected_rows()


@pytest.mark.parametrize(
    ("query", "accept"),
    [(DISTRICT_LABELS, "text/turtle"), (DISTRICT_LABELS, "image/png"), (CONSTRUCT_REFERENCE, "text/csv"),
     (CONSTRUCT_REFERENCE, "application/sparql-results+json"), (ASK_TRUE, "application/n-triples")],
)
def test_what_cannot_be_produced_is_406(sparql_client, query, accept):
    response = sparql_client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 406
    body = response.json()
    assert body["ok"] is False and body["status"] == 406 and accept in body["detail"] and body["available"]


@pytest.mark.parametrize(("query", "name"), [(DISTRICT_LABELS, "ttl"), (CONSTRUCT_REFERENCE, "csv"), (ASK_TRUE, "yaml")])
def test_an_unknown_or_wrong_format_name_is_406(sparql_client, query, name):
    response = sparql_client.get("/sparql", params={"query": query, "format": name})
    assert response.status_code == 406 and f"format={name!r}" in response.json()["detail"]


def test_json_results_report_the_cap_and_timing(sparql_client):
    body = json.loads(sparql_client.get("/sparql", params={"query": DISTRICT_LABELS}).content)
    assert body["szkg"]["truncated"] is False and body["szkg"]["row_cap"] > 0 and body["szkg"]["elapsed_ms"] >= 0


def test_accept_parsing_reads_q_values():
    assert parse_accept("text/csv;q=0.3, application/json ; q=bad, */*;q=0") == [("text/csv", 0.3), ("application/json", 1.0), ("*/*", 0.0)]


def test_the_most_specific_range_sets_the_quality():
    choice = negotiate("text/csv;q=0, text/*;q=0.9", None, graph=False)
    assert choice.format.name != "csv" and choice.media_type.startswith("text/")
