"""Exports of the graph for Gephi, Cytoscape, D3, spreadsheets and RDF tools.

``read_network`` reads the entity network out of the store (one networkx
``MultiDiGraph``, the only copy held); ``export`` streams it in one of ``FORMATS``.
RDF formats come straight from the store's ``dump`` when unfiltered.

Node attributes: ``label`` (zh by default; ``en`` falls back to zh; ``pinyin`` from
the zh label), ``type``, ``district``, ``level``, ``year``, ``iri`` and the other
literal properties. Edge attributes: ``relation``, ``label``, ``support`` (article
graphs asserting it) and ``predicate``.
"""

import logging
from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx

from graph import _export_formats as formats
from graph import _export_rdf as rdf
from graph._export_filter import (
    LANGS,
    ExportFilter,
    apply_neighbourhood,
    apply_scope,
    node_classes,
    relation_predicates,
    resolve_district,
)
from graph._export_districts import assign_districts
from graph._export_read import (
    PLACE_CLASSES,
    RELATIONS,
    add_attributes,
    add_edges,
    add_nodes,
    attribute_queries,
    district_label_query,
    edge_supports,
    expand,
    node_query,
    place_query,
    run_select,
)
from graph.errors import QueryParameterError
from graph.ns import DEFAULT_BASE
from graph.store import GraphStore

logger = logging.getLogger(__name__)

__all__ = ["FORMATS", "ExportFilter", "ExportFormat", "export", "read_network", "LANGS"]


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its media type and file extension."""

    name: str
    media_type: str
    extension: str
    description: str


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("graphml", "application/graphml+xml", "graphml", "GraphML (Gephi, yEd, Cytoscape, networkx)"),
        ExportFormat("gexf", "application/gexf+xml", "gexf", "GEXF 1.2 (Gephi)"),
        ExportFormat("cytoscape", "application/json", "cyjs", "Cytoscape.js JSON (elements.nodes / elements.edges)"),
        ExportFormat("node-link", "application/json", "json", "node-link JSON (D3 force layouts; networkx node_link_graph)"),
        ExportFormat("nodes-csv", "text/csv; charset=utf-8", "nodes.csv", "node table, CSV"),
        ExportFormat("edges-csv", "text/csv; charset=utf-8", "edges.csv", "edge table, CSV"),
        ExportFormat("turtle", "text/turtle", "ttl", "RDF Turtle (all graphs merged)"),
        ExportFormat("trig", "application/trig", "trig", "RDF TriG (one named graph per article)"),
        ExportFormat("nquads", "application/n-quads", "nq", "RDF N-Quads (one named graph per article)"),
        ExportFormat("jsonld", "application/ld+json", "jsonld", "RDF JSON-LD (named graphs as @graph)"),
    )
}
NETWORK_WRITERS = {
    "graphml": formats.write_graphml,
    "gexf": formats.write_gexf,
    "cytoscape": formats.write_cytoscape,
    "node-link": formats.write_node_link,
    "nodes-csv": formats.write_nodes_csv,
    "edges-csv": formats.write_edges_csv,
}


def check_format(name: str) -> ExportFormat:
    """The format called ``name``, or a clear error listing the known ones."""
    found = FORMATS.get(name.lower())
    if found is None:
        raise QueryParameterError(
            f"unknown export format {name!r}: expected one of {', '.join(FORMATS)}",
            [{"loc": ["format"], "msg": f"unknown format {name!r}"}],
        )
    return found


def district_names(store: GraphStore, base: str) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """(any name or code → district IRI, district IRI → {lang: label})."""
    names: dict[str, str] = {}
    labels: dict[str, dict[str, str]] = {}
    for row in run_select(store, district_label_query(base)):
        iri, term = row["d"].value, row["label"]
        names[term.value] = names[term.value.lower()] = iri
        lang = getattr(term, "language", None)
        if row["pref"] is not None and lang in {"zh", "en"}:
            labels.setdefault(iri, {}).setdefault(lang, term.value)
    return names, labels


def district_iri(store: GraphStore, name: str, base: str = DEFAULT_BASE) -> str:
    """The IRI of the district a name, code or IRI names (QueryParameterError when none)."""
    return resolve_district(name, district_names(store, base)[0])


def choose_label(labels: dict[str, str], lang: str, fallback: str) -> str:
    """The label in ``lang``; en falls back to zh, pinyin is made from zh."""
    zh = labels.get("zh") or labels.get("") or next(iter(labels.values()), None) or fallback
    if lang == "en":
        return labels.get("en") or zh
    if lang == "pinyin":
        from pypinyin import lazy_pinyin

        return " ".join(s.strip() for s in lazy_pinyin(zh) if s.strip())
    return zh


def _label_nodes(graph: nx.MultiDiGraph, lang: str, district_labels: dict[str, dict[str, str]]) -> None:
    for node, data in graph.nodes(data=True):
        data["label"] = choose_label(data.get("_labels", {}), lang, node.rsplit("/", 1)[-1])
        districts = sorted(data.get("_districts", ()))
        if districts:
            data["_district_labels"] = [choose_label(district_labels.get(d, {}), lang, d) for d in districts]
            data["district"] = "; ".join(data["_district_labels"])


def read_network(
    store: GraphStore, filters: ExportFilter | None = None, lang: str = "zh", base: str = DEFAULT_BASE
) -> nx.MultiDiGraph:
    """The entity network of the store, filtered; one networkx graph, built from SPARQL rows."""
    filters = filters or ExportFilter()
    if lang not in LANGS:
        raise QueryParameterError(f"unknown label language {lang!r}: expected zh, en or pinyin")
    classes = node_classes(filters.types)
    predicates = relation_predicates(filters.relations)
    names, district_labels = district_names(store, base)
    district = resolve_district(filters.district, names) if filters.district else None
    graph = nx.MultiDiGraph(name="Shenzhen Reform KG", lang=lang)
    add_nodes(graph, run_select(store, node_query(base, classes, filters.years)))
    places = [c for c in classes if c in PLACE_CLASSES]
    if places:
        add_nodes(graph, run_select(store, place_query(base, places)))
    for query in attribute_queries(base):
        add_attributes(graph, run_select(store, query), base)
    supports = edge_supports(store, base)  # every relation: where a node is does not depend on the filter
    relation_names = {expand(p, base).value: names[0] for p, names in RELATIONS.items()}
    assign_districts(graph, ((s, relation_names[p], o) for s, p, o in supports), set(names.values()))
    _label_nodes(graph, lang, district_labels)
    add_edges(graph, supports, base, lang, predicates)
    apply_scope(graph, district, filters.years)
    if filters.entity:
        apply_neighbourhood(graph, filters.entity, filters.depth)
    for _, data in graph.nodes(data=True):
        data.pop("_labels", None)  # every language's label was needed only to find the entity
    logger.info("network: %d nodes, %d edges (%s)", graph.number_of_nodes(), graph.number_of_edges(), filters)
    return graph


def export(
    store: GraphStore, fmt: str, filters: ExportFilter | None = None, lang: str = "zh", base: str = DEFAULT_BASE
) -> Iterator[bytes]:
    """Stream the store, or the filtered part of it, in format ``fmt`` (a ``FORMATS`` key)."""
    name = check_format(fmt).name
    filters = filters or ExportFilter()
    if name in NETWORK_WRITERS:
        return NETWORK_WRITERS[name](read_network(store, filters, lang, base))
    if filters.is_empty():
        return rdf.dump_store(store, name)
    return rdf.dump_subgraph(store, read_network(store, filters, lang, base), name, base)


def export_filename(fmt: str, filters: ExportFilter | None = None) -> str:
    """A download file name such as ``szkg_district-440307.graphml`` (ASCII-safe when the filter is)."""
    spec = check_format(fmt)
    slug = (filters or ExportFilter()).slug()
    return f"szkg{'_' + slug if slug else ''}.{spec.extension}"
