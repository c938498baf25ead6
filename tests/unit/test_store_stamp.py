"""The worker's cheap change test sees every committed write to an on-disk store."""

import pyoxigraph as ox

from api.store_stamp import StoreStamp
from graph._oxigraph import OxigraphStore

P = ox.NamedNode("http://stamp.example/p")


def _quads(graph: str, value: str) -> list[ox.Quad]:
    return [ox.Quad(ox.NamedNode("http://stamp.example/s"), P, ox.Literal(value), ox.NamedNode(graph))]


def test_the_stamp_moves_with_every_kind_of_write_and_only_then(tmp_path):
    path = str(tmp_path / "store")
    store = OxigraphStore(path)
    store.replace_graph("http://stamp.example/g1", _quads("http://stamp.example/g1", "a"))
    store.flush()
    stamp = StoreStamp(path)
    seen = [stamp.current()]
    assert stamp.current() == seen[-1]  # nothing written: the same stamp
    writes = [
        lambda: store.replace_graph("http://stamp.example/g1", _quads("http://stamp.example/g1", "b")),  # a transaction
        lambda: store.add_new_graphs(_quads("http://stamp.example/g2", "c")),  # a bulk ingestion
        lambda: store.drop_graph("http://stamp.example/g2"),
        lambda: store.flush(),
    ]
    for write in writes:
        write()
        seen.append(stamp.current())
        assert seen[-1] != seen[-2], write
