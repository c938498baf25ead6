"""The embedded backend: a pyoxigraph ``Store`` on disk or in memory.

Every write is one Oxigraph transaction, so a reader (or a process killed with
``kill -9`` halfway) sees a graph either wholly before or wholly after a replace. The
default graph is the merge of the named graphs, updated in the same write
(:mod:`graph._merged_default`).
"""

import logging
import os
import queue
import threading
import time
from collections.abc import Iterable, Iterator, Mapping

import pyoxigraph as ox

from graph import _merged_default as merged
from graph._update import bind_values, diff_graph_update, parameter_marks, replace_graph_update
from graph.errors import QuerySyntaxError, StoreError

logger = logging.getLogger(__name__)

_CHUNK = 1 << 16
_OPEN_ATTEMPTS = 20  # 10 ms, 20 ms, … between them: ~2 s in all


class OxigraphStore:
    """:class:`graph.store.GraphStore` over pyoxigraph; ``path=None`` keeps it in memory."""

    def __init__(self, path: str | None = None, *, _store: ox.Store | None = None) -> None:
        self.path = path
        self.kind = "oxigraph" if path else "memory"
        self.writable = _store is None
        try:
            self._store = _store if _store is not None else ox.Store(path)
        except OSError as exc:
            raise StoreError(f"cannot open the Oxigraph store at {path}: {exc}") from exc
        # whether the default graph holds the merge (else queries use Oxigraph's union view)
        self.merged = merged.holds_merge(self._store)
        if self.writable and not self.merged:
            self._merge_existing()

    def _merge_existing(self) -> None:
        if merged.has_named_graphs(self._store):
            logger.info("building the default graph (the merge of all graphs) of %s", self.path)
            self._write(lambda: merged.merge_existing(self._store))
        self.merged = True

    @classmethod
    def read_only(cls, path: str, *, create: bool = False) -> "OxigraphStore":
        """Open an on-disk store for reading only (sees data as of opening).

        ``create``: make an empty store first if the folder does not exist yet, so a
        server can start before the first ``szkg load`` (which then writes into it).
        """
        if create:
            create_if_missing(path)
        attempt = 0
        while True:
            try:
                return cls(str(path), _store=ox.Store.read_only(str(path)))
            except (OSError, RuntimeError) as exc:
                # a writer's background compaction removed a file the manifest just listed: retry
                attempt += 1
                if "No such file" not in str(exc) or attempt == _OPEN_ATTEMPTS:
                    raise StoreError(f"cannot open the Oxigraph store at {path} read-only: {exc}") from exc
                time.sleep(0.01 * attempt)

    @property
    def raw(self) -> ox.Store:
        """The underlying pyoxigraph store (custom functions, bulk loads in benchmarks)."""
        return self._store

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
        defaults = [ox.NamedNode(g) for g in default_graphs]
        options: dict = {"use_default_graph_as_union": union_default_graph and not defaults and not self.merged}
        if defaults:
            options["default_graph"] = defaults
        if named_graphs is not None:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        if substitutions and parameter_marks(sparql):
            # the query says where its parameters go (inside a subquery, out of substitutions' reach)
            return self._run(bind_values(sparql, substitutions), options)
        if substitutions:
            options["substitutions"] = {ox.Variable(k): v for k, v in substitutions.items()}
        try:
            return self._store.query(sparql, **options)
        except RuntimeError as exc:
            # pyoxigraph substitutes only variables a SELECT projects; bind the others by VALUES.
            if not substitutions or "projection" not in str(exc):
                raise StoreError(f"query failed: {exc}") from exc
            del options["substitutions"]
            return self._run(bind_values(sparql, substitutions), options)
        except (SyntaxError, OSError) as exc:
            raise _query_error(exc) from exc

    def _run(self, sparql: str, options: dict) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        try:
            return self._store.query(sparql, **options)
        except (SyntaxError, OSError) as exc:
            raise _query_error(exc) from exc

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update in one transaction (tests and repairs), then bring the merge in step.

        The merge is resynchronised over the whole store in the same transaction: the
        loaders use :meth:`replace_graph`, :meth:`add_new_graphs` and :meth:`drop_graph`.
        """
        self._update(f"{sparql.rstrip().rstrip(';')} ;\n{merged.RESYNC}" if self.merged else sparql)

    def _update(self, sparql: str) -> None:
        self._check_writable()
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc
        except OSError as exc:
            raise StoreError(f"update failed: {exc}") from exc

    def graph_quads(self, graph: str) -> set[ox.Quad]:
        """Every quad of one named graph."""
        return set(self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> tuple[int, int]:
        """Atomically replace a named graph's content; returns (triples added, triples removed)."""
        self._check_writable()
        name = ox.NamedNode(graph)
        new = {ox.Quad(q.subject, q.predicate, q.object, name) for q in quads}
        old = self.graph_quads(graph)
        if not old:
            self._write(lambda: self._store.extend(merged.with_merged_copies(list(new))))
            return len(new), 0
        added, removed = new - old, old - new
        if not added and not removed:
            return 0, 0
        if _has_blank_nodes(old) or _has_blank_nodes(new):
            # Blank nodes cannot be deleted by value: rewrite the whole graph instead.
            self._update(merged.rewrite_graph_update(graph, replace_graph_update(graph, new)))
            return len(new), len(old)
        self._update(merged.rewrite_graph_update(graph, diff_graph_update(graph, removed, added)))
        return len(added), len(removed)

    def add_new_graphs(self, quads: Iterable[ox.Quad]) -> int:
        """Add whole graphs the store does not hold yet, in one atomic write; returns quads added.

        On disk this is one ``bulk_extend`` (one atomic ingestion of sorted files, measured
        2-3x faster than a transaction and checked by tests/unit/test_crash_atomicity.py).
        """
        self._check_writable()
        batch = list(dict.fromkeys(quads))
        names = {q.graph_name for q in batch}
        clash = sorted(g.value for g in names if not isinstance(g, ox.NamedNode) or self._store.contains_named_graph(g))
        if clash:
            raise StoreError(f"add_new_graphs: graph already present or not named: {clash[0]}")
        self._write(lambda: (self._store.bulk_extend if self.path else self._store.extend)(merged.with_merged_copies(batch)))
        return len(batch)

    def drop_graph(self, graph: str) -> int:
        """Remove a named graph; returns how many triples it held (0 if absent)."""
        self._check_writable()
        held = self.count(graph)
        if self._store.contains_named_graph(ox.NamedNode(graph)):
            self._update(merged.rewrite_graph_update(graph, f"DROP SILENT GRAPH {ox.NamedNode(graph)}"))
        return held

    def graphs(self) -> list[str]:
        """IRIs of every named graph."""
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def count(self, graph: str | None = None) -> int:
        """Number of triples in one graph, or quads in all named graphs (the merge not counted)."""
        if graph is None and not self.merged:
            return len(self._store)
        if graph is None:
            rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
            return sum(int(row["n"].value) for row in rows)
        # ?g is projected: pyoxigraph substitutes only projected variables.
        rows = self.query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", substitutions={"g": ox.NamedNode(graph)}
        )
        return sum(int(row["n"].value) for row in rows)

    def dump(self, fmt: ox.RdfFormat, graph: str | None = None) -> Iterator[bytes]:
        """Serialize one graph (triples formats) or the whole dataset (quads formats), in chunks."""
        if graph is None and not fmt.supports_datasets:
            raise ValueError(f"{fmt.name} holds one graph: name the graph to dump, or use a quads format")
        source = ox.NamedNode(graph) if graph is not None else None
        if graph is not None and fmt.supports_datasets:
            # A quads format keeps the graph name: serialize that graph's quads.
            quads = self._store.quads_for_pattern(None, None, None, source)
            return _stream(lambda out: ox.serialize(quads, out, fmt))
        if graph is None and self.merged:
            # the named graphs only: the merge is rebuilt from them on load
            return _stream(lambda out: ox.serialize(merged.named_quads(self._store), out, fmt))
        return _stream(lambda out: self._store.dump(out, fmt, from_graph=source))

    def flush(self) -> None:
        """Write buffered data to disk."""
        if self.writable and self.path:
            self._store.flush()

    def close(self) -> None:
        """Release the store (files are closed when the last reference goes)."""
        self._store = None  # type: ignore[assignment]

    def _check_writable(self) -> None:
        if not self.writable:
            raise StoreError(f"the store at {self.path} is open read-only")

    def _write(self, action) -> None:
        try:
            action()
        except OSError as exc:
            raise StoreError(f"write failed: {exc}") from exc


def create_if_missing(path: str) -> None:
    """Create an empty on-disk store at ``path`` unless a folder is already there.

    The writable handle is dropped at once (RocksDB releases its lock), so a later
    writer such as ``szkg load`` can open it. A writer that created it meanwhile is fine.
    """
    if os.path.exists(path):
        return
    try:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)  # RocksDB makes the last folder only
        ox.Store(path).flush()  # dropped right away: the lock goes with it
    except OSError as exc:
        if not os.path.exists(path):
            raise StoreError(f"cannot create an Oxigraph store at {path}: {exc}") from exc


def _query_error(exc: Exception) -> Exception:
    if isinstance(exc, SyntaxError):
        return QuerySyntaxError(str(exc))
    return StoreError(f"query failed: {exc}")


def _has_blank_nodes(quads: Iterable[ox.Quad]) -> bool:
    return any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in quads)


class _QueueWriter:
    """A binary file-like object feeding a queue, to stream a serializer's output."""

    def __init__(self, chunks: queue.Queue) -> None:
        self.chunks = chunks
        self.buffer = bytearray()

    def write(self, data: bytes) -> int:
        self.buffer += data
        if len(self.buffer) >= _CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.buffer:
            self.chunks.put(bytes(self.buffer))
            self.buffer.clear()


def _stream(serialize) -> Iterator[bytes]:
    """Run ``serialize(output)`` in a thread and yield what it writes, chunk by chunk."""
    chunks: queue.Queue = queue.Queue(maxsize=16)
    failure: list[BaseException] = []

    def work() -> None:
        writer = _QueueWriter(chunks)
        try:
            serialize(writer)
            writer.flush()
        except BaseException as exc:  # re-raised in the consumer
            failure.append(exc)
        finally:
            chunks.put(None)

    def generate() -> Iterator[bytes]:
        threading.Thread(target=work, daemon=True).start()
        while (chunk := chunks.get()) is not None:
            yield chunk
        if failure:
            raise StoreError(f"dump failed: {failure[0]}") from failure[0]

    return generate()
