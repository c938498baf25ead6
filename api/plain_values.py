"""Query results as plain JSON values: what the curated queries' ``rows`` member holds.

``rows`` is what a spreadsheet or a chart wants: one ``{variable: value}`` per
solution, IRIs and strings as text, numbers as numbers, booleans as booleans,
unbound variables as ``null``. The query workers write it (:data:`ROWS_JSON`)
next to the SPARQL JSON, so the server passes the bytes on without decoding rows.
"""

import json
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                               "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort")}
_DECIMALS = {XSD + t for t in ("decimal", "double", "float")}
# The worker output "SPARQL JSON plus rows" (a name for the job, never sent as a Content-Type).
ROWS_JSON = "application/x-szkg-rows+json"


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


def rows_json(tsv: bytes) -> tuple[bytes, int]:
    """SPARQL TSV results as SPARQL JSON with a ``rows`` member; and the number of rows."""
    sparql_json = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV).serialize(format=ox.QueryResultsFormat.JSON)
    solutions = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
    variables = [v.value for v in solutions.variables]
    rows = [{name: simple_value(term) for name, term in zip(variables, solution)} for solution in solutions]
    plain = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode()
    return b"".join((sparql_json.rstrip()[:-1], b',"rows":', plain, b"}")), len(rows)
