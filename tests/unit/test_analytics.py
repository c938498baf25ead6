"""Analytics: centrality, shared reforms, communities and the per-district timeline."""

import json

import networkx as nx
import pytest
from typer.testing import CliRunner

from api.cli import app as cli
from graph._reform_names import group_names, normalise_name, similarity
from graph.analytics import (
    analyze,
    district_timeline,
    organisation_centrality,
    reform_communities,
    shared_reforms,
    weighted_pagerank,
)
from graph.errors import QueryParameterError
from graph.export import read_network
from tests.unit.test_export import BASE, store, store_path  # noqa: F401  (fixtures)


@pytest.fixture(scope="module")
def network(store) -> nx.MultiDiGraph:  # noqa: F811
    return read_network(store)


def test_centrality_ranks_leaders_and_conferrers(network):
    rows = organisation_centrality(network)
    by_label = {r["label"]: r for r in rows}
    assert rows[0]["label"] == "区发改局" and rows[0]["leads"] == 2 and rows[0]["recognitions_of_led"] == 1
    assert by_label["央视《新闻联播》"]["confers"] == 2 and by_label["央视《新闻联播》"]["type"] == "MediaOutlet"
    assert by_label["区“数字政府”改革建设工作小组"]["recognitions_of_led"] == 1
    assert {r["type"] for r in rows} == {"Organization", "MediaOutlet"}
    assert "张勇" not in by_label  # a person, not an organisation
    assert all(0 <= r["betweenness"] <= 1 and 0 < r["pagerank"] < 1 for r in rows)


def test_weighted_pagerank_known_values():
    cycle = nx.DiGraph()
    cycle.add_edge("a", "b", weight=1)
    cycle.add_edge("b", "a", weight=1)
    assert weighted_pagerank(cycle) == pytest.approx({"a": 0.5, "b": 0.5})
    star = nx.DiGraph()
    for leaf in "xyz":
        star.add_edge(leaf, "hub", weight=1)
    rank = weighted_pagerank(star)
    assert sum(rank.values()) == pytest.approx(1.0) and rank["hub"] > 3 * rank["x"]
    heavy = nx.DiGraph()
    heavy.add_edge("s", "light", weight=1)
    heavy.add_edge("s", "heavy", weight=9)
    rank = weighted_pagerank(heavy)
    assert rank["heavy"] > rank["light"]


@pytest.mark.parametrize("name, form", [
    ("优化营商环境改革", "营商环境"), ("推进“互联网+政务服务”改革", "互联网+政务服务"),
    ("“数字政府”改革", "数字政府"), ("“体育+关爱”的服务体系", "体育+关爱的服务体系"), ("深化改革", "深化"),
])
def test_normalise_name(name, form):
    assert normalise_name(name) == form


def test_near_same_names_group():
    names = ["城市更新推进模式改革", "城市更新模式改革", "教育评价改革", "医疗评价改革", "街道管理体制改革", "深化街道管理体制改革"]
    groups, floors = group_names(names)
    as_sets = sorted(sorted(names[i] for i in g) for g in groups)
    assert ["城市更新推进模式改革", "城市更新模式改革"] in as_sets
    assert ["深化街道管理体制改革", "街道管理体制改革"] in as_sets
    assert ["医疗评价改革"] in as_sets and ["教育评价改革"] in as_sets
    assert similarity("教育评价", "医疗评价") < 0.8 <= similarity("城市更新推进模式", "城市更新模式")
    assert min(floors.values()) >= 0.8


def test_shared_reforms(network):
    shared = shared_reforms(network)
    assert [(s["name"], s["districts"]) for s in shared] == [("数字政府改革", ["罗湖区", "龙岗区"]), ("营商环境改革", ["罗湖区", "龙岗区"])]
    assert {r["label"] for r in shared[1]["reforms"]} == {"营商环境改革", "优化营商环境改革"}
    assert shared_reforms(network, district=BASE + "place/440310") == []
    assert len(shared_reforms(network, district=BASE + "place/440303")) == 2


def test_communities_are_seeded_and_partition_the_network(network):
    first, second = reform_communities(network, seed=7), reform_communities(network, seed=7)
    assert first == second and first["modularity"] > 0.3
    members = [m["iri"] for c in first["communities"] for m in c["members"]]
    assert len(members) == len(set(members))
    assert BASE + "reform/440310/min-sheng-su-qiu-gai-ge" in members
    assert BASE + "place/440307" not in members  # places are not in the reform–organisation–recognition network
    assert [c["size"] for c in first["communities"]] == sorted((c["size"] for c in first["communities"]), reverse=True)


def test_timeline(network):
    assert district_timeline(network) == [
        {"district": "坪山区", "year": 2019, "reforms": 1, "pilots": 1, "recognitions": 1},
        {"district": "罗湖区", "year": 2020, "reforms": 2, "pilots": 0, "recognitions": 1},
        {"district": "龙岗区", "year": 2018, "reforms": 2, "pilots": 1, "recognitions": 1},
        {"district": "龙岗区", "year": 2023, "reforms": 1, "pilots": 0, "recognitions": 0},
    ]


def test_analyze_scopes_by_district(store):  # noqa: F811
    timeline = analyze(store, "timeline", district="龙岗")["results"]
    assert {r["district"] for r in timeline} == {"龙岗区"}
    centrality = analyze(store, "centrality", district="罗湖区")["results"]
    assert {r["label"] for r in centrality} == {"区发改局", "市委"}
    with pytest.raises(QueryParameterError, match="unknown analysis"):
        analyze(store, "sentiment")
    with pytest.raises(QueryParameterError, match="unknown district"):
        analyze(store, "timeline", district="东莞")


def test_corpus_analytics(loaded_store):
    timeline = analyze(loaded_store, "timeline")["results"]
    assert {r["district"] for r in timeline} == {"龙岗区", "罗湖区", "坪山区"}
    assert any(r["district"] == "坪山区" and r["year"] == 2019 and r["recognitions"] > 0 for r in timeline)
    shared = analyze(loaded_store, "shared-reforms")["results"]
    assert any(s["name"] == "营商环境改革" and {"罗湖区", "龙岗区"} <= set(s["districts"]) for s in shared)
    communities = analyze(loaded_store, "communities")["results"]
    assert communities["modularity"] > 0.5 and len(communities["communities"]) > 3


def test_cli_analyze(store_path, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setenv("SZKG_STORE", f"oxigraph:{store_path}")
    runner = CliRunner()
    result = runner.invoke(cli, ["analyze", "shared-reforms", "--json"])
    assert result.exit_code == 0, result.output
    assert [s["name"] for s in json.loads(result.stdout)["results"]] == ["数字政府改革", "营商环境改革"]
    result = runner.invoke(cli, ["analyze", "timeline", "--district", "坪山区", "--png", str(tmp_path / "t.png")])
    assert result.exit_code == 0, result.output
    assert "坪山区  2019  reforms 1" in result.stdout
    assert (tmp_path / "t.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert runner.invoke(cli, ["analyze", "sentiment"]).exit_code == 2
