"""Sustained load on a real server over loopback: 8 clients mixing curated queries, SPARQL,
entity pages and search for ``LOAD_SECONDS`` (12 s in CI, ``SZKG_LOAD_SECONDS`` to change;
the 60 s run is marked ``slow``: ``pytest -m slow tests/reliability``).

Zero errors (every answer 200 and complete), p50/p99 latency per kind written to
``benchmarks/results/reliability-load-<date>.json``, and the server's memory (RSS of
the server and its workers, sampled every 0.25 s) no higher in the last window than in
the first beyond a small allowance. The server gets its own process, sized for 8
clients (8 heavy queries at once), so a 429 would be an error here.
"""

import datetime
import json
import os
import platform
import random
import shutil
import statistics
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import start_server, stop_server
from tests.reliability.conftest import RssSampler, mib

CLIENTS = 8
LOAD_SECONDS = float(os.environ.get("SZKG_LOAD_SECONDS", "12"))
SLOW_SECONDS = 60.0
WINDOW_S = 10.0  # first and last windows compared for memory growth (shorter runs: a third of the run)
GROWTH_ALLOWANCE = 32 * 2**20  # plus 10% of the first window
# Test runs write their figures beside the other test artefacts (untracked); a measured run
# for the docs is kept with SZKG_RESULTS_DIR=benchmarks/results.
RESULTS = Path(os.environ.get("SZKG_RESULTS_DIR") or Path(__file__).resolve().parents[2] / "test-artifacts" / "reliability")
PREFIXES = "PREFIX szr: <https://w3id.org/szreform/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
SPARQL = [
    "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)",
    "SELECT ?r ?label WHERE { ?r a szr:Reform ; skos:prefLabel ?label } LIMIT 50",
    "ASK { ?s a szr:Reform }",
    "CONSTRUCT { ?r ?p ?o } WHERE { ?r a szr:Reform ; ?p ?o } LIMIT 200",
]
SEARCHES = ["改革", "营商环境", "龙岗", "试点", "数字政府", "gaige", "Futian", "党建"]


def _curated_requests(client: httpx.Client, samples: dict[str, str], by_name: dict[str, str]) -> list[tuple[str, dict]]:
    """Every curated query, its required parameters filled from ``by_name``, else ``samples`` (by type)."""
    requests = []
    for entry in client.get("/queries").json()["queries"]:
        params = {p["name"]: by_name.get(p["name"], samples[p["type"]]) for p in entry["params"] if p.get("required")}
        requests.append((f"/queries/{entry['name']}", params))
    return requests


def build_mix(client: httpx.Client) -> dict[str, list[tuple[str, str, dict]]]:
    """(method, path, params) by kind: curated, sparql, entity and search requests over this store's data."""
    hits = client.get("/search", params={"q": "改革", "limit": 50}).json()
    reform = next(h["iri"] for h in hits if h["type"] == "Reform")
    doc = next(h["iri"] for h in hits if h["type"] == "SourceDocument")
    samples = {"iri": reform, "text": "改革", "district": "龙岗", "domain": "economy", "year": "2018"}
    curated = [("GET", path, params) for path, params in _curated_requests(client, samples, {"doc": doc})]
    sparql = [(method, "/sparql", {"query": PREFIXES + query}) for query in SPARQL for method in ("GET", "POST")]
    entities = [("GET", h["path"], fmt) for h in hits[:20] for fmt in ({}, {"format": "json"})]
    search = [("GET", "/search", {"q": q}) for q in SEARCHES]
    return {"curated": curated, "sparql": sparql, "entity": entities, "search": search}


def _send(client: httpx.Client, method: str, path: str, params: dict) -> httpx.Response:
    if method == "POST":
        return client.post(path, data=params)
    return client.get(path, params=params)


def run_clients(url: str, mix: dict, seconds: float) -> tuple[list[tuple[float, str, float]], list[str]]:
    """``CLIENTS`` threads sending random requests of the mix until ``seconds`` pass; (timings, errors)."""
    timings: list[tuple[float, str, float]] = []  # (start time, kind, seconds)
    errors: list[str] = []
    deadline = time.monotonic() + seconds
    lock = threading.Lock()

    def client_loop(number: int) -> None:
        rng = random.Random(number)
        with httpx.Client(base_url=url, timeout=60) as client:
            while (started := time.monotonic()) < deadline:
                kind = rng.choice(list(mix))
                method, path, params = rng.choice(mix[kind])
                try:
                    response = _send(client, method, path, params)
                    ok = response.status_code == 200 and response.content
                    problem = None if ok else f"{response.status_code} {method} {path} {params}: {response.text[:200]}"
                except httpx.HTTPError as exc:
                    problem = f"{type(exc).__name__} {method} {path} {params}"
                with lock:
                    timings.append((started, kind, time.monotonic() - started))
                    if problem:
                        errors.append(problem)

    threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings, errors


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"count": len(ordered), "p50_ms": round(pick(0.50) * 1000, 1), "p99_ms": round(pick(0.99) * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1)}


def _window_rss(samples: list[tuple[float, int]], start: float, end: float) -> float:
    return statistics.median(rss for at, rss in samples if start <= at <= end)


@pytest.fixture(scope="module")
def load_server(loaded_store_path, tmp_path_factory):
    """A server of its own, sized for ``CLIENTS`` (no 429 expected), over a copy of the sample store."""
    store = tmp_path_factory.mktemp("load-store") / "store"
    shutil.copytree(loaded_store_path, store, ignore=shutil.ignore_patterns("LOCK"))
    settings = {"SZKG_MAX_HEAVY_QUERIES": str(CLIENTS), "SZKG_QUERY_WORKERS": "2", "SZKG_LOG_LEVEL": "WARNING"}
    process, url = start_server(store, settings, tmp_path_factory.mktemp("load-server") / "server.log")
    try:
        yield process, url
    finally:
        stop_server(process)


def write_report(report: dict) -> None:
    """Add this run to ``benchmarks/results/reliability-load-<date>.json`` (one entry per duration)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"reliability-load-{report['date']}.json"
    runs = json.loads(path.read_text()).get("runs", {}) if path.exists() else {}
    runs[f"{report['duration_s']:g}s"] = report
    path.write_text(json.dumps({"date": report["date"], "runs": runs}, ensure_ascii=False, indent=2) + "\n")


def sustained_load(load_server, seconds: float, command: str) -> dict:
    """Warm up, run the load, check it and write the figures; the report."""
    process, url = load_server
    with httpx.Client(base_url=url, timeout=60) as client:
        mix = build_mix(client)
        for kind, requests in mix.items():  # warm-up: every request once, and each must already succeed
            for method, path, params in requests:
                response = _send(client, method, path, params)
                assert response.status_code == 200, (kind, method, path, params, response.text[:300])
    with RssSampler(process.pid, every_s=0.25) as rss:
        began = time.monotonic()
        timings, errors = run_clients(url, mix, seconds)
        ended = time.monotonic()
    assert not errors, f"{len(errors)} errors, e.g. {errors[:5]}"
    window = min(WINDOW_S, (ended - began) / 3)
    first, last = _window_rss(rss.samples, began, began + window), _window_rss(rss.samples, ended - window, ended)
    report = {
        "date": datetime.date.today().isoformat(), "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "clients": CLIENTS, "duration_s": seconds, "seconds": round(ended - began, 1), "errors": len(errors),
        "requests": len(timings), "requests_per_s": round(len(timings) / (ended - began), 1),
        "all": _percentiles([t for _, _, t in timings]),
        "by_kind": {kind: _percentiles([t for _, k, t in timings if k == kind]) for kind in mix},
        "rss_mib": {"first_window": mib(first), "last_window": mib(last), "window_s": round(window, 1),
                    "peak": mib(rss.peak)},
        "load_average_1min": round(os.getloadavg()[0], 1),  # other work on the machine slows every figure
        "command": command,
    }
    write_report(report)
    assert last <= first * 1.10 + GROWTH_ALLOWANCE, f"memory grew from {mib(first)} to {mib(last)} MiB"
    assert all(report["by_kind"][kind]["count"] > 0 for kind in mix)
    return report


def test_sustained_load_has_no_errors_and_no_memory_growth(load_server, figures):
    command = f"SZKG_LOAD_SECONDS={LOAD_SECONDS:g} .venv/bin/python -m pytest tests/reliability/test_sustained_load.py"
    figures["sustained_load"] = sustained_load(load_server, LOAD_SECONDS, command)


@pytest.mark.slow
def test_sustained_load_for_a_minute(load_server, figures):
    command = ".venv/bin/python -m pytest -m slow tests/reliability/test_sustained_load.py"
    figures["sustained_load_60s"] = sustained_load(load_server, SLOW_SECONDS, command)
