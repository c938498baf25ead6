"""What an entity page shows: an entity's facts, each with its evidence quote, sentence and article.

:func:`load_entity` runs a handful of small queries (through the query runner, so
they get its time limit) and returns an :class:`EntityData`; :func:`page_view` turns it
into the template's context and :func:`entity_triples` into RDF for Turtle/JSON-LD.
Evidence follows ``docs/architecture.md``: ``?ev oa:hasBody ?fact`` where the fact is
the entity itself (a mention) or the ``rdf:Statement`` node of an edge.
"""

from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from api.entity_view import SKIPPED_PREDICATES, page_view
from api.query_runner import QueryRunner
from graph.queries import sparql_prologue

MAX_INCOMING = 1000
MAX_EVIDENCE = 2000
MAX_TEXT_DOCS = 12  # articles whose text is read to cut the sentence around a quote
EVIDENCE_CHUNK = 500
# Edges and mentions first, then the evidence details of all of them in one query: pyoxigraph
# joins the six evidence patterns in a bad order when they hang off the entity (seconds at 1M
# triples), and in a good one from a VALUES list of evidence nodes (milliseconds).
QUERIES = {
    "out": """SELECT DISTINCT ?s ?p ?o ?label WHERE {
  ?s ?p ?o . OPTIONAL { ?o skos:prefLabel|dct:title ?label } }""",
    "in": f"""SELECT DISTINCT ?s ?x ?p ?label WHERE {{
  ?x ?p ?s .
  FILTER(?p NOT IN (rdf:subject, rdf:object, oa:hasBody, oa:hasSource, prov:wasDerivedFrom))
  OPTIONAL {{ ?x skos:prefLabel|dct:title ?label }} }} LIMIT {MAX_INCOMING}""",
    "derived": f"""SELECT DISTINCT ?s ?x ?type ?label WHERE {{
  ?x prov:wasDerivedFrom ?s ; a ?type ; skos:prefLabel ?label . }} LIMIT {MAX_INCOMING}""",
    "edges_out": f"""SELECT DISTINCT ?s ?p ?o ?st ?ev WHERE {{
  ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . ?ev oa:hasBody ?st . }} LIMIT {MAX_EVIDENCE}""",
    "edges_in": f"""SELECT DISTINCT ?s ?x ?p ?st ?ev WHERE {{
  ?st rdf:object ?s ; rdf:subject ?x ; rdf:predicate ?p . ?ev oa:hasBody ?st . }} LIMIT {MAX_EVIDENCE}""",
    "mentions": f"""SELECT DISTINCT ?s ?ev WHERE {{ ?ev oa:hasBody ?s . }} LIMIT {MAX_EVIDENCE}""",
    "text": "SELECT ?doc ?text WHERE { ?doc szr:content ?text }",
    "evidence": """SELECT ?ev ?t ?doc ?qs ?ps ?quote ?start ?end ?prefix ?suffix ?title ?published WHERE {
  VALUES ?ev { EVIDENCE_NODES }
  ?ev oa:hasTarget ?t .
  ?t oa:hasSource ?doc ; oa:hasSelector ?qs, ?ps .
  ?qs oa:exact ?quote . ?ps oa:start ?start ; oa:end ?end .
  OPTIONAL { ?qs oa:prefix ?prefix } OPTIONAL { ?qs oa:suffix ?suffix }
  OPTIONAL { ?doc dct:title ?title } OPTIONAL { ?doc schema:datePublished|szr:publishedMonthDay ?published } }""",
    "predicates": """SELECT DISTINCT ?p ?label WHERE {
  ?p rdfs:label|skos:prefLabel ?label .
  VALUES ?kind { owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty rdf:Property owl:Class }
  ?p a ?kind . }""",
}


@dataclass
class EntityData:
    """The raw rows about one entity (``{variable: term}``), by query name."""

    iri: str
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # doc IRI → stored text

    @property
    def exists(self) -> bool:
        """Whether any triple names the entity."""
        return bool(self.rows.get("out") or self.rows.get("in") or self.rows.get("derived"))


async def _rows(runner: QueryRunner, base: str, name: str, text: str | None = None, **bind: ox.NamedNode) -> list[dict[str, Any]]:
    outcome = await runner.run(sparql_prologue(base) + (text or QUERIES[name]), substitutions=bind or None,
                               heavy=False, max_rows=MAX_INCOMING + MAX_EVIDENCE)
    return outcome.rows


async def _evidence_details(runner: QueryRunner, base: str, nodes: list[ox.NamedNode]) -> dict[str, list[dict[str, Any]]]:
    """Target, article, quote and offsets of each evidence node (IRIs from the store, as typed VALUES)."""
    details: dict[str, list[dict[str, Any]]] = {}
    for chunk in range(0, len(nodes), EVIDENCE_CHUNK):
        values = " ".join(str(node) for node in nodes[chunk:chunk + EVIDENCE_CHUNK])
        for row in await _rows(runner, base, "evidence", QUERIES["evidence"].replace("EVIDENCE_NODES", values)):
            details.setdefault(row["ev"].value, []).append(row)
    return details


async def load_entity(runner: QueryRunner, iri: str, base: str) -> EntityData:
    """Every row the page and the RDF views need, for the entity ``iri``."""
    data = EntityData(iri)
    subject = ox.NamedNode(iri)
    for name in ("out", "in", "derived"):
        data.rows[name] = await _rows(runner, base, name, s=subject)
    if not data.exists:
        return data
    links = {name: await _rows(runner, base, name, s=subject) for name in ("edges_out", "edges_in", "mentions")}
    nodes = sorted({row["ev"].value for rows in links.values() for row in rows if isinstance(row["ev"], ox.NamedNode)})
    details = await _evidence_details(runner, base, [ox.NamedNode(n) for n in nodes])
    for name, rows in links.items():
        data.rows[name] = [row | detail for row in rows for detail in details.get(row["ev"].value, [])]
    docs = {row["doc"].value for name in ("edges_out", "edges_in", "mentions") for row in data.rows[name]}
    if len(docs) > MAX_TEXT_DOCS:  # too many articles to read: sentences come from prefix/suffix
        docs = set()
    if _is_doc(data):
        docs.add(iri)
    for doc in sorted(docs):
        for row in await _rows(runner, base, "text", doc=ox.NamedNode(doc)):
            data.texts[doc] = row["text"].value
    return data


def _is_doc(data: EntityData) -> bool:
    return any(row["p"].value.endswith("#content") for row in data.rows.get("out", []))


async def predicate_labels(runner: QueryRunner, base: str) -> dict[str, dict[str, str]]:
    """Labels of the ontology's properties and classes: IRI → {zh, en}."""
    labels: dict[str, dict[str, str]] = {}
    for row in await _rows(runner, base, "predicates"):
        label = row["label"]
        lang = (getattr(label, "language", None) or "en").split("-")[0]
        labels.setdefault(row["p"].value, {}).setdefault(lang, label.value)
    return labels


def entity_triples(data: EntityData) -> list[ox.Triple]:
    """The entity's triples, incoming links, linked labels, and the evidence of each fact, as RDF."""
    s = ox.NamedNode(data.iri)
    label_p = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    triples: set[ox.Triple] = set()
    for row in data.rows.get("out", []):
        triples.add(ox.Triple(s, row["p"], row["o"]))
        if "label" in row and not isinstance(row["o"], ox.Literal):
            triples.add(ox.Triple(row["o"], label_p, row["label"]))
    for row in data.rows.get("in", []):
        triples.add(ox.Triple(row["x"], row["p"], s))
        if "label" in row:
            triples.add(ox.Triple(row["x"], label_p, row["label"]))
    for name in ("edges_out", "edges_in", "mentions"):
        for row in data.rows.get(name, []):
            triples.update(_evidence_triples(row, s, name))
    return sorted(triples, key=str)


def _evidence_triples(row: dict[str, Any], s: ox.NamedNode, kind: str) -> list[ox.Triple]:
    rdf, oa = "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/ns/oa#"
    node = lambda local, prefix=oa: ox.NamedNode(prefix + local)  # noqa: E731
    body = s if kind == "mentions" else row["st"]
    found = [
        ox.Triple(row["ev"], node("hasBody"), body), ox.Triple(row["ev"], node("hasTarget"), row["t"]),
        ox.Triple(row["t"], node("hasSource"), row["doc"]), ox.Triple(row["t"], node("hasSelector"), row["qs"]),
        ox.Triple(row["t"], node("hasSelector"), row["ps"]), ox.Triple(row["qs"], node("exact"), row["quote"]),
        ox.Triple(row["ps"], node("start"), row["start"]), ox.Triple(row["ps"], node("end"), row["end"]),
    ]
    if kind != "mentions":
        subject, obj = (s, row["o"]) if kind == "edges_out" else (row["x"], s)
        found += [ox.Triple(row["st"], node("subject", rdf), subject), ox.Triple(row["st"], node("predicate", rdf), row["p"]),
                  ox.Triple(row["st"], node("object", rdf), obj)]
    if "title" in row:
        found.append(ox.Triple(row["doc"], ox.NamedNode("http://purl.org/dc/terms/title"), row["title"]))
    return found


__all__ = ["EntityData", "SKIPPED_PREDICATES", "entity_triples", "load_entity", "page_view", "predicate_labels"]
