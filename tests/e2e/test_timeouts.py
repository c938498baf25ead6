"""Honest time limits on a real server: a runaway query gets 503 at its limit, its work stops,
and a concurrent simple query is answered meanwhile."""

import threading
import time

import httpx
import psutil

from tests.e2e.conftest import E2E_TIME_LIMIT_S

# Four independent patterns over the sample store: ~10^16 solutions, it would run for ages.
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SIMPLE = "ASK { ?s ?p ?o }"


def _timed_get(url: str, query: str, out: dict, **params) -> None:
    started = time.monotonic()
    out["response"] = httpx.get(url, params={"query": query, **params}, timeout=30)
    out["seconds"] = time.monotonic() - started


def _stats(live_server: str) -> dict:
    return httpx.get(f"{live_server}/-/stats", timeout=10).json()["query_service"]


def _wait_for_idle_workers(live_server: str, count: int, within_s: float = 60.0) -> None:
    """Let replacements for workers killed earlier start: these tests time queries, not start-up."""
    give_up = time.monotonic() + within_s
    while _stats(live_server)["workers"]["idle"] < count and time.monotonic() < give_up:
        time.sleep(0.1)


def test_a_runaway_query_is_503_within_the_limit_while_a_simple_one_answers(live_server):
    _wait_for_idle_workers(live_server, 2)
    url = f"{live_server}/sparql"
    killed_before = _stats(live_server)["workers"]["killed"]
    slow: dict = {}
    runaway = threading.Thread(target=_timed_get, args=(url, CROSS_PRODUCT, slow))
    runaway.start()
    time.sleep(0.3)  # the runaway is computing now
    quick: dict = {}
    _timed_get(url, SIMPLE, quick)
    runaway.join()

    assert quick["response"].status_code == 200 and quick["response"].json()["boolean"] is True
    assert quick["seconds"] < 1.0, f"the simple query waited {quick['seconds']:.2f} s behind the runaway"
    assert slow["response"].status_code == 503
    body = slow["response"].json()
    assert body["ok"] is False and body["status"] == 503 and body["error"] == "Query time limit reached"
    assert E2E_TIME_LIMIT_S - 0.1 <= slow["seconds"] <= E2E_TIME_LIMIT_S + 1.0, f"503 after {slow['seconds']:.2f} s"
    assert _stats(live_server)["workers"]["killed"] == killed_before + 1


def test_the_work_of_a_stopped_query_really_stops(live_server_process):
    process, live_server = live_server_process
    response = httpx.get(f"{live_server}/sparql", params={"query": CROSS_PRODUCT, "timeout": "0.5"}, timeout=30)
    assert response.status_code == 503
    time.sleep(0.3)  # the killed worker may still be exiting; measure what remains
    server = psutil.Process(process.pid)
    processes = [server, *server.children(recursive=True)]
    for process in processes:
        _cpu_percent(process)
    time.sleep(1.0)
    busy = sum(_cpu_percent(process) for process in processes)
    assert busy < 50, f"the server still burns {busy:.0f}% CPU after the 503"


def _cpu_percent(process: psutil.Process) -> float:
    """CPU share since the last call; a process that has exited burns none."""
    try:
        return process.cpu_percent(None)
    except psutil.NoSuchProcess:
        return 0.0


def test_the_server_keeps_serving_after_timeouts(live_server):
    for _ in range(3):
        assert httpx.get(f"{live_server}/sparql", params={"query": CROSS_PRODUCT, "timeout": "0.2"}, timeout=30).status_code == 503
    assert httpx.get(f"{live_server}/-/health", timeout=10).status_code == 200
    workers = _stats(live_server)["workers"]
    assert workers["workers"] >= workers["warm"] - 1  # replacements are being started or are up
