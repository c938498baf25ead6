"""The server's read-only view of an on-disk store: created if missing, current after writes, never writing."""

import pyoxigraph as ox
import pytest

from api.live_store import LiveStore, open_served_store, store_version
from graph._oxigraph import OxigraphStore
from graph.errors import StoreError

GRAPH = "https://w3id.org/szreform/graph/doc/x"
QUAD = ox.Quad(ox.NamedNode("https://w3id.org/szreform/doc/x"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
               ox.Literal("罗湖"), ox.NamedNode(GRAPH))


def test_a_missing_store_is_created_empty_and_a_writer_can_open_it_beside(tmp_path):
    live = open_served_store(f"oxigraph:{tmp_path / 'new' / 'store'}")
    assert isinstance(live, LiveStore) and live.count() == 0 and live.graphs() == []
    writer = OxigraphStore(live.path)  # would fail on RocksDB's lock if the server held it
    before = store_version(live)
    writer.replace_graph(GRAPH, [QUAD])
    writer.close()
    assert store_version(live) != before
    assert live.graphs() == [GRAPH] and live.count(GRAPH) == 1
    assert bool(live.query(f"ASK {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"))


@pytest.mark.parametrize("write", [lambda s: s.replace_graph(GRAPH, [QUAD]), lambda s: s.drop_graph(GRAPH),
                                   lambda s: s.update("CLEAR ALL")])
def test_writes_are_refused_with_a_clear_error(tmp_path, write):
    live = LiveStore(str(tmp_path / "store"))
    with pytest.raises(StoreError, match="read-only: write with the CLI"):
        write(live)


def test_other_kinds_open_as_before():
    store = open_served_store("memory")
    assert store.kind == "memory" and store_version(store) is None
