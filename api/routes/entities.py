"""Routes: linked-data entity pages. Every minted IRI dereferences to its page.

``GET /{kind}/{rest}`` for the kinds of ``docs/architecture.md`` (reform, org, place,
person, plan, pilot, programme, recognition, outcome, doc, media, scheme, statement,
evidence) looks up ``settings.base_iri + kind/rest`` and answers, by ``Accept`` or
``format=``: HTML (default), Turtle (``text/turtle``, ``ttl``), JSON-LD
(``application/ld+json``, ``jsonld``), N-Triples (``nt``), or the page's data as JSON
(``application/json``, ``json``). Each fact comes with its evidence quote, the sentence
around it and its article. An IRI no triple names gets 404 in the error shape (HTML
for browsers). The routes name their prefixes, so they shadow no other route.
"""

import json
import logging
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from api.accept import choose_media
from api.entity_page import entity_triples, load_entity, page_view, predicate_labels
from api.errors import APIError
from api.live_store import store_version
from api.pages import render_not_found, render_page
from api.sparql_formats import parse_accept
from graph.queries import prologue_prefixes

logger = logging.getLogger(__name__)

ENTITY_KINDS = ("reform", "org", "place", "person", "plan", "pilot", "programme", "recognition", "outcome",
                "doc", "media", "scheme", "statement", "evidence")
# name → (media type, pyoxigraph format or None for HTML/JSON)
FORMATS: dict[str, tuple[str, ox.RdfFormat | None]] = {
    "html": ("text/html", None),
    "ttl": ("text/turtle", ox.RdfFormat.TURTLE),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "nt": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "json": ("application/json", None),
}
_ALIASES = {"turtle": "ttl", "json-ld": "jsonld", "ntriples": "nt", "n-triples": "nt"}
_BY_MEDIA = {media: name for name, (media, _) in FORMATS.items()} | {"application/xhtml+xml": "html", "application/x-turtle": "ttl"}
MAX_PATH = 500

router = APIRouter(tags=["entities"])


def choose_format(accept: str | None, format: str | None) -> str:
    """The representation asked for: ``format=`` wins, then the best ``Accept`` match, else HTML."""
    if format:
        name = _ALIASES.get(format.strip().lower(), format.strip().lower())
        name = _BY_MEDIA.get(name, name)
        if name not in FORMATS:
            raise APIError(406, "Not Acceptable", f"format={format!r}: available: {', '.join(FORMATS)}",
                           available=[m for m, _ in FORMATS.values()])
        return name
    media = choose_media(accept, list(_BY_MEDIA))
    return _BY_MEDIA[media] if media else "html"  # a linked-data page falls back to HTML, as browsers expect


def _wants_html(accept: str | None) -> bool:
    return any(m in ("text/html", "application/xhtml+xml") and q > 0 for m, q in parse_accept(accept or ""))


async def _predicates(request: Request) -> dict[str, dict[str, str]]:
    """Labels of the ontology's terms, read again once a load changed the store (it may have started empty)."""
    state = request.app.state
    version = store_version(state.store)
    cached = getattr(state, "predicate_labels", None)
    if cached is None or cached[0] != version:
        state.predicate_labels = (version, await predicate_labels(state.query_runner, state.settings.base_iri))
    return state.predicate_labels[1]


def _alternates(path: str) -> list[dict[str, str]]:
    return [{"name": name, "media_type": media, "href": f"{path}?format={name}"} for name, (media, _) in FORMATS.items()
            if name != "html"]


async def show_entity(request: Request, kind: str, rest: str, format: str | None) -> Response:
    """The entity ``{base}{kind}/{rest}`` in the representation the client asked for."""
    settings = request.app.state.settings
    accept = request.headers.get("accept")
    chosen = choose_format(accept, format)
    iri = f"{settings.base_iri}{kind}/{rest}"
    if not rest or len(rest) > MAX_PATH:
        raise APIError(404, "Not Found", f"no entity at /{kind}/{rest[:80]}")
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise APIError(404, "Not Found", f"/{kind}/{rest[:80]} is not a valid entity path") from None
    data = await load_entity(request.app.state.query_runner, iri, settings.base_iri)
    if not data.exists:
        detail = f"no entity {iri}: no triple names it"
        if chosen == "html" and _wants_html(accept):
            return render_not_found(request, detail)
        raise APIError(404, "Not Found", detail)
    headers = {"Vary": "Accept", "Link": ", ".join(f'<{a["href"]}>; rel="alternate"; type="{a["media_type"]}"'
                                                   for a in _alternates(f"/{kind}/{rest}"))}
    prefixes = prologue_prefixes(settings.base_iri)
    media, rdf_format = FORMATS[chosen]
    if rdf_format is not None:
        options = {"prefixes": prefixes} if rdf_format == ox.RdfFormat.TURTLE else {}
        body = ox.serialize(entity_triples(data), format=rdf_format, **options)
        return Response(body, media_type=f"{media}; charset=utf-8" if media.startswith("text/") else media, headers=headers)
    view = page_view(data, settings.base_iri, await _predicates(request), prefixes)
    if chosen == "json":
        return Response(json.dumps(view, ensure_ascii=False), media_type=media, headers=headers)
    response = render_page(request, "entity.html", {"entity": view, "formats": _alternates(f"/{kind}/{rest}")})
    response.headers.update(headers)
    return response


def _route(kind: str):
    async def entity(
        request: Request,
        rest: Annotated[str, Path(description=f"The rest of the entity's path after /{kind}/.")],
        format: Annotated[str | None, Query(description="html, ttl, jsonld, nt or json (the page's data); else Accept decides.")] = None,
    ) -> Response:
        return await show_entity(request, kind, rest, format)

    entity.__name__ = f"entity_{kind}"
    entity.__doc__ = f"The {kind} entity {{base}}{kind}/… with every fact and its evidence (HTML, Turtle, JSON-LD)."
    return entity


for _kind in ENTITY_KINDS:
    router.add_api_route(
        f"/{_kind}/{{rest:path}}", _route(_kind), methods=["GET"], name=f"entity_{_kind}",
        summary=f"Dereference a {_kind} IRI", response_class=Response,
        responses={200: {"content": {m: {} for m, _ in FORMATS.values()}}, 404: {"description": "No triple names this IRI."}},
    )

__all__ = ["ENTITY_KINDS", "choose_format", "router", "show_entity"]
