"""The ontology, its SKOS schemes and the reference data, as rdflib graphs or store quads.

Files under ``ontology/``::

    szkg.ttl            OWL ontology (classes, properties, declared external terms)
    schemes/*.ttl       SKOS concept schemes (level, domain, recognition-kind, …)
    reference/*.ttl     reference places (Shenzhen, districts, zones, subdistricts)
    shapes.ttl          SHACL shapes (not loaded here)

The files are written against the default base ``https://w3id.org/szreform/``; any other
base is applied by rewriting every IRI that starts with the default base.
"""

import logging
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from graph.ns import DEFAULT_BASE, PREFIXES, ontology_graph, reference_graph as reference_graph_iri

logger = logging.getLogger(__name__)

DEFAULT_ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
ONTOLOGY_IRI = DEFAULT_BASE + "ontology"


def ontology_files(ontology_dir: Path = DEFAULT_ONTOLOGY_DIR) -> tuple[Path, ...]:
    """The TBox files: ``szkg.ttl`` then ``schemes/*.ttl`` in name order."""
    main = Path(ontology_dir).resolve() / "szkg.ttl"
    if not main.is_file():
        raise FileNotFoundError(f"ontology file not found: {main}")
    return (main, *sorted((main.parent / "schemes").glob("*.ttl")))


def reference_files(ontology_dir: Path = DEFAULT_ONTOLOGY_DIR) -> tuple[Path, ...]:
    """The reference data files ``reference/*.ttl`` in name order."""
    files = tuple(sorted((Path(ontology_dir).resolve() / "reference").glob("*.ttl")))
    if not files:
        raise FileNotFoundError(f"no reference data (*.ttl) in {Path(ontology_dir) / 'reference'}")
    return files


def rebase_term(term: Node, base: str) -> Node:
    """``term`` with the default base prefix replaced by ``base`` (other terms unchanged)."""
    if isinstance(term, URIRef) and term.startswith(DEFAULT_BASE):
        return URIRef(base + term[len(DEFAULT_BASE):])
    return term


def _parse(paths: tuple[Path, ...], base: str) -> Graph:
    graph = Graph()
    for path in paths:
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises several unrelated types for bad Turtle
            raise ValueError(f"cannot parse {path}: {exc}") from exc
    if base != DEFAULT_BASE:
        rebased = Graph()
        for s, p, o in graph:
            rebased.add((rebase_term(s, base), rebase_term(p, base), rebase_term(o, base)))
        graph = rebased
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, rebase_term(URIRef(iri), base), override=True)
    return graph


@lru_cache(maxsize=8)
def _cached(paths: tuple[Path, ...], base: str) -> Graph:
    return _parse(paths, base)


def load_ontology_graph(ontology_dir: Path = DEFAULT_ONTOLOGY_DIR, base: str = DEFAULT_BASE) -> Graph:
    """The ontology and all SKOS schemes in one rdflib graph (a fresh copy, safe to change)."""
    return _copy(_cached(ontology_files(ontology_dir), base))


def reference_graph(ontology_dir: Path = DEFAULT_ONTOLOGY_DIR, base: str = DEFAULT_BASE) -> Graph:
    """The reference data (places) in one rdflib graph (a fresh copy, safe to change)."""
    return _copy(_cached(reference_files(ontology_dir), base))


def cached_reference_graph(ontology_dir: Path, base: str) -> Graph:
    """The shared, cached reference graph: read it, never change it."""
    return _cached(reference_files(ontology_dir), base)


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    for prefix, ns in graph.namespaces():
        copy.bind(prefix, ns, override=True)
    for triple in graph:
        copy.add(triple)
    return copy


def ontology_quads(ontology_dir: Path = DEFAULT_ONTOLOGY_DIR, base: str = DEFAULT_BASE) -> list[ox.Quad]:
    """Quads for a fresh store: ontology + schemes in ``{base}graph/ontology``, places in
    ``{base}graph/reference``. Blank nodes get canonical labels, so loading twice adds nothing."""
    quads: list[ox.Quad] = []
    for graph, name in (
        (_cached(ontology_files(ontology_dir), base), ontology_graph(base)),
        (_cached(reference_files(ontology_dir), base), reference_graph_iri(base)),
    ):
        target = ox.NamedNode(name)
        canonical = to_canonical_graph(graph)
        quads.extend(ox.Quad(_ox(s), _ox(p), _ox(o), target) for s, p, o in canonical)
    return quads


def _ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode("c" + "".join(ch for ch in str(term) if ch.isalnum()))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        datatype = term.datatype or XSD.string
        return ox.Literal(str(term), datatype=ox.NamedNode(str(datatype)))
    raise TypeError(f"unsupported RDF term {term!r}")


REUSED_NAMESPACES: tuple[str, ...] = tuple(
    PREFIXES[p] for p in ("org", "oa", "prov", "skos", "dct", "schema", "cv", "foaf", "time")
)
BUILTIN_NAMESPACES = (RDF, RDFS, OWL, XSD)  # checked against rdflib's term lists instead


def own_namespaces(base: str = DEFAULT_BASE) -> tuple[str, ...]:
    """Namespaces whose terms this project mints: ontology terms, scheme concepts, places."""
    return (base + "ontology#", base + "scheme/", base + "place/")


def used_terms(graph: Graph) -> set[URIRef]:
    """Every IRI in ``graph``: subjects, predicates, objects and literal datatypes."""
    used: set[URIRef] = set()
    for triple in graph:
        for term in triple:
            if isinstance(term, Literal) and term.datatype is not None:
                term = term.datatype
            if isinstance(term, URIRef):
                used.add(term)
    return used


def undeclared_terms(terms: set[URIRef], declarations: Graph, base: str = DEFAULT_BASE) -> set[URIRef]:
    """The ``terms`` in our or a reused namespace that ``declarations`` gives no ``rdf:type``,
    plus RDF/RDFS/OWL/XSD terms that those vocabularies do not define (typos)."""
    declared = {s for s in declarations.subjects(RDF.type, None) if isinstance(s, URIRef)}
    watched = own_namespaces(base) + REUSED_NAMESPACES
    missing: set[URIRef] = set()
    for term in terms:
        iri = str(term)  # URIRef.startswith does not accept a tuple of prefixes
        if iri in watched:
            continue  # a namespace IRI itself (rdfs:isDefinedBy <http://schema.org/>)
        if iri.startswith(watched) and term not in declared:
            missing.add(term)
        for namespace in BUILTIN_NAMESPACES:
            if iri.startswith(str(namespace)) and iri != str(namespace) and term not in namespace:
                missing.add(term)
    return missing
