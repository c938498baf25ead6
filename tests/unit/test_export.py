"""Exports: the network read from the store, its filters, and every format read back."""

import csv
import hashlib
import io
import json
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from api.cli import app as cli
from graph._export_formats import write_gexf, write_graphml
from graph._export_read import RELATIONS, expand
from graph._oxigraph import OxigraphStore
from graph.errors import QueryParameterError
from graph.export import FORMATS, ExportFilter, export, export_filename, read_network
from tests.corpus_store import build_disk_store

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "export_fixture.trig"
BASE = "https://w3id.org/szreform/"
LG_REFORM = BASE + "reform/440307/ying-shang-huan-jing-gai-ge"
LG_DIGITAL = BASE + "reform/440307/shu-zi-zheng-fu-gai-ge"
LH_REFORM = BASE + "reform/440303/ying-shang-huan-jing-gai-ge"
LONGGANG = BASE + "place/440307"
LONGGANG_LABELS = {
    "龙岗区", "平湖街道", "布吉街道", "上木古社区", "2018年度重点改革项目", "优化营商环境改革", "数字政府改革",
    "学前教育提质升级改革", "张勇", "区“数字政府”改革建设工作小组", "文明城中村试点", "266个科室", "央视《新闻联播》报道",
    "市规土委", "央视《新闻联播》",  # context: no district of their own, but they touch Longgang nodes
}


EDGE_PREDICATES = {expand(curie).value for curie in RELATIONS}


def statement_quads(quad: ox.Quad) -> list[ox.Quad]:
    """The statement node the loader writes beside every edge of an article graph."""
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    node = ox.NamedNode(BASE + "statement/" + hashlib.sha1(str(quad.triple).encode()).hexdigest()[:16])
    doc = ox.NamedNode(quad.graph_name.value.replace("/graph/doc/", "/doc/"))
    pairs = [(rdf + "type", ox.NamedNode(rdf + "Statement")), (rdf + "subject", quad.subject), (rdf + "predicate", quad.predicate),
             (rdf + "object", quad.object), ("http://www.w3.org/ns/prov#wasDerivedFrom", doc)]
    return [ox.Quad(node, ox.NamedNode(p), o, quad.graph_name) for p, o in pairs]


def load_fixture(store) -> None:
    """Fill ``store`` with the hand-written TriG fixture, one replace per named graph.

    Article edges get their statement nodes here, as the loader writes them, so the
    TriG stays short.
    """
    graphs: dict[str, list[ox.Quad]] = defaultdict(list)
    for quad in ox.parse(path=str(FIXTURE), format=ox.RdfFormat.TRIG):
        graphs[quad.graph_name.value].append(quad)
        if "/graph/doc/" in quad.graph_name.value and quad.predicate.value in EDGE_PREDICATES:
            graphs[quad.graph_name.value].extend(statement_quads(quad))
    for name, quads in graphs.items():
        store.replace_graph(name, quads)


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    """The fixture in an in-memory store."""
    memory = OxigraphStore()
    load_fixture(memory)
    return memory


@pytest.fixture(scope="module")
def network(store) -> nx.MultiDiGraph:
    return read_network(store)


def labels(graph: nx.MultiDiGraph) -> set[str]:
    return {d["label"] for _, d in graph.nodes(data=True)}


def public(data: dict) -> dict:
    return {k: v for k, v in data.items() if not k.startswith("_")}


def test_network_has_entities_only(network):
    assert network.number_of_nodes() == 27 and network.number_of_edges() == 32
    kinds = {n.removeprefix(BASE).split("/")[0] for n in network}
    assert kinds == {"place", "plan", "reform", "person", "org", "pilot", "outcome", "recognition", "media"}
    assert BASE + "place/440304" not in network  # Futian: in the reference data, in no article
    assert BASE + "place/440300" not in network  # Shenzhen is not a network node


def test_support_counts_article_graphs(network):
    assert network.edges[LG_REFORM, LONGGANG, "implementedIn"]["support"] == 2
    assert network.edges[LH_REFORM, BASE + "place/440303", "implementedIn"]["support"] == 1
    assert network.edges[BASE + "place/440307/pinghu", LONGGANG, "containedInPlace"]["support"] == 0  # reference only


def test_literals_become_attributes(network):
    reform = network.nodes[LG_DIGITAL]
    assert public(reform) == {"type": "Reform", "label": "数字政府改革", "district": "龙岗区", "year": 2018, "domain": "government"}
    outcome = network.nodes[BASE + "outcome/000_lg/900"]
    assert (outcome["value"], outcome["unit"], outcome["district"]) == (266.0, "个", "龙岗区")
    recognition = network.nodes[BASE + "recognition/3333333333333333"]
    assert (recognition["kind"], recognition["level"], recognition["district"]) == ("case", "national", "坪山区")
    assert network.nodes[BASE + "pilot/440307/wen-ming-cheng-zhong-cun-shi-dian"]["programme"] == "文明城中村"
    assert "district" not in network.nodes[BASE + "media/yang-shi-xin-wen-lian-bo"]


def test_label_languages(store):
    english = read_network(store, lang="en")
    assert english.nodes[LONGGANG]["label"] == "Longgang District"
    assert english.nodes[LG_DIGITAL]["label"] == "数字政府改革"  # no @en label: zh
    assert english.nodes[LG_DIGITAL]["district"] == "Longgang District"
    assert read_network(store, lang="pinyin").nodes[LONGGANG]["label"] == "long gang qu"
    with pytest.raises(QueryParameterError):
        read_network(store, lang="fr")


@pytest.mark.parametrize("name", ["龙岗区", "龙岗", "440307", LONGGANG, "Longgang District"])
def test_district_filter(store, name):
    graph = read_network(store, ExportFilter(district=name))
    assert labels(graph) == LONGGANG_LABELS
    assert "市委" not in labels(graph)  # context, but touches only a Luohu recognition


def test_unknown_district_is_an_error(store):
    with pytest.raises(QueryParameterError, match="unknown district '东莞'"):
        read_network(store, ExportFilter(district="东莞"))


def test_year_filter(store):
    graph = read_network(store, ExportFilter(year_from=2019, year_to=2020))
    years = {d["year"] for _, d in graph.nodes(data=True) if "year" in d}
    assert years == {2019, 2020}
    assert LG_DIGITAL not in graph and LH_REFORM in graph
    assert "布吉街道" not in labels(graph)  # its only reform is of 2023
    assert {"罗湖区", "坪山区", "区发改局"} <= labels(graph)
    with pytest.raises(QueryParameterError):
        ExportFilter(year_from=2021, year_to=2019)


def test_type_and_relation_filters(store):
    graph = read_network(store, ExportFilter(types=("reform", "Organisation")))
    assert {d["type"] for _, d in graph.nodes(data=True)} == {"Reform", "Organization"}
    assert {d["relation"] for *_, d in graph.edges(data=True)} == {"ledBy", "subOrganizationOf"}
    graph = read_network(store, ExportFilter(relations=("partOf",)))
    assert graph.number_of_nodes() == 27
    assert {d["relation"] for *_, d in graph.edges(data=True)} == {"containedInPlace", "subOrganizationOf", "jurisdiction", "listedIn"}
    with pytest.raises(QueryParameterError, match="unknown entity type 'Widget'"):
        read_network(store, ExportFilter(types=("Widget",)))
    with pytest.raises(QueryParameterError, match="unknown relation"):
        read_network(store, ExportFilter(relations=("likes",)))


def test_neighbourhood_filter(store):
    graph = read_network(store, ExportFilter(entity="数字政府改革", depth=1))
    assert labels(graph) == {"数字政府改革", "龙岗区", "区“数字政府”改革建设工作小组", "266个科室", "央视《新闻联播》报道"}
    deeper = read_network(store, ExportFilter(entity=LG_DIGITAL, depth=2))
    assert "央视《新闻联播》" in labels(deeper) and "平湖街道" in labels(deeper)
    assert read_network(store, ExportFilter(entity=LG_DIGITAL, depth=0)).number_of_nodes() == 1
    with pytest.raises(QueryParameterError, match="no entity"):
        read_network(store, ExportFilter(entity="不存在的改革"))


def read_back(store, fmt: str, **filters) -> bytes:
    return b"".join(export(store, fmt, ExportFilter(**filters)))


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_round_trip(store, network, fmt, reader):
    back = reader(io.BytesIO(read_back(store, fmt)))
    assert (back.number_of_nodes(), back.number_of_edges()) == (network.number_of_nodes(), network.number_of_edges())
    for node, data in network.nodes(data=True):
        expected = public(data) | ({"iri": node} if fmt == "graphml" else {})
        assert {k: v for k, v in back.nodes[node].items() if k in expected} == expected
    edges = {(s, t, d["relation"], d["support"]) for s, t, d in back.edges(data=True)}
    assert edges == {(s, t, d["relation"], d["support"]) for s, t, d in network.edges(data=True)}


def test_xml_writers_escape_and_stream():
    graph = nx.MultiDiGraph()
    for i in range(3000):
        graph.add_node(f"https://example.org/n{i}", label=f'<"A&B">\x01 改革 {i}', type="Reform", year=2000 + i % 20)
    graph.add_edge("https://example.org/n0", "https://example.org/n1", key="ledBy", relation="ledBy", support=3)
    for writer, reader in ((write_graphml, nx.read_graphml), (write_gexf, nx.read_gexf)):
        chunks = list(writer(graph))
        assert len(chunks) > 2 and max(map(len, chunks)) < 200_000  # written piece by piece
        back = reader(io.BytesIO(b"".join(chunks)))
        assert back.nodes["https://example.org/n7"]["label"] == '<"A&B"> 改革 7'


def test_cytoscape_and_node_link(store, network):
    data = json.loads(read_back(store, "cytoscape"))
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    ids = {n["data"]["id"] for n in nodes}
    assert len(nodes) == 27 and len(edges) == 32 and len({e["data"]["id"] for e in edges}) == 32
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    assert all(n["data"]["label"] and n["data"]["iri"] == n["data"]["id"] for n in nodes)
    back = nx.node_link_graph(json.loads(read_back(store, "node-link")), edges="links")
    assert (back.number_of_nodes(), back.number_of_edges()) == (27, 32)
    assert back.nodes[LG_DIGITAL]["label"] == "数字政府改革"


def test_csv_tables(store):
    nodes = list(csv.DictReader(io.StringIO(read_back(store, "nodes-csv").decode("utf-8-sig"))))
    edges = list(csv.DictReader(io.StringIO(read_back(store, "edges-csv", district="坪山").decode("utf-8-sig"))))
    assert len(nodes) == 27 and {"id", "label", "type", "district", "year"} <= set(nodes[0])
    assert {e["source_label"] for e in edges if e["relation"] == "ledBy"} == {"民生诉求流程优化改革"}
    assert all(int(e["weight"]) >= 1 for e in edges)


@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
def test_rdf_dataset_exports_hold_every_quad(store, fmt):
    rdf_format = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD}[fmt]
    quads = set(ox.parse(read_back(store, fmt), format=rdf_format))
    assert len(quads) == store.count()


def test_turtle_merges_graphs(store):
    triples = {q.triple for q in ox.parse(read_back(store, "turtle"), format=ox.RdfFormat.TURTLE)}
    assert ox.Triple(ox.NamedNode(LG_DIGITAL), ox.NamedNode(BASE + "ontology#year"), ox.Literal("2018", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#gYear"))) in triples


def test_filtered_rdf_keeps_article_graphs_and_evidence(store):
    quads = list(ox.parse(read_back(store, "trig", district="龙岗区"), format=ox.RdfFormat.TRIG))
    subjects = {q.subject.value for q in quads}
    assert LG_REFORM in subjects and LH_REFORM not in subjects
    assert BASE + "statement/aaaaaaaaaaaaaaaa" in subjects and BASE + "evidence/000_lg/120-128#quote" in subjects
    assert BASE + "doc/000_lg" in subjects
    assert {q.graph_name.value for q in quads if q.subject.value == LG_REFORM} == {BASE + "graph/doc/000_lg", BASE + "graph/doc/001_lg2023"}
    jsonld = list(ox.parse(read_back(store, "jsonld", types=("Pilot",)), format=ox.RdfFormat.JSON_LD))
    assert {q.subject.value for q in jsonld if q.predicate.value.endswith("#programme")} == {BASE + "pilot/440307/wen-ming-cheng-zhong-cun-shi-dian"}


def test_formats_and_file_names():
    assert set(FORMATS) == {"graphml", "gexf", "cytoscape", "node-link", "nodes-csv", "edges-csv", "turtle", "trig", "nquads", "jsonld"}
    assert export_filename("gexf", ExportFilter(district="440307", year_from=2018)) == "szkg_district-440307_2018-.gexf"
    with pytest.raises(QueryParameterError, match="unknown export format"):
        export_filename("pdf")


# The sample corpus, loaded through the real loader (tests/conftest.py).

def test_corpus_district_filter_keeps_only_longgang_reforms(loaded_store):
    full = read_network(loaded_store)
    longgang = read_network(loaded_store, ExportFilter(district="龙岗区"))
    reforms = {n for n, d in longgang.nodes(data=True) if d["type"] == "Reform"}
    assert reforms and reforms == {n for n, d in full.nodes(data=True) if d["type"] == "Reform" and d.get("_districts") == {LONGGANG}}
    assert all(d.get("district") in (None, "龙岗区") for _, d in longgang.nodes(data=True))
    assert {d["label"] for _, d in full.nodes(data=True) if d["type"] == "District"} == {"龙岗区", "罗湖区", "坪山区"}


def test_corpus_graphml_round_trip(loaded_store):
    network = read_network(loaded_store)
    back = nx.read_graphml(io.BytesIO(b"".join(export(loaded_store, "graphml"))))
    assert (back.number_of_nodes(), back.number_of_edges()) == (network.number_of_nodes(), network.number_of_edges())
    assert all(back.nodes[n].get("label") == d["label"] for n, d in network.nodes(data=True))


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    """The fixture in an on-disk store the CLI can open."""
    return build_disk_store(tmp_path_factory.mktemp("export-cli") / "store", load_fixture)


def test_cli_export(store_path, tmp_path, monkeypatch):
    monkeypatch.setenv("SZKG_STORE", f"oxigraph:{store_path}")
    runner = CliRunner()
    result = runner.invoke(cli, ["export", "--format", "gexf", "--district", "龙岗", "--out", str(tmp_path / "lg.gexf")])
    assert result.exit_code == 0, result.output
    assert nx.read_gexf(tmp_path / "lg.gexf").number_of_nodes() == len(LONGGANG_LABELS)
    result = runner.invoke(cli, ["export", "-f", "csv", "-o", str(tmp_path / "all"), "--types", "Reform,Organization"])
    assert result.exit_code == 0 and (tmp_path / "all.nodes.csv").exists() and (tmp_path / "all.edges.csv").exists()
    result = runner.invoke(cli, ["export", "-f", "graphml", "--district", "东莞", "-o", str(tmp_path / "x.graphml")])
    assert result.exit_code == 2 and "unknown district" in result.output and not (tmp_path / "x.graphml").exists()


@pytest.mark.parametrize("backend", ["oxigraph-server", pytest.param("virtuoso", marks=pytest.mark.virtuoso)])
def test_remote_stores_give_the_same_network(backend, network, tmp_path):
    """The SPARQL the export sends means the same on a SPARQL server as in the embedded store."""
    from graph.store import open_store
    from tests.sparql_servers import VIRTUOSO, start_oxigraph, start_virtuoso

    if backend == "virtuoso" and not VIRTUOSO:
        pytest.skip("virtuoso-opensource is not installed (make system-deps)")
    server = (start_oxigraph if backend == "oxigraph-server" else start_virtuoso)(tmp_path)
    try:
        remote = open_store(server.store_spec())
        load_fixture(remote)
        assert dict(read_network(remote).nodes(data=True)) == dict(network.nodes(data=True))
        assert sorted(read_network(remote).edges(keys=True, data=True)) == sorted(network.edges(keys=True, data=True))
        assert labels(read_network(remote, ExportFilter(district="龙岗"))) == LONGGANG_LABELS
    finally:
        server.stop()
