"""Filters of an export: entity types, relation types, district, years, one entity's neighbourhood.

Types and relations choose what the SPARQL reads; years are pushed into the node query
too. District and year keep a node that has the attribute and matches it; a node that
lacks it (a media outlet has no district, an organisation no year) is context and is
kept only when it touches a node that matches, so a Longgang export keeps 央视 when it
reports on a Longgang reform but not when it only reports on Luohu.
"""

from dataclasses import dataclass, field

import networkx as nx

from graph._export_read import NODE_CLASSES, RELATIONS
from graph.errors import QueryParameterError

TYPE_ALIASES = {
    "outcome": "Metric", "pilotdesignation": "Pilot", "organisation": "Organization",
    "functionalzone": "District", "media": "MediaOutlet", "plan": "ReformPlan",
}
# The guide's partOf is four predicates in RDF.
RELATION_ALIASES = {"partof": ("containedInPlace", "subOrganizationOf", "jurisdiction", "listedIn")}
LANGS = ("zh", "en", "pinyin")


@dataclass(frozen=True)
class ExportFilter:
    """What part of the network to export; empty fields mean no restriction."""

    district: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    types: tuple[str, ...] = field(default_factory=tuple)
    relations: tuple[str, ...] = field(default_factory=tuple)
    entity: str | None = None
    depth: int = 1

    def __post_init__(self) -> None:
        if self.year_from is not None and self.year_to is not None and self.year_from > self.year_to:
            raise QueryParameterError(f"year range {self.year_from}–{self.year_to}: the start is after the end")
        if self.depth < 0:
            raise QueryParameterError(f"depth {self.depth}: must be 0 or more")

    @property
    def years(self) -> tuple[int | None, int | None]:
        """(from, to), either may be None."""
        return self.year_from, self.year_to

    def is_empty(self) -> bool:
        """True when nothing is filtered out."""
        return self == ExportFilter()

    def slug(self) -> str:
        """A short file-name fragment describing the filter (ASCII where the values are)."""
        parts = [
            f"district-{self.district}" if self.district else "",
            f"{self.year_from or ''}-{self.year_to or ''}" if self.years != (None, None) else "",
            "-".join(self.types), "-".join(self.relations),
            f"ego{self.depth}" if self.entity else "",
        ]
        return "_".join(p for p in parts if p)


def node_classes(types: tuple[str, ...]) -> list[str]:
    """The rdf:type CURIEs for the requested node types (all when none)."""
    if not types:
        return list(NODE_CLASSES)
    known = {t.lower(): t for t in NODE_CLASSES.values()}
    wanted = set()
    for name in types:
        key = name.strip().lower()
        kind = known.get(key) or TYPE_ALIASES.get(key)
        if kind is None:
            raise QueryParameterError(
                f"unknown entity type {name!r}: expected one of {', '.join(sorted(set(known.values())))}",
                [{"loc": ["types"], "msg": f"unknown type {name!r}"}],
            )
        wanted.add(kind)
    return [c for c, kind in NODE_CLASSES.items() if kind in wanted]


def relation_predicates(relations: tuple[str, ...]) -> list[str]:
    """The predicate CURIEs for the requested relation names (all when none)."""
    if not relations:
        return list(RELATIONS)
    by_name = {names[0].lower(): curie for curie, names in RELATIONS.items()}
    chosen: list[str] = []
    for name in relations:
        key = name.strip().lower()
        names = RELATION_ALIASES.get(key, (key,))
        if not all(n.lower() in by_name for n in names):
            raise QueryParameterError(
                f"unknown relation {name!r}: expected one of {', '.join(n[0] for n in RELATIONS.values())} or partOf",
                [{"loc": ["relations"], "msg": f"unknown relation {name!r}"}],
            )
        chosen.extend(by_name[n.lower()] for n in names if by_name[n.lower()] not in chosen)
    return chosen


def resolve_district(name: str, names: dict[str, str]) -> str:
    """The district IRI for a name (龙岗区, 龙岗, Longgang District), a code (440307) or an IRI."""
    key = name.strip()
    if key in names.values():
        return key
    found = names.get(key) or names.get(key.lower())
    if found is None:
        raise QueryParameterError(
            f"unknown district {name!r}: give a name such as 龙岗区, a division code such as 440307, or an IRI",
            [{"loc": ["district"], "msg": f"unknown district {name!r}"}],
        )
    return found


def _status(data: dict, district: str | None, years: tuple[int | None, int | None]) -> str:
    """'pass', 'fail' or 'context' (lacks an attribute a filter needs)."""
    missing = False
    if district is not None:
        districts = data.get("_districts")
        if not districts:
            missing = True
        elif district not in districts:
            return "fail"
    if years != (None, None):
        year = data.get("year")
        if not isinstance(year, int):
            missing = True
        elif (years[0] is not None and year < years[0]) or (years[1] is not None and year > years[1]):
            return "fail"
    return "context" if missing else "pass"


def apply_scope(graph: nx.MultiDiGraph, district: str | None, years: tuple[int | None, int | None]) -> None:
    """Remove, in place, nodes outside the district/years and context nodes touching no kept node."""
    if district is None and years == (None, None):
        return
    status = {n: _status(d, district, years) for n, d in graph.nodes(data=True)}
    graph.remove_nodes_from([n for n, s in status.items() if s == "fail"])
    lonely = [
        n for n, s in status.items()
        if s == "context" and n in graph
        and not any(status[m] == "pass" for m in nx.all_neighbors(graph, n))
    ]
    graph.remove_nodes_from(lonely)


def find_entity(graph: nx.MultiDiGraph, entity: str) -> str:
    """The node an IRI or an exact label names; errors list the candidates when ambiguous."""
    if entity in graph:
        return entity
    hits = [n for n, d in graph.nodes(data=True) if entity in d.get("_labels", {}).values() or d.get("label") == entity]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise QueryParameterError(
            f"no entity {entity!r} in the exported graph: give its IRI or its exact label",
            [{"loc": ["entity"], "msg": "not found"}],
        )
    raise QueryParameterError(
        f"{entity!r} names {len(hits)} entities; give the IRI of one: {', '.join(sorted(hits)[:10])}",
        [{"loc": ["entity"], "msg": "ambiguous"}],
    )


def apply_neighbourhood(graph: nx.MultiDiGraph, entity: str, depth: int) -> None:
    """Keep, in place, the nodes within ``depth`` edges of ``entity`` (either direction)."""
    centre = find_entity(graph, entity)
    near = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), centre, cutoff=depth)
    graph.remove_nodes_from([n for n in list(graph) if n not in near])
