"""Curated JSON written by the query worker (SPARQL JSON + rows) equals the one decoded in the server."""

import json

import pyoxigraph as ox

from api._query_worker import encode_result
from api.curated_results import simple_rows
from api.plain_values import ROWS_JSON
from api.query_runner import _outcome
from api.sparql_text import classify_sparql
from tests.http.curated_app import kg_client, kg_store_path  # noqa: F401 (fixtures)

EX = "http://example.org/"
SELECT = f"SELECT ?s ?n ?d ?b ?missing WHERE {{ ?s <{EX}n> ?n OPTIONAL {{ ?s <{EX}d> ?d }} OPTIONAL {{ ?s <{EX}b> ?b }} }} ORDER BY ?s"


def _store() -> ox.Store:
    store = ox.Store()
    for i in range(6):
        s = ox.NamedNode(f"{EX}s{i}")
        store.add(ox.Quad(s, ox.NamedNode(f"{EX}n"), ox.Literal(str(i * 7), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))))
        store.add(ox.Quad(s, ox.NamedNode(f"{EX}d"), ox.Literal(f"{i}.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))))
        if i % 2:
            store.add(ox.Quad(s, ox.NamedNode(f"{EX}b"), ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))))
    return store


def test_worker_rows_match_the_rows_decoded_in_the_server():
    store, shape = _store(), classify_sparql(SELECT)
    kind, (body, count), truncated, media_type = encode_result(store.query(SELECT), 4, output={"results": ROWS_JSON})
    assert (kind, count, truncated, media_type) == ("rows", 4, True, ROWS_JSON)
    decoded = _outcome(("ok", *encode_result(store.query(SELECT), 4)), shape, 4)
    written = json.loads(body)
    assert written["rows"] == simple_rows(decoded)
    assert written["rows"][1] == {"s": f"{EX}s1", "n": 7, "d": 1.5, "b": True, "missing": None}
    assert {k: v for k, v in decoded.to_json().items() if k != "szkg"} == {k: v for k, v in written.items() if k != "rows"}


def test_the_curated_json_route_reports_rows_and_the_next_page(kg_client):
    first = kg_client.get("/queries/reforms_per_district_year", params={"limit": 1})
    body = first.json()
    assert first.status_code == 200 and len(body["rows"]) == len(body["results"]["bindings"]) == 1
    page = body["szkg"]["page"]
    assert body["szkg"]["row_count"] == page["rows"] == 1 and body["szkg"]["row_cap"] == 1
    assert page["has_next"] == body["szkg"]["truncated"] and page["has_next"] == ("Link" in first.headers)
    everything = kg_client.get("/queries/reforms_per_district_year").json()
    assert body["rows"][0] == everything["rows"][0]
