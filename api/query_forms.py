"""The curated-query catalogue as the web UI shows it: gallery entries, form fields, editor tabs.

Entries are what ``GET /queries`` lists (``api.routes.queries.describe_query``),
normalised to ``{"name", "title": {"zh", "en"}, "description": {"zh", "en"},
"params": […], "sparql"}`` so the pages show exactly what the API serves.
"""

import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from api.config import Settings
from api.routes.queries import describe_query, registry_for
from graph.query_params import SCHEME_OF_TYPE

logger = logging.getLogger(__name__)

# Input widgets by parameter type (graph.query_params.PARAM_TYPES; xsd names for other APIs).
_INPUTS: dict[str, tuple[str, str | None, str]] = {
    "integer": ("number", "1", ""),
    "year": ("number", "1", ""),
    "gyear": ("number", "1", ""),
    "decimal": ("number", "any", ""),
    "date": ("date", None, ""),
    "iri": ("url", None, ""),
}
_DISTRICT_TYPES = ("district",)
_CONCEPT = re.compile(r"/scheme/([a-z-]+)/([A-Za-z0-9_-]+)$")
_PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")


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


def load_catalogue(settings: Settings) -> list[dict[str, Any]]:
    """The curated queries as ``GET /queries`` lists them (with SPARQL text), normalised."""
    registry = registry_for(settings)
    return [_summary(describe_query(query, registry)) for query in registry]


def find_query(catalogue: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
    """The catalogue entry called ``name``."""
    return next((q for q in catalogue if q["name"] == name), None)


def _is_district_param(param: dict[str, Any]) -> bool:
    return param["type"].lower() in _DISTRICT_TYPES


@lru_cache(maxsize=4)
def concept_labels(ontology_dir: str) -> dict[tuple[str, str], dict[str, str]]:
    """zh/en labels of the SKOS concepts in ``ontology/schemes``, by (scheme, code)."""
    labels: dict[tuple[str, str], dict[str, str]] = {}
    for path in sorted(Path(ontology_dir, "schemes").glob("*.ttl")):
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            match = _CONCEPT.search(quad.subject.value) if isinstance(quad.subject, ox.NamedNode) else None
            if match and quad.predicate == _PREF_LABEL and isinstance(quad.object, ox.Literal) and quad.object.language:
                labels.setdefault(match.groups(), {})[quad.object.language[:2]] = quad.object.value
    return labels


def form_field(param: dict[str, Any], districts: list[dict[str, Any]], ontology_dir: Path) -> dict[str, Any]:
    """An HTML form field for one typed parameter: a number, a list to choose from, or text.

    District parameters list ``districts`` (``[{"value", "labels": {"zh", "en"}}]``);
    SKOS-code parameters (level, domain, kind) list the codes ``GET /queries`` gives,
    labelled from the schemes.
    """
    kind = param["type"].rsplit("#", 1)[-1].rsplit(":", 1)[-1].lower()
    input_type, step, placeholder = _INPUTS.get(kind, ("text", None, ""))
    options = None
    if _is_district_param(param):
        options = districts
    elif param.get("choices"):
        scheme = SCHEME_OF_TYPE.get(kind, kind)
        labels = concept_labels(str(ontology_dir))
        options = [{"value": code, "labels": labels.get((scheme, code), {"zh": code, "en": code})} for code in param["choices"]]
    return {**param, "input_type": input_type, "step": step, "placeholder": placeholder, "choices": options}


def district_choices(district_places: tuple[Any, ...]) -> list[dict[str, Any]]:
    """Options of a district parameter: the division code (a zone's IRI: zones have none) with zh/en names."""
    return [
        {"value": p.code or p.iri, "labels": {"zh": p.name, "en": p.en or p.name}}
        for p in district_places
    ]


def district_queries(catalogue: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Queries with a district parameter, each with that parameter's name (links from a district page)."""
    found = []
    for query in catalogue:
        param = next((p for p in query["params"] if _is_district_param(p)), None)
        if param is not None:
            found.append({"name": query["name"], "title": query["title"], "param": param["name"]})
    return found


def sparql_tabs(catalogue: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One editor tab per curated query: its name, titles and SPARQL text."""
    return [
        {"name": q["name"], "title": q["title"], "query": q["sparql"]}
        for q in catalogue if q.get("sparql")
    ]
