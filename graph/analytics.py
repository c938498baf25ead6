"""Network measures analysts would otherwise compute by hand, over the exported network.

* ``organisation_centrality``: who leads, confers and is recognised most (counts, degree,
  betweenness and PageRank over the ledBy / conferredBy / recognizes network);
* ``shared_reforms``: reforms with the same or a near-same name in several districts;
* ``reform_communities``: Louvain communities (seeded) of the reform–organisation–recognition network;
* ``district_timeline``: reforms, pilots and recognitions per district and year.

Every function takes the networkx graph ``graph.export.read_network`` returns and
gives plain JSON-ready values; ``analyze`` reads the network and runs one of them.
"""

import logging
from collections import Counter, defaultdict

import networkx as nx

from graph._reform_names import group_names
from graph.export import ExportFilter, district_iri, read_network
from graph.errors import QueryParameterError
from graph.ns import DEFAULT_BASE
from graph.store import GraphStore

logger = logging.getLogger(__name__)

ANALYSES = ("centrality", "shared-reforms", "communities", "timeline")
CENTRALITY_RELATIONS = ("ledBy", "conferredBy", "recognizes")
COMMUNITY_TYPES = ("Reform", "Pilot", "ReformPlan", "Organization", "MediaOutlet", "Person", "Recognition")
COMMUNITY_RELATIONS = ("ledBy", "conferredBy", "recognizes", "subOrganizationOf", "listedIn")
TIMELINE_TYPES = {"Reform": "reforms", "Pilot": "pilots", "Recognition": "recognitions"}


def _summary(graph: nx.MultiDiGraph, node: str) -> dict:
    data = graph.nodes[node]
    return {"iri": node, "label": data.get("label", node), "type": data.get("type"), "district": data.get("district")}


def _weighted(graph: nx.MultiDiGraph, relations: tuple[str, ...], directed: bool) -> nx.Graph:
    """A simple (di)graph of the chosen relations; parallel edges add up their support (at least 1 each)."""
    simple = nx.DiGraph() if directed else nx.Graph()
    for source, target, data in graph.edges(data=True):
        if data.get("relation") in relations:
            weight = max(1, int(data.get("support", 1)))
            old = simple.get_edge_data(source, target, {}).get("weight", 0)
            simple.add_edge(source, target, weight=old + weight)
    return simple


def _relation_counts(graph: nx.MultiDiGraph, node: str) -> Counter:
    return Counter(data.get("relation") for _, _, data in graph.in_edges(node, data=True))


def _recognitions_of_led(graph: nx.MultiDiGraph, node: str) -> int:
    """Recognitions of the organisation itself or of anything it leads."""
    led = {s for s, _, d in graph.in_edges(node, data=True) if d.get("relation") == "ledBy"}
    found = {
        s for target in led | {node} for s, _, d in graph.in_edges(target, data=True) if d.get("relation") == "recognizes"
    }
    return len(found)


def weighted_pagerank(graph: nx.DiGraph, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 200) -> dict[str, float]:
    """PageRank by power iteration on ``weight`` (networkx's own needs scipy, which we do not ship)."""
    nodes = list(graph)
    rank = dict.fromkeys(nodes, 1.0 / len(nodes))
    out_weight = {n: sum(d["weight"] for _, _, d in graph.out_edges(n, data=True)) for n in nodes}
    for _ in range(max_iter):
        dangling = alpha * sum(rank[n] for n in nodes if not out_weight[n]) / len(nodes)
        new = dict.fromkeys(nodes, (1.0 - alpha) / len(nodes) + dangling)
        for source, target, data in graph.edges(data=True):
            new[target] += alpha * rank[source] * data["weight"] / out_weight[source]
        if sum(abs(new[n] - rank[n]) for n in nodes) < len(nodes) * tol:
            return new
        rank = new
    return rank


def organisation_centrality(graph: nx.MultiDiGraph, types: tuple[str, ...] = ("Organization", "MediaOutlet")) -> list[dict]:
    """Organisations ranked by PageRank, with lead / confer / recognition counts, degree and betweenness.

    PageRank runs on the directed network (reform → leader, recognition → what it recognises
    and → who confers it), weighted by support, so a body leading recognised reforms ranks high.
    """
    directed = _weighted(graph, CENTRALITY_RELATIONS, directed=True)
    if directed.number_of_nodes() == 0:
        return []
    undirected = directed.to_undirected()
    pagerank = weighted_pagerank(directed)
    betweenness = nx.betweenness_centrality(undirected, normalized=True)
    degree = nx.degree_centrality(undirected)
    rows = []
    for node in directed:
        if graph.nodes[node].get("type") not in types:
            continue
        counts = _relation_counts(graph, node)
        rows.append({
            **_summary(graph, node), "level": graph.nodes[node].get("level"),
            "leads": counts["ledBy"], "confers": counts["conferredBy"], "recognized": counts["recognizes"],
            "recognitions_of_led": _recognitions_of_led(graph, node),
            "degree": round(degree[node], 6), "betweenness": round(betweenness[node], 6), "pagerank": round(pagerank[node], 6),
        })
    return sorted(rows, key=lambda r: (-r["pagerank"], -r["leads"], r["label"]))


def shared_reforms(graph: nx.MultiDiGraph, threshold: float = 0.8, district: str | None = None) -> list[dict]:
    """Groups of reforms with the same or near-same name that span two districts or more.

    ``district`` (an IRI) keeps the groups that include it; matching: ``graph._reform_names``.
    """
    reforms = [n for n, d in graph.nodes(data=True) if d.get("type") == "Reform" and d.get("_district_labels")]
    names = [graph.nodes[n].get("label", n) for n in reforms]
    groups, floors = group_names(names, threshold)
    shared = []
    for g, members in enumerate(groups):
        nodes = [reforms[i] for i in members]
        pairs = {pair for n in nodes for pair in _districts(graph.nodes[n])}
        districts = sorted({label for _, label in pairs})
        if len(districts) < 2 or (district and district not in {iri for iri, _ in pairs}):
            continue
        labels = Counter(names[i] for i in members)
        shared.append({
            "name": min(labels, key=lambda name: (-labels[name], len(name), name)),
            "districts": districts, "similarity": round(floors[g], 3),
            "reforms": sorted(({**_summary(graph, n), "year": graph.nodes[n].get("year")} for n in nodes),
                              key=lambda r: (r["district"] or "", r["label"])),
        })
    return sorted(shared, key=lambda s: (-len(s["districts"]), -len(s["reforms"]), s["name"]))


def reform_communities(graph: nx.MultiDiGraph, seed: int = 42, resolution: float = 1.0) -> dict:
    """Louvain communities of reforms, pilots, plans, bodies, persons and recognitions."""
    network = _weighted(graph, COMMUNITY_RELATIONS, directed=False)
    network.remove_nodes_from([n for n in list(network) if graph.nodes[n].get("type") not in COMMUNITY_TYPES])
    network.remove_nodes_from(list(nx.isolates(network)))
    if network.number_of_edges() == 0:
        return {"modularity": 0.0, "communities": []}
    parts = nx.community.louvain_communities(network, weight="weight", resolution=resolution, seed=seed)
    modularity = nx.community.modularity(network, parts, weight="weight")
    communities = []
    for part in sorted(parts, key=lambda p: (-len(p), min(p))):
        members = sorted(part, key=lambda n: (-network.degree(n, weight="weight"), n))
        communities.append({
            "id": len(communities), "size": len(part), "label": graph.nodes[members[0]].get("label", members[0]),
            "types": dict(Counter(graph.nodes[n].get("type") for n in part).most_common()),
            "districts": dict(Counter(d for n in part for d in graph.nodes[n].get("_district_labels", ())).most_common()),
            "members": [{**_summary(graph, n), "degree": network.degree(n, weight="weight")} for n in members],
        })
    return {"modularity": round(modularity, 4), "seed": seed, "communities": communities}


def _districts(data: dict) -> list[tuple[str, str]]:
    """(IRI, label) of a node's districts."""
    return list(zip(sorted(data.get("_districts", ())), data.get("_district_labels", ())))


def district_timeline(graph: nx.MultiDiGraph, district: str | None = None) -> list[dict]:
    """Rows ``{district, year, reforms, pilots, recognitions}``; ``year`` is None for undated ones.

    ``district`` is a district IRI; a node in two districts counts in both.
    """
    counts: dict[tuple[str, int | None], Counter] = defaultdict(Counter)
    for _, data in graph.nodes(data=True):
        column = TIMELINE_TYPES.get(data.get("type"))
        if column is None:
            continue
        year = data.get("year") if isinstance(data.get("year"), int) else None
        for iri, label in _districts(data):
            if district is None or iri == district:
                counts[(label, year)][column] += 1
    rows = [{"district": d, "year": y, **{c: counts[(d, y)][c] for c in TIMELINE_TYPES.values()}} for d, y in counts]
    return sorted(rows, key=lambda r: (r["district"], r["year"] is None, r["year"] or 0))


def analyze(
    store: GraphStore, name: str, district: str | None = None, lang: str = "zh", base: str = DEFAULT_BASE, **options
) -> dict:
    """Read the network and run analysis ``name``.

    ``district`` (a name, code or IRI) scopes the network for centrality and communities,
    keeps the groups that include it for shared reforms, and its rows for the timeline.
    """
    if name not in ANALYSES:
        raise QueryParameterError(f"unknown analysis {name!r}: expected one of {', '.join(ANALYSES)}")
    scoped = bool(district) and name in {"centrality", "communities"}
    graph = read_network(store, ExportFilter(district=district) if scoped else None, lang, base)
    iri = district_iri(store, district, base) if district and not scoped else None
    if name == "centrality":
        results: object = organisation_centrality(graph)
    elif name == "shared-reforms":
        results = shared_reforms(graph, options.get("threshold", 0.8), iri)
    elif name == "communities":
        results = reform_communities(graph, options.get("seed", 42))
    else:
        results = district_timeline(graph, iri)
    return {"analysis": name, "district": district, "lang": lang, "results": results}
