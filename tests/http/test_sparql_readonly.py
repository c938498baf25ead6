"""The endpoint is read-only: every update, by every method and content type, is 403 and changes nothing."""

import pytest

from api.sparql_text import classify_sparql, keywords
from graph.errors import QuerySyntaxError, UpdateForbidden
from tests.http.sparql_fixture import BASE, all_quads, doc_graph

UPDATES = [
    'INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> "o" } }',
    f"DELETE WHERE {{ GRAPH <{doc_graph('doc_a')}> {{ ?s ?p ?o }} }}",
    f"DROP GRAPH <{doc_graph('doc_a')}>",
    "DROP ALL",
    "CLEAR DEFAULT",
    "clear all",
    "LOAD <http://127.0.0.1:9/evil.ttl> INTO GRAPH <urn:x:g>",
    "CREATE GRAPH <urn:x:new>",
    f"COPY <{doc_graph('doc_a')}> TO <urn:x:copy>",
    f"MOVE <{doc_graph('doc_a')}> TO <urn:x:moved>",
    f"ADD <{doc_graph('doc_a')}> TO <urn:x:added>",
    f"WITH <{doc_graph('doc_a')}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
    "PREFIX ex: <urn:x:>\n# a comment: SELECT\n  dElEtE DATA { ex:s ex:p ex:o }",
    "BASE <urn:x:> PREFIX : <urn:x:> INSERT { :a :b ?o } WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
]
COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _requests(update: str) -> list[tuple[str, dict]]:
    """(method, request kwargs) for every way to send ``update``."""
    return [
        ("GET", {"params": {"query": update}}),
        ("GET", {"params": {"update": update}}),
        ("POST", {"data": {"query": update}}),
        ("POST", {"data": {"update": update}}),
        ("POST", {"content": update.encode(), "headers": {"Content-Type": "application/sparql-update"}}),
        ("POST", {"content": update.encode(), "headers": {"Content-Type": "application/sparql-query"}}),
        ("POST", {"content": update.encode(), "headers": {"Content-Type": "application/sparql-update; charset=utf-8"}}),
        ("POST", {"params": {"update": update}, "content": b"ASK {}", "headers": {"Content-Type": "application/sparql-query"}}),
    ]


def _total(client) -> int:
    body = client.get("/sparql", params={"query": COUNT_ALL}).json()
    return int(body["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("update", UPDATES)
def test_every_update_by_every_route_is_403(sparql_client, update):
    for method, kwargs in _requests(update):
        response = sparql_client.request(method, "/sparql", **kwargs)
        assert response.status_code == 403, (method, kwargs, response.text)
        body = response.json()
        assert body["ok"] is False and body["status"] == 403 and body["error"] and body["detail"]
    assert _total(sparql_client) == len(all_quads())


def test_service_is_refused(sparql_client):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = sparql_client.get("/sparql", params={"query": query})
    assert response.status_code == 403 and "SERVICE" in response.json()["detail"]


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?s WHERE { ?s ?p "INSERT DATA { <a:b> <a:b> <a:b> }" }',  # keywords inside strings
        "SELECT ?drop ?load WHERE { ?drop <urn:x:clear> ?load }",  # variables and IRIs
        "PREFIX delete: <urn:x:> SELECT ?s WHERE { ?s delete:insert ?o }",  # prefixed names
        "# DROP ALL\nASK { ?s ?p ?o }",  # comments
        "SELECT ?s WHERE { ?s ?p '''CLEAR\nALL''' }",  # long strings
    ],
)
def test_update_words_outside_keywords_are_not_updates(sparql_client, query):
    assert sparql_client.get("/sparql", params={"query": query}).status_code == 200


def test_keywords_skip_strings_iris_comments_and_names():
    text = 'PREFIX ex: <urn:drop> SELECT ?insert WHERE { ?s ex:load "delete" ; <urn:clear> 1e5 } # drop'
    assert keywords(text) == ["PREFIX", "SELECT", "WHERE"]


def test_classify_reports_form_and_dataset():
    shape = classify_sparql(f"prefix szr: <{BASE}ontology#> construct {{ ?s ?p ?o }} FROM NAMED <urn:x:g> WHERE {{ ?s ?p ?o }}")
    assert (shape.form, shape.has_dataset) == ("CONSTRUCT", True)
    assert classify_sparql("ASK {}").has_dataset is False
    with pytest.raises(UpdateForbidden):
        classify_sparql("LOAD <urn:x:y>")
    with pytest.raises(QuerySyntaxError):
        classify_sparql("  # nothing\n")
