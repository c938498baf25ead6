"""RDF exports: the whole store from its ``dump``, or the part a filter keeps.

A filtered RDF export holds, in their article graphs, the kept entities' own triples,
their quantities, the statement nodes of the kept edges, the evidence annotations of
both (with targets and selectors) and the source documents they derive from. It is
read and written in chunks of entities, so its memory follows the chunk, not the store;
JSON-LD alone is written in one piece because its syntax cannot be concatenated.
"""

import logging
from collections.abc import Iterable, Iterator

import networkx as nx
import pyoxigraph as ox

from graph._export_read import RELATIONS, expand, prologue, run_select, values
from graph.ns import PREFIXES
from graph.store import GraphStore

logger = logging.getLogger(__name__)

RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}
_BATCH = 256


def dump_store(store: GraphStore, name: str) -> Iterator[bytes]:
    """The whole store: a dataset dump, or for Turtle every graph's triples one after another."""
    fmt = RDF_FORMATS[name]
    if fmt.supports_datasets:
        return store.dump(fmt)
    return (chunk for graph in store.graphs() for chunk in store.dump(fmt, graph))


def describe_query(base: str, resources: Iterable[ox.NamedNode]) -> str:
    """Quads describing ``resources``: own triples, quantities, evidence with targets and selectors."""
    return prologue(base) + f"""SELECT DISTINCT ?s ?p ?o ?g WHERE {{
  {values("n", resources)}
  GRAPH ?g {{
    {{ ?n ?p ?o BIND(?n AS ?s) }}
    UNION {{ ?n szr:quantity ?s . ?s ?p ?o }}
    UNION {{ ?s oa:hasBody ?n . ?s ?p ?o }}
    UNION {{ ?e oa:hasBody ?n ; oa:hasTarget ?s . ?s ?p ?o }}
    UNION {{ ?e oa:hasBody ?n ; oa:hasTarget/oa:hasSelector ?s . ?s ?p ?o }}
  }}
}}"""


def statement_query(base: str, subjects: Iterable[ox.NamedNode]) -> str:
    """The statement nodes (edge reifiers) whose subject is one of ``subjects``."""
    return prologue(base) + f"""SELECT DISTINCT ?st ?n ?p ?o WHERE {{
  {values("n", subjects)}
  ?st rdf:subject ?n ; rdf:predicate ?p ; rdf:object ?o .
}}"""


def _batches(items: Iterable, size: int = _BATCH) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def kept_statements(store: GraphStore, graph: nx.MultiDiGraph, base: str, nodes: list[ox.NamedNode]) -> list[ox.NamedNode]:
    """Statement nodes of the edges the network kept between ``nodes`` and other kept nodes."""
    names = {expand(p, base).value: rel[0] for p, rel in RELATIONS.items()}
    found = []
    for row in run_select(store, statement_query(base, nodes)):
        source, target, name = row["n"].value, row["o"].value, names.get(row["p"].value)
        if name and isinstance(row["st"], ox.NamedNode) and graph.has_edge(source, target, key=name):
            found.append(row["st"])
    return found


def subgraph_quads(store: GraphStore, graph: nx.MultiDiGraph, base: str) -> Iterator[list[ox.Quad]]:
    """Batches of quads for the kept entities, their statements, evidence and source documents."""
    derived = expand("prov:wasDerivedFrom", base).value
    documents: set[str] = set()
    entities = (ox.NamedNode(n) for n in graph)
    for batch in _batches(entities):
        resources = batch + kept_statements(store, graph, base, batch)
        quads = [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in run_select(store, describe_query(base, resources))]
        documents.update(q.object.value for q in quads if q.predicate.value == derived and isinstance(q.object, ox.NamedNode))
        yield quads
    for batch in _batches(ox.NamedNode(d) for d in sorted(documents)):
        yield [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in run_select(store, describe_query(base, batch))]


def dump_subgraph(store: GraphStore, graph: nx.MultiDiGraph, name: str, base: str) -> Iterator[bytes]:
    """Serialize the part of the store a filtered network keeps, batch by batch."""
    fmt = RDF_FORMATS[name]
    prefixes = {**PREFIXES, "szr": base + "ontology#"}
    batches = subgraph_quads(store, graph, base)
    if fmt == ox.RdfFormat.JSON_LD:
        quads = [q for batch in batches for q in batch]
        yield ox.serialize(quads, format=fmt)
        return
    for batch in batches:
        items = [q.triple for q in batch] if not fmt.supports_datasets else batch
        if items:
            yield ox.serialize(items, format=fmt, prefixes=prefixes)
