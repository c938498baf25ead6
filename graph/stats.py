"""Store statistics for ``szkg stats`` and the API: triples, graphs, articles, entities per class."""

import logging
from typing import Any

import pyoxigraph as ox

from graph.ns import PREFIXES

logger = logging.getLogger(__name__)

CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?entity) AS ?n) WHERE {
  GRAPH ?g { ?entity a ?class }
  FILTER(STRSTARTS(STR(?g), STR(?articles)))
}
GROUP BY ?class
ORDER BY DESC(?n) ?class
"""


def compact(iri: str) -> str:
    """``szr:Reform`` for a known namespace, the IRI itself otherwise."""
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def entity_counts(store, base: str) -> dict[str, int]:
    """Distinct typed nodes per class in the article graphs (``szr:Reform`` → 94)."""
    szr = base + "ontology#"
    rows = store.query(CLASS_COUNTS, substitutions={"articles": ox.Literal(base + "graph/doc/")})
    counts: dict[str, int] = {}
    for row in rows:
        iri = row["class"].value
        name = "szr:" + iri[len(szr):] if iri.startswith(szr) else compact(iri)
        counts[name] = int(row["n"].value)
    return counts


def store_stats(store, base: str) -> dict[str, Any]:
    """Triples, named graphs, loaded articles and entities per class."""
    graphs = store.graphs()
    prefix = base + "graph/doc/"
    return {
        "triples": store.count(),
        "graphs": len(graphs),
        "articles": sum(1 for g in graphs if g.startswith(prefix)),
        "entities": entity_counts(store, base),
    }
