"""Where the time goes, from a sampling profiler (py-spy, native frames included).

Two workloads per size: (1) every curated query in turn in one process over the
on-disk store (the product's query path), native frames included, so RocksDB and
the SPARQL evaluator show apart; (2) ``szkg serve`` under 8 concurrent clients
sending the HTTP benchmark's queries (server and its query workers sampled
together), Python frames only: sampling without pausing the processes keeps the
load realistic, and native time shows under the Python call that ran it. Each sample is put in the first category whose pattern one of
its frames matches (order below), so "RocksDB reads" inside a result iterator
counts as query evaluation, not as result encoding.

Needs ``py-spy`` (dev dependency) and ptrace rights; reports ``skipped`` without them.
Taken in full runs only (``--quick`` and ``--smoke`` skip it unless sizes are given).
"""

import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import workload
from benchmarks.workload import size_label

CATEGORIES = (  # (label, substrings; a sample goes to the first label one of its frames matches)
    ("process start-up and imports", ("importlib", "read_only (graph/_oxigraph.py")),
    ("RocksDB reads (index scans, block cache)", ("rocksdb",)),
    ("SPARQL evaluation (joins, filters, aggregates)", ("spareval", "sparopt", "spargebra", "oxigraph")),
    ("running the query and encoding its rows in the worker (results are lazy)", ("encode_rows", "encode_triples", "term_text", "run_job")),
    ("decoding worker replies, building responses", ("_outcome (api", "parse_query_results", "serialize_outcome", "to_json", "json/")),
    ("pipes and pickling between processes", ("multiprocessing/connection", "pickle", "exchange (api", "_worker_process.py")),
    ("logging", ("logging/",)),
    ("HTTP and ASGI (uvicorn, starlette, fastapi, h11)", ("uvicorn", "starlette", "fastapi", "h11", "asyncio")),
    ("result conversion in Python", (".py:",)),
)
# Frames of a thread that waits (for a socket, a pipe, a lock): such samples are not work, dropped.
WAITING = ("select (selectors", "epoll_wait", "poll (libc", "Condition.wait", "wait (threading", "_recv (multiprocessing",
           "poll (multiprocessing", "_poll (multiprocessing", "acquire", "_wait_for_tstate_lock", "recv_bytes", "readinto")
OTHER = "other native code (allocator, libc, kernel calls)"
QUERY_LOOP = """
import sys, time
from benchmarks import workload
from benchmarks.bench_query import load_registry, sample_values, _consume
from graph._oxigraph import OxigraphStore
store = OxigraphStore.read_only(sys.argv[1]); registry = load_registry(); values = sample_values(store, registry)
jobs = [(registry.sparql(q.name), registry.bind(q.name, values[q.name])) for q in registry]
print("ready", flush=True); sys.stdin.readline()
end = time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    for sparql, subs in jobs:
        _consume(store.query(sparql, substitutions=subs))
"""


def categorize(raw: Path) -> dict:
    """Share of samples per category, and the busiest leaf frames, from py-spy's raw output."""
    shares: collections.Counter = collections.Counter()
    leaves: collections.Counter = collections.Counter()
    total = idle = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames, n = stack.split(";"), int(count)
        if any(x in frame for frame in frames for x in WAITING):
            idle += n
            continue
        total += n
        label = next((lbl for lbl, needles in CATEGORIES if any(x in f for f in frames for x in needles)), OTHER)
        shares[label] += n
        leaves[frames[-1][:120]] += n
    if not total:
        return {"samples": 0}
    return {"samples": total, "waiting_samples_dropped": idle,
            "categories": {k: round(v / total, 3) for k, v in shares.most_common()},
            "top_leaf_frames": {k: round(v / total, 3) for k, v in leaves.most_common(8)}}


def _record(pid: int, seconds: float, out: Path, native: bool) -> subprocess.Popen:
    """py-spy on ``pid`` and its children: native frames (pauses the process) or Python only (does not)."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    mode = ["--native"] if native else ["--nonblocking"]
    return subprocess.Popen([spy, "record", "--pid", str(pid), "--subprocesses", *mode, "--rate", "100",
                             "--duration", str(int(seconds)), "--format", "raw", "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def profile_queries(store: Path, seconds: float, out: Path) -> dict:
    """Profile the curated queries running in turn in one process."""
    loop = subprocess.Popen([sys.executable, "-c", QUERY_LOOP, str(store), str(seconds + 2)], cwd=workload.ROOT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    loop.stdout.readline()  # "ready": the registry is loaded; profile the queries only
    spy = _record(loop.pid, seconds, out, native=True)
    loop.stdin.write("go\n")
    loop.stdin.flush()
    _, error = spy.communicate()
    loop.wait()
    return categorize(out) if out.exists() else {"error": error.decode(errors="replace")[-500:]}


def profile_server(store: Path, nquads: Path, seconds: float, out: Path) -> dict:
    """Profile ``szkg serve`` (and its query workers) under 8 clients."""
    from benchmarks import bench_http

    port = bench_http.free_port()
    command, env, url = bench_http.server_command("szkg", store, nquads, port)
    server = subprocess.Popen(command, env={**os.environ, **env}, cwd=workload.ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        bench_http.wait_ready(server, url, 300)
        queries = bench_http.http_queries()
        bench_http.drive(url, queries, 1, 1.0)
        spy = _record(server.pid, seconds, out, native=False)
        load = bench_http.drive(url, queries, 8, seconds)
        _, error = spy.communicate()
    finally:
        bench_http.stop(server)
    figures = categorize(out) if out.exists() else {"error": error.decode(errors="replace")[-500:]}
    return {**figures, "throughput_rps": load.get("throughput_rps")}


def run(quick: bool = False, sizes: list[int] | None = None, smoke: bool = False) -> dict:
    """Profile each size; write ``benchmarks/results/profile-<date>.json``."""
    if smoke or (quick and not sizes):
        return {"status": "skipped", "detail": "profiles are taken in full runs only (or with --sizes)"}
    if not (shutil.which("py-spy") or (Path(sys.executable).parent / "py-spy").exists()):
        return {"status": "skipped", "detail": "py-spy is not installed (pip install py-spy)"}
    seconds = 6.0 if quick else 20.0
    sizes = sizes or ([100_000] if quick else [100_000, 1_000_000])
    result: dict = {"seconds": seconds, "sizes": {}}
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            store, nquads = workload.corpus_store(size), workload.corpus_nquads(size)
            result["sizes"][size_label(size)] = {
                "triples": size,
                "queries": profile_queries(store, seconds, Path(folder) / f"q-{size}.txt"),
                "server_8_clients": profile_server(store, nquads, seconds, Path(folder) / f"s-{size}.txt"),
            }
    result["path"] = str(workload.write_result("profile", result))
    return result


if __name__ == "__main__":
    print(json.dumps(run(quick="--quick" in sys.argv), indent=1, ensure_ascii=False))
