"""HTTP throughput and latency at 1, 8 and 32 concurrent clients, ours against three peers.

Servers, each a subprocess over the same data, all running at once:

* ``szkg``: ``szkg serve`` on the on-disk store (``SZKG_STORE=oxigraph:DIR``); in full runs
  also ``szkg_warm8``, the same with 8 warm query workers; ``szkg_wN`` (``--servers``)
  runs N warm workers, ``szkg_accesslog`` logs every request (``--access-log``);
* ``bare_fastapi``: :mod:`benchmarks.bare_fastapi`, a bare FastAPI route over pyoxigraph;
* ``oxigraph``: ``oxigraph serve-read-only --union-default-graph`` (the Rust server);
* ``rdflib_endpoint``: ``rdflib-endpoint serve`` of the same N-Quads.

The machine may be shared, and its load drifts: so the servers are measured in
interleaved rounds (each round drives every server in turn, for a few seconds, at
each client level; the order rotates between rounds). A server's figure at a level is
its median round, and our ratio to a peer is the median of the per-round ratios.

The workload is the three ad-hoc shapes of :mod:`benchmarks.bench_query` (aggregate,
3-way join, text filter) sent in turn as ``application/sparql-query`` POSTs asking for
SPARQL JSON. The load generator is another process (:mod:`benchmarks.http_client`);
it reports its own CPU use, and a calibration run against ``oxigraph`` with a trivial
query shows how many requests a second it can drive at most.
"""

import json
import logging
import os
import re
import socket
import statistics
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
MODES = {  # client levels, seconds per drive, rounds, sizes by default, seconds to wait for a server to start
    "smoke": {"levels": (8,), "duration_s": 1.0, "rounds": 1, "sizes": workload.SMOKE_SIZES, "start_s": 120},
    "quick": {"levels": (1, 8, 32), "duration_s": 2.0, "rounds": 3, "sizes": (100_000,), "start_s": 300},
    "full": {"levels": (1, 8, 32), "duration_s": 4.0, "rounds": 5, "sizes": (10_000, 100_000, 1_000_000), "start_s": 900},
}
_VARIANT = re.compile(r"^szkg(_w(\d+)|_warm8|_accesslog)?$")
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
    if name == "szkg_before":  # TEMPORARY: the server as it was (asyncio loop, access log on)
        code = ("import uvicorn; from api.utf8_targets import Utf8TargetH11Protocol as P; uvicorn.run('api.app:create_app',"
                f" factory=True, port={port}, http=P, loop='asyncio', log_level='info')")
        env = {**SZKG_ENV, "SZKG_STORE": f"oxigraph:{store}", "SZKG_LOG_LEVEL": "INFO"}
        return [sys.executable, "-c", code], env, f"http://127.0.0.1:{port}/sparql"
    variant = _VARIANT.match(name)
    if variant:
        env = {**SZKG_ENV, "SZKG_STORE": f"oxigraph:{store}", "SZKG_LOG_LEVEL": "INFO"}
        if variant.group(2) or name == "szkg_warm8":  # N warm query workers: what the pool's policy costs
            env["SZKG_QUERY_WORKERS"] = variant.group(2) or "8"
        command = [str(BIN / "szkg"), "serve", "--port", str(port)] + (["--access-log"] if name == "szkg_accesslog" else [])
        return command, env, f"http://127.0.0.1:{port}/sparql"
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
    raise ValueError(f"unknown server {name!r}; expected one of {', '.join(SERVERS)} or szkg_wN")


def server_name(name: str) -> str:
    """A ``--servers`` entry, checked."""
    if name in SERVERS + EXTRA_SERVERS or _VARIANT.match(name) or name == "szkg_before":
        return name
    raise ValueError(f"unknown server {name!r}")


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


class Running:
    """A started server: its process, log file, URL and the figures gathered so far."""

    def __init__(self, name: str, store: Path, nquads: Path) -> None:
        self.name, self.port = name, free_port()
        command, env, self.url = server_command(name, store, nquads, self.port)
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(command, env={**os.environ, **env}, cwd=workload.ROOT,
                                        stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.figures: dict = {"url": self.url, "levels": {}}
        self.samples: dict[int, list[dict]] = {}
        self.skip_from: int | None = None  # client level from which this server is too slow to measure

    def fail(self, exc: Exception) -> None:
        """Record why the server failed, with the end of its output."""
        self.log.seek(0)
        self.figures["error"] = f"{exc}; server output: {self.log.read()[-1500:].decode(errors='replace')}"
        logger.warning("%s failed: %s", self.name, self.figures["error"])

    @property
    def alive(self) -> bool:
        return "error" not in self.figures


def start_servers(names, store: Path, nquads: Path, queries: list[dict], mode: dict) -> list[Running]:
    """Start every server, then wait for each, check its answers and warm it up."""
    servers = [Running(name, store, nquads) for name in names]
    for server in servers:
        try:
            server.figures["startup_s"] = wait_ready(server.process, server.url, mode["start_s"])
            server.figures["rows"] = row_counts(server.url, queries)
            drive(server.url, queries, 1, min(1.0, mode["duration_s"]))  # warm up
        except (RuntimeError, subprocess.CalledProcessError, OSError, ValueError) as exc:
            server.fail(exc)
    return servers


def drive_rounds(servers: list[Running], queries: list[dict], mode: dict) -> None:
    """``rounds`` times, at each client level, a short drive of every server in turn (order rotated).

    Interleaved so that the load other users put on a shared machine falls on every
    server alike: each round measures all servers within seconds of one another.
    """
    for round_index in range(mode["rounds"]):
        for clients in mode["levels"]:
            turn = round_index % len(servers)
            for server in servers[turn:] + servers[:turn]:
                if not server.alive or (server.skip_from is not None and clients >= server.skip_from):
                    continue
                logger.info("round %d, %d clients: %s", round_index + 1, clients, server.name)
                try:
                    sample = drive(server.url, queries, clients, mode["duration_s"])
                except (subprocess.CalledProcessError, OSError, ValueError) as exc:
                    server.fail(exc)
                    continue
                sample["server_rss_mb"] = tree_rss_mb(server.process.pid)
                server.samples.setdefault(clients, []).append(sample)
                if sample.get("p50_ms", 0) > SLOW_P50_MS:
                    server.skip_from = min(server.skip_from or clients + 1, clients + 1)


def median_sample(samples: list[dict]) -> dict:
    """The round with the median throughput (the lower middle one), with every round's throughput."""
    ranked = sorted(samples, key=lambda s: s["throughput_rps"])
    return {**ranked[(len(ranked) - 1) // 2], "rounds_rps": [s["throughput_rps"] for s in samples]}


def summarise(server: Running, levels) -> dict:
    """The server's figures: per client level, the median round."""
    for clients in levels:
        if server.samples.get(clients):
            server.figures["levels"][str(clients)] = median_sample(server.samples[clients])
    if server.skip_from is not None:
        server.figures["skipped_levels"] = f"from {server.skip_from} clients on: p50 over {SLOW_P50_MS / 1000:g} s already"
    return server.figures


def measure_servers(names, store: Path, nquads: Path, queries: list[dict], mode: dict) -> dict:
    """Start all servers, drive them in interleaved rounds, stop them; figures per server."""
    servers = start_servers(names, store, nquads, queries, mode)
    try:
        drive_rounds(servers, queries, mode)
        for server in servers:
            if server.alive and server.name.startswith("szkg"):
                server.figures["query_service"] = query_service(server.url)
            if server.alive and server.name == "oxigraph":
                server.figures["client_calibration"] = drive(server.url, [{"name": "ask", "body": "ASK {}"}], 8,
                                                             mode["duration_s"])
    finally:
        for server in servers:
            stop(server.process)
            server.log.close()
    return {server.name: summarise(server, mode["levels"]) for server in servers}


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
    """Our throughput over each peer's per client level: the median of the per-round ratios.

    Round r of szkg and round r of a peer ran within seconds of each other, so their
    ratio is the least disturbed by load drifting on a shared machine.
    """
    def rounds(name: str, clients) -> list:
        return servers.get(name, {}).get("levels", {}).get(str(clients), {}).get("rounds_rps", [])

    ratios: dict = {}
    for clients in levels:
        ratios[str(clients)] = {}
        for peer in servers:
            if peer == "szkg":
                continue
            paired = [workload.ratio(ours, theirs) for ours, theirs in zip(rounds("szkg", clients), rounds(peer, clients))]
            paired = sorted(r for r in paired if r is not None)
            ratios[str(clients)][peer] = statistics.median(paired) if paired else None
    return ratios


def run(quick: bool = False, sizes: list[int] | None = None, smoke: bool = False,
        servers: tuple[str, ...] | None = None, duration_s: float | None = None, rounds: int | None = None) -> dict:
    """Measure every server at every size; write ``benchmarks/results/http-<date>.json``."""
    mode_name = "smoke" if smoke else "quick" if quick else "full"
    mode = MODES[mode_name] | ({"duration_s": duration_s} if duration_s else {}) | ({"rounds": rounds} if rounds else {})
    servers = servers or (SERVERS + EXTRA_SERVERS if mode_name == "full" else SERVERS)
    queries = http_queries()
    result = {"mode": mode_name, "settings": {k: v for k, v in mode.items() if k != "sizes"},
              "szkg_env": SZKG_ENV, "queries": [q["name"] for q in queries], "load_average": os.getloadavg(), "sizes": {}}
    for size in sizes or mode["sizes"]:
        store, nquads = workload.corpus_store(size), workload.corpus_nquads(size)
        logger.info("HTTP benchmark at %s triples: %s", size_label(size), ", ".join(servers))
        measured = measure_servers(servers, store, nquads, queries, mode)
        result["sizes"][size_label(size)] = {"triples": size, "servers": measured,
                                             "ratios": compare(measured, mode["levels"])}
    result["load_average_after"] = os.getloadavg()
    result["path"] = str(workload.write_result("http", result))
    return result


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="HTTP throughput: szkg serve against its peers")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--sizes", nargs="*", type=workload.parse_size)
    parser.add_argument("--servers", nargs="*", type=server_name, help=f"default: {' '.join(SERVERS)}; also szkg_wN, "
                        "szkg_warm8, szkg_accesslog")
    parser.add_argument("--duration", type=float, help="seconds per drive (default: the mode's)")
    parser.add_argument("--rounds", type=int, help="interleaved rounds (default: the mode's)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    print(run(args.quick, args.sizes, args.smoke, tuple(args.servers) if args.servers else None,
              args.duration, args.rounds)["path"])
