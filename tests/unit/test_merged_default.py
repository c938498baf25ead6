"""The embedded store's default graph is the RDF merge of its named graphs, kept in step by every write."""

import pyoxigraph as ox
import pytest

from graph._oxigraph import OxigraphStore

P = ox.NamedNode("http://merge.example/p")
S = ox.NamedNode("http://merge.example/s")
G1, G2 = "http://merge.example/g1", "http://merge.example/g2"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def quad(value: str, graph: str, subject=S) -> ox.Quad:
    return ox.Quad(subject, P, ox.Literal(value), ox.NamedNode(graph))


def default_values(store: OxigraphStore) -> list[str]:
    """The objects of the default graph as a query sees it, duplicates kept."""
    return sorted(row["o"].value for row in store.query(f"SELECT ?o WHERE {{ ?s {P} ?o }}"))


def merge_of(store: OxigraphStore) -> set[ox.Triple]:
    """Triples of the default graph, read from the store's default graph itself."""
    return {ox.Triple(q.subject, q.predicate, q.object) for q in store.raw.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def named_triples(store: OxigraphStore) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in store.raw.quads_for_pattern(None, None, None, None)
            if isinstance(q.graph_name, ox.NamedNode)}


@pytest.fixture(params=["memory", "disk"])
def store(request, tmp_path) -> OxigraphStore:
    return OxigraphStore(str(tmp_path / "store") if request.param == "disk" else None)


def test_a_triple_in_two_graphs_is_one_solution(store):
    store.replace_graph(G1, [quad("shared", G1), quad("one", G1)])
    store.add_new_graphs([quad("shared", G2), quad("two", G2)])
    assert default_values(store) == ["one", "shared", "two"]
    assert int(next(iter(store.query(COUNT)))["n"].value) == 3
    assert store.count() == 4  # quads in named graphs: the merge is not counted


def test_dropping_one_graph_keeps_what_another_still_says(store):
    store.replace_graph(G1, [quad("shared", G1), quad("one", G1)])
    store.replace_graph(G2, [quad("shared", G2), quad("two", G2)])
    store.drop_graph(G1)
    assert default_values(store) == ["shared", "two"]
    store.drop_graph(G2)
    assert default_values(store) == [] and merge_of(store) == set()


def test_replacing_a_graph_updates_the_merge(store):
    store.replace_graph(G1, [quad("shared", G1), quad("old", G1)])
    store.replace_graph(G2, [quad("shared", G2)])
    store.replace_graph(G1, [quad("new", G1)])
    assert default_values(store) == ["new", "shared"]
    store.replace_graph(G2, [quad("other", G2)])
    assert default_values(store) == ["new", "other"]
    assert merge_of(store) == named_triples(store)


def test_blank_nodes_are_the_same_nodes_in_the_merge(store):
    blank = ox.BlankNode()
    store.replace_graph(G1, [quad("b", G1, subject=blank), quad("n", G1)])
    store.replace_graph(G1, [quad("b", G1, subject=blank), quad("m", G1)])
    assert merge_of(store) == named_triples(store)
    assert len(merge_of(store)) == 2
    store.drop_graph(G1)
    assert merge_of(store) == set()


def test_a_raw_update_is_followed_by_the_merge(store):
    store.replace_graph(G1, [quad("kept", G1), quad("gone", G1)])
    store.update(f'DELETE DATA {{ GRAPH <{G1}> {{ {S} {P} "gone" }} }} ; '
                 f'INSERT DATA {{ GRAPH <{G2}> {{ {S} {P} "added" }} }} ;')
    assert default_values(store) == ["added", "kept"]
    assert merge_of(store) == named_triples(store)


def test_dumps_and_graph_listings_leave_the_merge_out(store):
    store.replace_graph(G1, [quad("one", G1)])
    dumped = ox.parse(b"".join(store.dump(ox.RdfFormat.N_QUADS)), format=ox.RdfFormat.N_QUADS)
    assert [q.graph_name for q in dumped] == [ox.NamedNode(G1)]
    assert store.graphs() == [G1]
    assert not list(store.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <%s>) }" % G1))


def test_a_store_written_before_the_merge_is_merged_when_opened_for_writing(tmp_path):
    path = str(tmp_path / "old")
    old = ox.Store(path)  # as earlier versions wrote it: named graphs, empty default graph
    old.extend([quad("shared", G1), quad("shared", G2), quad("one", G1)])
    old.flush()
    del old
    reader = OxigraphStore.read_only(path)
    assert not reader.merged and default_values(reader) == ["one", "shared", "shared"]  # the union view, as before
    del reader
    writer = OxigraphStore(path)
    assert writer.merged and default_values(writer) == ["one", "shared"]
    assert merge_of(writer) == named_triples(writer)
