"""The ontology at its namespace IRI, content-negotiated like a published vocabulary.

``GET /ontology`` → HTML reference for browsers, Turtle for ``Accept: text/turtle``,
JSON-LD for ``Accept: application/ld+json``, N-Triples for ``application/n-triples``;
``?format=html|ttl|jsonld|nt`` overrides the header.
"""

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import SettingsDep
from api.errors import APIError
from api.ontology_doc import render_ontology_html
from api.accept import choose_media
from graph.ns import PREFIXES
from graph.ontology import load_ontology_graph

router = APIRouter(tags=["ontology"])

MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "ttl": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
}
RDFLIB_FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}
ACCEPT_TO_FORMAT = {
    "text/html": "html", "application/xhtml+xml": "html", "text/turtle": "ttl",
    "application/x-turtle": "ttl", "application/ld+json": "jsonld", "application/n-triples": "nt",
}


def negotiate(accept: str, fmt: str | None) -> str:
    """The format to send: ``format=`` wins, then the type the client prefers (HTML when it does not say)."""
    if fmt:
        if fmt not in MEDIA_TYPES:
            raise APIError(400, "Unknown format", f"format={fmt!r}: expected one of {', '.join(MEDIA_TYPES)}")
        return fmt
    media = choose_media(accept, list(ACCEPT_TO_FORMAT))  # text/html first: the default
    if media is not None:
        return ACCEPT_TO_FORMAT[media]
    raise APIError(406, "Not acceptable", f"cannot produce any of: {accept}; available: {', '.join(MEDIA_TYPES.values())}")


@lru_cache(maxsize=4)
def _rendered(ontology_dir: Path, base: str, fmt: str) -> str:
    if fmt == "html":
        return render_ontology_html(ontology_dir, base)
    graph = load_ontology_graph(ontology_dir, base)
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, replace=True)
    return graph.serialize(format=RDFLIB_FORMATS[fmt])


@router.get("/ontology", response_class=HTMLResponse, summary="The ontology (HTML reference, Turtle, JSON-LD or N-Triples)")
def ontology(
    request: Request,
    settings: SettingsDep,
    format: Annotated[str | None, Query(description="html, ttl, jsonld or nt; overrides Accept")] = None,
) -> Response:
    """The ontology and its SKOS schemes at the namespace IRI, content-negotiated."""
    fmt = negotiate(request.headers.get("accept", ""), format)
    body = _rendered(Path(settings.ontology_dir), settings.base_iri, fmt)
    return Response(body, media_type=MEDIA_TYPES[fmt], headers={"Vary": "Accept"})
