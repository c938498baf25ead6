"""SHACL benchmark: ours as shipped (``auto``: the shapes compiled to SPARQL and run by Oxigraph on
the store), pyshacl-turbo and pySHACL over the loaded sample corpus and synthetic stores.

For each dataset, each engine validates the whole store through ``graph.validate.validate_store``
(the path ``szkg validate`` and ``GET /validate`` take) in its own process, so peak RSS is that
run's own and a run past its time budget can be stopped. Recorded per run: wall and CPU
seconds, the engine's own seconds, peak RSS, the load average, conforms and the number of results; per
dataset: whether ours reports exactly pySHACL's results (every field: focus node, shape, path, value,
severity, messages, article) and whether turbo reports the same (focus node, shape) pairs.

Datasets: the five sample articles loaded by the real extractor (``data/corpus``), and the
synthetic corpus of ``benchmarks.synthetic`` (1M triples in a full run, 100k in a quick one).

    python -m benchmarks.bench_shacl [--quick | --smoke]
    python -m benchmarks.run_all --sections shacl --sizes 100k 1M
"""

import logging
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from dataclasses import astuple
from pathlib import Path

from benchmarks import workload
from benchmarks.workload import size_label

logger = logging.getLogger(__name__)

ENGINES = {"ours": "auto", "turbo": "turbo", "pyshacl": "pyshacl"}  # key in the results → engine
QUICK_SIZES = (100_000,)
FULL_SIZES = (1_000_000,)
BUDGET_S = {"smoke": 300, "quick": 900, "full": 3600}  # per run; pySHACL at 1M is the slow one


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return workload.peak_rss_mb()


def _validate_child(store_path: str, engine: str, conn) -> None:
    """(child) Validate the on-disk store with one engine; figures and result pairs to ``conn``."""
    from graph._oxigraph import OxigraphStore
    from graph.validate import validate_store

    store = OxigraphStore.read_only(store_path)
    cpu, started = _cpu_s(), time.perf_counter()
    report = validate_store(store, ontology_dir=workload.ROOT / "ontology", engine=engine)
    figures = {"wall_s": round(time.perf_counter() - started, 2), "cpu_s": round(_cpu_s() - cpu, 2),
               "engine_s": round(report.seconds, 2), "peak_rss_mb": _peak_mb(), "conforms": report.conforms,
               "results": len(report.results), "quads": store.count(), "engine": report.engine,
               "load_average_1m": round(os.getloadavg()[0], 2)}  # wall seconds mean little on a busy machine
    conn.send((figures, sorted(astuple(r) for r in report.results)))


def measure(store_path: Path, engine: str, budget_s: float) -> tuple[dict, set | None]:
    """One engine over one store in a child process; (figures, results as tuples, or None)."""
    parent, child = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.get_context("spawn").Process(target=_validate_child, args=(str(store_path), engine, child))
    process.start()
    if not parent.poll(budget_s):
        process.kill()
        process.join()
        return {"status": "timeout", "detail": f"did not finish within {budget_s:.0f} s"}, None
    figures, results = parent.recv()
    process.join()
    logger.info("%s over %s: %s", engine, store_path.name, figures)
    return {"status": "ok", **figures}, set(map(tuple, results))


def compare(store_path: Path, budget_s: float) -> dict:
    """Every engine over one store, and whether their reports agree with pySHACL's."""
    runs, results = {}, {}
    for key, engine in ENGINES.items():
        runs[key], results[key] = measure(store_path, engine, budget_s)
    reference = results["pyshacl"]
    pairs = {key: None if found is None else {r[:2] for r in found} for key, found in results.items()}
    return {"engines": runs,
            "reports_agree": None if None in (reference, results["ours"]) else results["ours"] == reference,
            "turbo_pairs_agree": None if None in (pairs["pyshacl"], pairs["turbo"]) else pairs["turbo"] == pairs["pyshacl"],
            "pyshacl_over_ours_wall": workload.ratio(runs["pyshacl"].get("wall_s"), runs["ours"].get("wall_s")),
            "turbo_over_ours_wall": workload.ratio(runs["turbo"].get("wall_s"), runs["ours"].get("wall_s"))}


def sample_corpus_store(work: Path) -> Path:
    """The five sample articles loaded by the real extractor into an on-disk store (once per run)."""
    from graph._oxigraph import OxigraphStore
    from loaders.load import load_paths

    path = work / "store"
    store = OxigraphStore(str(path))
    summary = load_paths(store, [workload.ROOT / "data" / "corpus"], ontology_dir=workload.ROOT / "ontology",
                         base="https://w3id.org/szreform/", validate=None, max_bytes=5_000_000)
    store.flush()
    store.close()
    logger.info("sample corpus: %s", summary.line())
    return path


def run(quick: bool = False, smoke: bool = False, sizes: list[int] | None = None, write: bool = True) -> dict:
    """Both engines on the sample corpus and on synthetic stores; write results/shacl-<date>.json."""
    mode = "smoke" if smoke else "quick" if quick else "full"
    sizes = list(sizes or (workload.SMOKE_SIZES if smoke else QUICK_SIZES if quick else FULL_SIZES))
    budget = BUDGET_S[mode]
    result: dict = {"mode": mode, "budget_s_per_run": budget, "datasets": {}}
    with tempfile.TemporaryDirectory() as work:
        result["datasets"]["sample-corpus"] = compare(sample_corpus_store(Path(work)), budget)
    for size in sizes:
        result["datasets"][f"synthetic-{size_label(size)}"] = compare(workload.corpus_store(size), budget)
    if write:
        result["path"] = str(workload.write_result("shacl", result))
    return result


if __name__ == "__main__":  # sizes: through ``python -m benchmarks.run_all --sections shacl --sizes …``
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    print(run(quick="--quick" in sys.argv, smoke="--smoke" in sys.argv))
