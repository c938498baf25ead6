"""The SPARQL 1.1 Protocol endpoint ``/sparql``: read-only, time-limited, row-capped.

* ``GET /sparql?query=…`` and ``POST /sparql`` (form-encoded, or ``application/sparql-query``);
  ``default-graph-uri`` / ``named-graph-uri`` (repeatable), ``format=``, ``timeout=SECONDS``.
* ``GET /sparql`` without a query: the Service Description (Turtle, JSON-LD…; HTML for browsers).
* ``HEAD /sparql``: the status and headers GET would give, without the body.
* Any update (``update=`` field, ``application/sparql-update`` body, or update text) → 403.
* Query text over ``max_query_bytes`` → 414 (GET) or 413 (POST); other bodies → 415.
"""

import urllib.parse
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from api.deps import RunnerDep, SettingsDep, StoreDep
from api.errors import APIError
from api.head_method import head_route
from api.query_runner import QueryRunner
from api.service_description import SD_PREFIXES, service_description, service_description_html
from api.sparql_formats import negotiate, report_headers, serialize_outcome, worker_output
from api.sparql_text import classify_sparql
from graph.errors import UpdateForbidden

router = APIRouter(tags=["sparql"])

_FORM = "application/x-www-form-urlencoded"
_QUERY_BODY = "application/sparql-query"
_UPDATE_BODY = "application/sparql-update"
_POST_BODY_DOC = {
    "requestBody": {
        "description": "A SPARQL query, as a form (query=…, default-graph-uri=…) or as the raw body.",
        "content": {
            _FORM: {"schema": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]}},
            _QUERY_BODY: {"schema": {"type": "string"}},
        },
    }
}
_UPDATE_REFUSED = "this endpoint is read-only: SPARQL Update requests are refused"


def _limit(request: Request) -> int:
    return request.app.state.settings.max_query_bytes


def _body_limit(max_query_bytes: int) -> int:
    """Room for a percent-encoded query (3 bytes a byte) plus the other fields."""
    return 3 * max_query_bytes + 8192


@router.get("/sparql", name="sparql_get", summary="SPARQL query (GET), or the service description")
async def sparql_get(
    request: Request,
    runner: RunnerDep,
    settings: SettingsDep,
    store: StoreDep,
    query: Annotated[str | None, Query(description="The SPARQL query; without it: the service description.")] = None,
    default_graph_uri: Annotated[list[str], Query(alias="default-graph-uri")] = [],
    named_graph_uri: Annotated[list[str], Query(alias="named-graph-uri")] = [],
    format: Annotated[str | None, Query(description="json, xml, csv, tsv, ttl, nt, jsonld, rdfxml, trig, nq")] = None,
    timeout: Annotated[str | None, Query(description="Lower the time limit, in seconds.")] = None,
) -> Response:
    """Run a query sent in the URL (SPARQL 1.1 Protocol)."""
    if len(request.url.query) > _body_limit(settings.max_query_bytes):
        raise _too_large(414, settings.max_query_bytes)
    params = request.query_params
    if "update" in params:
        raise UpdateForbidden(_UPDATE_REFUSED)
    if query is None:
        return await _describe(request, store, runner, settings.max_rows, format)
    _check_single(params.getlist("query"))
    return await _answer(request, runner, query, default_graph_uri, named_graph_uri, format, timeout, 414)


router.add_api_route("/sparql", head_route(sparql_get), methods=["HEAD"], name="sparql_head", include_in_schema=False)


@router.post("/sparql", name="sparql_post", summary="SPARQL query (POST)", openapi_extra=_POST_BODY_DOC)
async def sparql_post(request: Request, runner: RunnerDep) -> Response:
    """Run a query sent as a form or as an ``application/sparql-query`` body."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type == _UPDATE_BODY:
        raise UpdateForbidden(_UPDATE_REFUSED)
    if media_type not in (_FORM, _QUERY_BODY):
        raise APIError(415, "Unsupported Media Type", f"send the query as {_FORM} or {_QUERY_BODY}, not {media_type or 'no Content-Type'}")
    body = await _read_body(request, _body_limit(_limit(request)))
    fields = list(request.query_params.multi_items())
    if media_type == _FORM:
        fields += _form_fields(body)
    if any(name == "update" for name, _ in fields):
        raise UpdateForbidden(_UPDATE_REFUSED)
    queries = [value for name, value in fields if name == "query"]
    if media_type == _QUERY_BODY:
        queries.append(_decode(body))
    _check_single(queries)
    graphs = [_values(fields, "default-graph-uri"), _values(fields, "named-graph-uri")]
    options = [(_values(fields, name) or [None])[-1] for name in ("format", "timeout")]
    return await _answer(request, runner, queries[0], *graphs, *options, 413)


def _values(fields: list[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in fields if key == name]


async def _answer(request: Request, runner: QueryRunner, sparql: str, default_graphs: list[str], named_graphs: list[str],
                  format_name: str | None, timeout: str | None, too_large: int) -> Response:
    """Classify, negotiate, run, serialise: the common path of GET and POST."""
    if len(sparql.encode()) > _limit(request):
        raise _too_large(too_large, _limit(request))
    shape = classify_sparql(sparql)
    _check_iris("default-graph-uri", default_graphs)
    _check_iris("named-graph-uri", named_graphs)
    accept, graph = request.headers.get("accept"), shape.form in ("CONSTRUCT", "DESCRIBE")
    choice = negotiate(accept, format_name, graph)
    timeout_s = _parse_timeout(timeout)
    # The worker writes the negotiated format itself: the bytes pass through this process as they are.
    outcome = await runner.run(sparql, timeout_s=timeout_s, default_graphs=default_graphs, named_graphs=named_graphs,
                               output=worker_output(accept, format_name, choice, graph), shape=shape)
    if outcome.is_graph != graph:  # the text looked like another form than it is
        choice = negotiate(accept, format_name, outcome.is_graph)
    if outcome.body is not None:  # as the worker wrote it, plus the szkg member in JSON: cheap
        body = serialize_outcome(outcome, choice.format)
    else:
        body = await run_in_threadpool(serialize_outcome, outcome, choice.format)
    headers = report_headers(outcome, runner.time_limit(timeout_s)) | {"Vary": "Accept"}
    return Response(body, media_type=choice.content_type, headers=headers)


async def _describe(request: Request, store, runner: QueryRunner, max_rows: int, format_name: str | None) -> Response:
    """The service description, negotiated among the graph formats (Turtle by default)."""
    endpoint = str(request.url_for("sparql_get"))
    graphs = (await run_in_threadpool(store.graphs))[:max_rows]
    triples = service_description(endpoint, graphs, runner.time_limit(None), max_rows)
    choice = negotiate(request.headers.get("accept"), format_name, graph=True)
    if choice.browser:
        turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=SD_PREFIXES).decode()
        return HTMLResponse(service_description_html(endpoint, turtle), headers={"Vary": "Accept"})
    rdf = choice.format.rdf
    options = {"prefixes": SD_PREFIXES} if rdf in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
    return Response(ox.serialize(triples, format=rdf, **options), media_type=choice.content_type, headers={"Vary": "Accept"})


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes ``limit`` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(413, _limit(request))
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(413, _limit(request))
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise APIError(400, "Bad Request", f"the query is not UTF-8: invalid byte at offset {exc.start}") from None


def _form_fields(body: bytes) -> list[tuple[str, str]]:
    try:
        return urllib.parse.parse_qsl(_decode(body), keep_blank_values=True, strict_parsing=bool(body), errors="strict")
    except (ValueError, UnicodeDecodeError) as exc:
        raise APIError(400, "Bad Request", f"malformed form body: {exc}") from None


def _check_single(queries: list[str]) -> None:
    if not queries:
        raise APIError(400, "Bad Request", "no query: send query=… (form or URL) or an application/sparql-query body")
    if len(queries) > 1:
        raise APIError(400, "Bad Request", f"{len(queries)} queries in one request: send exactly one")


def _check_iris(parameter: str, values: list[str]) -> None:
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError as exc:
            raise APIError(400, "Bad Request", f"{parameter}={value!r} is not an IRI: {exc}") from None


def _parse_timeout(value: str | None) -> float | None:
    if value is None or value == "":
        return None
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds > 0:
        raise APIError(400, "Bad Request", f"timeout={value!r}: expected a positive number of seconds")
    return seconds


def _too_large(status: int, limit: int) -> APIError:
    title = "URI Too Long" if status == 414 else "Content Too Large"
    hint = " (send long queries with POST)" if status == 414 else ""
    return APIError(status, title, f"the query is longer than this server accepts ({limit} bytes){hint}")
