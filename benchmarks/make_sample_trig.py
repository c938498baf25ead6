"""Write tests/data/sample.trig: the sample corpus's article graphs and the reference graph.

Run: ``.venv/bin/python -m benchmarks.make_sample_trig`` (after the mapping changes).
"""

from pathlib import Path

import pyoxigraph as ox

from graph._oxigraph import OxigraphStore
from graph.ns import DEFAULT_BASE, PREFIXES, ontology_graph
from tests.corpus_store import ROOT, load_corpus

OUT = ROOT / "tests" / "data" / "sample.trig"


def sample_quads(base: str = DEFAULT_BASE) -> list[ox.Quad]:
    """Every quad of the loaded corpus except the ontology graph, in a stable order."""
    store = OxigraphStore(None)
    load_corpus(store, base=base)
    skip = ox.NamedNode(ontology_graph(base))
    return sorted((q for q in store.raw if q.graph_name != skip), key=str)


def main(out: Path = OUT) -> None:
    """Write the TriG file."""
    out.parent.mkdir(parents=True, exist_ok=True)
    prefixes = {**PREFIXES, "r": DEFAULT_BASE}
    ox.serialize(sample_quads(), str(out), ox.RdfFormat.TRIG, prefixes=prefixes)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
