"""The curated-query catalogue as the web UI shows it: gallery entries, form fields, editor tabs.

The UI reads the catalogue through the public contract (``GET /queries``), called
in-process, so the pages show exactly what the API serves. Entries are normalised
to ``{"name", "title": {"zh", "en"}, "description": {"zh", "en"}, "params": […]}``.
"""

import logging
from typing import Any

import httpx
from fastapi import Request

logger = logging.getLogger(__name__)

# Input widgets by parameter type (graph.query_params.PARAM_TYPES; xsd names for other APIs).
_INPUTS: dict[str, tuple[str, str | None, str]] = {
    "integer": ("number", "1", ""),
    "year": ("number", "1", "2020"),
    "gyear": ("number", "1", "2020"),
    "decimal": ("number", "any", ""),
    "date": ("date", None, ""),
    "iri": ("text", None, "https://…"),
}
_DISTRICT_TYPES = ("district",)


async def _get_json(request: Request, path: str, params: dict[str, str] | None = None) -> Any:
    """GET one of this app's own JSON routes in-process (no socket, no other host)."""
    transport = httpx.ASGITransport(app=request.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
        response = await client.get(path, params=params)
    if response.status_code != 200:
        logger.warning("UI could not read %s: HTTP %s", path, response.status_code)
        return None
    return response.json()


def _labels(entry: dict[str, Any], key: str) -> dict[str, str]:
    """``{"zh", "en"}`` from ``key`` as a dict, or ``key``/``key_zh`` + ``key_en`` strings."""
    value = entry.get(key)
    if isinstance(value, dict):
        return {"zh": value.get("zh") or value.get("en") or "", "en": value.get("en") or value.get("zh") or ""}
    zh = entry.get(f"{key}_zh") or value or ""
    en = entry.get(f"{key}_en") or zh
    return {"zh": str(zh), "en": str(en)}


def _summary(entry: dict[str, Any]) -> dict[str, Any]:
    params = [
        {**p, "name": p["name"].lstrip("?$"), "type": str(p.get("type", "")), "required": bool(p.get("required")),
         "description": _labels(p, "description")}
        for p in entry.get("params") or [] if isinstance(p, dict) and p.get("name")
    ]
    title = _labels(entry, "title")
    if not title["zh"]:
        title = {"zh": entry["name"], "en": entry["name"]}
    return {**entry, "title": title, "description": _labels(entry, "description"), "params": params}


async def fetch_catalogue(request: Request) -> list[dict[str, Any]]:
    """The curated queries, normalised; empty when the catalogue is unavailable."""
    body = await _get_json(request, "/queries")
    entries = body.get("queries", []) if isinstance(body, dict) else body or []
    return [_summary(e) for e in entries if isinstance(e, dict) and e.get("name")]


def find_query(catalogue: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
    """The catalogue entry called ``name``."""
    return next((q for q in catalogue if q["name"] == name), None)


def _is_district_param(param: dict[str, Any]) -> bool:
    return param["type"].lower() in _DISTRICT_TYPES


def form_field(param: dict[str, Any], choices: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """An HTML form field for one typed parameter: a number, a date, a list to choose from, or text.

    ``choices`` maps a parameter type (``district``, ``level``…) to its options
    ``[{"value", "labels": {"zh", "en"}}]``.
    """
    kind = param["type"].rsplit("#", 1)[-1].rsplit(":", 1)[-1].lower()
    input_type, step, placeholder = _INPUTS.get(kind, ("text", None, ""))
    options = choices.get(kind)
    return {**param, "input_type": input_type, "step": step, "placeholder": placeholder, "choices": options or None}


def district_choices(district_places: tuple[Any, ...]) -> list[dict[str, Any]]:
    """Options of a district parameter: the division code (or zone slug) with zh/en names."""
    return [
        {"value": p.code or p.iri.rsplit("/", 1)[-1], "labels": {"zh": p.name, "en": p.en or p.name}}
        for p in district_places
    ]


def code_choices(codes: dict[str, tuple[str, ...]], scheme_of_type: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """Options of the SKOS-code parameter types (level, domain, kind): the codes themselves."""
    return {
        kind: [{"value": code, "labels": {"zh": code, "en": code}} for code in codes.get(scheme, ())]
        for kind, scheme in scheme_of_type.items()
    }


def district_queries(catalogue: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Queries with a district parameter, each with that parameter's name (links from a district page)."""
    found = []
    for query in catalogue:
        param = next((p for p in query["params"] if _is_district_param(p)), None)
        if param is not None:
            found.append({"name": query["name"], "title": query["title"], "param": param["name"]})
    return found


async def sparql_tabs(request: Request, catalogue: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One editor tab per curated query: its name, titles and SPARQL text."""
    tabs = []
    for query in catalogue:
        text = query.get("sparql") or query.get("query") or query.get("text")
        if not text:
            detail = await _get_json(request, f"/queries/{query['name']}", {"format": "sparql"})
            text = (detail or {}).get("sparql") if isinstance(detail, dict) else None
        if text:
            tabs.append({"name": query["name"], "title": query["title"], "query": text})
    return tabs
