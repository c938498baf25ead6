"""SPARQL text both backends build: graph replacement updates and ``VALUES`` bindings.

Every term is written with ``str(term)`` of a pyoxigraph term, which is valid
N-Triples/SPARQL syntax with all escaping done by pyoxigraph; user text is never
formatted into a query by hand.
"""

import re
from collections.abc import Iterable, Mapping

import pyoxigraph as ox

from graph.errors import QueryParameterError, QuerySyntaxError

_VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# Tokens that may hold braces or the word WHERE without meaning them.
_SKIP = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r'|<[^<>"{}|^`\\\s]*>|#[^\n]*',
)
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_WHERE = re.compile(r"\bWHERE\b", re.IGNORECASE)
PARAMETERS_MARK = re.compile(r"^[ \t]*(?P<mark>#[ \t]*parameters)[ \t]*$", re.MULTILINE)


def triple_text(quad: ox.Quad | ox.Triple) -> str:
    """One triple pattern line (subject predicate object .) of a quad."""
    return f"{quad.subject} {quad.predicate} {quad.object} ."


def insert_graph_update(graph: str, quads: Iterable[ox.Quad]) -> str:
    """One INSERT operation putting ``quads`` into ``graph`` ("" when there are none)."""
    quads = list(quads)
    body = "\n".join(triple_text(q) for q in quads)
    if not body:
        return ""
    name = ox.NamedNode(graph)
    if any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object)):
        # Some servers (Virtuoso) refuse blank nodes in INSERT DATA; a template mints them all the same.
        return f"INSERT {{ GRAPH {name} {{\n{body}\n}} }} WHERE {{}}"
    return f"INSERT DATA {{ GRAPH {name} {{\n{body}\n}} }}"


def replace_graph_update(graph: str, quads: Iterable[ox.Quad]) -> str:
    """One update that drops ``graph`` and inserts ``quads`` into it (atomic where the server is)."""
    insert = insert_graph_update(graph, quads)
    drop = f"DROP SILENT GRAPH {ox.NamedNode(graph)}"
    return f"{drop} ;\n{insert}" if insert else drop


def diff_graph_update(graph: str, removed: Iterable[ox.Quad], added: Iterable[ox.Quad]) -> str:
    """One update that deletes ``removed`` and inserts ``added`` in ``graph`` (no blank nodes)."""
    name = ox.NamedNode(graph)
    parts = []
    for verb, quads in (("DELETE", removed), ("INSERT", added)):
        body = "\n".join(triple_text(q) for q in quads)
        if body:
            parts.append(f"{verb} DATA {{ GRAPH {name} {{\n{body}\n}} }}")
    return " ;\n".join(parts)


def _masked(sparql: str) -> str:
    """The query with strings, IRIs and comments blanked out (same length)."""
    return _SKIP.sub(lambda m: " " * len(m.group(0)), sparql)


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of a query."""
    match = _FORM.search(_masked(sparql))
    if not match:
        raise QuerySyntaxError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")
    return match.group(1).upper()


def _where_brace(sparql: str) -> int:
    """Offset of the '{' opening the outermost WHERE group."""
    masked = _masked(sparql)
    form = _FORM.search(masked)
    if not form:
        raise QuerySyntaxError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")
    start = form.end()
    if form.group(1).upper() == "CONSTRUCT":
        where = _WHERE.search(masked, start)
        if where is None:
            raise QuerySyntaxError("CONSTRUCT WHERE short form cannot take parameters; write CONSTRUCT {…} WHERE {…}")
        start = where.end()
    brace = masked.find("{", start)
    if brace < 0:
        raise QuerySyntaxError("no WHERE group found in the query")
    return brace


def values_term(name: str, term: object) -> str:
    """Check one substitution and return its SPARQL text."""
    if not _VARNAME.match(name):
        raise QueryParameterError(f"invalid variable name {name!r}")
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return str(term)
    raise QueryParameterError(
        f"?{name}: only IRIs and literals can be bound on a remote store, not {type(term).__name__}"
    )


def parameter_marks(sparql: str) -> list[re.Match]:
    """The ``# parameters`` comment lines of a query: where its parameters' VALUES go."""
    comments = {m.start() for m in _SKIP.finditer(sparql) if m.group(0).startswith("#")}
    return [m for m in PARAMETERS_MARK.finditer(sparql) if m.start("mark") in comments]


def bind_values(sparql: str, substitutions: Mapping[str, object]) -> str:
    """Bind variables by a ``VALUES`` block: at each ``# parameters`` line, else at the start of the outer WHERE.

    A query that selects a page in a subquery marks that subquery's group: the
    parameters must filter inside it, where an outer binding is not seen.
    """
    if not substitutions:
        return sparql
    names = list(substitutions)
    terms = [values_term(n, substitutions[n]) for n in names]
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(terms)}) }} "
    marks = parameter_marks(sparql)
    if marks:
        for mark in reversed(marks):
            sparql = sparql[: mark.start("mark")] + block + sparql[mark.end("mark") :]
        return sparql
    brace = _where_brace(sparql)
    return sparql[: brace + 1] + block + sparql[brace + 1 :]
