"""RDF namespaces and the IRI layout shared by every layer.

The layout (see docs/data-model.md)::

    {base}ontology#Term                  classes and properties (prefix szr:)
    {base}scheme/{scheme}/{code}         SKOS concepts (level, domain, recognition-kind, …)
    {base}place/{division-code}[/{slug}] districts, zones, subdistricts, communities
    {base}org/{slug}                     organisations, media outlets
    {base}person/{slug}                  persons
    {base}reform/{place-code}/{slug}     reforms, reform plans (…/plan/…), pilots (…/pilot/…)
    {base}recognition/{hash}             n-ary fact nodes (also designation/, outcome/)
    {base}doc/{file-id}                  source documents
    {base}evidence/{file-id}/{start}-{end}
    {base}graph/doc/{file-id}            one named graph per article
    {base}graph/reference, {base}graph/ontology
"""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

DEFAULT_BASE = "https://w3id.org/szreform/"

SZR = Namespace(DEFAULT_BASE + "ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("http://schema.org/")  # http, as Wikidata uses; rdflib's SDO is https
CV = Namespace("http://data.europa.eu/m8g/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
TIME = Namespace("http://www.w3.org/2006/time#")
SH = Namespace("http://www.w3.org/ns/shacl#")

PREFIXES: dict[str, str] = {
    "szr": str(SZR),
    "org": str(ORG),
    "oa": str(OA),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "schema": str(SCHEMA),
    "cv": str(CV),
    "foaf": str(FOAF),
    "time": str(TIME),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "sh": str(SH),
}


def sparql_prefixes() -> str:
    """The project's prefixes as a SPARQL prologue."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def reference_graph(base: str = DEFAULT_BASE) -> str:
    """IRI of the named graph holding places and other reference data."""
    return base + "graph/reference"


def ontology_graph(base: str = DEFAULT_BASE) -> str:
    """IRI of the named graph holding the ontology and its SKOS schemes."""
    return base + "graph/ontology"


def article_graph(doc_id: str, base: str = DEFAULT_BASE) -> str:
    """IRI of the named graph holding everything extracted from one article."""
    return f"{base}graph/doc/{doc_id}"


def document_iri(doc_id: str, base: str = DEFAULT_BASE) -> str:
    """IRI of a source document (a news article)."""
    return f"{base}doc/{doc_id}"
