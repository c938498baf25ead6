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

from graph.ns import DEFAULT_BASE, PREFIXES, reference_graph
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


def attribute_queries(base: str) -> list[str]:
    """Queries of (node, property, value) rows: literal properties and labels, quantities, programmes.

    Not joined with the node types, and not one UNION: pyoxigraph plans either far slower
    than these three alone; rows of nodes outside the network are skipped.
    """
    props = [expand(p, base) for p in (*ATTRIBUTES, "skos:prefLabel")]
    qprops = [expand(p, base) for p in QUANTITY_ATTRIBUTES]
    bodies = (
        f"{values('p', props)} ?n ?p ?v",
        f"{values('p', qprops)} ?n szr:quantity ?q . ?q ?p ?v",
        "?n szr:programme ?prog . ?prog skos:prefLabel ?v . BIND(szr:programme AS ?p)",
    )
    # No DISTINCT: a value repeated across graphs just sets the same attribute again.
    return [prologue(base) + f"SELECT ?n ?p ?v WHERE {{ {body} }}" for body in bodies]


def support_query(base: str, relations: Iterable[str]) -> str:
    """(s, p, o, support): the edges article graphs state, with how many state each.

    Every edge an article asserts has its statement node in that article's graph (the
    direct triple is left out when the subject is a reference place), so the statements
    alone give the edges and their support.
    """
    return prologue(base) + f"""SELECT ?s ?p ?o (COUNT(DISTINCT ?g) AS ?support) WHERE {{
  GRAPH ?g {{ ?st rdf:predicate ?p ; rdf:subject ?s ; rdf:object ?o }}
  {values("p", (expand(r, base) for r in relations))}
  {_doc_filter("g", base)}
}} GROUP BY ?s ?p ?o"""


def reference_edge_query(base: str, relations: Iterable[str]) -> str:
    """(s, p, o) edges of the reference data (a subdistrict in its district), support 0 unless an article states them."""
    return prologue(base) + f"""SELECT ?s ?p ?o WHERE {{
  {values("p", (expand(r, base) for r in relations))}
  GRAPH {ox.NamedNode(reference_graph(base))} {{ ?s ?p ?o }}
  FILTER(isIRI(?o))
}}"""


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


def edge_supports(store: GraphStore, base: str, relations: Iterable[str] = RELATIONS) -> dict[tuple[str, str, str], int]:
    """(subject, predicate, object) → support, for the stated and the reference edges."""
    relations = list(relations)
    supports = {
        (row["s"].value, row["p"].value, row["o"].value): int(row["support"].value)
        for row in run_select(store, support_query(base, relations))
        if isinstance(row["o"], ox.NamedNode)
    }
    for row in run_select(store, reference_edge_query(base, relations)):
        supports.setdefault((row["s"].value, row["p"].value, row["o"].value), 0)
    return supports


def add_edges(graph: nx.MultiDiGraph, supports: dict[tuple[str, str, str], int], base: str, lang: str,
              keep: Iterable[str] = RELATIONS) -> None:
    """Add edges between known nodes, keyed by relation name, with labels and support; ``keep``: predicate CURIEs."""
    relations = {expand(p, base).value: RELATIONS[p] for p in keep}
    for (source, predicate, target), support in supports.items():
        if source not in graph or target not in graph or predicate not in relations:
            continue
        name, zh, en = relations[predicate]
        graph.add_edge(
            source, target, key=name, relation=name, label=en if lang == "en" else zh,
            support=support, predicate=predicate,
        )


def run_select(store: GraphStore, sparql: str) -> Iterable:
    """Run a SELECT over the union default graph."""
    logger.debug("export query: %s", next((line for line in sparql.splitlines() if line.startswith("SELECT")), ""))
    return store.query(sparql, union_default_graph=True)
