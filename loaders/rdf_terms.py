"""pyoxigraph terms for the mapping: the vocabulary under a base, and typed literals."""

from functools import lru_cache

import pyoxigraph as ox

from graph.ns import PREFIXES

XSD_NS = PREFIXES["xsd"]


class _Namespace:
    """``ns("term")`` → ``NamedNode(iri + "term")``, cached."""

    def __init__(self, iri: str) -> None:
        self.iri = iri
        self._term = lru_cache(maxsize=512)(lambda local: ox.NamedNode(self.iri + local))

    def __call__(self, local: str) -> ox.NamedNode:
        return self._term(local)


class Vocabulary:
    """Every namespace the mapping writes, with ``szr:`` under the chosen base."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.szr = _Namespace(base + "ontology#")
        self.RDF = _Namespace(PREFIXES["rdf"])
        self.RDF_TYPE = self.RDF("type")
        self.XSD = _Namespace(XSD_NS)
        self.DCT = _Namespace(PREFIXES["dct"])
        self.SCHEMA = _Namespace(PREFIXES["schema"])
        self.SKOS = _Namespace(PREFIXES["skos"])
        self.PROV = _Namespace(PREFIXES["prov"])
        self.ORG = _Namespace(PREFIXES["org"])
        self.OA = _Namespace(PREFIXES["oa"])


def zh(text: str) -> ox.Literal:
    """A Chinese label."""
    return ox.Literal(text, language="zh")


def pinyin(text: str) -> ox.Literal:
    """A pinyin label (BCP 47 ``zh-Latn-pinyin``)."""
    return ox.Literal(text, language="zh-Latn-pinyin")


def integer(value: int) -> ox.Literal:
    """An xsd:integer."""
    return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD_NS + "integer"))


def decimal(text: str) -> ox.Literal:
    """An xsd:decimal from its lexical form."""
    return ox.Literal(text, datatype=ox.NamedNode(XSD_NS + "decimal"))


def gyear(year: int | str) -> ox.Literal:
    """An xsd:gYear (2018)."""
    return ox.Literal(f"{int(year):04d}", datatype=ox.NamedNode(XSD_NS + "gYear"))
