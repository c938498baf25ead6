"""The ``oxigraph`` SHACL engine: the compiled checks of ``graph._shacl_compile`` run by
pyoxigraph on the store itself (no copy), their rows written as a standard SHACL report graph.

Results follow pySHACL's conventions (what ``sh:value``, ``sh:resultPath`` and messages hold), so
``graph.validation_report.read_report`` reads this report as it reads pySHACL's;
``tests/unit/test_shapes_engines.py`` compares the two on every shapes fixture.
"""

import logging
import re
import time
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, RDFS, XSD

from graph._merged_default import union_options
from graph._shacl_checks import Check, compile_shapes
from graph._shacl_compile import UnsupportedShapes, classes_of, expand_classes
from graph.ns import SH

logger = logging.getLogger(__name__)
WORKERS = 2  # pyoxigraph evaluates a query without the GIL: two at a time use both cores

__all__ = ["UnsupportedShapes", "compiled", "validate_native"]


@lru_cache(maxsize=8)
def compiled(shapes: rdflib.Graph) -> tuple[Check, ...]:
    """The checks of a (cached, immutable) shapes graph; UnsupportedShapes when it cannot compile."""
    return compile_shapes(shapes)


def _rdflib_term(term) -> rdflib.term.Node:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return rdflib.Literal(term.value, datatype=None if datatype == str(XSD.string) else rdflib.URIRef(datatype))


def subclass_closure(store: ox.Store, classes: set[str]) -> dict[str, list[str]]:
    """Each class → its subclasses (transitively) in the store."""
    if not classes:
        return {}
    values = " ".join(str(ox.NamedNode(c)) for c in sorted(classes))  # written by pyoxigraph: escaped
    text = f"SELECT ?c ?sub WHERE {{ VALUES ?c {{ {values} }} ?sub <{RDFS.subClassOf}>* ?c }}"
    closure: dict[str, list[str]] = {}
    for row in store.query(text, **union_options(store)):
        if isinstance(row["sub"], ox.NamedNode):
            closure.setdefault(row["c"].value, []).append(row["sub"].value)
    return closure


def _rows(store: ox.Store, check: Check, subclasses: dict) -> list[dict[str, rdflib.term.Node]]:
    started = time.perf_counter()
    solutions = store.query(expand_classes(check.query, subclasses), **union_options(store))
    names = [v.value for v in solutions.variables]
    rows = [{n: _rdflib_term(s[n]) for n in names if s[n] is not None} for s in solutions]
    logger.debug("%s %s: %d row(s) in %.3f s", check.shape, check.component or [c for c, _ in check.flags],
                 len(rows), time.perf_counter() - started)
    return rows


def _message(text: str, bindings: dict[str, rdflib.term.Node]) -> str:
    # pySHACL's substitution, replacement strings included
    for name, value in bindings.items():
        text = re.sub("{{[?$]{}}}".format(name), str(value), text)
    return text


def _copy_path(report: rdflib.Graph, shapes: rdflib.Graph, node) -> None:
    """The triples of a blank-node path (sequence, inverse…) into the report."""
    for triple in shapes.triples((node, None, None)):
        report.add(triple)
        if isinstance(triple[2], rdflib.BNode):
            _copy_path(report, shapes, triple[2])


def _add_result(report: rdflib.Graph, head, shapes: rdflib.Graph, check: Check, row: dict, component) -> None:
    node = rdflib.BNode()
    focus = row["this"]
    if check.constraint is not None:  # SHACL-SPARQL: ?path and ?value from the row, messages filled in
        value, path = row.get("value", focus), row.get("path")
        messages = [rdflib.Literal(_message(str(m), row)) for m in check.messages]
        report.add((node, SH.sourceConstraint, check.constraint))
    else:
        value = {"value": row.get("value"), "this": focus, None: None}[check.value]
        path, messages = check.path, check.messages
    for predicate, obj in ((RDF.type, SH.ValidationResult), (SH.focusNode, focus), (SH.sourceShape, check.shape),
                           (SH.sourceConstraintComponent, component), (SH.resultSeverity, check.severity),
                           (SH.value, value), (SH.resultPath, path)):
        if obj is not None:
            report.add((node, predicate, obj))
    for message in messages:
        report.add((node, SH.resultMessage, message))
    if isinstance(path, rdflib.BNode):
        _copy_path(report, shapes, path)
    report.add((head, SH.result, node))


def _components(check: Check, row: dict) -> list:
    """The constraint components a row is a result of: its true flag columns, else the check's."""
    if not check.flags:
        return [check.component]
    return [component for component, column in check.flags if row.get(column[1:]) == rdflib.Literal(True)]


def validate_native(store: ox.Store, shapes: rdflib.Graph) -> rdflib.Graph:
    """Validate ``store`` (default graph = union of its graphs) against ``shapes``: the report graph."""
    checks = compiled(shapes)
    subclasses = subclass_closure(store, classes_of(checks))
    with ThreadPoolExecutor(WORKERS) as pool:
        answers = list(pool.map(lambda check: _rows(store, check, subclasses), checks))
    report = rdflib.Graph()
    head = rdflib.BNode()
    report.add((head, RDF.type, SH.ValidationReport))
    conforms = True
    for check, rows in zip(checks, answers):
        for row in {tuple(sorted(r.items())): r for r in rows}.values():
            for component in _components(check, row):
                conforms = False  # as pySHACL without allow_warnings: any result fails
                _add_result(report, head, shapes, check, row, component)
    report.add((head, SH.conforms, rdflib.Literal(conforms)))
    return report
