"""The JSON body of a curated query's result: SPARQL JSON plus plain ``rows`` and ``szkg``.

``rows`` is what a spreadsheet or a chart wants: one ``{variable: value}`` per
solution, IRIs and strings as text, numbers as numbers, booleans as booleans,
unbound variables as ``null``.
"""

import json
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from api.query_runner import QueryOutcome
from graph.queries import CuratedQuery

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                               "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort")}
_DECIMALS = {XSD + t for t in ("decimal", "double", "float")}


def simple_value(term: Any) -> Any:
    """A term as a plain JSON value."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGERS:
                return int(term.value)
            if datatype in _DECIMALS:
                number = Decimal(term.value)
                return int(number) if number == number.to_integral_value() and "." not in term.value else float(number)
        except (ValueError, InvalidOperation):
            return term.value
        if datatype == XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def simple_rows(outcome: QueryOutcome) -> list[dict[str, Any]]:
    """The solutions (or triples) as plain ``{name: value}`` dicts."""
    if outcome.is_graph:
        return [{"subject": simple_value(t.subject), "predicate": simple_value(t.predicate), "object": simple_value(t.object)}
                for t in outcome.triples]
    return [{name: simple_value(row.get(name)) for name in outcome.variables} for row in outcome.rows]


def curated_json(outcome: QueryOutcome, query: CuratedQuery, params: dict[str, str]) -> bytes:
    """SPARQL JSON results + ``rows`` + ``szkg`` (query name, parameters, cap, timing)."""
    body = outcome.to_json()
    body["rows"] = simple_rows(outcome)
    body["szkg"] = {
        **body.get("szkg", {}),
        "query": query.name,
        "title": {"zh": query.title_zh, "en": query.title_en},
        "params": params,
        "row_count": len(body["rows"]),
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
