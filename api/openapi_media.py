"""The media types ``/sparql`` and the curated-query endpoints really answer with, for OpenAPI.

Their routes return a bare ``Response`` whose Content-Type comes from negotiation
(:mod:`api.sparql_formats`), so FastAPI alone would declare ``application/json``
only. :func:`declare_media_types` fills the 200 response of those operations with
every type negotiation can label a body with: SPARQL results (JSON, XML, CSV, TSV)
for SELECT/ASK, graph formats (Turtle, N-Triples, JSON-LD, RDF/XML, TriG, N-Quads)
for CONSTRUCT/DESCRIBE, each under its canonical type and the aliases a client may
ask for; plus the service description's HTML page (``GET /sparql`` without a query)
and the query text of a curated query (``format=sparql``).
"""

from fastapi import FastAPI

from api.sparql_formats import GRAPH_FORMATS, RESULT_FORMATS

SPARQL_PATH = "/sparql"
CURATED_PREFIX = "/queries/"
_JSON = {"schema": {"type": "object"}}
_TEXT = {"schema": {"type": "string"}}
DESCRIPTION = ("SELECT/ASK: SPARQL results as JSON (default), XML, CSV or TSV; CONSTRUCT/DESCRIBE: Turtle, "
               "N-Triples, JSON-LD, RDF/XML, TriG or N-Quads; chosen by Accept or format=.")


def result_media_types() -> list[str]:
    """Every type a SELECT/ASK or CONSTRUCT/DESCRIBE result can be labelled with, canonical ones first."""
    formats = (*RESULT_FORMATS, *GRAPH_FORMATS)
    types = [f.media_type for f in formats] + [alias for f in formats for alias in f.aliases]
    return list(dict.fromkeys(types))


def result_content(*extra: str) -> dict[str, dict]:
    """An OpenAPI ``content`` map of the result types plus ``extra`` ones."""
    return {media: _JSON if media.endswith("json") else _TEXT for media in [*result_media_types(), *extra]}


def _declare(operation: dict, content: dict[str, dict]) -> None:
    ok = operation.setdefault("responses", {}).setdefault("200", {})
    ok.setdefault("description", "")
    if not ok["description"] or ok["description"] == "Successful Response":
        ok["description"] = DESCRIPTION
    ok["content"] = content


def declare_media_types(app: FastAPI) -> None:
    """Make ``app.openapi()`` declare the negotiated media types of /sparql and every curated query.

    The generated document is patched (FastAPI includes routers lazily, so routes
    cannot be edited after the fact); everything else of it is FastAPI's own.
    """
    generate = app.openapi

    patched: list[dict] = []

    def openapi() -> dict:
        schema = generate()  # FastAPI's, cached until the routes change
        if not patched or patched[-1] is not schema:
            for path, operations in schema.get("paths", {}).items():
                for method, operation in operations.items():
                    if path == SPARQL_PATH:
                        _declare(operation, result_content(*(["text/html"] if method == "get" else [])))
                    elif path.startswith(CURATED_PREFIX):
                        _declare(operation, result_content("application/sparql-query"))  # format=sparql: the query text
            patched.append(schema)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
