"""The remote backend: any SPARQL 1.1 server over HTTP (Oxigraph server, Virtuoso, Fuseki…).

Results are parsed back into pyoxigraph objects so callers cannot tell the
backends apart. pyoxigraph cannot send ``substitutions`` to a server, so they
travel as a ``VALUES`` block of terms pyoxigraph serialised (see ``graph._update``).
"""

import logging
from collections.abc import Iterable, Iterator, Mapping

import httpx
import pyoxigraph as ox

from graph._update import bind_values, insert_graph_update, query_form, replace_graph_update
from graph.errors import QuerySyntaxError, QueryTimeout, StoreError, StoreUnavailable

logger = logging.getLogger(__name__)

_RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.8"
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.8, application/rdf+xml;q=0.5"


class SparqlEndpointStore:
    """:class:`graph.store.GraphStore` over the SPARQL 1.1 Query, Update and Graph Store protocols."""

    kind = "sparql"

    def __init__(self, query_url: str, update_url: str | None = None, gsp_url: str | None = None, timeout_s: float = 30) -> None:
        self.query_url = query_url
        self.update_url = update_url
        self.gsp_url = gsp_url
        self.timeout_s = float(timeout_s)
        self._client = httpx.Client(timeout=self.timeout_s)

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
        form = query_form(sparql)
        data: dict[str, str | list[str]] = {"query": bind_values(sparql, substitutions or {})}
        defaults = list(default_graphs)
        if defaults:
            data["default-graph-uri"] = defaults
        elif union_default_graph and named_graphs is None:
            # Oxigraph's flag (it refuses it next to graph URIs); Virtuoso's default graph is the union anyway.
            data["union-default-graph"] = ""
        if named_graphs is not None:
            data["named-graph-uri"] = list(named_graphs)
        accept = _GRAPH_ACCEPT if form in {"CONSTRUCT", "DESCRIBE"} else _RESULTS_ACCEPT
        response = self._post(self.query_url, data, accept)
        media_type = response.headers.get("content-type", "").split(";")[0].strip()
        if form in {"CONSTRUCT", "DESCRIBE"}:
            return _as_query_triples(response.content, media_type)
        results_format = ox.QueryResultsFormat.from_media_type(media_type)
        if results_format is None:
            raise StoreError(f"{self.query_url} answered with unexpected media type {media_type!r}")
        return ox.parse_query_results(response.content, results_format)

    def update(self, sparql: str) -> None:
        """Send one SPARQL Update request."""
        if not self.update_url:
            raise StoreError("this SPARQL store has no update URL: it is read-only")
        self._post(self.update_url, {"update": sparql}, "*/*")

    def graph_quads(self, graph: str) -> set[ox.Quad]:
        """Every quad of one named graph."""
        name = ox.NamedNode(graph)
        triples = self.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", substitutions={"g": name})
        return {ox.Quad(t.subject, t.predicate, t.object, name) for t in triples}

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> tuple[int, int]:
        """Atomically replace a named graph (one DROP + INSERT DATA request); returns (added, removed)."""
        name = ox.NamedNode(graph)
        new = {ox.Quad(q.subject, q.predicate, q.object, name) for q in quads}
        old = self.graph_quads(graph)
        if new == old:
            return 0, 0
        self.update(replace_graph_update(graph, new))
        if any(isinstance(t, ox.BlankNode) for q in new | old for t in (q.subject, q.object)):
            return len(new), len(old)
        return len(new - old), len(old - new)

    def add_new_graphs(self, quads: Iterable[ox.Quad]) -> int:
        """Add whole graphs the store does not hold yet, in one update request; returns quads added."""
        by_graph: dict[str, list[ox.Quad]] = {}
        for quad in dict.fromkeys(quads):
            by_graph.setdefault(quad.graph_name.value, []).append(quad)
        present = set(self.graphs()) & set(by_graph)
        if present:
            raise StoreError(f"add_new_graphs: graph already present: {sorted(present)[0]}")
        self.update(" ;\n".join(insert_graph_update(g, qs) for g, qs in by_graph.items()))
        return sum(map(len, by_graph.values()))

    def drop_graph(self, graph: str) -> int:
        """Remove a named graph; returns how many triples it held (0 if absent)."""
        held = self.count(graph)
        if held:
            self.update(f"DROP SILENT GRAPH {ox.NamedNode(graph)}")
        return held

    def graphs(self) -> list[str]:
        """IRIs of every named graph (on Virtuoso, its system graphs too)."""
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(row["g"].value for row in rows if isinstance(row["g"], ox.NamedNode))

    def count(self, graph: str | None = None) -> int:
        """Number of triples in one graph, or quads in all named graphs."""
        if graph is None:
            rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        else:
            rows = self.query(
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", substitutions={"g": ox.NamedNode(graph)}
            )
        return int(next(iter(rows))["n"].value)

    def dump(self, fmt: ox.RdfFormat, graph: str | None = None) -> Iterator[bytes]:
        """Serialize one graph (triples formats) or the whole dataset (quads formats), in chunks."""
        if graph is None and not fmt.supports_datasets:
            raise ValueError(f"{fmt.name} holds one graph: name the graph to dump, or use a quads format")
        if self.gsp_url and (graph is not None or fmt.supports_datasets):
            return self._gsp_get(fmt, graph)
        if graph is not None:
            quads: Iterable[ox.Quad] = self.graph_quads(graph)
        else:
            rows = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
            quads = (ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows)
        data = ox.serialize(quads if fmt.supports_datasets else (q.triple for q in quads), None, fmt)
        return iter([data[i : i + (1 << 16)] for i in range(0, len(data), 1 << 16)])

    def _gsp_get(self, fmt: ox.RdfFormat, graph: str | None) -> Iterator[bytes]:
        """Stream a graph (or, with a quads format, the dataset) from the Graph Store Protocol URL."""
        params = {"graph": graph} if graph is not None else {}
        try:
            with self._client.stream("GET", self.gsp_url, params=params, headers={"Accept": fmt.media_type}) as response:
                if response.status_code == 404 and graph is not None:
                    return  # no such graph: an empty dump, as on the embedded store
                if response.status_code >= 400:
                    raise StoreUnavailable(f"{self.gsp_url} answered {response.status_code} for graph {graph}")
                yield from response.iter_bytes(1 << 16)
        except httpx.HTTPError as exc:
            raise StoreUnavailable(f"{self.gsp_url}: {exc}") from exc

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    def _post(self, url: str, data: dict, accept: str) -> httpx.Response:
        try:
            response = self._client.post(url, data=data, headers={"Accept": accept})
        except httpx.TimeoutException as exc:
            raise QueryTimeout(f"{url} did not answer within {self.timeout_s:g} s") from exc
        except httpx.HTTPError as exc:
            raise StoreUnavailable(f"{url}: {exc}") from exc
        if response.status_code == 400:
            raise QuerySyntaxError(f"{url} refused the request: {response.text[:500]}")
        if response.status_code >= 400:
            raise StoreUnavailable(f"{url} answered {response.status_code}: {response.text[:500]}")
        return response


def _as_query_triples(content: bytes, media_type: str) -> ox.QueryTriples:
    """Turn a CONSTRUCT/DESCRIBE answer into a pyoxigraph ``QueryTriples``."""
    rdf_format = ox.RdfFormat.from_media_type(media_type) if media_type else None
    if rdf_format is None:
        raise StoreError(f"the server answered a graph query with unexpected media type {media_type!r}")
    scratch = ox.Store()
    scratch.extend(ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(content, rdf_format))
    return scratch.query("CONSTRUCT WHERE { ?s ?p ?o }")
