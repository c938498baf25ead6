"""The ontology reference: one HTML page generated from ``ontology/``.

Every class and property with its zh and en labels, comment, superclasses, domain
and range; every SKOS scheme with its concepts; the reference places. Served at the
ontology's namespace IRI (``/ontology``) and written to ``docs/ontology.html``
(``python -m api.ontology_doc docs/ontology.html``; a test fails when it is stale).
"""

import sys
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graph.ns import DEFAULT_BASE, PREFIXES
from graph.ontology import DEFAULT_ONTOLOGY_DIR, load_ontology_graph
from graph.reference import load_places

TEMPLATES = Path(__file__).resolve().parent / "reference_templates"


@dataclass
class Term:
    """One class, property or concept as the page shows it."""

    iri: str
    curie: str
    label_zh: str = ""
    label_en: str = ""
    comment_zh: str = ""
    comment_en: str = ""
    kind: str = ""
    parents: list[str] = field(default_factory=list)
    domain: list[str] = field(default_factory=list)
    range: list[str] = field(default_factory=list)
    notation: str = ""
    alt_labels: list[str] = field(default_factory=list)


def curie(iri: str) -> str:
    """``szr:Reform`` for a full IRI in a known namespace, else the IRI."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _text(graph: Graph, node: URIRef, pred: URIRef, lang: str) -> str:
    values = [str(o) for o in graph.objects(node, pred) if getattr(o, "language", None) == lang]
    return sorted(values)[0] if values else ""


def _names(graph: Graph, node, pred: URIRef) -> list[str]:
    """IRIs (as CURIEs) of ``pred``'s objects, unfolding owl:unionOf lists."""
    out: list[str] = []
    for obj in graph.objects(node, pred):
        union = graph.value(obj, OWL.unionOf)
        members = list(graph.items(union)) if union is not None else [obj]
        out.extend(curie(str(m)) for m in members if isinstance(m, URIRef))
    return sorted(out)


def _term(graph: Graph, node: URIRef, kind: str) -> Term:
    return Term(
        iri=str(node), curie=curie(str(node)), kind=kind,
        label_zh=_text(graph, node, RDFS.label, "zh") or _text(graph, node, SKOS.prefLabel, "zh"),
        label_en=_text(graph, node, RDFS.label, "en") or _text(graph, node, SKOS.prefLabel, "en"),
        comment_zh=_text(graph, node, RDFS.comment, "zh") or _text(graph, node, SKOS.definition, "zh"),
        comment_en=_text(graph, node, RDFS.comment, "en") or _text(graph, node, SKOS.definition, "en"),
        parents=_names(graph, node, RDFS.subClassOf) + _names(graph, node, RDFS.subPropertyOf) + _names(graph, node, SKOS.broader),
        domain=_names(graph, node, RDFS.domain), range=_names(graph, node, RDFS.range),
        notation=str(graph.value(node, SKOS.notation) or ""),
        alt_labels=sorted(str(o) for o in graph.objects(node, SKOS.altLabel)),
    )


def ontology_terms(graph: Graph, namespace: str) -> dict[str, list[Term]]:
    """Our classes, object properties and datatype properties, sorted by name."""
    kinds = {"classes": OWL.Class, "object properties": OWL.ObjectProperty, "datatype properties": OWL.DatatypeProperty}
    out: dict[str, list[Term]] = {}
    for title, rdf_type in kinds.items():
        nodes = {s for s in graph.subjects(RDF.type, rdf_type) if isinstance(s, URIRef) and str(s).startswith(namespace)}
        out[title] = [_term(graph, n, title) for n in sorted(nodes)]
    return out


def concept_schemes(graph: Graph) -> list[tuple[Term, list[Term]]]:
    """Each SKOS scheme with its concepts."""
    schemes = []
    for scheme in sorted(s for s in graph.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)):
        concepts = sorted(c for c in graph.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef))
        schemes.append((_term(graph, scheme, "scheme"), [_term(graph, c, "concept") for c in concepts]))
    return schemes


def render_ontology_html(ontology_dir: Path = DEFAULT_ONTOLOGY_DIR, base: str = DEFAULT_BASE) -> str:
    """The whole reference page as one self-contained HTML document."""
    graph = load_ontology_graph(ontology_dir, base)
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    header = graph.value(URIRef(base + "ontology"), OWL.versionInfo)
    return env.get_template("ontology.html").render(
        base=base,
        version=str(header or ""),
        description_en=_text(graph, URIRef(base + "ontology"), URIRef("http://purl.org/dc/terms/description"), "en"),
        description_zh=_text(graph, URIRef(base + "ontology"), URIRef("http://purl.org/dc/terms/description"), "zh"),
        sections=ontology_terms(graph, base + "ontology#"),
        schemes=concept_schemes(graph),
        places=load_places(ontology_dir, base),
        prefixes=PREFIXES,
    )


if __name__ == "__main__":
    html = render_ontology_html()
    if len(sys.argv) > 1:
        Path(sys.argv[1]).write_text(html, encoding="utf-8")
    else:
        sys.stdout.write(html)
