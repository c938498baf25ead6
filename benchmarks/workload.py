"""What the query and HTTP benchmarks share: sizes, the corpus files, stores, statistics.

The data comes from :mod:`benchmarks.synthetic` (seeded, N triples of article graphs)
plus the ontology and reference graphs every product store holds (so the curated
queries find the districts); this module caches the N-Quads and the on-disk Oxigraph
store built from them under ``benchmarks/work/`` (git-ignored), so each size is
generated and loaded once, then reused by every section and later runs.
"""

import fcntl
import json
import logging
import math
import os
import re
import resource
import shutil
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pyoxigraph as ox

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
# run_all points both elsewhere for smoke runs (SZKG_BENCH_WORK, SZKG_BENCH_RESULTS).
WORK = Path(os.environ.get("SZKG_BENCH_WORK") or ROOT / "benchmarks" / "work")
RESULTS = Path(os.environ.get("SZKG_BENCH_RESULTS") or ROOT / "benchmarks" / "results")
SEED = 20240501
QUICK_SIZES = (10_000, 100_000)
FULL_SIZES = (10_000, 100_000, 1_000_000, 10_000_000)
SMOKE_SIZES = (2_000,)
_SIZE = re.compile(r"^(\d+(?:\.\d+)?)([kKmM]?)$")


def parse_size(text: str) -> int:
    """'10k' → 10_000, '1M' → 1_000_000, '2500' → 2500."""
    match = _SIZE.match(text.strip())
    if not match:
        raise ValueError(f"size {text!r}: expected a number with an optional k or M suffix, e.g. 100k or 1M")
    number, unit = match.groups()
    return int(float(number) * {"": 1, "k": 1_000, "m": 1_000_000}[unit.lower()])


def size_label(size: int) -> str:
    """10_000 → '10k', 1_000_000 → '1M'."""
    if size >= 1_000_000 and size % 100_000 == 0:
        return f"{size / 1_000_000:g}M"
    if size >= 1_000 and size % 100 == 0:
        return f"{size / 1_000:g}k"
    return str(size)


@contextmanager
def _locked(work: Path, name: str) -> Iterator[None]:
    """One process at a time builds a given file (sections and engineers share the cache)."""
    work.mkdir(parents=True, exist_ok=True)
    with open(work / f".{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def corpus_nquads(size: int, seed: int = SEED, work: Path = WORK) -> Path:
    """The synthetic corpus of ``size`` triples as an N-Quads file (generated once, then cached)."""
    path = work / f"corpus-{size_label(size)}-s{seed}.nq"
    with _locked(work, path.name):
        if not path.exists():
            _generate(path, size, seed)
    return path


def _generate(path: Path, size: int, seed: int) -> None:
    from benchmarks import synthetic
    from graph.ontology import ontology_quads

    partial = path.with_suffix(".partial")
    started = time.perf_counter()
    synthetic.write_nquads(partial, size, seed=seed)
    with open(partial, "ab") as out:  # the product's stores also hold the ontology and the places
        ox.serialize(ontology_quads(ROOT / "ontology"), out, ox.RdfFormat.N_QUADS)
    partial.rename(path)
    logger.info("generated %s in %.1f s", path.name, time.perf_counter() - started)


def corpus_store(size: int, seed: int = SEED, work: Path = WORK) -> Path:
    """An on-disk Oxigraph store holding the corpus (``bulk_load``ed once, then cached)."""
    nquads = corpus_nquads(size, seed, work)
    path = work / f"store-{size_label(size)}-s{seed}"
    with _locked(work, path.name):
        if not (path / "DONE").exists():
            shutil.rmtree(path, ignore_errors=True)
            store = ox.Store(str(path))
            store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
            store.flush()
            store.optimize()
            del store
            (path / "DONE").write_text(nquads.name)
        if not merged_store(path):
            # stores cached before the default graph held the merge: opening for writing builds it
            from graph._oxigraph import OxigraphStore

            OxigraphStore(str(path)).flush()
    return path


def merged_store(path: Path) -> bool:
    """Whether the store at ``path`` keeps the merge of its graphs in its default graph."""
    from graph._merged_default import holds_merge

    return holds_merge(ox.Store.read_only(str(path)))


def disk_mb(path: Path) -> float:
    """Size of a file or folder in MB."""
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return round(sum(p.stat().st_size for p in files) / 1e6, 1)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def latency_summary(seconds: list[float]) -> dict:
    """p50/p99/mean in milliseconds and the number of samples."""
    if not seconds:
        return {"n": 0}
    ms = [s * 1000 for s in seconds]
    return {"n": len(ms), "p50_ms": round(percentile(ms, 50), 3), "p99_ms": round(percentile(ms, 99), 3),
            "mean_ms": round(statistics.fmean(ms), 3)}


def timed_runs(action: Callable[[], object], budget_s: float, max_runs: int = 50) -> list[float]:
    """Time ``action`` until ``max_runs`` or ``budget_s`` is spent (at least once).

    The first run warms caches and is thrown away, unless it alone took over a
    second: then it is kept as a sample (a slow query is not run twice for nothing).
    """
    first = _timed(action)
    times = [first] if first > 1.0 else []
    spent = first
    while len(times) < max_runs and (not times or spent < budget_s):
        took = _timed(action)
        times.append(took)
        spent += took
    return times


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def ratio(ours: float | None, theirs: float | None) -> float | None:
    """ours / theirs, rounded; None when either is missing or zero."""
    if not ours or not theirs or math.isnan(ours) or math.isnan(theirs):
        return None
    return round(ours / theirs, 2)


def write_result(name: str, result: dict, results: Path = RESULTS) -> Path:
    """Write ``results/<name>-<date>.json`` and return its path."""
    results.mkdir(parents=True, exist_ok=True)
    path = results / f"{name}-{date.today().isoformat()}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
