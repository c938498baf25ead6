"""/-/health, /-/version and /-/stats."""

import pyoxigraph as ox

from api import __version__
from tests.http.sparql_fixture import DOCS, REFORMS, all_quads


def test_health_runs_a_query_through_the_workers(sparql_client):
    response = sparql_client.get("/-/health")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and body["status"] == "ok" and body["store"] == "oxigraph" and body["elapsed_ms"] >= 0


def test_health_fails_in_the_error_shape_when_queries_cannot_run(make_sparql_client):
    client = make_sparql_client()
    client.app.state.query_runner.close()  # as at shutdown: no worker will take the query
    response = client.get("/-/health")
    assert response.status_code >= 500
    assert response.json() == {"ok": False, "status": response.status_code, "error": "Internal error", "detail": response.json()["detail"]}


def test_version_names_the_service_and_engine(sparql_client):
    body = sparql_client.get("/-/version").json()
    assert body["ok"] is True and body["szkg"] == __version__ and body["pyoxigraph"] == ox.__version__


def test_stats_count_the_fixture_store(sparql_client):
    body = sparql_client.get("/-/stats").json()
    assert body["triples"] == len(all_quads())
    assert body["graphs"] == len(DOCS) + 1 and body["articles"] == len(DOCS)
    assert body["entities"]["szr:Reform"] == REFORMS * len(DOCS)
    assert body["entities"]["szr:SourceDocument"] == len(DOCS)
    service = body["query_service"]
    assert service["workers"]["warm"] == 2 and service["time_limit_s"] == 2.0 and service["queries"] >= 0
