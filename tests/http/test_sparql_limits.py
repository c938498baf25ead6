"""Limits of /sparql: row cap reported, time limit only lowered, heavy-query cap (429), sizes (413/414), memory."""

import pytest

from tests.http.conftest import CROSS_PRODUCT, TEST_TIME_LIMIT_S, run_concurrently
from tests.http.sparql_fixture import all_quads

ALL_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
CAP = 10


@pytest.fixture(scope="module")
def capped_client(make_sparql_client):
    """Row cap 10, a 200-byte query limit, one heavy query at a time, 300 MiB per worker."""
    return make_sparql_client(max_rows=CAP, max_query_bytes=200, max_heavy_queries=1, query_memory_mb=300)


def test_a_capped_select_says_so_in_json_and_headers(capped_client):
    response = capped_client.get("/sparql", params={"query": ALL_TRIPLES})
    body = response.json()
    assert len(body["results"]["bindings"]) == CAP
    assert body["szkg"]["truncated"] is True and body["szkg"]["row_cap"] == CAP
    assert response.headers["X-SZKG-Truncated"] == "true" and response.headers["X-SZKG-Row-Cap"] == str(CAP)


def test_a_capped_csv_says_so_in_its_headers(capped_client):
    response = capped_client.get("/sparql", params={"query": ALL_TRIPLES, "format": "csv"})
    assert len(response.text.strip().splitlines()) == CAP + 1
    assert response.headers["X-SZKG-Truncated"] == "true"


def test_a_capped_construct_says_so(capped_client):
    response = capped_client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "nt"})
    assert len(response.text.strip().splitlines()) == CAP and response.headers["X-SZKG-Truncated"] == "true"


def test_a_result_exactly_at_the_cap_is_not_truncated(capped_client):
    query = f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} LIMIT {CAP}"
    response = capped_client.get("/sparql", params={"query": query})
    assert len(response.json()["results"]["bindings"]) == CAP and response.headers["X-SZKG-Truncated"] == "false"


def test_an_uncapped_result_is_complete(sparql_client):
    body = sparql_client.get("/sparql", params={"query": ALL_TRIPLES}).json()
    assert len(body["results"]["bindings"]) == len(all_quads()) and body["szkg"]["truncated"] is False


def test_a_runaway_query_is_503_in_the_error_shape(sparql_client):
    response = sparql_client.get("/sparql", params={"query": CROSS_PRODUCT})
    assert response.status_code == 503
    body = response.json()
    assert body == {"ok": False, "status": 503, "error": "Query time limit reached", "detail": body["detail"]}
    assert f"time limit {TEST_TIME_LIMIT_S:g} s" in body["detail"]


def test_a_request_may_lower_the_time_limit(sparql_client):
    response = sparql_client.get("/sparql", params={"query": CROSS_PRODUCT, "timeout": "0.3"})
    assert response.status_code == 503 and "time limit 0.3 s" in response.json()["detail"], response.text
    ok = sparql_client.get("/sparql", params={"query": "ASK {}", "timeout": "1.5"})
    assert ok.status_code == 200 and ok.headers["X-SZKG-Time-Limit-S"] == "1.5", ok.text


def test_a_request_cannot_raise_the_time_limit(sparql_client):
    response = sparql_client.get("/sparql", params={"query": CROSS_PRODUCT, "timeout": "600"})
    assert response.status_code == 503 and f"time limit {TEST_TIME_LIMIT_S:g} s" in response.json()["detail"]
    ok = sparql_client.post("/sparql", data={"query": "ASK {}", "timeout": "600"})
    assert ok.headers["X-SZKG-Time-Limit-S"] == f"{TEST_TIME_LIMIT_S:g}"


@pytest.mark.parametrize("value", ["soon", "0", "-1", "nan"])
def test_a_bad_timeout_is_400(sparql_client, value):
    response = sparql_client.get("/sparql", params={"query": "ASK {}", "timeout": value})
    assert response.status_code == 400 and "timeout" in response.json()["detail"]


def test_the_killed_worker_is_replaced_and_the_server_keeps_answering(sparql_client):
    runner = sparql_client.app.state.query_runner
    killed = runner.describe()["workers"]["killed"]
    assert sparql_client.get("/sparql", params={"query": CROSS_PRODUCT, "timeout": "0.2"}).status_code == 503
    assert runner.describe()["workers"]["killed"] == killed + 1
    assert sparql_client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_heavy_queries_beyond_the_cap_get_429_with_retry_after(capped_client):
    slow, rejected = run_concurrently(
        capped_client.app, (0, "/sparql", {"query": CROSS_PRODUCT, "timeout": "1.5"}), (0.4, "/sparql", {"query": "ASK {}"})
    )
    assert slow.status_code == 503
    assert rejected.status_code == 429 and rejected.json()["status"] == 429
    assert 1 <= int(rejected.headers["Retry-After"]) <= 2
    assert capped_client.get("/sparql", params={"query": "ASK {}"}).status_code == 200  # the slot is free again


def test_a_long_get_query_is_414(capped_client):
    query = "ASK { ?s ?p ?o }" + " " * 200
    response = capped_client.get("/sparql", params={"query": query})
    assert response.status_code == 414 and "200 bytes" in response.json()["detail"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"content": ("ASK {}" + " " * 300).encode(), "headers": {"Content-Type": "application/sparql-query"}},
        {"data": {"query": "ASK {}" + " " * 300}},
        {"content": (b"x" * 1000 for _ in range(10)), "headers": {"Content-Type": "application/sparql-query"}},
    ],
    ids=["body", "form", "chunked"],
)
def test_a_long_post_query_is_413(capped_client, kwargs):
    response = capped_client.post("/sparql", **kwargs)
    assert response.status_code == 413 and response.json()["status"] == 413


def test_a_query_past_its_memory_allowance_is_503_and_the_server_recovers(make_sparql_client):
    # a generous time limit: on a loaded machine the memory must be reached first, however slowly
    client = make_sparql_client(query_memory_mb=300, query_timeout_s=120)
    hungry = "SELECT ?a ?b ?c WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z } ORDER BY ?a ?b ?c LIMIT 1"
    response = client.get("/sparql", params={"query": hungry})
    assert response.status_code == 503 and response.json()["error"] == "Query memory limit reached"
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
