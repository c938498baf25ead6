"""A small, hand-written on-disk store for the SPARQL endpoint tests.

Three article graphs and a reference graph, laid out as docs/architecture.md says,
with known counts so the protocol tests can assert exact answers: ``REFORMS`` reforms
per article, each with 5 triples, plus a document node per article and three districts.
About 650 triples: enough for a four-pattern cross product to run for hours.
"""

import gc
from pathlib import Path

import pyoxigraph as ox

BASE = "https://w3id.org/szreform/"
SZR = BASE + "ontology#"
SKOS_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PROV_DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
GYEAR = ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear")

REFERENCE_GRAPH = BASE + "graph/reference"
DOCS = ("doc_a", "doc_b", "doc_c")
DISTRICTS = {"440303": ("罗湖区", "Luohu District"), "440307": ("龙岗区", "Longgang District"), "440310": ("坪山区", "Pingshan District")}
REFORMS = 40  # per article


def doc_graph(doc: str) -> str:
    """The named graph of one article."""
    return f"{BASE}graph/doc/{doc}"


def szr(name: str) -> ox.NamedNode:
    """A term of the ontology."""
    return ox.NamedNode(SZR + name)


def reference_quads() -> list[ox.Quad]:
    """The districts with their Chinese and English labels."""
    graph = ox.NamedNode(REFERENCE_GRAPH)
    quads = []
    for code, (zh, en) in DISTRICTS.items():
        place = ox.NamedNode(f"{BASE}place/{code}")
        quads += [
            ox.Quad(place, RDF_TYPE, szr("District"), graph),
            ox.Quad(place, SKOS_LABEL, ox.Literal(zh, language="zh"), graph),
            ox.Quad(place, SKOS_LABEL, ox.Literal(en, language="en"), graph),
        ]
    return quads


def article_quads(index: int, doc: str) -> list[ox.Quad]:
    """One article graph: its document node and ``REFORMS`` reforms in one district."""
    graph, document = ox.NamedNode(doc_graph(doc)), ox.NamedNode(f"{BASE}doc/{doc}")
    code = list(DISTRICTS)[index]
    quads = [
        ox.Quad(document, RDF_TYPE, szr("SourceDocument"), graph),
        ox.Quad(document, ox.NamedNode("http://purl.org/dc/terms/title"), ox.Literal(f"文章 {doc}", language="zh"), graph),
    ]
    for number in range(REFORMS):
        reform = ox.NamedNode(f"{BASE}reform/{code}/{doc}-{number}")
        quads += [
            ox.Quad(reform, RDF_TYPE, szr("Reform"), graph),
            ox.Quad(reform, SKOS_LABEL, ox.Literal(f"改革 {doc} {number}", language="zh"), graph),
            ox.Quad(reform, szr("implementedIn"), ox.NamedNode(f"{BASE}place/{code}"), graph),
            ox.Quad(reform, szr("year"), ox.Literal(str(2018 + number % 3), datatype=GYEAR), graph),
            ox.Quad(reform, PROV_DERIVED, document, graph),
        ]
    return quads


def all_quads() -> list[ox.Quad]:
    """Every quad of the fixture store."""
    quads = reference_quads()
    for index, doc in enumerate(DOCS):
        quads += article_quads(index, doc)
    return quads


def build_store(path: Path) -> Path:
    """Write the fixture store at ``path`` and release it so a server can open it."""
    store = ox.Store(str(path))
    store.extend(all_quads())
    store.flush()
    del store
    gc.collect()
    return path
