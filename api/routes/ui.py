"""Routes: the web UI, server-rendered Jinja2 pages with small vanilla JS.

Pages: ``/`` (search, districts), ``/ui/sparql`` (YASGUI), ``/ui/queries`` and
``/ui/queries/{name}`` (curated queries as forms), ``/ui/district/{code}`` (a
district's reforms, pilots and recognitions by year), ``/ui/search``, ``/ui/api``
(the OpenAPI docs). Every asset
is served from ``/static`` (YASGUI and Cytoscape are copied into
``static/vendor`` by ``.ci/ui-deps``): the pages work with no internet.

The interface language is zh by default; ``?lang=en`` switches and is remembered
in a cookie (see ``api/pages.py``, which the entity pages render through too).
"""

import logging
import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.staticfiles import StaticFiles

from api.deps import SettingsDep
from api.pages import STATIC_DIR, display_prefixes, render_not_found, render_page, static_url, ui_prefixes
from api.query_forms import district_choices, district_queries, find_query, form_field, load_catalogue, sparql_tabs
from graph.reference import districts, place_by_iri

logger = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)
router.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

_PLACE_CODE = re.compile(r"^[a-z0-9-]{1,40}$")
_VENDOR_FILES = ("vendor/yasgui/yasgui.min.js", "vendor/yasgui/yasgui.min.css", "vendor/cytoscape/cytoscape.min.js",
                 "vendor/swagger-ui/swagger-ui-bundle.js", "vendor/swagger-ui/swagger-ui.css")


def vendor_ready() -> bool:
    """Whether ``.ci/ui-deps`` has copied the npm packages' browser files."""
    return all((STATIC_DIR / name).is_file() for name in _VENDOR_FILES)


def _district_view(place: Any, base_iri: str) -> dict[str, Any]:
    return {
        "code": place.iri.rsplit("/", 1)[-1],  # the page's URL segment: 440307, or dapeng for a zone
        "param_value": place.code or place.iri,  # what the API's district parameters accept
        "iri": place.iri,
        "path": "/" + place.iri[len(base_iri):] if place.iri.startswith(base_iri) else place.iri,
        "kind": place.kind,
        "labels": {"zh": place.name, "en": place.en or place.name},
    }


@router.get("/", response_class=HTMLResponse)
def home_page(request: Request, settings: SettingsDep) -> HTMLResponse:
    """Home: search box, the way in to queries and the editor, and the districts."""
    places = districts(settings.ontology_dir, settings.base_iri)
    return render_page(request, "home.html", {"districts": [_district_view(p, settings.base_iri) for p in places]})


@router.get("/ui/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "") -> HTMLResponse:
    """Full search results for ``q`` (drawn by search.js from ``/search``)."""
    return render_page(request, "search.html", {"search_query": q.strip()})


@router.get("/ui/prefixes.json")
def prefixes_json(settings: SettingsDep) -> JSONResponse:
    """The project's SPARQL prefixes (the editor preloads them)."""
    return JSONResponse(ui_prefixes(settings.base_iri))


@router.get("/ui/sparql", response_class=HTMLResponse)
def sparql_page(request: Request, settings: SettingsDep, tab: str = "") -> HTMLResponse:
    """The YASGUI editor on ``/sparql``: prefixes preloaded, one tab per curated query."""
    config = {
        "endpoint": "/sparql",
        "prefixes": ui_prefixes(settings.base_iri),
        "display_prefixes": display_prefixes(settings.base_iri),
        "tabs": sparql_tabs(load_catalogue(settings)),
        "select": tab,
    }
    return render_page(request, "sparql.html", {"active": "sparql", "editor_config": config, "vendor_ready": vendor_ready()})


@router.get("/docs", include_in_schema=False)
@router.get("/ui/api", response_class=HTMLResponse)
def api_docs_page(request: Request) -> HTMLResponse:
    """The OpenAPI documentation (Swagger UI) from local files (FastAPI's own /docs loads a CDN,
    so the app turns it off and serves this page at /docs too)."""
    return get_swagger_ui_html(
        openapi_url=request.app.openapi_url or "/openapi.json",
        title=f"{request.app.title} · API",
        swagger_js_url=static_url("vendor/swagger-ui/swagger-ui-bundle.js"),
        swagger_css_url=static_url("vendor/swagger-ui/swagger-ui.css"),
        swagger_favicon_url=static_url("favicon.svg"),
        swagger_ui_parameters={"validatorUrl": None},  # the default validator badge calls an outside service
    )


@router.get("/ui/queries", response_class=HTMLResponse)
def queries_page(request: Request, settings: SettingsDep) -> HTMLResponse:
    """The gallery of curated queries."""
    return render_page(request, "queries.html", {"active": "queries", "queries": load_catalogue(settings)})


@router.get("/ui/queries/{name}", response_class=HTMLResponse)
def query_page(request: Request, name: str, settings: SettingsDep) -> HTMLResponse:
    """One curated query as a form; its parameters in the URL reproduce the result."""
    query = find_query(load_catalogue(settings), name)
    if query is None:
        return render_not_found(request, f"/queries/{name}")
    values = {k: v for k, v in request.query_params.items() if k != "lang"}
    places = district_choices(districts(settings.ontology_dir, settings.base_iri))
    fields = [form_field(p, places, settings.ontology_dir) for p in query["params"]]
    required = [p["name"] for p in fields if p["required"]]
    autorun = bool(values) or not required
    return render_page(
        request, "query.html",
        {"active": "queries", "query": {**query, "params": fields}, "values": values, "autorun": autorun,
         "prefixes": display_prefixes(settings.base_iri)},
    )


@router.get("/ui/district/{code}", response_class=HTMLResponse)
def district_page(request: Request, code: str, settings: SettingsDep) -> HTMLResponse:
    """A district's reforms, pilots and recognitions by year, as a chart and a table."""
    place = place_by_iri(f"{settings.base_iri}place/{code}", settings.ontology_dir, settings.base_iri) if _PLACE_CODE.match(code) else None
    if place is None or place.kind not in ("District", "FunctionalZone", "Municipality"):
        return render_not_found(request, f"/ui/district/{code}")
    view = _district_view(place, settings.base_iri)
    related = district_queries(load_catalogue(settings))
    return render_page(request, "district.html", {"active": "districts", "district": view, "district_queries": related})
