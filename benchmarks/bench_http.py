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
Each round also records the server's CPU time a request (its process and children):
other users' load barely changes it, and ``cpu_ratios`` compares it (peer ÷ ours).

The workload is the three ad-hoc shapes of :mod:`benchmarks.bench_query` (aggregate,
3-way join, text filter) sent in turn as ``application/sparql-query`` POSTs asking for
SPARQL JSON. The load generator is another process (:mod:`benchmarks.http_client`);
it reports its own CPU use, and a calibration run against ``oxigraph`` with a trivial
query shows how many requests a second it can drive at most.
"""

import logging
import os
import statistics
import subprocess
import tempfile
from pathlib import Path

from benchmarks import workload
# Re-exported: bench_limits and bench_profile start servers through this module.
from benchmarks.http_servers import (EXTRA_SERVERS, SERVERS, SZKG_ENV, drive, free_port, http_queries,  # noqa: F401
                                     post_query, query_service, row_counts, server_command, server_name, stop,
                                     tree_cpu_s, tree_rss_mb, wait_ready)
from benchmarks.workload import size_label

logger = logging.getLogger(__name__)

MODES = {  # client levels, seconds per drive, rounds, sizes by default, seconds to wait for a server to start
    "smoke": {"levels": (8,), "duration_s": 1.0, "rounds": 1, "sizes": workload.SMOKE_SIZES, "start_s": 120},
    "quick": {"levels": (1, 8, 32), "duration_s": 2.0, "rounds": 3, "sizes": (100_000,), "start_s": 300},
    "full": {"levels": (1, 8, 32), "duration_s": 4.0, "rounds": 5, "sizes": (10_000, 100_000, 1_000_000), "start_s": 900},
}
# A server this slow at one level only queues more at the next (and rdflib-endpoint cannot
# drop a request its client gave up on): higher levels are skipped and the report says so.
SLOW_P50_MS = 5_000


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
                cpu_before = tree_cpu_s(server.process.pid)
                try:
                    sample = drive(server.url, queries, clients, mode["duration_s"])
                except (subprocess.CalledProcessError, OSError, ValueError) as exc:
                    server.fail(exc)
                    continue
                # CPU a request: what load from other users of the machine barely changes.
                cpu_ms = (tree_cpu_s(server.process.pid) - cpu_before) * 1000
                sample["server_cpu_ms_per_request"] = round(cpu_ms / sample["ok"], 2) if sample["ok"] else None
                sample["server_rss_mb"] = tree_rss_mb(server.process.pid)
                server.samples.setdefault(clients, []).append(sample)
                if sample.get("p50_ms", 0) > SLOW_P50_MS:
                    server.skip_from = min(server.skip_from or clients + 1, clients + 1)


def median_sample(samples: list[dict]) -> dict:
    """The round with the median throughput (the lower middle one), with every round's throughput."""
    ranked = sorted(samples, key=lambda s: s["throughput_rps"])
    return {**ranked[(len(ranked) - 1) // 2], "rounds_rps": [s["throughput_rps"] for s in samples],
            "rounds_cpu_ms": [s.get("server_cpu_ms_per_request") for s in samples]}


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


def compare(servers: dict, levels, key: str = "rounds_rps", ours_over_theirs: bool = True) -> dict:
    """Our throughput over each peer's per client level: the median of the per-round ratios.

    Round r of szkg and round r of a peer ran within seconds of each other, so their
    ratio is the least disturbed by load drifting on a shared machine. With
    ``key="rounds_cpu_ms"`` and ``ours_over_theirs=False``: the peer's CPU a request over ours.
    """
    def rounds(name: str, clients) -> list:
        return servers.get(name, {}).get("levels", {}).get(str(clients), {}).get(key, [])

    ratios: dict = {}
    for clients in levels:
        ratios[str(clients)] = {}
        for peer in servers:
            if peer == "szkg":
                continue
            pairs = zip(rounds("szkg", clients), rounds(peer, clients))
            paired = [workload.ratio(*(pair if ours_over_theirs else pair[::-1])) for pair in pairs]
            paired = [r for r in paired if r is not None]
            ratios[str(clients)][peer] = round(statistics.median(paired), 2) if paired else None
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
                                             "ratios": compare(measured, mode["levels"]),
                                             "cpu_ratios": compare(measured, mode["levels"], "rounds_cpu_ms", False)}
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
