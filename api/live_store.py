"""The server's own view of an on-disk store: read-only, and current after every load.

``szkg serve`` never opens an ``oxigraph:PATH`` store for writing: RocksDB admits one
writer process, and that one is ``szkg load`` (or ``drop``), run while the server
runs. :class:`LiveStore` is what the app reads through (stats, exports, validation,
analytics, the service description); queries of the API go to the worker processes,
which keep themselves current the same way. Both reuse the worker's
:class:`api._query_worker.FreshStore`: a fingerprint of the store folder is taken
before each use and the read-only handle reopened when a write changed it.

Writes through a ``LiveStore`` raise :class:`graph.errors.StoreError` saying to use
the CLI. Stores other than ``oxigraph:PATH`` (memory, remote SPARQL) are opened as
before: a memory store lives in the server's process, a remote one is shared anyway.
"""

import logging
import os
import threading
from collections.abc import Iterable, Iterator, Mapping

import pyoxigraph as ox

from api._query_worker import FreshStore
from api.store_stamp import files_fingerprint
from graph._oxigraph import OxigraphStore, create_if_missing
from graph.errors import StoreError
from graph.store import GraphStore, open_store

logger = logging.getLogger(__name__)

READ_ONLY = "the server reads the store read-only: write with the CLI (szkg load, szkg drop) while it runs"


class LiveStore:
    """:class:`graph.store.GraphStore` over the latest committed state of an on-disk store, read-only."""

    kind = "oxigraph"
    writable = False

    def __init__(self, path: str) -> None:
        self.path = os.path.abspath(path)
        create_if_missing(self.path)  # a server may start before the first load
        self._fresh = FreshStore(self.path)
        self._lock = threading.Lock()  # one reopen at a time; a handle and its stamp change together
        self.current()

    def current(self) -> OxigraphStore:
        """The read-only handle, reopened first if the store changed since it was opened."""
        with self._lock:
            return self._fresh.get()

    def version(self) -> tuple:
        """The store folder's fingerprint: changes with every committed write (for caches)."""
        return files_fingerprint(self.path)

    def query(self, sparql: str, *, substitutions: Mapping | None = None, union_default_graph: bool = True,
              default_graphs: Iterable[str] = (), named_graphs: Iterable[str] | None = None):
        """Run a read-only SPARQL query on the current state (see ``GraphStore.query``)."""
        options = {"substitutions": substitutions, "union_default_graph": union_default_graph,
                   "default_graphs": default_graphs, "named_graphs": named_graphs}
        try:
            return self.current().query(sparql, **options)
        except StoreError as exc:
            if "No such file" not in str(exc):
                raise
            # A writer's compaction removed a file under the handle: once more on a fresh one.
            with self._lock:
                store = self._fresh.get(force=True)
            return store.query(sparql, **options)

    def graphs(self) -> list[str]:
        """IRIs of every named graph."""
        return self.current().graphs()

    def count(self, graph: str | None = None) -> int:
        """Number of triples in one graph, or quads in the whole store."""
        return self.current().count(graph)

    def dump(self, fmt: ox.RdfFormat, graph: str | None = None) -> Iterator[bytes]:
        """Serialize one graph or the whole dataset from the current state, in chunks."""
        return self.current().dump(fmt, graph)

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> tuple[int, int]:
        """Refused: the server does not write."""
        raise StoreError(READ_ONLY)

    def drop_graph(self, graph: str) -> int:
        """Refused: the server does not write."""
        raise StoreError(READ_ONLY)

    def update(self, sparql: str) -> None:
        """Refused: the server does not write."""
        raise StoreError(READ_ONLY)

    def close(self) -> None:
        """Let the read-only handle go."""
        with self._lock:
            self._fresh.store = None


def open_served_store(spec: str) -> GraphStore:
    """The store the app serves: ``oxigraph:PATH`` read-only and live, any other kind as ``open_store`` opens it."""
    kind, _, path = spec.partition(":")
    if kind == "oxigraph" and path:
        return LiveStore(path)
    return open_store(spec)


def store_version(store: GraphStore) -> object:
    """Something that changes when ``store`` changes, for caches; None when it cannot be told cheaply."""
    return store.version() if isinstance(store, LiveStore) else None
