"""Query latency: every curated query plus three ad-hoc shapes, ours against rdflib.

Ours is the product's path: an on-disk Oxigraph store opened read-only (as the query
workers open it), parameters bound by the query registry (``graph/queries.py``)
through ``substitutions``, and a SELECT's first page as ``GET /queries/{name}`` serves it
(``page_size`` rows plus one, :meth:`QueryRegistry.page_sparql`). rdflib gets the same
text; a query that marks where its parameters go gets them as that ``VALUES`` text. The peer is rdflib's SPARQL engine over a ``Dataset``
parsed from the same N-Quads, parameters given as ``initBindings``. Each side runs
in its own fresh process so its peak RSS is its own. rdflib gets a time limit per
query and a budget per size: a query past its limit is killed (with its process)
and recorded as a lower bound; sizes whose parse alone would not fit are skipped.

Run: ``.venv/bin/python -m benchmarks.bench_query [--quick]``.
"""

import argparse
import logging
import multiprocessing as mp
import os
import signal
import time
from pathlib import Path

import pyoxigraph as ox

from benchmarks import workload
from benchmarks.workload import latency_summary, size_label, timed_runs
from graph._update import bind_values, parameter_marks

logger = logging.getLogger(__name__)

ADHOC = {
    "adhoc_aggregate": """
SELECT ?district ?domain (COUNT(DISTINCT ?reform) AS ?reforms)
WHERE { ?reform szr:implementedIn ?district ; szr:policyDomain ?domain . }
GROUP BY ?district ?domain ORDER BY DESC(?reforms)""",
    "adhoc_join3": """
SELECT ?recognition ?reform ?districtLabel
WHERE {
  ?recognition szr:recognizes ?reform .
  ?reform szr:implementedIn ?district ; szr:year ?year .
  ?district skos:prefLabel ?districtLabel .
  FILTER(STR(?year) >= "2019" && LANG(?districtLabel) = "zh")
}""",
    "adhoc_text": """
SELECT ?item ?label
WHERE { ?item skos:prefLabel ?label . FILTER(CONTAINS(STR(?label), "营商")) }""",
}
# Rows per page of a curated query, as the API serves it (api.config.Settings.page_size).
PAGE_SIZE = 100
# rdflib's N-Quads parse rate on this machine (~24 MB in 12 s at 100k triples), used to skip
# sizes whose parse alone would eat half the budget before a smaller size has measured it.
RDFLIB_PARSE_BYTES_PER_S = 2e6
# Values for required parameters that do not depend on the data.
FIXED_VALUES = {"district": "龙岗区", "year": "2019", "integer": "2", "domain": "economy", "level": "national", "kind": "award"}
# (parameter name, type) → the class whose first instance (or its label) fills it.
SAMPLE_CLASS = {"doc": "szr:SourceDocument", "org": "org:Organization"}
MODES = {  # ours: seconds per query; rdflib: seconds per query, limit per query, budget per size
    "smoke": {"ours_s": 0.1, "rdflib_s": 0.2, "rdflib_limit_s": 2, "rdflib_budget_s": 20},
    "quick": {"ours_s": 0.3, "rdflib_s": 0.5, "rdflib_limit_s": 5, "rdflib_budget_s": 30},
    "full": {"ours_s": 3.0, "rdflib_s": 5.0, "rdflib_limit_s": 60, "rdflib_budget_s": 600},
}


def load_registry():
    """The curated queries of ``queries/``, bound to the reference places."""
    from graph.queries import load_registry as load

    return load(workload.ROOT / "queries", ontology_dir=workload.ROOT / "ontology")


def _first(store, registry, sparql: str):
    rows = list(store.query(registry.prologue + sparql + " LIMIT 1"))
    return rows[0][0] if rows else None


def sample_values(store, registry) -> dict[str, dict[str, str]]:
    """Request values for every required parameter, drawn from the data where they must be."""
    values: dict[str, dict[str, str]] = {}
    for query in registry:
        chosen = {}
        for param in (p for p in query.params if p.required):
            if param.type in FIXED_VALUES:
                chosen[param.name] = FIXED_VALUES[param.type]
                continue
            cls = SAMPLE_CLASS.get(param.name, "szr:Reform")
            if param.type == "iri":
                term = _first(store, registry, f"SELECT ?x WHERE {{ ?x a {cls} }}")
            else:  # text: two characters of a real label
                term = _first(store, registry, f"SELECT ?l WHERE {{ ?x a {cls} ; skos:prefLabel ?l }}")
            chosen[param.name] = term.value if term is not None and param.type == "iri" else (term.value[:2] if term else "改革")
        values[query.name] = chosen
    return values


def _consume(result) -> int:
    """Read every row (or triple) with all its terms; returns how many."""
    if isinstance(result, ox.QueryBoolean) or getattr(result, "type", None) == "ASK":
        return 1
    count = 0
    for row in result:
        tuple(row)
        count += 1
    return count


def ours_section(store_path: str, budget_s: float, conn) -> None:
    """(child process) Time every query on the on-disk store; send back figures and values."""
    from graph._oxigraph import OxigraphStore

    store = OxigraphStore.read_only(store_path)
    registry = load_registry()
    values = sample_values(store, registry)
    jobs = {q.name: (registry.page_sparql(q.name, PAGE_SIZE), registry.bind(q.name, values[q.name])) for q in registry}
    jobs.update({name: (registry.prologue + text, {}) for name, text in ADHOC.items()})
    figures = {}
    for name, (sparql, subs) in jobs.items():
        rows: list[int] = []
        times = timed_runs(lambda: rows.append(_consume(store.query(sparql, substitutions=subs))), budget_s)
        figures[name] = {"rows": rows[-1], **latency_summary(times)}
    # the text rdflib runs: parameters as the store binds them when the query marks their place
    texts = {n: bind_values(s, subs) if parameter_marks(s) else s for n, (s, subs) in jobs.items()}
    bindings = {n: {} if parameter_marks(s) else {k: str(v) for k, v in subs.items()} for n, (s, subs) in jobs.items()}
    conn.send({"queries": figures, "bindings": bindings, "texts": texts,
               "values": values, "peak_rss_mb": workload.peak_rss_mb()})


def rdflib_section(nquads: str, conn) -> None:
    """(child process) Parse into an rdflib Dataset, then answer (sparql, bindings, budget, limit) jobs.

    Each query runs in a fork of this process (the parsed data is shared copy-on-write),
    so a query past its limit is killed without parsing everything again.
    """
    import rdflib

    started = time.perf_counter()
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(nquads, format="nquads")
    conn.send({"parse_s": round(time.perf_counter() - started, 2), "triples": len(dataset)})
    while (job := conn.recv()) is not None:
        conn.send(_forked_query(dataset, *job))


def _forked_query(dataset, sparql: str, bindings: dict[str, str], budget_s: float, limit_s: float) -> dict:
    """Time one query in a forked child; kill it at ``limit_s``."""
    reader, writer = mp.Pipe(duplex=False)
    pid = os.fork()
    if pid == 0:  # the child: run, report, exit without cleanup
        reader.close()
        writer.send(_time_rdflib_query(dataset, sparql, bindings, budget_s))
        os._exit(0)
    writer.close()
    try:
        if reader.poll(limit_s):
            return reader.recv()
        os.kill(pid, signal.SIGKILL)
        return {"status": "timeout", "limit_s": round(limit_s, 1), "peak_rss_mb": workload.peak_rss_mb()}
    except EOFError:
        return {"status": "error", "error": "the rdflib process died", "peak_rss_mb": workload.peak_rss_mb()}
    finally:
        os.waitpid(pid, 0)
        reader.close()


def _time_rdflib_query(dataset, sparql: str, bindings: dict[str, str], budget_s: float) -> dict:
    from rdflib.util import from_n3

    init = {k: from_n3(v) for k, v in bindings.items()}
    try:
        rows = _consume(dataset.query(sparql, initBindings=init))
        times = timed_runs(lambda: _consume(dataset.query(sparql, initBindings=init)), budget_s, max_runs=20)
    except Exception as exc:  # rdflib's own failures are a result too
        return {"status": "error", "error": f"{type(exc).__name__}: {exc}"[:300], "peak_rss_mb": workload.peak_rss_mb()}
    return {"status": "ok", "rows": rows, **latency_summary(times), "peak_rss_mb": workload.peak_rss_mb()}


def _child(target, *args):
    context = mp.get_context("spawn")
    parent, child = context.Pipe()
    process = context.Process(target=target, args=(*args, child), daemon=True)
    process.start()
    return process, parent


def run_ours(store_path: Path, budget_s: float) -> dict:
    """Our figures for one store (in a fresh process)."""
    process, conn = _child(ours_section, str(store_path), budget_s)
    try:
        return conn.recv()
    finally:
        process.join(timeout=30)


class RdflibRunner:
    """One rdflib process over one corpus, within a time budget for the whole size."""

    def __init__(self, nquads: Path, mode: dict) -> None:
        self.nquads, self.mode = nquads, mode
        self.deadline = time.monotonic() + mode["rdflib_budget_s"]
        self.process = self.conn = None
        self.info: dict = {}
        self.peak_rss_mb = 0.0

    def _start(self) -> bool:
        self.process, self.conn = _child(rdflib_section, str(self.nquads))
        if not self.conn.poll(max(0.0, self.deadline - time.monotonic())):
            self.stop()
            self.info = {"parse": "did not finish within the budget"}
            return False
        self.info = self.conn.recv()
        return True

    def query(self, sparql: str, bindings: dict[str, str]) -> dict:
        """Figures for one query: {'status': 'ok' | 'error' | 'timeout' | 'budget', …}."""
        if self.process is None and (self.info or not self._start()):
            return {"status": "budget"}
        left = self.deadline - time.monotonic()
        if left <= 1:
            return {"status": "budget"}
        self.conn.send((sparql, bindings, self.mode["rdflib_s"], min(self.mode["rdflib_limit_s"], left)))
        figures = self.conn.recv()
        self.peak_rss_mb = max(self.peak_rss_mb, figures.pop("peak_rss_mb", 0.0))
        return figures

    def stop(self) -> None:
        """End the rdflib process."""
        if self.process is not None:
            self.process.kill()
            self.process.join()
        self.process = self.conn = None


def compare(ours: dict, theirs: dict) -> dict:
    """Speed-up of ours over rdflib on p50; a lower bound when rdflib timed out."""
    if theirs.get("status") == "ok":
        return {"speedup_p50": workload.ratio(theirs["p50_ms"], ours["p50_ms"]), "bound": "exact"}
    if theirs.get("status") == "timeout":
        return {"speedup_p50": workload.ratio(theirs["limit_s"] * 1000, ours["p50_ms"]), "bound": "at least"}
    return {"speedup_p50": None, "bound": "not run"}


def measure_size(size: int, mode: dict, rdflib_rate: float | None) -> tuple[dict, float | None]:
    """Ours and rdflib at one size; returns the size's figures and rdflib's parse rate (bytes/s)."""
    nquads = workload.corpus_nquads(size)
    store = workload.corpus_store(size)
    logger.info("query benchmark at %s triples", size_label(size))
    ours = run_ours(store, mode["ours_s"])
    entry = {"triples": size, "store_disk_mb": workload.disk_mb(store), "nquads_mb": workload.disk_mb(nquads),
             "ours_peak_rss_mb": ours["peak_rss_mb"], "values": ours["values"], "queries": {}}
    projected = nquads.stat().st_size / (rdflib_rate or RDFLIB_PARSE_BYTES_PER_S)
    skip = projected > mode["rdflib_budget_s"] / 2
    runner = RdflibRunner(nquads, mode)
    for name, figures in ours["queries"].items():
        theirs = {"status": "skipped", "projected_parse_s": round(projected)} if skip else runner.query(
            ours["texts"][name], ours["bindings"][name])
        entry["queries"][name] = {"ours": figures, "rdflib": theirs, **compare(figures, theirs)}
    runner.stop()
    entry["rdflib_parse_s"] = runner.info.get("parse_s")
    entry["rdflib_peak_rss_mb"] = runner.peak_rss_mb or None
    if runner.info.get("parse_s"):
        rdflib_rate = nquads.stat().st_size / runner.info["parse_s"]
    return entry, rdflib_rate


def run(quick: bool = False, sizes: list[int] | None = None, smoke: bool = False) -> dict:
    """Measure every size; write ``benchmarks/results/query-<date>.json``; return the figures."""
    mode_name = "smoke" if smoke else "quick" if quick else "full"
    mode = MODES[mode_name]
    sizes = sizes or list(workload.SMOKE_SIZES if smoke else workload.QUICK_SIZES if quick else workload.FULL_SIZES[:3])
    result = {"mode": mode_name, "settings": mode, "page_size": PAGE_SIZE, "sizes": {}}
    rate = None
    for size in sizes:
        result["sizes"][size_label(size)], rate = measure_size(size, mode, rate)
    result["path"] = str(workload.write_result("query", result))
    return result


def main() -> None:
    """Command line: ``python -m benchmarks.bench_query [--quick|--smoke] [--sizes 10k 1M]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--sizes", nargs="*", type=workload.parse_size)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    result = run(quick=args.quick, sizes=args.sizes, smoke=args.smoke)
    print(result["path"])


if __name__ == "__main__":
    main()
