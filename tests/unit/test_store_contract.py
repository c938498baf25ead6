"""Every backend meets the GraphStore contract: in memory, on disk, ``oxigraph serve``, Virtuoso.

Each test works under its own graph IRIs, so the servers are shared by the module
(Virtuoso keeps system graphs of its own; assertions only look at ours).
"""

import threading
import uuid

import pyoxigraph as ox
import pytest

from graph._oxigraph import OxigraphStore
from graph._sparql_endpoint import SparqlEndpointStore
from graph.errors import QuerySyntaxError
from graph.store import GraphStore, open_store
from tests.sparql_servers import VIRTUOSO, start_oxigraph, start_virtuoso

P = ox.NamedNode("http://contract.example/p")
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph-server"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory):
    if not VIRTUOSO:
        pytest.skip("virtuoso-t is not installed (Debian virtuoso-opensource)")
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


@pytest.fixture(params=["memory", "disk", "oxigraph-server", pytest.param("virtuoso", marks=pytest.mark.virtuoso)])
def store(request, tmp_path) -> GraphStore:
    if request.param == "memory":
        backend = open_store("memory")
    elif request.param == "disk":
        backend = open_store(f"oxigraph:{tmp_path / 'store'}")
    else:
        server = request.getfixturevalue("oxigraph_server" if request.param == "oxigraph-server" else "virtuoso_server")
        backend = open_store(server.store_spec())
    backend.name = request.param
    yield backend
    backend.close()


@pytest.fixture
def ns() -> str:
    """A namespace of graph and subject IRIs no other test uses."""
    return f"http://contract.example/{uuid.uuid4().hex}/"


def quads(graph: str, values, subject: str = "s") -> list[ox.Quad]:
    g = ox.NamedNode(graph)
    return [ox.Quad(ox.NamedNode(graph + subject), P, ox.Literal(str(v)), g) for v in values]


def values_in(store, graph: str) -> set[str]:
    rows = store.query("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }", substitutions={"g": ox.NamedNode(graph)})
    return {row["o"].value for row in rows}


def test_open_store_picks_the_backend(store) -> None:
    expected = {"memory": OxigraphStore, "disk": OxigraphStore}.get(store.name, SparqlEndpointStore)
    assert isinstance(store, expected) and isinstance(store, GraphStore)


def test_replace_drop_graphs_count(store, ns) -> None:
    g1, g2 = ns + "g1", ns + "g2"
    assert store.replace_graph(g1, quads(g1, range(5))) == (5, 0)
    assert store.replace_graph(g2, quads(g2, "ab")) == (2, 0)
    assert {g1, g2} <= set(store.graphs())
    assert (store.count(g1), store.count(g2)) == (5, 2)
    assert store.replace_graph(g1, quads(g1, [0, 1, 9])) == (1, 3)
    assert values_in(store, g1) == {"0", "1", "9"}
    assert store.drop_graph(g1) == 3
    assert g1 not in store.graphs() and store.count(g1) == 0
    assert store.drop_graph(g1) == 0
    assert store.count() >= 2


def test_replacing_with_the_same_content_changes_nothing(store, ns) -> None:
    g = ns + "g"
    data = quads(g, range(4)) + [ox.Quad(ox.NamedNode(g + "s"), P, ox.Literal("深圳 \"引号\"\n", language="zh"), ox.NamedNode(g))]
    store.replace_graph(g, data)
    assert store.replace_graph(g, list(reversed(data))) == (0, 0)
    assert store.count(g) == 5


def test_replace_takes_quads_of_any_graph_into_the_target(store, ns) -> None:
    g = ns + "g"
    store.replace_graph(g, quads(ns + "elsewhere", "xy"))
    assert values_in(store, g) == {"x", "y"} and ns + "elsewhere" not in store.graphs()


def test_blank_nodes_are_replaced_whole(store, ns) -> None:
    g = ox.NamedNode(ns + "g")
    data = [ox.Quad(ox.BlankNode(), P, ox.Literal("b"), g), ox.Quad(ox.NamedNode(ns + "s"), P, ox.Literal("n"), g)]
    store.replace_graph(g.value, data)
    store.replace_graph(g.value, data[1:])
    assert values_in(store, g.value) == {"n"}


def test_union_default_graph(store, ns) -> None:
    store.replace_graph(ns + "g", quads(ns + "g", ["u"]))
    ask = "ASK { ?s ?p ?o }"
    union = store.query(ask, substitutions={"s": ox.NamedNode(ns + "gs")})
    assert bool(union)
    # Virtuoso's default graph is always the union of all graphs, the embedded store's the merge
    if store.name not in {"virtuoso", "memory", "disk"}:
        assert not bool(store.query(ask, substitutions={"s": ox.NamedNode(ns + "gs")}, union_default_graph=False))


def test_default_and_named_graphs(store, ns) -> None:
    g1, g2 = ns + "g1", ns + "g2"
    store.replace_graph(g1, quads(g1, ["one"]))
    store.replace_graph(g2, quads(g2, ["two"]))
    rows = store.query(f"SELECT ?o WHERE {{ ?s {P} ?o }}", default_graphs=[g1])
    assert {r["o"].value for r in rows} == {"one"}
    rows = store.query(f"SELECT ?g ?o WHERE {{ GRAPH ?g {{ ?s {P} ?o }} }}", named_graphs=[g2])
    assert {(r["g"].value, r["o"].value) for r in rows} == {(g2, "two")}


@pytest.mark.parametrize("value", ['plain', 'with "quotes" and \\ backslash', '} ; DROP ALL ; #', "多行\n文本"])
def test_substitutions_bind_literals_safely(store, ns, value) -> None:
    g = ns + "g"
    store.replace_graph(g, quads(g, [value, "other"]))
    rows = store.query("SELECT ?s WHERE { ?s ?p ?o }", substitutions={"o": ox.Literal(value)})
    assert [r["s"].value for r in rows] == [g + "s"]
    assert store.count(g) == 2


def test_substitutions_with_typed_literals_and_iris(store, ns) -> None:
    g = ox.NamedNode(ns + "g")
    year = ox.Literal("2018", datatype=ox.NamedNode(XSD + "gYear"))
    store.replace_graph(g.value, [ox.Quad(ox.NamedNode(ns + "r"), P, year, g)])
    rows = store.query("SELECT ?o WHERE { ?s ?p ?o }", substitutions={"s": ox.NamedNode(ns + "r"), "p": P})
    assert [r["o"] for r in rows] == [year]


def test_ask_construct_and_select_result_types(store, ns) -> None:
    g = ns + "g"
    store.replace_graph(g, quads(g, ["c"]))
    assert isinstance(store.query("ASK { ?s ?p ?o }"), ox.QueryBoolean)
    triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", substitutions={"g": ox.NamedNode(g)})
    assert isinstance(triples, ox.QueryTriples)
    assert [t.object.value for t in triples] == ["c"]
    assert isinstance(store.query("SELECT * WHERE { ?s ?p ?o } LIMIT 1"), ox.QuerySolutions)


def test_syntax_errors_are_query_syntax_errors(store) -> None:
    with pytest.raises(QuerySyntaxError):
        store.query("SELECT ?s WHERE { ?s ?p ")


def test_dump_graph_and_dataset(store, ns) -> None:
    g = ns + "g"
    store.replace_graph(g, quads(g, ["d1", "d2"]))
    turtle = b"".join(store.dump(ox.RdfFormat.TURTLE, g))
    assert {t.object.value for t in ox.parse(turtle, ox.RdfFormat.TURTLE)} == {"d1", "d2"}
    nquads = b"".join(store.dump(ox.RdfFormat.N_QUADS))
    assert {q.object.value for q in ox.parse(nquads, ox.RdfFormat.N_QUADS) if q.graph_name.value == g} == {"d1", "d2"}
    with pytest.raises(ValueError):
        next(iter(store.dump(ox.RdfFormat.TURTLE)))


def test_readers_never_see_a_half_replaced_graph(store, ns) -> None:
    g = ns + "g"
    versions = [quads(g, [f"A{i}" for i in range(150)]), quads(g, [f"B{i}" for i in range(60)], subject="t")]
    store.replace_graph(g, versions[0])
    seen: list[tuple] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            rows = store.query("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } }", substitutions={"g": ox.NamedNode(g)})
            values = [r["o"].value for r in rows]
            seen.append((len(values), "".join(sorted({v[0] for v in values}))))

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for i in range(30):
            store.replace_graph(g, versions[(i + 1) % 2])
    finally:
        done.set()
        reader.join()
    assert seen and set(seen) <= {(150, "A"), (60, "B")}, f"mixed reads: {set(seen) - {(150, 'A'), (60, 'B')}}"


def test_dump_of_a_missing_graph_is_empty(store, ns) -> None:
    assert b"".join(store.dump(ox.RdfFormat.N_TRIPLES, ns + "absent")).strip() == b""


def test_read_only_opener_sees_committed_data_while_a_writer_holds_the_store(tmp_path, ns) -> None:
    writer = OxigraphStore(str(tmp_path / "store"))
    g = ns + "g"
    writer.replace_graph(g, quads(g, ["v1"]))
    writer.flush()
    reader = OxigraphStore.read_only(str(tmp_path / "store"))
    writer.replace_graph(g, quads(g, ["v1", "v2"]))
    writer.flush()
    assert values_in(reader, g) == {"v1"}  # a snapshot as of opening
    assert values_in(OxigraphStore.read_only(str(tmp_path / "store")), g) == {"v1", "v2"}
    assert not reader.writable
