"""HTTP throughput and latency at 1, 8 and 32 concurrent clients, ours against three peers.

Servers, each a subprocess over the same data, measured one at a time:

* ``szkg``: ``szkg serve`` on the on-disk store (``SZKG_STORE=oxigraph:DIR``); in full runs
  also ``szkg_warm8``, the same with 8 warm query workers instead of 2;
* ``bare_fastapi``: :mod:`benchmarks.bare_fastapi`, a bare FastAPI route over pyoxigraph;
* ``oxigraph``: ``oxigraph serve-read-only --union-default-graph`` (the Rust server);
* ``rdflib_endpoint``: ``rdflib-endpoint serve`` of the same N-Quads.

The workload is the three ad-hoc shapes of :mod:`benchmarks.bench_query` (aggregate,
3-way join, text filter) sent in turn as ``application/sparql-query`` POSTs asking for
SPARQL JSON. The load generator is another process (:mod:`benchmarks.http_client`);
it reports its own CPU use, and a calibration run against ``oxigraph`` with a trivial
query shows how many requests a second it can drive at most.
"""

import json
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil

from benchmarks import workload
from benchmarks.bench_query import ADHOC, load_registry
from benchmarks.workload import size_label

logger = logging.getLogger(__name__)

BIN = Path(sys.executable).parent
SERVERS = ("szkg", "bare_fastapi", "oxigraph", "rdflib_endpoint")
EXTRA_SERVERS = ("szkg_warm8",)  # full runs only
MODES = {  # client levels, seconds per level, sizes by default, seconds to wait for a server to start
    "smoke": {"levels": (8,), "duration_s": 1.0, "sizes": workload.SMOKE_SIZES, "start_s": 120},
    "quick": {"levels": (1, 8, 32), "duration_s": 2.0, "sizes": (100_000,), "start_s": 300},
    "full": {"levels": (1, 8, 32), "duration_s": 10.0, "sizes": (10_000, 100_000, 1_000_000), "start_s": 900},
}
# A server this slow at one level only queues more at the next (and rdflib-endpoint cannot
# drop a request its client gave up on): higher levels are skipped and the report says so.
SLOW_P50_MS = 5_000
# Our server's limits stay at their defaults except the cap on concurrent ad-hoc queries
# (4 by default: beyond it clients get 429, which a throughput test would count as failures).
SZKG_ENV = {"SZKG_MAX_HEAVY_QUERIES": "64", "SZKG_VALIDATE_ON_LOAD": "false"}


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_command(name: str, store: Path, nquads: Path, port: int) -> tuple[list[str], dict, str]:
    """(command, extra environment, SPARQL URL) of one server."""
    if name in ("szkg", "szkg_warm8"):
        env = {**SZKG_ENV, "SZKG_STORE": f"oxigraph:{store}", "SZKG_LOG_LEVEL": "INFO"}
        if name == "szkg_warm8":  # eight warm query workers instead of two: what the pool's policy costs
            env["SZKG_QUERY_WORKERS"] = "8"
        return [str(BIN / "szkg"), "serve", "--port", str(port)], env, f"http://127.0.0.1:{port}/sparql"
    if name == "bare_fastapi":
        command = [sys.executable, "-m", "uvicorn", "--factory", "benchmarks.bare_fastapi:create_app",
                   "--port", str(port), "--no-access-log", "--log-level", "warning"]
        return command, {"BARE_STORE": str(store)}, f"http://127.0.0.1:{port}/sparql"
    if name == "oxigraph":
        command = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(store),
                   "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
        return command, {}, f"http://127.0.0.1:{port}/query"
    if name == "rdflib_endpoint":
        command = [str(BIN / "rdflib-endpoint"), "serve", str(nquads), "--host", "127.0.0.1", "--port", str(port)]
        return command, {}, f"http://127.0.0.1:{port}/"
    raise ValueError(f"unknown server {name!r}; expected one of {', '.join(SERVERS)}")


def post_query(url: str, query: str, timeout: float = 30) -> tuple[int, bytes]:
    """One SPARQL POST; (status, body)."""
    request = urllib.request.Request(url, data=query.encode(), method="POST", headers={
        "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def wait_ready(process: subprocess.Popen, url: str, timeout_s: float) -> float:
    """Seconds until the server answers ASK {}; raises RuntimeError if it dies or never does."""
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            if post_query(url, "ASK {}", timeout=5)[0] == 200:
                return round(time.monotonic() - started, 2)
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {timeout_s} s")


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
        return round(sum(p.memory_info().rss for p in processes) / 1e6, 1)
    except psutil.Error:
        return 0.0


def query_service(sparql_url: str) -> dict | None:
    """Our server's query-runner counters (workers started, killed…) from ``/-/stats``."""
    try:
        with urllib.request.urlopen(sparql_url.removesuffix("/sparql") + "/-/stats", timeout=60) as response:
            return json.loads(response.read()).get("query_service")
    except (OSError, ValueError):
        return None


def row_counts(url: str, queries: list[dict]) -> dict:
    """Rows each query returns from this server (a check that all servers answer alike)."""
    counts = {}
    for query in queries:
        status, body = post_query(url, query["body"], timeout=600)
        counts[query["name"]] = len(json.loads(body)["results"]["bindings"]) if status == 200 else f"HTTP {status}"
    return counts


def drive(url: str, queries: list[dict], clients: int, duration_s: float) -> dict:
    """Run the load generator process against ``url``; returns its figures."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as spec:
        json.dump({"url": url, "queries": queries, "clients": clients, "duration_s": duration_s,
                   "timeout_s": max(60.0, 6 * duration_s)}, spec)
    try:
        output = subprocess.run([sys.executable, "-m", "benchmarks.http_client", spec.name],
                                capture_output=True, text=True, check=True, cwd=workload.ROOT).stdout
    finally:
        os.unlink(spec.name)
    return json.loads(output)


def measure_server(name: str, store: Path, nquads: Path, queries: list[dict], mode: dict) -> dict:
    """Start one server, check its answers, drive it at each client level, stop it."""
    port = free_port()
    command, env, url = server_command(name, store, nquads, port)
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(command, env={**os.environ, **env}, cwd=workload.ROOT,
                               stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    figures: dict = {"url": url}
    try:
        figures["startup_s"] = wait_ready(process, url, mode["start_s"])
        figures["rows"] = row_counts(url, queries)
        drive(url, queries, 1, min(1.0, mode["duration_s"]))  # warm up
        figures["levels"] = {}
        for clients in mode["levels"]:
            if figures["levels"] and list(figures["levels"].values())[-1].get("p50_ms", 0) > SLOW_P50_MS:
                figures["skipped_levels"] = f"from {clients} clients on: p50 over {SLOW_P50_MS / 1000:g} s already"
                break
            figures["levels"][str(clients)] = drive(url, queries, clients, mode["duration_s"])
            figures["levels"][str(clients)]["server_rss_mb"] = tree_rss_mb(process.pid)
        if name.startswith("szkg"):
            figures["query_service"] = query_service(url)
        if name == "oxigraph":
            figures["client_calibration"] = drive(url, [{"name": "ask", "body": "ASK {}"}], 8, mode["duration_s"])
    except (RuntimeError, subprocess.CalledProcessError, OSError, ValueError) as exc:
        log.seek(0)
        figures["error"] = f"{exc}; server output: {log.read()[-1500:].decode(errors='replace')}"
        logger.warning("%s failed: %s", name, figures["error"])
    finally:
        stop(process)
        log.close()
    return figures


def stop(process: subprocess.Popen) -> None:
    """Terminate a server and its children (szkg's query workers)."""
    children = psutil.Process(process.pid).children(recursive=True) if process.poll() is None else []
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    for child in children:
        if child.is_running():
            child.kill()


def http_queries() -> list[dict]:
    """The workload: the ad-hoc shapes with the registry's prologue."""
    prologue = load_registry().prologue
    return [{"name": name, "body": prologue + text} for name, text in ADHOC.items()]


def compare(servers: dict, levels) -> dict:
    """Our throughput over each peer's, per client level."""
    def rate(name: str, clients) -> float | None:
        return servers.get(name, {}).get("levels", {}).get(str(clients), {}).get("throughput_rps")

    return {str(c): {peer: workload.ratio(rate("szkg", c), rate(peer, c)) for peer in servers if peer != "szkg"}
            for c in levels}


def run(quick: bool = False, sizes: list[int] | None = None, smoke: bool = False,
        servers: tuple[str, ...] | None = None) -> dict:
    """Measure every server at every size; write ``benchmarks/results/http-<date>.json``."""
    mode_name = "smoke" if smoke else "quick" if quick else "full"
    mode = MODES[mode_name]
    servers = servers or (SERVERS + EXTRA_SERVERS if mode_name == "full" else SERVERS)
    queries = http_queries()
    result = {"mode": mode_name, "settings": {k: v for k, v in mode.items() if k != "sizes"},
              "szkg_env": SZKG_ENV, "queries": [q["name"] for q in queries], "sizes": {}}
    for size in sizes or mode["sizes"]:
        store, nquads = workload.corpus_store(size), workload.corpus_nquads(size)
        measured = {}
        for name in servers:
            logger.info("HTTP benchmark: %s at %s triples", name, size_label(size))
            measured[name] = measure_server(name, store, nquads, queries, mode)
        result["sizes"][size_label(size)] = {"triples": size, "servers": measured,
                                             "ratios": compare(measured, mode["levels"])}
    result["path"] = str(workload.write_result("http", result))
    return result


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="HTTP throughput: szkg serve against its peers")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--sizes", nargs="*", type=workload.parse_size)
    parser.add_argument("--servers", nargs="*", choices=SERVERS + EXTRA_SERVERS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    print(run(args.quick, args.sizes, args.smoke, tuple(args.servers) if args.servers else None)["path"])
