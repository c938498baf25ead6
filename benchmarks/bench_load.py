"""Load benchmark: our load path into an on-disk Oxigraph store vs ``bulk_load`` and rdflib.

For each synthetic size (``benchmarks.synthetic`` via ``benchmarks.workload``; one named
graph per article plus the ontology and reference graphs), in the same run (load times:
the median of three fresh stores each, ours and ``bulk_load`` measured in turns):

* ``bulk_load``: pyoxigraph ``Store.bulk_load`` of the N-Quads file into a fresh store (the peer);
* ours: the file's graphs handed one by one to ``loaders.commit.GraphCommitter``, exactly as
  ``load_paths`` commits articles (new graphs batched into atomic ``bulk_extend`` writes);
* ours, replace identical: the same graphs again through replace_graph (each compared, nothing
  written; `szkg load` never gets here for an unchanged article: it checks the text hash first);
* transactional: every graph through ``replace_graph`` (one transaction each), the path a
  changed article takes; shows why new graphs are batched;
* rdflib: ``Dataset.parse`` of the same file (the second peer, in memory).

Mapping cost is reported separately: the synthetic generator runs the real mapping.

    python -m benchmarks.bench_load [--quick | --smoke] [--sizes 100k 1M]
"""

import argparse
import itertools
import json
import logging
import shutil
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from benchmarks import workload
from benchmarks.workload import size_label

logger = logging.getLogger(__name__)

QUICK_SIZES = (100_000,)
FULL_SIZES = (1_000_000,)
SMOKE_SIZES = (2_000,)
REPEATS = 3


def article_graphs(nquads: Path):
    """(graph IRI, quads) in file order: the file is written graph by graph."""
    parsed = ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    for graph, quads in itertools.groupby(parsed, key=lambda q: q.graph_name):
        yield graph.value, list(quads)


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _bulk_load(nquads: Path, directory: Path) -> float:
    def work() -> None:
        store = ox.Store(str(directory))
        store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        store.flush()

    return _timed(work)


def _ours(nquads: Path, store, transactional: bool = False) -> float:
    from loaders.commit import GraphCommitter

    def work() -> None:
        committer = GraphCommitter(store)
        for graph, quads in article_graphs(nquads):
            if transactional:
                store.replace_graph(graph, quads)
            else:
                committer.commit(graph, graph, quads)
        committer.flush()
        store.flush()

    return _timed(work)


def _rdflib(nquads: Path) -> float:
    import rdflib

    return _timed(lambda: rdflib.Dataset().parse(str(nquads), format="nquads"))


def _in_turns(nquads: Path, work: Path):
    """``bulk_load`` and our path, REPEATS fresh stores each, alternated; returns both run lists and our last store.

    One write's time on this VM's disk varies by ±25%: a single run of each side
    decided the ratio by chance, the median of runs taken in turns does not.
    """
    from graph._oxigraph import OxigraphStore

    bulk_runs, ours_runs = [], []
    for turn in range(REPEATS):
        if turn:
            store.close()
            shutil.rmtree(work / f"bulk{turn - 1}")
            shutil.rmtree(work / f"ours{turn - 1}")
        bulk_runs.append(_bulk_load(nquads, work / f"bulk{turn}"))
        store = OxigraphStore(str(work / f"ours{turn}"))
        ours_runs.append(_ours(nquads, store))
    return bulk_runs, ours_runs, store


def measure(size: int, with_rdflib: bool = True) -> dict:
    """Every figure for one size."""
    from graph._oxigraph import OxigraphStore

    nquads = workload.corpus_nquads(size)
    quads = sum(1 for _ in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS))
    rate = lambda seconds: round(quads / seconds) if seconds else None  # noqa: E731
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    try:
        bulk_runs, ours_runs, store = _in_turns(nquads, work)
        bulk_s, ours_s = statistics.median(bulk_runs), statistics.median(ours_runs)
        reload_s = _ours(nquads, store)
        loaded = store.count()
        store.close()
        tx_s = _ours(nquads, OxigraphStore(str(work / "tx")), transactional=True)
        figures = {
            "size": size_label(size), "quads": quads, "loaded_quads": loaded,
            "bulk_load": {"seconds": round(bulk_s, 2), "triples_per_s": rate(bulk_s), "disk_mb": workload.disk_mb(work / f"bulk{REPEATS - 1}"),
                          "runs_s": [round(r, 2) for r in bulk_runs]},
            "ours": {"seconds": round(ours_s, 2), "triples_per_s": rate(ours_s), "disk_mb": workload.disk_mb(work / f"ours{REPEATS - 1}"),
                     "runs_s": [round(r, 2) for r in ours_runs]},
            "ours_replace_identical": {"seconds": round(reload_s, 2), "triples_per_s": rate(reload_s)},
            "transactional_per_graph": {"seconds": round(tx_s, 2), "triples_per_s": rate(tx_s), "disk_mb": workload.disk_mb(work / "tx")},
            "ratio_ours_to_bulk_load": round(bulk_s / ours_s, 3),
            "goal_ratio": 0.5,
        }
        if with_rdflib:
            rdflib_s = _rdflib(nquads)
            figures["rdflib_dataset_parse"] = {"seconds": round(rdflib_s, 2), "triples_per_s": rate(rdflib_s)}
        return figures
    finally:
        shutil.rmtree(work, ignore_errors=True)


def mapping_rate(n_triples: int = 20_000) -> dict:
    """Extraction JSON → quads with the real mapping (the synthetic generator's own work)."""
    from benchmarks.synthetic import synthetic_articles

    started = time.perf_counter()
    produced = sum(len(quads) for quads in synthetic_articles(n_triples, seed=workload.SEED))
    seconds = time.perf_counter() - started
    return {"triples": produced, "seconds": round(seconds, 2), "triples_per_s": round(produced / seconds)}


def run(quick: bool = False, smoke: bool = False, sizes: list[int] | None = None) -> dict:
    """Measure every size; write ``benchmarks/results/load-<date>.json``; return the figures."""
    chosen = sizes or (SMOKE_SIZES if smoke else QUICK_SIZES if quick else FULL_SIZES)
    result = {"date": date.today().isoformat(), "mode": "smoke" if smoke else "quick" if quick else "full",
              "mapping": mapping_rate(2_000 if smoke else 20_000),
              "sizes": [measure(size, with_rdflib=True) for size in chosen]}
    workload.RESULTS.mkdir(parents=True, exist_ok=True)
    out = workload.RESULTS / f"load-{result['date']}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    logger.info("wrote %s", out)
    return result


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description="Load benchmark: ours vs bulk_load vs rdflib.")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--sizes", nargs="*", help="e.g. 100k 1M")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    sizes = [workload.parse_size(s) for s in args.sizes] if args.sizes else None
    print(json.dumps(run(args.quick, args.smoke, sizes), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
