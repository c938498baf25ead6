"""Routes: the web UI, server-rendered Jinja2 pages with small vanilla JS.

Pages: ``/`` (search, districts), ``/ui/sparql`` (YASGUI), ``/ui/queries`` and
``/ui/queries/{name}`` (curated queries as forms), ``/ui/district/{code}`` (a
district's reforms, pilots and recognitions by year), ``/ui/search``. Every asset
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
from fastapi.staticfiles import StaticFiles

from api.deps import SettingsDep
from api.pages import STATIC_DIR, render_not_found, render_page, ui_prefixes
from api.query_forms import code_choices, district_choices, district_queries, fetch_catalogue, find_query, form_field, sparql_tabs
from graph.query_params import SCHEME_OF_TYPE, load_scheme_codes
from graph.reference import districts, place_by_iri

logger = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)
router.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

_PLACE_CODE = re.compile(r"^[a-z0-9-]{1,40}$")
_VENDOR_FILES = ("vendor/yasgui/yasgui.min.js", "vendor/yasgui/yasgui.min.css", "vendor/cytoscape/cytoscape.min.js")


def vendor_ready() -> bool:
    """Whether ``.ci/ui-deps`` has copied the npm packages' browser files."""
    return all((STATIC_DIR / name).is_file() for name in _VENDOR_FILES)


def _district_view(place: Any, base_iri: str) -> dict[str, Any]:
    code = place.iri.rsplit("/", 1)[-1]
    return {
        "code": code,
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
async def sparql_page(request: Request, settings: SettingsDep, tab: str = "") -> HTMLResponse:
    """The YASGUI editor on ``/sparql``: prefixes preloaded, one tab per curated query."""
    catalogue = await fetch_catalogue(request)
    config = {
        "endpoint": "/sparql",
        "prefixes": ui_prefixes(settings.base_iri),
        "tabs": await sparql_tabs(request, catalogue),
        "select": tab,
    }
    return render_page(request, "sparql.html", {"active": "sparql", "editor_config": config, "vendor_ready": vendor_ready()})


@router.get("/ui/queries", response_class=HTMLResponse)
async def queries_page(request: Request) -> HTMLResponse:
    """The gallery of curated queries."""
    return render_page(request, "queries.html", {"active": "queries", "queries": await fetch_catalogue(request)})


@router.get("/ui/queries/{name}", response_class=HTMLResponse)
async def query_page(request: Request, name: str, settings: SettingsDep) -> HTMLResponse:
    """One curated query as a form; its parameters in the URL reproduce the result."""
    query = find_query(await fetch_catalogue(request), name)
    if query is None:
        return render_not_found(request, f"/queries/{name}")
    values = {k: v for k, v in request.query_params.items() if k != "lang"}
    choices = {"district": district_choices(districts(settings.ontology_dir, settings.base_iri)),
               **code_choices(load_scheme_codes(settings.ontology_dir), SCHEME_OF_TYPE)}
    fields = [form_field(p, choices) for p in query["params"]]
    required = [p["name"] for p in fields if p["required"]]
    autorun = bool(values) or not required
    return render_page(
        request, "query.html",
        {"active": "queries", "query": {**query, "params": fields}, "values": values, "autorun": autorun},
    )


@router.get("/ui/district/{code}", response_class=HTMLResponse)
async def district_page(request: Request, code: str, settings: SettingsDep) -> HTMLResponse:
    """A district's reforms, pilots and recognitions by year, as a chart and a table."""
    place = place_by_iri(f"{settings.base_iri}place/{code}", settings.ontology_dir, settings.base_iri) if _PLACE_CODE.match(code) else None
    if place is None or place.kind not in ("District", "FunctionalZone", "Municipality"):
        return render_not_found(request, f"/ui/district/{code}")
    view = _district_view(place, settings.base_iri)
    view["param_value"] = place.code or code
    related = district_queries(await fetch_catalogue(request))
    return render_page(request, "district.html", {"active": "districts", "district": view, "district_queries": related})
