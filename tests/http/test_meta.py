"""/-/health, /-/version and /-/stats."""

import pyoxigraph as ox

from api import __version__
from tests.http.sparql_fixture import DOCS, REFORMS, all_quads


def test_health_runs_a_query_through_the_workers(sparql_client):
    response = sparql_client.get("/-/health")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and body["status"] == "ok" and body["store"] == "oxigraph" and body["elapsed_ms"] >= 0


def test_health_is_503_in_the_error_shape_when_the_runner_is_shut_down(make_sparql_client):
    client = make_sparql_client()
    client.app.state.query_runner.close()  # as at shutdown: no worker will take the query
    response = client.get("/-/health")
    assert response.status_code == 503 and response.headers["retry-after"] == "5"
    body = response.json()
    assert {k: body[k] for k in ("ok", "status", "error")} == {"ok": False, "status": 503, "error": "Service Unavailable"}
    assert "shut down" in body["detail"]


def test_health_is_503_when_no_query_worker_can_live(make_sparql_client):
    # 1 MiB of address space: every worker process dies while Python starts, so no worker lives.
    client = make_sparql_client(query_memory_mb=1)
    response = client.get("/-/health")
    assert response.status_code == 503
    body = response.json()
    assert body["ok"] is False and body["error"] == "Service Unavailable"
    assert body["detail"].startswith("no live query worker: ")


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
