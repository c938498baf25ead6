"""Read the entity network out of the store with SPARQL into one networkx graph.

Nodes are the entities of the classes in docs/architecture.md; edges are the object
properties between them, each with its ``support``: how many article graphs assert it.
Literal-valued properties (and SKOS codes) become node attributes. Evidence, statement
and document nodes never become network nodes. Attributes whose name starts with ``_``
are internal (used by the filters) and are not written by the exporters.
"""

import logging
import re
from collections.abc import Iterable

import networkx as nx
import pyoxigraph as ox

from graph.ns import DEFAULT_BASE, PREFIXES
from graph.store import GraphStore

logger = logging.getLogger(__name__)

# rdf:type → node type (the annotation guide's names; zones count as districts).
NODE_CLASSES: dict[str, str] = {
    "szr:District": "District",
    "szr:FunctionalZone": "District",
    "szr:Subdistrict": "Subdistrict",
    "szr:Community": "Community",
    "org:Organization": "Organization",
    "szr:MediaOutlet": "MediaOutlet",
    "schema:Person": "Person",
    "szr:ReformPlan": "ReformPlan",
    "szr:Reform": "Reform",
    "szr:PilotDesignation": "Pilot",
    "szr:Recognition": "Recognition",
    "szr:Outcome": "Metric",
}
PLACE_CLASSES = ("szr:District", "szr:FunctionalZone", "szr:Subdistrict", "szr:Community")

# Edge predicates → (relation name, zh label, en label).
RELATIONS: dict[str, tuple[str, str, str]] = {
    "szr:implementedIn": ("implementedIn", "实施于", "implemented in"),
    "szr:ledBy": ("ledBy", "牵头", "led by"),
    "szr:recognizes": ("recognizes", "认可", "recognizes"),
    "szr:conferredBy": ("conferredBy", "授予/报道方", "conferred by"),
    "szr:hasOutcome": ("hasOutcome", "成效", "has outcome"),
    "szr:listedIn": ("listedIn", "列入", "listed in"),
    "schema:containedInPlace": ("containedInPlace", "隶属", "contained in"),
    "org:subOrganizationOf": ("subOrganizationOf", "下属于", "sub-organisation of"),
    "szr:jurisdiction": ("jurisdiction", "管辖区", "jurisdiction"),
}

# Literal (or SKOS code) properties → node attribute names.
ATTRIBUTES: dict[str, str] = {
    "szr:year": "year",
    "szr:level": "level",
    "szr:policyDomain": "domain",
    "szr:recognitionKind": "kind",
    "szr:pilotType": "pilot_type",
    "szr:reformStatus": "status",
    "schema:jobTitle": "job_title",
    "szr:reformCount": "count",
    "szr:surfaceForm": "surface_form",
    "szr:divisionCode": "division_code",
}
QUANTITY_ATTRIBUTES: dict[str, str] = {
    "schema:value": "value",
    "schema:unitText": "unit",
    "schema:unitCode": "unit_code",
    "schema:currency": "currency",
}
# How an article graph points at a reference place besides edges: statements and evidence.
_MENTIONS = ("rdf:subject", "rdf:object", "oa:hasBody")
_DISTRICT_PATH = "(szr:implementedIn|schema:containedInPlace|szr:listedIn)*"
_YEAR = re.compile(r"-?\d{1,4}")


def expand(curie: str, base: str = DEFAULT_BASE) -> ox.NamedNode:
    """The IRI of a project CURIE, ``szr:`` following the configured base."""
    prefix, _, local = curie.partition(":")
    namespace = base + "ontology#" if prefix == "szr" else PREFIXES[prefix]
    return ox.NamedNode(namespace + local)


def values(var: str, terms: Iterable[ox.NamedNode | ox.Literal]) -> str:
    """A typed ``VALUES`` block: every term written by pyoxigraph, never by hand."""
    return f"VALUES ?{var} {{ {' '.join(str(t) for t in terms)} }}"


def prologue(base: str) -> str:
    """SPARQL prefixes with ``szr:`` under ``base``."""
    names = {**PREFIXES, "szr": base + "ontology#"}
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in names.items())


def _doc_filter(var: str, base: str) -> str:
    """A FILTER keeping only article graphs (``{base}graph/doc/…``)."""
    return f"FILTER(STRSTARTS(STR(?{var}), {ox.Literal(base + 'graph/doc/')}))"


def node_query(base: str, classes: Iterable[str], years: tuple[int | None, int | None]) -> str:
    """Entities typed in an article graph; dated ones outside ``years`` are left out."""
    year_filter = ""
    if years != (None, None):
        low, high = (ox.Literal(str(y), datatype=expand("xsd:integer")) if y is not None else None for y in years)
        tests = [f"xsd:integer(STR(?y)) >= {low}" if low else "", f"xsd:integer(STR(?y)) <= {high}" if high else ""]
        cond = " && ".join(t for t in tests if t)
        year_filter = f"OPTIONAL {{ ?n szr:year ?y }} FILTER(!BOUND(?y) || ({cond}))"
    return prologue(base) + f"""SELECT DISTINCT ?n ?class WHERE {{
  {values("class", (expand(c, base) for c in classes))}
  GRAPH ?g {{ ?n a ?class }} {_doc_filter("g", base)}
  {year_filter}
}}"""


def place_query(base: str, classes: Iterable[str]) -> str:
    """Reference places an article graph mentions (edges, statements, evidence) and the places containing them."""
    return prologue(base) + f"""SELECT DISTINCT ?n ?class WHERE {{
  {values("p", (expand(r, base) for r in (*RELATIONS, *_MENTIONS)))}
  GRAPH ?g {{ ?x ?p ?m }} {_doc_filter("g", base)}
  ?m schema:containedInPlace* ?n .
  {values("class", (expand(c, base) for c in classes))}
  ?n a ?class .
}}"""


def attribute_query(base: str) -> str:
    """(node, property, value) rows: labels, literal properties, quantities, programme labels.

    Not joined with the node types: pyoxigraph plans that join badly, and rows of
    nodes outside the network are simply skipped.
    """
    props = [expand(p, base) for p in (*ATTRIBUTES, "skos:prefLabel")]
    qprops = [expand(p, base) for p in QUANTITY_ATTRIBUTES]
    return prologue(base) + f"""SELECT DISTINCT ?n ?p ?v WHERE {{
  {{ {values("p", props)} ?n ?p ?v }}
  UNION {{ {values("p", qprops)} ?n szr:quantity ?q . ?q ?p ?v }}
  UNION {{ ?n szr:programme ?prog . ?prog skos:prefLabel ?v . BIND(szr:programme AS ?p) }}
}}"""


def edge_query(base: str, relations: Iterable[str]) -> str:
    """(s, p, o, support) for the edge predicates.

    ``support`` counts the distinct article graphs asserting the edge, as a triple or through
    its statement node (an article states a reference place's partOf only as a statement).
    """
    return prologue(base) + f"""SELECT ?s ?p ?o (COUNT(DISTINCT ?doc) AS ?support) WHERE {{
  {values("p", (expand(r, base) for r in relations))}
  {{ GRAPH ?g {{ ?s ?p ?o }} }}
  UNION {{ GRAPH ?g {{ ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }} }}
  FILTER(isIRI(?o))
  BIND(IF(STRSTARTS(STR(?g), {ox.Literal(base + 'graph/doc/')}), ?g, ?unbound) AS ?doc)
}} GROUP BY ?s ?p ?o"""


def district_queries(base: str) -> list[str]:
    """Queries of (node, district) rows: where a node is implemented, its jurisdiction, or that of
    what it touches. One query per path: pyoxigraph runs their UNION far slower than each alone."""
    path = _DISTRICT_PATH
    branches = (
        f"?n {path} ?d",
        "?n org:subOrganizationOf*/szr:jurisdiction ?d",
        f"?n szr:recognizes/{path} ?d",
        "?n szr:recognizes/org:subOrganizationOf*/szr:jurisdiction ?d",
        f"?n ^szr:hasOutcome/{path} ?d",
        f"?n a schema:Person ; ^szr:ledBy/{path} ?d",
    )
    head = "SELECT DISTINCT ?n ?d WHERE {\n  VALUES ?dc { szr:District szr:FunctionalZone }\n  ?d a ?dc .\n  "
    return [prologue(base) + head + branch + "\n}" for branch in branches]


def district_label_query(base: str) -> str:
    """Every district and zone with its labels (for names in filters and in attributes)."""
    return prologue(base) + """SELECT ?d ?label ?pref WHERE {
  VALUES ?dc { szr:District szr:FunctionalZone }
  ?d a ?dc .
  { ?d skos:prefLabel ?label BIND(true AS ?pref) } UNION { ?d skos:altLabel|szr:divisionCode ?label }
}"""


def literal_value(term: ox.NamedNode | ox.Literal, attribute: str) -> str | int | float:
    """A Python value for an attribute: SKOS concepts by their code, years and counts as ints."""
    if isinstance(term, ox.NamedNode):
        return term.value.rstrip("/").rsplit("/", 1)[-1]
    text = term.value
    if attribute == "year":
        match = _YEAR.match(text)
        return int(match.group(0)) if match else text
    if attribute == "count":
        return int(text)
    if attribute == "value":
        return float(text)
    return text


def add_nodes(graph: nx.MultiDiGraph, rows: Iterable) -> None:
    """Add (node, class) rows as nodes with their type and IRI."""
    for row in rows:
        iri = row["n"]
        if not isinstance(iri, ox.NamedNode):
            continue
        node_type = _CLASS_TYPES.get(row["class"].value.rsplit("#", 1)[-1].rsplit("/", 1)[-1])
        graph.add_node(iri.value, type=node_type)


_CLASS_TYPES = {curie.split(":", 1)[1]: kind for curie, kind in NODE_CLASSES.items()}


def add_attributes(graph: nx.MultiDiGraph, rows: Iterable, base: str) -> None:
    """Set literal attributes; labels are kept per language in ``_labels`` until chosen."""
    names = {expand(p, base).value: a for p, a in {**ATTRIBUTES, **QUANTITY_ATTRIBUTES}.items()}
    names[expand("szr:programme", base).value] = "programme"
    label = expand("skos:prefLabel", base).value
    nodes = graph.nodes
    for row in rows:
        node = row["n"].value
        if node not in nodes:
            continue
        prop, term = row["p"].value, row["v"]
        if prop == label:
            nodes[node].setdefault("_labels", {})[getattr(term, "language", None) or ""] = term.value
        elif prop in names:
            nodes[node][names[prop]] = literal_value(term, names[prop])


def add_edges(graph: nx.MultiDiGraph, rows: Iterable, base: str, lang: str) -> None:
    """Add edges between known nodes, keyed by relation name, with labels and support."""
    relations = {expand(p, base).value: names for p, names in RELATIONS.items()}
    for row in rows:
        source, target = row["s"].value, row["o"].value
        if source not in graph or target not in graph:
            continue
        predicate = row["p"].value
        name, zh, en = relations[predicate]
        graph.add_edge(
            source, target, key=name, relation=name, label=en if lang == "en" else zh,
            support=int(row["support"].value), predicate=predicate,
        )


def run_select(store: GraphStore, sparql: str) -> Iterable:
    """Run a SELECT over the union default graph, logging which one."""
    logger.debug("export query: %s", sparql.splitlines()[-1] if sparql else "")
    return store.query(sparql, union_default_graph=True)
