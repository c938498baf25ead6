"""SHACL validation of article graphs and of the whole store against ``ontology/shapes.ttl``.

The data an engine sees is one pyoxigraph dataset: article graphs, ``{base}graph/reference``
(places, for the partOf rule) and ``{base}graph/ontology`` (OWL and SKOS schemes, for the
value sets and ``sh:class`` through ``rdfs:subClassOf``). Core constraints see the union of
the graphs; SPARQL constraints may name graphs (reference data, "by different articles").

Engines: ``pyshacl`` (the reference implementation), ``turbo`` (pyshacl-turbo, a Rust engine
with pySHACL's API; it copies the data into its own graph) and ``oxigraph`` (``graph._shacl_native``:
each constraint compiled to one set-based SPARQL query that pyoxigraph runs on the store in place,
no copy). ``auto`` picks oxigraph when the shapes compile (``ontology/shapes.ttl`` does; other
shapes files may not), else turbo when installed, else pySHACL. ``tests/unit/test_shapes_engines.py``
checks oxigraph and pySHACL report the same results on every shapes fixture and on the sample
corpus; ``benchmarks/bench_shacl.py`` measures the engines on the corpus and on 1M triples.
"""

import logging
import time
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import rdflib

from graph._merged_default import holds_merge
from graph.ns import DEFAULT_BASE, SH, ontology_graph as ontology_graph_iri, reference_graph as reference_graph_iri
from graph.validation_report import ValidationReport, read_report

logger = logging.getLogger(__name__)

DEFAULT_ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
ENGINES = ("auto", "oxigraph", "pyshacl", "turbo")
__all__ = ["ENGINES", "ValidationReport", "engine_name", "validate_article", "validate_graph", "validate_store"]


# -- shapes and engines ------------------------------------------------------------------

def _shapes_path(shapes_file: Path | str | None, ontology_dir: Path | str | None) -> Path:
    return Path(shapes_file) if shapes_file else Path(ontology_dir or DEFAULT_ONTOLOGY_DIR) / "shapes.ttl"


@lru_cache(maxsize=8)
def _shapes_graph(path: str, mtime: float, base: str) -> rdflib.Graph:
    text = Path(path).read_text(encoding="utf-8")
    if base != DEFAULT_BASE:  # the file is written against the default base, SPARQL text included
        text = text.replace(DEFAULT_BASE, base)
    try:
        return rdflib.Graph().parse(data=text, format="turtle")
    except Exception as exc:  # rdflib raises several unrelated types for bad Turtle
        raise ValueError(f"cannot parse the shapes file {path}: {exc}") from exc


def load_shapes(shapes_file: Path | str, base: str = DEFAULT_BASE) -> rdflib.Graph:
    """The shapes graph under ``base`` (cached until the file changes); ValueError if unreadable."""
    path = Path(shapes_file)
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise ValueError(f"cannot read the shapes file {path}: {exc.strerror or exc}") from exc
    return _shapes_graph(str(path.resolve()), mtime, base)


def engine_name(engine: str = "auto", shapes: rdflib.Graph | None = None) -> str:
    """The engine ``engine`` resolves to: ``auto`` is oxigraph when ``shapes`` (if given) compile
    to SPARQL, else turbo when pyshacl-turbo is importable, else pyshacl."""
    if engine not in ENGINES:
        raise ValueError(f"unknown SHACL engine {engine!r}: expected one of {', '.join(ENGINES)}")
    if engine != "auto":
        return engine
    if shapes is not None:
        from graph._shacl_native import UnsupportedShapes, compiled

        try:
            compiled(shapes)
            return "oxigraph"
        except UnsupportedShapes as exc:
            logger.info("SHACL: the oxigraph engine cannot run these shapes (%s)", exc)
    try:
        import pyshacl_turbo  # noqa: F401
    except ImportError:
        return "pyshacl"
    return "turbo"


@lru_cache(maxsize=8)
def _turbo_program(shapes: rdflib.Graph):
    import pyshacl_turbo

    return pyshacl_turbo.compile_shapes(shapes)


@lru_cache(maxsize=8)
def _split_shapes(shapes: rdflib.Graph) -> tuple[rdflib.Graph, tuple[rdflib.term.Node, ...]]:
    """(the shapes without their SPARQL constraints, the shapes that have SPARQL constraints)."""
    core = rdflib.Graph()
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace)
    for triple in shapes:
        if triple[1] != SH.sparql:
            core.add(triple)
    return core, tuple(sorted(set(shapes.subjects(SH.sparql, None))))


def _pyshacl_report(data: ox.Store, shapes: rdflib.Graph) -> rdflib.Graph:
    """pySHACL in two runs that avoid its two slow paths: Core constraints over an rdflib graph
    (over an Oxigraph input every result it builds counts the whole store), SPARQL constraints over
    the Oxigraph store (rdflib's own SPARQL engine is some 50 times slower)."""
    import pyshacl

    core, sparql_shapes = _split_shapes(shapes)
    union = rdflib.Graph()
    triples = (ox.Triple(q.subject, q.predicate, q.object) for q in data)
    union.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    _, report, _ = pyshacl.validate(union, shacl_graph=core)
    if sparql_shapes:
        _, sparql_report, _ = pyshacl.validate(data, shacl_graph=shapes, use_shapes=list(sparql_shapes))
        report += sparql_report
    return report


def _run_engine(engine: str, data: ox.Store, shapes: rdflib.Graph) -> rdflib.Graph:
    """Validate ``data`` with one engine; returns the SHACL report graph."""
    if engine == "oxigraph":
        from graph._shacl_native import UnsupportedShapes, validate_native

        try:
            return validate_native(data, shapes)
        except UnsupportedShapes as exc:
            raise ValueError(f"the oxigraph SHACL engine cannot run these shapes: {exc}") from exc
    if engine == "turbo":
        return _turbo_program(shapes).validate(data)[1]
    return _pyshacl_report(data, shapes)


def _validate(data: ox.Store, shapes: rdflib.Graph, engine: str, graph_of) -> ValidationReport:
    name = engine_name(engine, shapes)
    started = time.perf_counter()
    report = _run_engine(name, data, shapes)
    seconds = time.perf_counter() - started
    logger.debug("SHACL (%s) over %d quads in %.3f s", name, len(data), seconds)
    return read_report(report, engine=name, seconds=seconds, graph_of=graph_of)


# -- data --------------------------------------------------------------------------------

@lru_cache(maxsize=8)
def _ontology_quads(ontology_dir: str, base: str) -> tuple[ox.Quad, ...]:
    from graph.ontology import ontology_quads

    return tuple(ontology_quads(Path(ontology_dir), base))


def _article_graph_of(data: ox.Store, base: str):
    """focus node → the article graph that describes it (else mentions it), or None."""
    prefix = base + "graph/doc/"

    def graph_of(node: ox.NamedNode | ox.BlankNode) -> str | None:
        for pattern in ((node, None, None), (None, None, node)):
            names = {q.graph_name.value for q in data.quads_for_pattern(*pattern)
                     if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(prefix)}
            if names:
                return min(names)
        return None

    return graph_of


def _to_oxigraph(data: rdflib.Graph | rdflib.Dataset) -> ox.Store:
    store = ox.Store()
    if isinstance(data, rdflib.Dataset):
        store.load(data.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
        return store
    name = ox.NamedNode(str(data.identifier)) if isinstance(data.identifier, rdflib.URIRef) else None
    store.load(data.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=name)
    return store


def _add_graph(store: ox.Store, graph: rdflib.Graph | None, name: str) -> None:
    if graph is not None:
        store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
                   to_graph=ox.NamedNode(name))


_IMPLEMENTED_ELSEWHERE = """
SELECT ?g ?reform ?place WHERE {
  VALUES ?reform { %s }
  GRAPH ?g { ?reform %s ?place }
  FILTER (STRSTARTS(STR(?g), %s) && ?g NOT IN (%s))
}"""
_PLACES_ELSEWHERE = """
SELECT ?g ?s ?p ?o WHERE {
  VALUES ?place { %s }
  ?place <http://schema.org/containedInPlace>* ?s .
  GRAPH ?g { ?s ?p ?o }
  FILTER (?p IN (<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>, <http://schema.org/containedInPlace>))
  FILTER (STRSTARTS(STR(?g), %s) && ?g NOT IN (%s))
}"""


def article_context(store, quads: list[ox.Quad], graphs: set[str], base: str) -> list[ox.Quad]:
    """What other stored articles say about where this article's reforms are implemented,
    with the types and containment of those places: the input of the two-districts rule."""
    reform_class, implemented_in = ox.NamedNode(base + "ontology#Reform"), ox.NamedNode(base + "ontology#implementedIn")
    reforms = {q.subject for q in quads if q.object == reform_class and isinstance(q.subject, ox.NamedNode)}
    if not reforms:
        return []
    # Terms are written by pyoxigraph (str of a term is escaped N-Triples): typed VALUES, no user text.
    own = ", ".join(str(ox.NamedNode(g)) for g in graphs) or "<urn:none>"
    articles = str(ox.Literal(base + "graph/doc/"))
    context, places = [], set()
    text = _IMPLEMENTED_ELSEWHERE % (" ".join(map(str, reforms)), implemented_in, articles, own)
    for row in store.query(text):
        context.append(ox.Quad(row["reform"], implemented_in, row["place"], row["g"]))
        places.add(row["place"])
    if places:
        text = _PLACES_ELSEWHERE % (" ".join(map(str, places)), articles, own)
        context.extend(ox.Quad(row["s"], row["p"], row["o"], row["g"]) for row in store.query(text))
    return context


# -- public API --------------------------------------------------------------------------

def validate_graph(
    data: rdflib.Graph | rdflib.Dataset | ox.Store,
    *,
    shapes_file: Path | str | None = None,
    ontology_graph: rdflib.Graph | None = None,
    reference_graph: rdflib.Graph | None = None,
    engine: str = "auto",
    base: str = DEFAULT_BASE,
) -> ValidationReport:
    """Validate a graph or dataset, with the ontology and reference data added as their named graphs."""
    shapes = load_shapes(_shapes_path(shapes_file, None), base)
    store = data if isinstance(data, ox.Store) else _to_oxigraph(data)
    if ontology_graph is not None or reference_graph is not None:
        if store is data:  # never write into the caller's store
            store = ox.Store()
            store.extend(data)
        _add_graph(store, ontology_graph, ontology_graph_iri(base))
        _add_graph(store, reference_graph, reference_graph_iri(base))
    return _validate(store, shapes, engine, _article_graph_of(store, base))


def validate_article(
    quads: Iterable[ox.Quad],
    *,
    shapes_file: Path | str | None = None,
    ontology_dir: Path | str = DEFAULT_ONTOLOGY_DIR,
    base: str = DEFAULT_BASE,
    context_quads: Iterable[ox.Quad] = (),
    store=None,
    engine: str = "auto",
) -> ValidationReport:
    """Validate one article's quads (before they are committed) with the ontology and reference data.

    Cross-article rules see ``context_quads`` and, when ``store`` (a GraphStore) is given, the
    other articles' triples they need (where the same reforms are implemented). Only results about
    nodes of this article are kept, so older problems of other articles never block it.
    """
    quads = list(quads)
    shapes = load_shapes(_shapes_path(shapes_file, ontology_dir), base)
    data = ox.Store()
    data.extend(quads)
    data.extend(_ontology_quads(str(Path(ontology_dir).resolve()), base))
    data.extend(context_quads)
    graphs = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    if store is not None:
        data.extend(article_context(store, quads, graphs, base))
    article = min(graphs) if graphs else None
    report = _validate(data, shapes, engine, lambda node: article)
    mentioned = {_node_text(t) for q in quads for t in (q.subject, q.object) if not isinstance(t, ox.Literal)}
    return report.restricted_to(mentioned)


def _node_text(term: ox.NamedNode | ox.BlankNode) -> str:
    """A node as :class:`ValidationResult` writes it (IRI, or ``_:`` and the blank node label)."""
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def validate_store(
    store,
    *,
    shapes_file: Path | str | None = None,
    ontology_dir: Path | str | None = None,
    base: str = DEFAULT_BASE,
    engine: str = "auto",
) -> ValidationReport:
    """Validate the whole store (every article graph with the reference and ontology graphs).

    An embedded Oxigraph store is read in place; any other backend is copied through an N-Quads
    dump. When the store lacks the ontology or reference graph and ``ontology_dir`` is given, they
    are added to the copy.
    """
    shapes = load_shapes(_shapes_path(shapes_file, ontology_dir), base)
    raw = getattr(store, "raw", None)
    graphs = set(store.graphs())
    missing = {ontology_graph_iri(base), reference_graph_iri(base)} - graphs
    # the oxigraph engine reads the merged default graph in place; the others read every
    # quad or use the union view, so they get a copy of the named graphs
    in_place = not holds_merge(raw) or engine_name(engine, shapes) == "oxigraph" if isinstance(raw, ox.Store) else False
    if in_place and not (missing and ontology_dir):
        data = raw
    else:
        data = ox.Store()
        data.bulk_load(b"".join(store.dump(ox.RdfFormat.N_QUADS)), format=ox.RdfFormat.N_QUADS)
        if missing and ontology_dir:
            data.extend(q for q in _ontology_quads(str(Path(ontology_dir).resolve()), base)
                        if q.graph_name.value in missing)
    return _validate(data, shapes, engine, _article_graph_of(data, base))
