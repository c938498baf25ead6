"""OpenAPI declares every media type /sparql and the curated queries really answer with."""

import pytest

from tests.http.curated_app import kg_client, kg_store_path  # noqa: F401 (fixtures)

SELECT = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2"
RESULT_NAMES = ("json", "xml", "csv", "tsv")
GRAPH_NAMES = ("ttl", "nt", "jsonld", "rdfxml", "trig", "nq")


def declared(client, path: str, method: str = "get") -> set[str]:
    return set(client.get("/openapi.json").json()["paths"][path][method]["responses"]["200"]["content"])


def served(response) -> str:
    assert response.status_code == 200, response.text[:300]
    return response.headers["content-type"].split(";")[0]


@pytest.mark.parametrize("sparql, names", [(SELECT, RESULT_NAMES), (CONSTRUCT, GRAPH_NAMES)])
def test_every_format_of_sparql_is_declared(sparql_client, sparql, names):
    for method in ("get", "post"):
        types = declared(sparql_client, "/sparql", method)
        for name in names:
            params = {"query": sparql, "format": name}
            response = sparql_client.get("/sparql", params=params) if method == "get" else sparql_client.post("/sparql", data=params)
            assert served(response) in types, (method, name)


@pytest.mark.parametrize("accept", ["application/json", "application/xml", "text/xml", "application/x-turtle", "text/plain"])
def test_media_types_labelled_as_asked_are_declared_too(sparql_client, accept):
    sparql = CONSTRUCT if accept in ("application/x-turtle", "text/plain") else SELECT
    response = sparql_client.get("/sparql", params={"query": sparql}, headers={"Accept": accept})
    assert served(response) in declared(sparql_client, "/sparql")


def test_the_service_description_page_is_declared(sparql_client):
    assert served(sparql_client.get("/sparql", headers={"Accept": "text/html"})) in declared(sparql_client, "/sparql")


def test_every_format_of_a_curated_query_is_declared(kg_client):
    select_types, construct_types = declared(kg_client, "/queries/articles"), declared(kg_client, "/queries/reform_profile")
    for name in (*RESULT_NAMES, "sparql"):
        assert served(kg_client.get("/queries/articles", params={"format": name})) in select_types, name
    reform = _a_reform(kg_client)
    for name in GRAPH_NAMES:
        response = kg_client.get("/queries/reform_profile", params={"format": name, "reform": reform})
        assert served(response) in construct_types, name


def _a_reform(client) -> str:
    rows = client.get("/sparql", params={"query": "PREFIX szr: <https://w3id.org/szreform/ontology#> "
                                                  "SELECT ?r WHERE { ?r a szr:Reform } LIMIT 1"}).json()
    return rows["results"]["bindings"][0]["r"]["value"]
