"""Honest limits of ``/sparql``: how precisely a runaway query is stopped, how fast a
simple query answers next to it, and what the worker-to-server transport costs.

``python -m benchmarks.bench_limits [--quick]`` writes ``results/limits-<date>.json``.

* ``timeouts``: ``szkg serve`` with a 2 s limit on the synthetic corpus; each trial
  sends a four-pattern cross product (hours of work) and, 0.3 s later, simple ASKs one
  after another until the runaway's 503 arrives. Reported: the 503's lateness past the
  limit, the ASK latencies meanwhile, and the same ASK on an idle server.
* ``transport``: 10k rows × 4 terms from a worker to the parent, as pickled pyoxigraph
  terms against the SPARQL TSV text the workers send (``api._query_worker``).
"""

import argparse
import os
import pickle
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph as ox

from api._query_worker import encode_rows
from benchmarks import workload
from benchmarks.bench_http import free_port, post_query, query_service, server_command, wait_ready

TIME_LIMIT_S = 2.0
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SIMPLE = "ASK { ?s ?p ?o }"


def _runaway_trial(url: str) -> dict:
    """One runaway query with simple queries sent while it runs."""
    outcome: dict = {}

    def runaway() -> None:
        started = time.monotonic()
        outcome["status"], _ = post_query(url, CROSS_PRODUCT, timeout=60)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    latencies = []
    while thread.is_alive():
        started = time.monotonic()
        status, _ = post_query(url, SIMPLE)
        if thread.is_alive() and status == 200:
            latencies.append(time.monotonic() - started)
    thread.join()
    return {"status": outcome["status"], "late_s": round(outcome["seconds"] - TIME_LIMIT_S, 3), "simple": latencies}


def measure_timeouts(size: int, trials: int) -> dict:
    """Trials against a real server over a copy of the synthetic store."""
    with tempfile.TemporaryDirectory() as scratch:
        store = Path(scratch) / "store"
        shutil.copytree(workload.corpus_store(size), store, ignore=shutil.ignore_patterns("DONE", "LOCK"))
        port = free_port()
        command, env, url = server_command("szkg", store, Path(scratch), port)
        env = os.environ | env | {"SZKG_QUERY_TIMEOUT_S": str(TIME_LIMIT_S), "SZKG_LOG_LEVEL": "WARNING"}
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_ready(process, url, 120)
            idle = [_timed_simple(url) for _ in range(30)]
            runs = [_runaway_trial(url) for _ in range(trials)]
            service = query_service(url)
        finally:
            process.terminate()
            process.wait(timeout=30)
    next_to_runaway = [s for run in runs for s in run["simple"]]
    return {
        "triples": size, "time_limit_s": TIME_LIMIT_S, "statuses": [run["status"] for run in runs],
        "late_past_limit_s": [run["late_s"] for run in runs],
        "simple_next_to_runaway": workload.latency_summary(next_to_runaway),
        "simple_idle": workload.latency_summary(idle), "query_service": service,
    }


def _timed_simple(url: str) -> float:
    started = time.monotonic()
    post_query(url, SIMPLE)
    return time.monotonic() - started


def measure_transport(rows: int = 10_000) -> dict:
    """Worker → parent cost of ``rows`` rows × 4 terms, both encodings, best of 5."""
    terms = [
        (ox.NamedNode(f"https://w3id.org/szreform/reform/440307/r{i}"), ox.Literal(f"改革 {i}", language="zh"),
         ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), ox.NamedNode(f"https://w3id.org/szreform/graph/doc/{i % 50}"))
        for i in range(rows)
    ]
    variables = ["s", "label", "p", "g"]

    def pickled() -> None:
        decoded = pickle.loads(pickle.dumps(terms, protocol=pickle.HIGHEST_PROTOCOL))
        [dict(zip(variables, row)) for row in decoded]

    def tsv() -> None:
        payload = pickle.loads(pickle.dumps(encode_rows(variables, terms, rows)[0]))
        [dict(zip(variables, s)) for s in ox.parse_query_results(payload, ox.QueryResultsFormat.TSV)]

    return {"rows": rows, "pickled_terms_ms": _best_ms(pickled), "tsv_text_ms": _best_ms(tsv)}


def _best_ms(action) -> float:
    return round(min(workload.timed_runs(action, budget_s=2.0, max_runs=5)) * 1000, 1)


def run(quick: bool) -> dict:
    """The section for ``benchmarks.run_all``; the load average says how busy the machine was."""
    load_before = [round(x, 2) for x in os.getloadavg()]
    timeouts = measure_timeouts(10_000 if quick else 100_000, 3 if quick else 10)
    return {"transport": measure_transport(), "timeouts": timeouts, "nproc": os.cpu_count(),
            "load_average": {"before": load_before, "after": [round(x, 2) for x in os.getloadavg()]}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10k triples, 3 trials (default: 100k, 10 trials)")
    path = workload.write_result("limits", run(parser.parse_args().quick))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
