"""Runaway queries against a real server: each stops at the time limit with a 503, the
server's memory stays bounded (peak RSS of the server and its workers, sampled with
psutil), the next query is served, and heavy queries beyond the cap get 429 + Retry-After."""

import threading
import time

import httpx
import pytest

from tests.reliability.conftest import MAX_HEAVY, TIME_LIMIT_S, WARM_WORKERS, WORKER_MEMORY_MB, RssSampler, mib, tree_rss

SKOS_LABEL = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
RUNAWAYS = {
    # ~15k quads to the fourth power: it would run for ages.
    "cross_product": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
    # Any predicate, any number of times, twice in a row: the closure (~250k pairs on the sample
    # data, counted in under 2 s alone) followed from each of its ends again. Counted, so a fast
    # machine cannot stream the first 10,000 pairs to the row cap before the limit either.
    "unbounded_path": f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ({SKOS_LABEL}|!{SKOS_LABEL})* ?o . "
                      f"?o ({SKOS_LABEL}|!{SKOS_LABEL})* ?z }}",
    # 2·10^8 rows to sort before the first one comes out.
    "huge_order_by": "SELECT ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c DESC(?f) LIMIT 5",
    # A regex over every pair of literals (article texts included).
    "regex_every_literal": 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?t ?q ?l '
                           'FILTER(REGEX(CONCAT(STR(?o), STR(?l)), "(改革|创新).*(试点|示范){2,}", "i")) }',
}
STOPPED = {"Query time limit reached", "Query memory limit reached"}
LATE_S = 1.5  # a loaded 2-core CI machine: kill, reap and answer within this past the limit
NEXT_QUERY_S = 1.5
SIMPLE = "ASK { ?s ?p ?o }"


def _timed(client: httpx.Client, query: str, **params) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = client.get("/sparql", params={"query": query, **params})
    return response, time.monotonic() - started


def _stopped_work(stats: dict) -> int:
    workers = stats["workers"]
    return workers["killed"] + workers["crashed"]


@pytest.mark.parametrize("name", list(RUNAWAYS))
def test_a_runaway_query_stops_at_the_limit_with_bounded_memory(reliable_server, http, figures, name):
    before = _stopped_work(reliable_server.stats())
    with RssSampler(reliable_server.process.pid) as rss:
        response, seconds = _timed(http, RUNAWAYS[name])
    assert response.status_code == 503, response.text[:300]
    body = response.json()
    assert body["ok"] is False and body["error"] in STOPPED, body
    assert seconds <= TIME_LIMIT_S + LATE_S, f"503 after {seconds:.2f} s"
    if body["error"] == "Query time limit reached":
        assert seconds >= TIME_LIMIT_S - 0.1 and f"time limit {TIME_LIMIT_S:g} s" in body["detail"]
    # The worker that ran it was killed (or died at its memory cap): the work stopped.
    assert _stopped_work(reliable_server.stats()) == before + 1
    # Memory: no process past its cap, the whole tree within main + every worker at its cap.
    cap = WORKER_MEMORY_MB * 2**20
    main_rss = tree_rss(reliable_server.process.pid)[1]
    assert rss.peak_one <= max(cap, main_rss * 1.5), f"one process reached {mib(rss.peak_one)} MiB"
    assert rss.peak <= main_rss * 1.5 + (WARM_WORKERS + MAX_HEAVY) * cap, f"the server reached {mib(rss.peak)} MiB"
    after, next_seconds = _timed(http, SIMPLE)
    assert after.status_code == 200 and after.json()["boolean"] is True
    assert next_seconds <= NEXT_QUERY_S, f"the next query took {next_seconds:.2f} s"
    figures[f"runaway.{name}"] = {"status": response.status_code, "error": body["error"], "seconds": round(seconds, 2),
                                  "peak_rss_server_mib": mib(rss.peak), "peak_rss_one_process_mib": mib(rss.peak_one),
                                  "next_query_seconds": round(next_seconds, 3)}


def test_heavy_queries_beyond_the_cap_get_429_and_light_ones_still_answer(reliable_server, figures):
    url = f"{reliable_server.url}/sparql"
    runaways: list[httpx.Response] = []

    def run_away() -> None:
        runaways.append(httpx.get(url, params={"query": RUNAWAYS["cross_product"]}, timeout=60))

    threads = [threading.Thread(target=run_away) for _ in range(MAX_HEAVY)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)  # both hold their heavy slot now
    rejected = httpx.get(url, params={"query": SIMPLE}, timeout=60)
    started = time.monotonic()
    health = httpx.get(f"{reliable_server.url}/-/health", timeout=60)
    curated = httpx.get(f"{reliable_server.url}/queries/reforms_by_keyword", params={"q": "改革"}, timeout=60)
    light_seconds = time.monotonic() - started
    for thread in threads:
        thread.join()

    assert rejected.status_code == 429, rejected.text[:300]
    assert rejected.json()["status"] == 429 and "retry" in rejected.json()["detail"]
    assert 1 <= int(rejected.headers["Retry-After"]) <= TIME_LIMIT_S
    assert health.status_code == 200 and curated.status_code == 200  # light queries have no cap
    assert [r.status_code for r in runaways] == [503] * MAX_HEAVY
    again = httpx.get(url, params={"query": SIMPLE}, timeout=60)  # the slots are free again
    assert again.status_code == 200
    figures["heavy_cap"] = {"max_heavy_queries": MAX_HEAVY, "third_heavy_status": rejected.status_code,
                            "retry_after_s": int(rejected.headers["Retry-After"]),
                            "light_requests_meanwhile_seconds": round(light_seconds, 3)}
