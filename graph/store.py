"""The store contract every backend meets, and ``open_store`` to pick one by name.

Backends:

* ``oxigraph:PATH``: :class:`graph._oxigraph.OxigraphStore`, embedded, on disk (the default)
* ``memory``: the same class, in memory (tests, throw-away runs)
* ``sparql:QUERY_URL,UPDATE_URL[,GSP_URL]``: :class:`graph._sparql_endpoint.SparqlEndpointStore`,
  any SPARQL 1.1 server (Oxigraph server, Virtuoso, Fuseki, GraphDB…)

Query results are pyoxigraph objects whichever the backend (``QuerySolutions``,
``QueryBoolean`` or ``QueryTriples``), so callers never care where the data lives.
Parameters are bound with ``substitutions`` (variable name → RDF term), never
pasted into query text.
"""

import os
from collections.abc import Iterable, Iterator, Mapping
from typing import Protocol, runtime_checkable

import pyoxigraph as ox


@runtime_checkable
class GraphStore(Protocol):
    """What the loaders, the API and the exports need from a triple store."""

    kind: str  # "oxigraph", "memory" or "sparql"

    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[str, ox.NamedNode | ox.Literal | ox.BlankNode] | None = None,
        union_default_graph: bool = True,
        default_graphs: Iterable[str] = (),
        named_graphs: Iterable[str] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a read-only SPARQL query; by default the default graph is the union of all graphs."""
        ...

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> tuple[int, int]:
        """Atomically replace a named graph's content; returns (triples added, triples removed)."""
        ...

    def drop_graph(self, graph: str) -> int:
        """Remove a named graph; returns how many triples it held (0 if absent)."""
        ...

    def graphs(self) -> list[str]:
        """IRIs of every named graph."""
        ...

    def count(self, graph: str | None = None) -> int:
        """Number of triples in one graph, or quads in all named graphs."""
        ...

    def dump(self, fmt: ox.RdfFormat, graph: str | None = None) -> Iterator[bytes]:
        """Serialize one graph (triples formats) or the whole dataset (quads formats), in chunks."""
        ...

    def close(self) -> None:
        """Release files and connections."""
        ...


def open_store(spec: str) -> GraphStore:
    """Open the backend a settings string names (see module docstring)."""
    kind, _, arg = spec.partition(":")
    if kind in {"oxigraph", "memory"}:
        from graph._oxigraph import OxigraphStore

        if kind == "oxigraph" and arg:
            os.makedirs(os.path.dirname(os.path.abspath(arg)), exist_ok=True)  # RocksDB makes the last folder only
        return OxigraphStore(arg or None if kind == "oxigraph" else None)
    if kind == "sparql":
        from graph._sparql_endpoint import SparqlEndpointStore

        urls = [u.strip() for u in arg.split(",") if u.strip()]
        return SparqlEndpointStore(*urls)
    raise ValueError(f"unknown store {spec!r}: expected oxigraph:PATH, memory or sparql:QUERY_URL,UPDATE_URL")
