"""A SHACL validation report as plain data: read once from an engine's report graph.

``ValidationReport`` renders itself as text (for people), JSON (for the API) and Turtle
(the standard ``sh:ValidationReport``). Each result carries its message in zh and en
(every shape in ``ontology/shapes.ttl`` has both) and the article graph it concerns.
"""

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import rdflib
from rdflib.namespace import RDF

from graph.ns import PREFIXES, SH

SZSH = "https://w3id.org/szreform/shapes#"
CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class ValidationResult:
    """One ``sh:ValidationResult``: terms as strings (IRIs, ``_:b`` blank nodes, literal values)."""

    focus_node: str
    shape: str
    path: str | None
    severity: str
    message_en: str
    message_zh: str
    value: str | None
    graph: str | None


@dataclass(frozen=True)
class ValidationReport:
    """Whether the data conforms, its results, which engine ran and how long it took."""

    conforms: bool
    results: tuple[ValidationResult, ...]
    engine: str
    seconds: float
    report_graph: rdflib.Graph | None = field(default=None, repr=False, compare=False)

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        """Results of severity Violation (the ones that make the data non-conforming)."""
        return tuple(r for r in self.results if r.severity == "Violation")

    def restricted_to(self, nodes: set[str]) -> "ValidationReport":
        """The report keeping only results whose focus node is in ``nodes``."""
        kept = tuple(r for r in self.results if r.focus_node in nodes)
        conforms = not any(r.severity == "Violation" for r in kept)
        return replace(self, results=kept, conforms=conforms)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"conforms": self.conforms, "engine": self.engine, "seconds": round(self.seconds, 4),
                "violations": len(self.violations), "results": [asdict(r) for r in self.results]}

    def to_json(self) -> str:
        """The report as a JSON document."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_turtle(self) -> str:
        """The engine's ``sh:ValidationReport`` graph in Turtle."""
        graph = self.report_graph if self.report_graph is not None else _empty_report(self.conforms)
        for prefix, iri in {**PREFIXES, "szsh": SZSH}.items():
            graph.bind(prefix, iri, override=True)
        return graph.serialize(format="turtle")

    def summary(self, limit: int = 5) -> str:
        """One line per failing shape (at most ``limit``): how many results, and the first one's
        article, focus node and message."""
        by_shape: dict[str, list[ValidationResult]] = {}
        for result in self.results:
            by_shape.setdefault(result.shape, []).append(result)
        parts = []
        for shape, results in sorted(by_shape.items(), key=lambda item: len(item[1]))[:limit]:
            first = results[0]
            where = f"{_short(first.graph)} " if first.graph else ""
            parts.append(f"[{_short(shape)}] ×{len(results)}: {where}{_short(first.focus_node)}: {first.message_en}")
        if len(by_shape) > limit:
            parts.append(f"… and {len(by_shape) - limit} more shapes")
        return "; ".join(parts) if parts else "conforms"

    def to_text(self) -> str:
        """A readable report: a header line, then one block per result."""
        head = "Conforms" if self.conforms else f"Does not conform: {len(self.violations)} violation(s)"
        lines = [f"{head} ({len(self.results)} result(s), engine {self.engine}, {self.seconds:.2f} s)"]
        for r in self.results:
            lines += ["", f"{r.severity}: {_short(r.shape)}",
                      f"  article: {_short(r.graph) if r.graph else '-'}",
                      f"  focus:   {_short(r.focus_node)}"]
            lines += [f"  path:    {r.path}"] if r.path else []
            lines += [f"  value:   {r.value}"] if r.value is not None else []
            lines += [f"  en:      {r.message_en}", f"  zh:      {r.message_zh}"]
        return "\n".join(lines) + "\n"


def _short(iri: str) -> str:
    for prefix, ns in {"szsh": SZSH, **PREFIXES}.items():
        if iri.startswith(ns) and "/" not in iri[len(ns):]:
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>" if "://" in iri else iri


def _empty_report(conforms: bool) -> rdflib.Graph:
    graph = rdflib.Graph()
    node = rdflib.BNode()
    graph.add((node, RDF.type, SH.ValidationReport))
    graph.add((node, SH.conforms, rdflib.Literal(conforms)))
    return graph


def _term(term: rdflib.term.Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, rdflib.BNode):
        return f"_:{term}"
    return str(term)


def render_path(graph: rdflib.Graph, path: rdflib.term.Node | None) -> str | None:
    """A SHACL property path as SPARQL path text (``a/b``, ``^a``, ``a*``…)."""
    if path is None or isinstance(path, rdflib.URIRef):
        return _term(path)
    if (graph.value(path, RDF.first)) is not None:
        return "/".join(render_path(graph, p) or "?" for p in rdflib.collection.Collection(graph, path))
    for predicate, template in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "({})*"),
                                (SH.oneOrMorePath, "({})+"), (SH.zeroOrOnePath, "({})?")):
        inner = graph.value(path, predicate)
        if inner is not None:
            return template.format(render_path(graph, inner))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(render_path(graph, p) or "?" for p in rdflib.collection.Collection(graph, alternatives))
    return _term(path)


def _language(message: rdflib.term.Node) -> str:
    """zh or en: from the tag, else (both engines drop tags when they fill a SPARQL message
    template) from the first character: every zh message of the shapes starts with a Chinese one."""
    lang = (getattr(message, "language", None) or "").lower()
    if lang:
        return "zh" if lang.startswith("zh") else "en" if lang.startswith("en") else lang
    return "zh" if CJK.match(str(message)) else "en"


def _messages(graph: rdflib.Graph, result: rdflib.term.Node) -> tuple[str, str]:
    by_lang: dict[str, str] = {}
    for message in graph.objects(result, SH.resultMessage):
        by_lang.setdefault(_language(message), str(message))
    en = by_lang.get("en") or next(iter(by_lang.values()), "")
    return en, by_lang.get("zh") or en


def _result(graph: rdflib.Graph, node: rdflib.term.Node, graph_of: Callable) -> ValidationResult:
    focus = graph.value(node, SH.focusNode)
    severity = graph.value(node, SH.resultSeverity)
    en, zh = _messages(graph, node)
    return ValidationResult(
        focus_node=_term(focus) or "",
        shape=_term(graph.value(node, SH.sourceShape)) or "",
        path=render_path(graph, graph.value(node, SH.resultPath)),
        severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
        message_en=en, message_zh=zh,
        value=_term(graph.value(node, SH.value)),
        graph=graph_of(term) if (term := _ox_term(focus)) is not None else None,
    )


def _ox_term(term: rdflib.term.Node):
    import pyoxigraph as ox

    if isinstance(term, rdflib.Literal):
        return None
    return ox.BlankNode(str(term)) if isinstance(term, rdflib.BNode) else ox.NamedNode(str(term))


def _sort_key(r: ValidationResult) -> tuple:
    return (r.graph or "", r.focus_node, r.shape, r.path or "", r.value or "")


def read_report(report: rdflib.Graph, *, engine: str, seconds: float,
                graph_of: Callable[[Any], str | None]) -> ValidationReport:
    """The report an engine returned, as a :class:`ValidationReport` (results sorted, deduplicated)."""
    # Only the report's own results: nested ones (sh:detail) are typed sh:ValidationResult too.
    nodes: Iterable = report.objects(None, SH.result)
    results = tuple(sorted({_result(report, n, graph_of) for n in nodes}, key=_sort_key))
    conforms_values = list(report.objects(None, SH.conforms))
    conforms = all(bool(v.toPython()) for v in conforms_values) if conforms_values else not results
    return ValidationReport(conforms, results, engine, seconds, report)
