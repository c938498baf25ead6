"""Network writers: GraphML, GEXF, Cytoscape.js JSON, node-link JSON and CSV.

Each writer walks the one networkx graph and yields UTF-8 chunks as it goes: no
ElementTree, no second copy of the graph, no whole document in memory. Node ids are
entity IRIs, and every node also carries ``iri`` as an attribute; attributes whose
names start with ``_`` are internal and never written.
"""

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import quoteattr

import networkx as nx

_CHUNK = 1 << 16
# Characters XML 1.0 cannot hold at all, even escaped: dropped from attribute values.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FIRST = ("label", "type", "district", "level", "year", "iri")
_XML_TYPES = {"graphml": {int: "int", float: "double", str: "string"}, "gexf": {int: "integer", float: "double", str: "string"}}


def _chunks(parts: Iterable[str]) -> Iterator[bytes]:
    """Join small strings into ~64 KiB UTF-8 chunks."""
    buffer: list[str] = []
    size = 0
    for part in parts:
        buffer.append(part)
        size += len(part)
        if size >= _CHUNK:
            yield "".join(buffer).encode("utf-8")
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode("utf-8")


def node_rows(graph: nx.MultiDiGraph) -> Iterator[tuple[str, dict]]:
    """(id, public attributes including ``iri``) per node."""
    for node, data in graph.nodes(data=True):
        attrs = {k: v for k, v in data.items() if not k.startswith("_") and v is not None}
        attrs["iri"] = node
        yield node, attrs


def edge_rows(graph: nx.MultiDiGraph) -> Iterator[tuple[str, str, str, dict]]:
    """(source, target, key, public attributes) per edge."""
    for source, target, key, data in graph.edges(keys=True, data=True):
        yield source, target, key, {k: v for k, v in data.items() if not k.startswith("_")}


def attribute_schema(rows: Iterable[dict]) -> list[tuple[str, type]]:
    """Attribute names and Python types in use, the usual ones first."""
    seen: dict[str, type] = {}
    for attrs in rows:
        for key, value in attrs.items():
            kind = type(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else str
            if seen.get(key) not in (None, kind):
                kind = str  # mixed values: write as text
            seen[key] = kind
    return sorted(seen.items(), key=lambda kv: (_FIRST.index(kv[0]) if kv[0] in _FIRST else len(_FIRST), kv[0]))


def _schemas(graph: nx.MultiDiGraph) -> tuple[list[tuple[str, type]], list[tuple[str, type]]]:
    return attribute_schema(a for _, a in node_rows(graph)), attribute_schema(a for *_, a in edge_rows(graph))


def _text(value: object) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def write_graphml(graph: nx.MultiDiGraph) -> Iterator[bytes]:
    """GraphML with typed keys (``d0``… for nodes, ``e0``… for edges)."""
    node_schema, edge_schema = _schemas(graph)
    return _chunks(_graphml_parts(graph, node_schema, edge_schema))


def _graphml_parts(graph, node_schema, edge_schema) -> Iterator[str]:
    types = _XML_TYPES["graphml"]
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    node_keys = {name: f"d{i}" for i, (name, _) in enumerate(node_schema)}
    edge_keys = {name: f"e{i}" for i, (name, _) in enumerate(edge_schema)}
    for schema, keys, target in ((node_schema, node_keys, "node"), (edge_schema, edge_keys, "edge")):
        for name, kind in schema:
            yield f'  <key id="{keys[name]}" for="{target}" attr.name={_attr(name)} attr.type="{types[kind]}"/>\n'
    yield '  <graph id="szkg" edgedefault="directed">\n'
    for node, attrs in node_rows(graph):
        yield f"    <node id={_attr(node)}>" + _graphml_data(attrs, node_keys) + "</node>\n"
    for i, (source, target, _, attrs) in enumerate(edge_rows(graph)):
        yield (f'    <edge id="e{i}" source={_attr(source)} target={_attr(target)}>'
               + _graphml_data(attrs, edge_keys) + "</edge>\n")
    yield "  </graph>\n</graphml>\n"


def _graphml_data(attrs: dict, keys: dict[str, str]) -> str:
    return "".join(f'<data key="{keys[k]}">{_escape(_text(v))}</data>' for k, v in attrs.items())


def _escape(text: str) -> str:
    return _NOT_XML.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: object) -> str:
    """A quoted XML attribute value."""
    return quoteattr(_NOT_XML.sub("", _text(value)))


def write_gexf(graph: nx.MultiDiGraph) -> Iterator[bytes]:
    """GEXF 1.2 (Gephi): node label as ``label``, edge support as ``weight`` (at least 1)."""
    node_schema, edge_schema = _schemas(graph)
    return _chunks(_gexf_parts(graph, node_schema, edge_schema))


def _gexf_parts(graph, node_schema, edge_schema) -> Iterator[str]:
    types = _XML_TYPES["gexf"]
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="http://www.gexf.net/1.2draft" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="1.2">\n'
           '  <meta><creator>szkg</creator><description>Shenzhen Reform KG entity network</description></meta>\n'
           '  <graph defaultedgetype="directed" mode="static">\n')
    node_schema = [(n, k) for n, k in node_schema if n != "label"]
    edge_schema = [(n, k) for n, k in edge_schema if n != "label"]
    for cls, schema in (("node", node_schema), ("edge", edge_schema)):
        yield f'    <attributes class="{cls}" mode="static">\n'
        for i, (name, kind) in enumerate(schema):
            yield f'      <attribute id="{i}" title={_attr(name)} type="{types[kind]}"/>\n'
        yield "    </attributes>\n"
    node_ids = {name: i for i, (name, _) in enumerate(node_schema)}
    edge_ids = {name: i for i, (name, _) in enumerate(edge_schema)}
    yield "    <nodes>\n"
    for node, attrs in node_rows(graph):
        label = attrs.pop("label", node)
        yield f"      <node id={_attr(node)} label={_attr(label)}>{_gexf_values(attrs, node_ids)}</node>\n"
    yield "    </nodes>\n    <edges>\n"
    for i, (source, target, _, attrs) in enumerate(edge_rows(graph)):
        label = attrs.pop("label", "")
        weight = max(1, int(attrs.get("support", 1)))
        yield (f'      <edge id="{i}" source={_attr(source)} target={_attr(target)} label={_attr(label)} '
               f'weight="{weight}">{_gexf_values(attrs, edge_ids)}</edge>\n')
    yield "    </edges>\n  </graph>\n</gexf>\n"


def _gexf_values(attrs: dict, ids: dict[str, int]) -> str:
    cells = "".join(f'<attvalue for="{ids[k]}" value={_attr(v)}/>' for k, v in attrs.items() if k in ids)
    return f"<attvalues>{cells}</attvalues>" if cells else ""


def write_cytoscape(graph: nx.MultiDiGraph) -> Iterator[bytes]:
    """Cytoscape.js elements JSON: ``{"data": …, "elements": {"nodes": […], "edges": […]}}``."""
    return _chunks(_json_parts(graph, "cytoscape"))


def write_node_link(graph: nx.MultiDiGraph) -> Iterator[bytes]:
    """node-link JSON as D3 reads it: ``{"nodes": [{id, …}], "links": [{source, target, key, …}]}``."""
    return _chunks(_json_parts(graph, "node-link"))


def _json_parts(graph: nx.MultiDiGraph, style: str) -> Iterator[str]:
    dump = json.dumps
    meta = {"name": graph.graph.get("name", "szkg"), "lang": graph.graph.get("lang", "zh")}
    if style == "cytoscape":
        yield '{"data": ' + dump(meta, ensure_ascii=False) + ', "elements": {"nodes": ['
    else:
        yield '{"directed": true, "multigraph": true, "graph": ' + dump(meta, ensure_ascii=False) + ', "nodes": ['
    for i, (node, attrs) in enumerate(node_rows(graph)):
        item = {"data": {"id": node, **attrs}} if style == "cytoscape" else {"id": node, **attrs}
        yield ("," if i else "") + "\n" + dump(item, ensure_ascii=False)
    yield '], "edges": [' if style == "cytoscape" else '], "links": ['
    for i, (source, target, key, attrs) in enumerate(edge_rows(graph)):
        ends = {"id": f"e{i}", "source": source, "target": target} if style == "cytoscape" else {
            "source": source, "target": target, "key": key}
        item = {"data": {**ends, **attrs}} if style == "cytoscape" else {**ends, **attrs}
        yield ("," if i else "") + "\n" + dump(item, ensure_ascii=False)
    yield "]}}\n" if style == "cytoscape" else "]}\n"


def write_nodes_csv(graph: nx.MultiDiGraph) -> Iterator[bytes]:
    """One row per node: ``id`` (the IRI), ``label``, ``type``, ``district``… (Gephi reads Id/Label)."""
    columns = ["id"] + [name for name, _ in attribute_schema(a for _, a in node_rows(graph)) if name != "iri"]
    rows = ({"id": node, **{k: v for k, v in attrs.items() if k != "iri"}} for node, attrs in node_rows(graph))
    return _chunks(_csv_lines(columns, rows))


def write_edges_csv(graph: nx.MultiDiGraph) -> Iterator[bytes]:
    """One row per edge: ``source``, ``target``, their labels, ``relation``, ``label``, ``support``, ``weight``."""
    labels = graph.nodes
    columns = ["source", "target", "source_label", "target_label", "relation", "label", "support", "weight", "predicate"]
    rows = (
        {"source": s, "target": t, "source_label": labels[s].get("label", ""), "target_label": labels[t].get("label", ""),
         "weight": max(1, int(a.get("support", 1))), **a}
        for s, t, _, a in edge_rows(graph)
    )
    return _chunks(_csv_lines(columns, rows))


def _csv_lines(columns: list[str], rows: Iterable[dict]) -> Iterator[str]:
    """CSV text line by line (UTF-8 BOM first so spreadsheet programs read the Chinese)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    yield "\ufeff" + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        yield buffer.getvalue()
