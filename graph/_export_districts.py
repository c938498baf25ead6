"""The district of each network node, worked out from the edges already read.

A place is in the district it is contained in; a reform, pilot or plan in the district of
where it is implemented (or of the plan it is listed in); an organisation in its
jurisdiction (or its parent's); a recognition in the district of what it recognises; an
outcome in that of what it measures; a person in that of what they lead. Doing this in
Python over the edge list costs nothing, where the same property paths cost seconds of
SPARQL on a large store.
"""

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

# Edges walked upwards from a node to its district, and the relations it borrows a district through.
_UP = ("implementedIn", "containedInPlace", "listedIn", "jurisdiction", "subOrganizationOf")
_FORWARD = ("recognizes",)  # a recognition takes the district of what it recognises
_BACKWARD = ("hasOutcome", "ledBy")  # an outcome / a person takes that of the reform it belongs to
_BORROWERS = {"Recognition": _FORWARD, "Metric": ("hasOutcome",), "Person": ("ledBy",)}


def _adjacency(edges: Iterable[tuple[str, str, str]]) -> tuple[dict, dict]:
    """(relation → source → targets, relation → target → sources) for the relations used here."""
    forward: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    backward: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for source, relation, target in edges:
        if relation in _UP or relation in _FORWARD:
            forward[relation][source].append(target)
        if relation in _BACKWARD:
            backward[relation][target].append(source)
    return forward, backward


def _climb(start: str, forward: dict, districts: set[str], memo: dict[str, frozenset[str]]) -> frozenset[str]:
    """Districts reached from ``start`` by upward edges (a district reaches itself)."""
    if start in memo:
        return memo[start]
    found, seen, frontier = set(), {start}, [start]
    while frontier:
        node = frontier.pop()
        if node in districts:
            found.add(node)
            continue
        for relation in _UP:
            for parent in forward[relation].get(node, ()):
                if parent not in seen:
                    seen.add(parent)
                    frontier.append(parent)
    memo[start] = frozenset(found)
    return memo[start]


def assign_districts(graph: nx.MultiDiGraph, edges: Iterable[tuple[str, str, str]], districts: set[str]) -> None:
    """Set ``_districts`` (district IRIs) on every node of ``graph`` that has one.

    ``edges`` are (source IRI, relation name, target IRI) of the whole store, whatever
    the export keeps, so a filter on relations does not change where a node is.
    """
    forward, backward = _adjacency(edges)
    memo: dict[str, frozenset[str]] = {}
    for node, data in graph.nodes(data=True):
        found = set(_climb(node, forward, districts, memo))
        for relation in _BORROWERS.get(data.get("type"), ()):
            links = backward[relation].get(node, ()) if relation in _BACKWARD else forward[relation].get(node, ())
            for other in links:
                found |= _climb(other, forward, districts, memo)
        if found:
            data["_districts"] = found
