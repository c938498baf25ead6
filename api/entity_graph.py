"""An entity page's neighbourhood as Cytoscape.js elements (drawn by ``static/js/neighbourhood.js``).

Built from the entity page's view (``api/entity_view.py``: ``facts`` and ``incoming``
groups of ``{"predicate", "values": [{"term"}]}``): the entity in the centre, one node
per linked entity, one edge per fact, labelled in the page's language.
"""

from collections.abc import Callable
from typing import Any

MAX_NEIGHBOURS = 40
# First path segment of a minted IRI → the node type the graph colours by.
_KIND_TYPES = {
    "reform": "Reform", "pilot": "PilotDesignation", "programme": "PilotProgramme", "recognition": "Recognition",
    "outcome": "Outcome", "org": "Organization", "person": "Person", "plan": "ReformPlan", "media": "MediaOutlet",
    "doc": "SourceDocument", "scheme": "Concept",
}
# Provenance plumbing: reachable from the page's lists, noise in the picture.
_SKIPPED_KINDS = ("evidence", "statement", "ontology")


def node_type(path: str) -> str:
    """The type a node is coloured as, from its path (``/place/440307`` → ``District``)."""
    parts = path.strip("/").split("/")
    if parts[0] == "place":
        return "District" if len(parts) == 2 else "Subdistrict"
    return _KIND_TYPES.get(parts[0], "Other")


def _neighbour(term: dict[str, Any]) -> bool:
    path = term.get("path") or ""
    return term.get("kind") == "iri" and path.startswith("/") and path.strip("/").split("/")[0] not in _SKIPPED_KINDS


def neighbourhood(entity: dict[str, Any], pick: Callable[..., str]) -> dict[str, Any]:
    """``{"center", "nodes": [{"id", "label", "type", "href"}], "edges": [{"source", "target", "label"}]}``."""
    center = entity["iri"]
    labels = {"zh": entity.get("label"), "en": entity.get("label_en")}
    nodes = {center: {"id": center, "label": pick(labels) or center,
                      "type": node_type(entity.get("path") or "/"), "href": entity.get("path")}}
    edges: list[dict[str, str]] = []
    for groups, outgoing in ((entity.get("facts") or [], True), (entity.get("incoming") or [], False)):
        for group in groups:
            label = pick(group["predicate"].get("labels") or {}) or group["predicate"].get("name", "")
            for value in group.get("values") or []:
                term = value["term"]
                if not _neighbour(term) or term["value"] == center:
                    continue
                if term["value"] not in nodes:
                    if len(nodes) > MAX_NEIGHBOURS:
                        continue
                    nodes[term["value"]] = {"id": term["value"], "label": pick(term.get("labels") or {}) or term.get("label"),
                                            "type": node_type(term["path"]), "href": term["path"]}
                source, target = (center, term["value"]) if outgoing else (term["value"], center)
                edges.append({"source": source, "target": target, "label": label})
    return {"center": center, "nodes": list(nodes.values()), "edges": edges}
