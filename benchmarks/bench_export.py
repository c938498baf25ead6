"""Export benchmark: GEXF and GraphML from our store vs networkx built from an rdflib graph.

For each synthetic size (``benchmarks.synthetic``, cached by ``benchmarks.workload``):

* ours: ``graph.export.export(store, fmt)`` over the on-disk Oxigraph store, streamed to a
  file; seconds, peak RSS of the process above its baseline, and (in a second run)
  tracemalloc's peak of Python allocations;
* the peer: the N-Quads parsed into an ``rdflib.Dataset``, the same entity network built
  as a networkx ``MultiDiGraph`` (entities, zh labels, years, edges with support), then
  ``nx.write_gexf`` / ``nx.write_graphml``; parse, build and write seconds and peak RSS.

Every measurement runs in its own process, so peak RSS is that measurement's own.

    python -m benchmarks.bench_export [--quick | --smoke] [--sizes 100k 1M]
"""

import argparse
import logging
import multiprocessing
import os
import tempfile
import time
import tracemalloc
from pathlib import Path

from benchmarks import workload
from benchmarks.workload import size_label

logger = logging.getLogger(__name__)

FORMATS = ("gexf", "graphml")
QUICK_SIZES = (100_000,)
FULL_SIZES = (100_000, 1_000_000)


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def _peak_mb() -> float:
    """This process's peak RSS (VmHWM: unlike ru_maxrss, it does not carry the parent's over exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return workload.peak_rss_mb()


def _ours(store_path: str, fmt: str, traced: bool, conn) -> None:
    """(child) Export ``fmt`` from the store to a temporary file; figures to ``conn``."""
    from graph._oxigraph import OxigraphStore
    from graph.export import export, read_network

    store = OxigraphStore.read_only(store_path)
    baseline = _rss_mb()
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        size = sum(out.write(chunk) for chunk in export(store, fmt))
    seconds = time.perf_counter() - started
    figures = {"seconds": round(seconds, 2), "bytes": size, "peak_rss_mb": _peak_mb(),
               "peak_rss_above_baseline_mb": round(_peak_mb() - baseline, 1)}
    if traced:
        figures = {"tracemalloc_peak_mb": round(tracemalloc.get_traced_memory()[1] / 2**20, 1)}
        tracemalloc.stop()
    else:
        network = read_network(store)
        figures.update(nodes=network.number_of_nodes(), edges=network.number_of_edges())
    conn.send(figures)


def _peer_network(dataset):
    """The entity network from an rdflib Dataset, as a user of rdflib + networkx would write it."""
    import networkx as nx
    from rdflib import RDF, SKOS, URIRef

    from graph._export_read import NODE_CLASSES, RELATIONS, expand

    graph = nx.MultiDiGraph()
    union = dataset  # a Dataset(default_union=True): its default graph is the union of all graphs
    for curie, kind in NODE_CLASSES.items():
        for node in union.subjects(RDF.type, URIRef(expand(curie).value), unique=True):
            graph.add_node(str(node), type=kind)
    for node, label in union.subject_objects(SKOS.prefLabel, unique=True):
        if str(node) in graph and getattr(label, "language", None) == "zh":
            graph.nodes[str(node)]["label"] = str(label)
    year = URIRef(expand("szr:year").value)
    for node, value in union.subject_objects(year, unique=True):
        if str(node) in graph:
            graph.nodes[str(node)]["year"] = int(str(value)[:4])
    for curie, (name, zh, _) in RELATIONS.items():
        predicate = URIRef(expand(curie).value)
        for source, target in union.subject_objects(predicate, unique=True):
            if str(source) in graph and str(target) in graph:
                support = len({c for _, _, _, c in dataset.quads((source, predicate, target, None))})
                graph.add_edge(str(source), str(target), key=name, relation=name, label=zh, support=support)
    return graph


def _peer(nquads: str, fmt: str, conn) -> None:
    """(child) rdflib parse, networkx build, networkx write; figures to ``conn``."""
    import networkx as nx
    from rdflib import Dataset

    baseline = _rss_mb()
    started = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(nquads, format="nquads")
    parsed = time.perf_counter()
    network = _peer_network(dataset)
    built = time.perf_counter()
    writer = nx.write_gexf if fmt == "gexf" else nx.write_graphml
    with tempfile.TemporaryFile() as out:
        writer(network, out)
        size = out.tell()
    done = time.perf_counter()
    conn.send({"seconds": round(done - started, 2), "parse_s": round(parsed - started, 2), "build_s": round(built - parsed, 2),
               "write_s": round(done - built, 2), "bytes": size, "nodes": network.number_of_nodes(),
               "edges": network.number_of_edges(), "peak_rss_mb": _peak_mb(),
               "peak_rss_above_baseline_mb": round(_peak_mb() - baseline, 1)})


def _in_child(target, *args) -> dict:
    """Run ``target(*args, conn)`` in a fresh process and return what it sends."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=target, args=(*args, child))
    process.start()
    try:
        return parent.recv()
    except EOFError:
        return {"status": "error", "exit_code": process.exitcode}
    finally:
        process.join()


def measure_size(size: int, with_peer: bool = True) -> dict:
    """Ours and the peer for each format at one size."""
    nquads, store = workload.corpus_nquads(size), workload.corpus_store(size)
    entry = {"triples": size, "store_disk_mb": workload.disk_mb(store), "nquads_mb": workload.disk_mb(nquads), "formats": {}}
    for fmt in FORMATS:
        logger.info("export %s at %s triples", fmt, size_label(size))
        ours = _in_child(_ours, str(store), fmt, False) | _in_child(_ours, str(store), fmt, True)
        peer = _in_child(_peer, str(nquads), fmt) if with_peer else {"status": "skipped"}
        entry["formats"][fmt] = {
            "ours": ours, "rdflib_networkx": peer,
            "speedup": workload.ratio(peer.get("seconds"), ours.get("seconds")),
            "memory_ratio": workload.ratio(peer.get("peak_rss_above_baseline_mb"), ours.get("peak_rss_above_baseline_mb")),
        }
    return entry


def run(quick: bool = False, sizes: list[int] | None = None, smoke: bool = False) -> dict:
    """Measure every size; write ``benchmarks/results/export-<date>.json``; return the figures."""
    mode = "smoke" if smoke else "quick" if quick else "full"
    sizes = sizes or list(workload.SMOKE_SIZES if smoke else QUICK_SIZES if quick else FULL_SIZES)
    result = {"mode": mode, "cpus": os.cpu_count(), "sizes": {}}
    for size in sizes:
        result["sizes"][size_label(size)] = measure_size(size)
    result["path"] = str(workload.write_result("export", result))
    return result


def main() -> None:
    """Command line: ``python -m benchmarks.bench_export [--quick|--smoke] [--sizes 100k 1M]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100k triples only")
    parser.add_argument("--smoke", action="store_true", help="a tiny corpus: proves it runs")
    parser.add_argument("--sizes", nargs="*", help="sizes such as 100k 1M")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    sizes = [workload.parse_size(s) for s in args.sizes] if args.sizes else None
    result = run(args.quick, sizes, args.smoke)
    print(Path(result["path"]).read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
