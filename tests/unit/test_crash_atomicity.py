"""``kill -9`` in the middle of writing leaves an on-disk store that opens with a whole state.

A child process replaces one graph in a loop (or loads the corpus); the parent kills
it at a random moment, reopens the store and checks the graph is exactly one of the
versions written, never a mixture or a truncated one.
"""

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph._oxigraph import OxigraphStore
from tests.corpus_store import ROOT, load_corpus

GRAPH = "http://crash.example/g"
SIZES = {"A": 20_000, "B": 12_000}

REPLACER = textwrap.dedent(f"""
    import sys
    import pyoxigraph as ox
    from graph._oxigraph import OxigraphStore
    store = OxigraphStore(sys.argv[1])
    g, p = ox.NamedNode({GRAPH!r}), ox.NamedNode("http://crash.example/p")
    def version(tag, n):
        return [ox.Quad(ox.NamedNode(f"http://crash.example/{{tag}}{{i}}"), p, ox.Literal(tag), g) for i in range(n)]
    versions = [version("A", {SIZES['A']}), version("B", {SIZES['B']})]
    i = 0
    while True:
        store.replace_graph({GRAPH!r}, versions[i % 2])
        if i == 0:
            print("ready", flush=True)
        i += 1
""")

NEW_GRAPHS = textwrap.dedent(f"""
    import sys
    import pyoxigraph as ox
    from graph._oxigraph import OxigraphStore
    store = OxigraphStore(sys.argv[1])
    p = ox.NamedNode("http://crash.example/p")
    i = 0
    while True:
        graphs = [ox.NamedNode(f"http://crash.example/new/{{i}}-{{k}}") for k in range(10)]
        store.add_new_graphs(ox.Quad(ox.NamedNode(f"http://crash.example/s{{j}}"), p, ox.Literal(str(j)), g)
                             for g in graphs for j in range(2000))
        if i == 0:
            print("ready", flush=True)
        i += 1
""")

LOADER = textwrap.dedent("""
    import sys
    from graph._oxigraph import OxigraphStore
    from tests.corpus_store import load_corpus
    print("ready", flush=True)
    while True:
        store = OxigraphStore(sys.argv[1])
        load_corpus(store, validate=False)
        for graph in [g for g in store.graphs() if "/graph/doc/" in g]:
            store.drop_graph(graph)
        del store
""")


def _run_and_kill(script: str, store_path: Path, delay_s: float) -> None:
    child = subprocess.Popen([sys.executable, "-c", script, str(store_path)], cwd=ROOT, stdout=subprocess.PIPE,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert child.stdout.readline().strip() == b"ready"
        time.sleep(delay_s)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_killed_replace_leaves_a_whole_graph(tmp_path, seed) -> None:
    path = tmp_path / "store"
    _run_and_kill(REPLACER, path, random.Random(seed).uniform(0.05, 0.6))
    store = OxigraphStore(str(path))
    rows = store.query("SELECT ?o (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?o",
                       substitutions={"g": ox.NamedNode(GRAPH)})
    state = {row["o"].value: int(row["n"].value) for row in rows}
    assert state in ({"A": SIZES["A"]}, {"B": SIZES["B"]}), f"store reopened with a mixed graph: {state}"


def test_killed_batched_ingestion_leaves_whole_graphs(tmp_path) -> None:
    path = tmp_path / "store"
    _run_and_kill(NEW_GRAPHS, path, 1.5)
    store = OxigraphStore(str(path))
    counts = {g: store.count(g) for g in store.graphs()}
    batches = {g.rsplit("/", 1)[1].split("-")[0] for g in counts}
    assert counts and set(counts.values()) == {2000}, f"half-written graphs: {counts}"
    assert len(counts) == 10 * len(batches), "a batch was written in part"
    assert store.count() == 2000 * len(counts)


def test_killed_corpus_load_leaves_whole_articles(tmp_path) -> None:
    reference = OxigraphStore()
    load_corpus(reference, validate=False)
    expected = {g: reference.count(g) for g in reference.graphs()}
    path = tmp_path / "store"
    _run_and_kill(LOADER, path, 0.4)
    store = OxigraphStore(str(path))
    for graph in store.graphs():
        assert store.count(graph) == expected[graph], f"{graph} reopened half-written"
