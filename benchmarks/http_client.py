"""The HTTP load generator: N client threads, each with one keep-alive connection.

``python -m benchmarks.http_client SPEC.json`` reads ``{"url", "queries": [{"name",
"body"}], "clients", "duration_s", "timeout_s"}`` and prints its figures as JSON.
Each client sends the queries in turn (starting at a different one) as
``application/sparql-query`` POSTs, waits for the whole body, and stops sending
once the duration is over; throughput counts 2xx answers over the time until the
last one came back. ``http.client`` rather than httpx: less client CPU a request,
and the figures include that CPU use (``client_cpu_cores``) so a saturated client shows.
"""

import http.client
import json
import sys
import threading
import time
import urllib.parse

from benchmarks.workload import latency_summary

_HEADERS = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}


def _connect(url: urllib.parse.SplitResult, timeout: float) -> http.client.HTTPConnection:
    return http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)


def client_loop(spec: dict, offset: int, end: float, samples: list) -> None:
    """One client: send queries until ``end``; append (name, seconds, status) to ``samples``."""
    url = urllib.parse.urlsplit(spec["url"])
    queries = spec["queries"]
    connection = _connect(url, spec["timeout_s"])
    sent = offset
    while time.monotonic() < end:
        query = queries[sent % len(queries)]
        sent += 1
        started = time.monotonic()
        try:
            connection.request("POST", url.path or "/", body=query["body"].encode(), headers=_HEADERS)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = 0
            connection.close()
            connection = _connect(url, spec["timeout_s"])
        samples.append((query["name"], time.monotonic() - started, status, time.monotonic()))
    connection.close()


def drive(spec: dict) -> dict:
    """Run the clients; return throughput, latency and the client's own CPU use."""
    samples: list = []
    cpu_before = time.process_time()
    started = time.monotonic()
    end = started + spec["duration_s"]
    threads = [threading.Thread(target=client_loop, args=(spec, i, end, samples)) for i in range(spec["clients"])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = max((s[3] for s in samples), default=time.monotonic()) - started
    ok = [s for s in samples if 200 <= s[2] < 300]
    statuses: dict[str, int] = {}
    for sample in samples:
        statuses[str(sample[2])] = statuses.get(str(sample[2]), 0) + 1
    per_query = {name: latency_summary([s[1] for s in ok if s[0] == name]) for name in {s[0] for s in samples}}
    return {
        "clients": spec["clients"],
        "requests": len(samples),
        "ok": len(ok),
        "statuses": statuses,
        "wall_s": round(wall, 3),
        "throughput_rps": round(len(ok) / wall, 2) if wall > 0 else 0.0,
        **latency_summary([s[1] for s in ok]),
        "per_query": per_query,
        "client_cpu_cores": round((time.process_time() - cpu_before) / wall, 3) if wall > 0 else None,
    }


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        print(json.dumps(drive(json.load(handle))))
