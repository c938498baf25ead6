"""The servers of the HTTP benchmark (:mod:`benchmarks.bench_http`): start, check, drive, stop.

``server_command`` says how each is started over the same data; ``drive`` runs the
load generator (:mod:`benchmarks.http_client`) against one; the ``tree_*`` figures
add up a server's process and its children (szkg's query workers).
"""

import json
import os
import re
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
from benchmarks.workload import merged_store

BIN = Path(sys.executable).parent
SERVERS = ("szkg", "bare_fastapi", "oxigraph", "rdflib_endpoint")
EXTRA_SERVERS = ("szkg_warm8",)  # full runs only
_VARIANT = re.compile(r"^szkg(_w(\d+)|_warm8|_accesslog)?$")
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
        # the store's default graph is the merge of its graphs (graph._merged_default): serve it as
        # is, else Oxigraph's union view (which repeats a triple once per graph holding it)
        union = [] if merged_store(store) else ["--union-default-graph"]
        command = [str(BIN / "oxigraph"), "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}", *union]
        return command, {}, f"http://127.0.0.1:{port}/query"
    if name == "rdflib_endpoint":
        command = [str(BIN / "rdflib-endpoint"), "serve", str(nquads), "--host", "127.0.0.1", "--port", str(port)]
        return command, {}, f"http://127.0.0.1:{port}/"
    raise ValueError(f"unknown server {name!r}; expected one of {', '.join(SERVERS)} or szkg_wN")


def server_name(name: str) -> str:
    """A ``--servers`` entry, checked."""
    if name in SERVERS + EXTRA_SERVERS or _VARIANT.match(name):
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


def tree_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) of a process and its live children so far."""
    try:
        root = psutil.Process(pid)
        return sum(sum(p.cpu_times()[:2]) for p in [root, *root.children(recursive=True)])
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
