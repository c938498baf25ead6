"""Curated queries (``queries/*.rq``) as typed HTTP endpoints.

* ``GET /queries``: every query with its titles, descriptions, typed parameters,
  SPARQL text and URL.
* ``GET /queries/{name}?param=…``: one OpenAPI operation per query
  (``query_<name>``), generated at app creation from the file's header, plus a
  generic ``GET /queries/{name}`` for any name.
* ``HEAD /queries/{name}``: the status and headers GET would give, without the body.

Parameters are validated by :mod:`graph.query_params` and bound as RDF terms through
the runner's ``substitutions``; the query text is never changed by a request. Output:
JSON (SPARQL JSON plus ``rows`` and ``szkg``), CSV, TSV, XML; CONSTRUCT queries give
Turtle (or N-Triples, JSON-LD…); ``format=sparql`` returns the query text.

SELECT results come in pages (like Datasette's named queries): ``page_size`` rows by
default, ``limit=N`` up to ``max_rows``, ``offset=N`` or ``page=N`` (from 1) for the
others. JSON says in ``szkg.page`` whether a next page exists and gives its URL; every
format also gets a ``Link: <…>; rel="next"`` header.
"""

import inspect
import logging
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path as PathParam, Query, Request
from fastapi.responses import Response
from starlette.datastructures import URL

from api.config import Settings
from api.curated_results import Page, PageRequest, apply_page, curated_json, page_info as curated_page
from api.errors import APIError
from api.head_method import head_route
from api.plain_values import ROWS_JSON
from api.query_runner import QueryOutcome
from api.sparql_formats import negotiate, report_headers, serialize_outcome
from graph.queries import CuratedQuery, QueryRegistry, load_registry, prologue_prefixes
from graph.query_params import MAX_IRI, MAX_TEXT, SCHEME_OF_TYPE, YEAR_RANGE

logger = logging.getLogger(__name__)

# Query-string names every curated query reserves for itself.
RESERVED = ("format", "timeout", "lang", "limit", "offset", "page")
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The result: SPARQL JSON plus `rows` and `szkg` (default), CSV, TSV, XML; Turtle for CONSTRUCT.",
          "content": {"application/sparql-results+json": {}, "text/csv": {}, "text/turtle": {}}},
    404: {"description": "No curated query of this name."},
    406: {"description": "The requested format cannot be produced."},
    422: {"description": "A parameter is missing, unknown or invalid; `errors` lists each problem."},
    503: {"description": "The query reached its time limit."},
}
FormatParam = Annotated[str | None, Query(description="json, csv, tsv, xml; ttl, nt, jsonld for CONSTRUCT; sparql for the query text.")]
TimeoutParam = Annotated[float | None, Query(gt=0, description="Time limit in seconds (can only lower the server's).")]
LimitParam = Annotated[int | None, Query(gt=0, description="Rows per page (default: the page_size setting; at most max_rows).")]
OffsetParam = Annotated[int | None, Query(ge=0, description="Rows to skip: the first row of the page.")]
PageParam = Annotated[int | None, Query(ge=1, description="Page number from 1 (instead of offset).")]


@lru_cache(maxsize=8)
def _cached_registry(queries_dir: Path, base: str, ontology_dir: Path) -> QueryRegistry:
    return load_registry(queries_dir, base, ontology_dir=ontology_dir)


def registry_for(settings: Settings) -> QueryRegistry:
    """The curated queries of ``settings.queries_dir`` bound to its base IRI (cached)."""
    return _cached_registry(Path(settings.queries_dir).resolve(), settings.base_iri, Path(settings.ontology_dir).resolve())


def describe_query(query: CuratedQuery, registry: QueryRegistry) -> dict[str, Any]:
    """A listing entry: metadata, parameter choices, URL and full SPARQL text."""
    entry = query.to_dict()
    for param in entry["params"]:
        scheme = SCHEME_OF_TYPE.get(param["type"])
        if scheme:
            param["choices"] = list(registry.binder.scheme_codes.get(scheme, ()))
    entry["url"] = f"/queries/{query.name}"
    entry["sparql"] = registry.sparql(query.name)
    return entry


async def run_curated(request: Request, registry: QueryRegistry, name: str, values: dict[str, str | None],
                      format: str | None, timeout: float | None, paging: PageRequest | None = None) -> Response:
    """Validate, bind, run and serialise one page of a curated query."""
    query = registry.get(name)
    _reject_unknown(request, query)
    substitutions = registry.bind(name, values)
    if format and format.strip().lower() == "sparql":
        return Response(registry.sparql(name), media_type="application/sparql-query; charset=utf-8")
    graph = query.form in ("CONSTRUCT", "DESCRIBE")
    choice = negotiate(request.headers.get("accept"), format, graph)
    runner = request.app.state.query_runner
    page = None if graph else (paging or PageRequest()).resolve(request.app.state.settings)
    outcome, page_info = await _run_page(runner, registry, query, substitutions, timeout, page,
                                         choice.format.name == "json", request.url)
    headers = report_headers(outcome, runner.time_limit(timeout))
    if page_info and page_info["next"]:
        headers["Link"] = f'<{page_info["next"]}>; rel="next"'
    if choice.format.name == "json" and not graph:
        body = curated_json(outcome, query, {k: v for k, v in values.items() if v is not None}, page_info)
    else:
        body = serialize_outcome(outcome, choice.format, prologue_prefixes(registry.base))
    return Response(body, media_type=choice.content_type, headers=headers)


async def _run_page(runner, registry: QueryRegistry, query: CuratedQuery, substitutions: dict, timeout: float | None,
                    page: Page | None, as_json: bool, url: URL) -> tuple[QueryOutcome, dict[str, Any] | None]:
    """Run the query, one page of it for a SELECT; the outcome and ``szkg.page``."""
    sparql = registry.page_sparql(query.name, page.size, page.start) if page else registry.sparql(query.name)
    # SELECT as JSON: the worker writes SPARQL JSON and rows, capped at the page (more rows: a next page).
    written = page is not None and as_json and query.form == "SELECT"
    outcome = await runner.run(sparql, substitutions=substitutions, timeout_s=timeout, heavy=False,
                               max_rows=page.size + (0 if written else 1) if page else None,
                               output={"results": ROWS_JSON} if written else None)
    rows = outcome.row_count if written else len(outcome.rows) or len(outcome.triples)
    logger.info("curated query %s: %d rows in %.0f ms", query.name, rows or 0, outcome.elapsed_ms)
    if written:
        return outcome, curated_page(page, outcome.row_count or 0, outcome.truncated, url)
    return outcome, apply_page(outcome, page, url) if page else None


def _reject_unknown(request: Request, query: CuratedQuery) -> None:
    """Unknown or repeated query-string names get 422, on every route alike."""
    errors = []
    seen: set[str] = set()
    for key, _ in request.query_params.multi_items():
        if key in seen:
            errors.append({"loc": ["query", key], "msg": "given more than once", "type": "repeated"})
        seen.add(key)
        if key not in RESERVED and query.param(key) is None:
            known = ", ".join(p.name for p in query.params) or "none"
            errors.append({"loc": ["query", key], "msg": f"unknown parameter; this query takes: {known}", "type": "unknown"})
    if errors:
        detail = "; ".join(f"{e['loc'][-1]}: {e['msg']}" for e in errors)
        raise APIError(422, "Invalid query parameter", f"query {query.name!r}: {detail}", errors=errors)


def _annotation(param, codes: dict[str, tuple[str, ...]]) -> Any:
    """The Python type and Query() that document one parameter in OpenAPI."""
    doc = f"{param.description} ({param.type})".strip()
    scheme = SCHEME_OF_TYPE.get(param.type)
    limits: dict[str, Any] = {}
    if param.type == "year":
        kind: Any = int
        limits = {"ge": YEAR_RANGE[0], "le": YEAR_RANGE[1]}
    elif param.type == "integer":
        kind = int
    elif scheme and codes.get(scheme):
        kind = Literal[tuple(codes[scheme])]  # type: ignore[valid-type]
    else:
        kind = str
        limits = {"max_length": MAX_IRI if param.type in ("iri", "district") else MAX_TEXT}
    return Annotated[kind if param.required else kind | None, Query(alias=param.name, description=doc, **limits)]


def _endpoint(query: CuratedQuery, registry: QueryRegistry):
    """A route function whose signature FastAPI reads as the query's typed parameters."""
    codes = registry.binder.scheme_codes

    async def endpoint(request: Request, **kwargs: Any) -> Response:
        values = {p.name: _text(kwargs.get(f"p_{p.name}")) for p in query.params}
        paging = PageRequest(kwargs.get("limit"), kwargs.get("offset"), kwargs.get("page"))
        return await run_curated(request, registry, query.name, values, kwargs.get("format"), kwargs.get("timeout"), paging)

    signature = [inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request)]
    for param in query.params:
        default = inspect.Parameter.empty if param.required else None
        signature.append(inspect.Parameter(f"p_{param.name}", inspect.Parameter.KEYWORD_ONLY, default=default,
                                           annotation=_annotation(param, codes)))
    signature.append(inspect.Parameter("format", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=FormatParam))
    signature.append(inspect.Parameter("timeout", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=TimeoutParam))
    if query.form == "SELECT":
        for name, annotation in (("limit", LimitParam), ("offset", OffsetParam), ("page", PageParam)):
            signature.append(inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation))
    endpoint.__signature__ = inspect.Signature(signature)  # type: ignore[attr-defined]
    endpoint.__name__ = f"query_{query.name}"
    return endpoint


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def build_router(settings: Settings) -> APIRouter:
    """The /queries routes for the curated queries of ``settings.queries_dir``."""
    registry = registry_for(settings)
    router = APIRouter(tags=["queries"])

    @router.get("/queries", name="list_queries", summary="List the curated queries")
    def list_queries() -> dict[str, Any]:
        """Every curated query: titles and descriptions (zh, en), typed parameters, SPARQL text, URL."""
        return {"count": len(registry), "queries": [describe_query(q, registry) for q in registry]}

    for query in registry:
        router.add_api_route(
            f"/queries/{query.name}", _endpoint(query, registry), methods=["GET"], name=f"query_{query.name}",
            summary=query.title_en, description=f"{query.title_zh}\n\n{query.description_en}\n\n{query.description_zh}",
            responses=_RESPONSES, response_class=Response,
        )
        router.add_api_route(f"/queries/{query.name}", head_route(_endpoint(query, registry)), methods=["HEAD"],
                             name=f"query_{query.name}_head", include_in_schema=False)

    @router.get("/queries/{name}", name="run_query", summary="Run any curated query by name", responses=_RESPONSES,
                response_class=Response)
    async def run_query(
        request: Request,
        name: Annotated[str, PathParam(description="The query's name (see GET /queries).")],
        format: FormatParam = None,
        timeout: TimeoutParam = None,
        limit: LimitParam = None,
        offset: OffsetParam = None,
        page: PageParam = None,
    ) -> Response:
        """Run a curated query; its parameters go in the query string (see GET /queries for each query's)."""
        query = registry.get(name)
        values = {p.name: request.query_params.get(p.name) for p in query.params}
        return await run_curated(request, registry, name, values, format, timeout, PageRequest(limit, offset, page))

    router.add_api_route("/queries/{name}", head_route(run_query), methods=["HEAD"], name="run_query_head",
                         include_in_schema=False)
    return router


__all__ = ["build_router", "describe_query", "registry_for", "run_curated"]
