"""``GET /validate``: the whole store checked against the SHACL shapes.

The report is the resource, so a store with violations still answers 200:
``{"conforms": false, "results": [...]}``, each result with its article graph, focus node,
shape, path, value and message in zh and en. ``?format=turtle`` (or ``Accept: text/turtle``)
returns the standard ``sh:ValidationReport`` graph.
"""

from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import JSONResponse, Response

from api.accept import choose_media
from api.deps import SettingsDep, StoreDep
from api.errors import APIError
from graph.validate import ENGINES, validate_store

router = APIRouter(tags=["validate"])

FORMATS = {"json": "application/json", "turtle": "text/turtle; charset=utf-8"}
ACCEPT = {"application/json": "json", "text/turtle": "turtle", "application/x-turtle": "turtle"}


def _format(fmt: str | None, accept: str) -> str:
    """``format=`` wins, then the client's preference by ``Accept`` (q-values, wildcards), else JSON."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise APIError(400, "Unknown format", f"format={fmt!r}: expected one of {', '.join(FORMATS)}")
        return fmt
    media = choose_media(accept, list(ACCEPT))
    return ACCEPT[media] if media else "json"


@router.get("/validate", summary="Validate the whole store against the SHACL shapes")
def validate(
    store: StoreDep,
    settings: SettingsDep,
    fmt: Annotated[str | None, Query(alias="format", description="json (default) or turtle.")] = None,
    engine: Annotated[str | None, Query(description="auto, oxigraph, pyshacl or turbo (default: the server's setting).")] = None,
    accept: Annotated[str, Header()] = "",
) -> Response:
    """Validate every article graph with the reference data and ontology; the SHACL report."""
    chosen = _format(fmt, accept)
    if engine is not None and engine not in ENGINES:
        raise APIError(400, "Unknown engine", f"engine={engine!r}: expected one of {', '.join(ENGINES)}")
    try:
        report = validate_store(store, ontology_dir=settings.ontology_dir, base=settings.base_iri,
                                engine=engine or settings.shacl_engine)
    except (ValueError, OSError) as exc:  # unreadable shapes or ontology: a server-side problem
        raise APIError(500, "Validation could not run", str(exc)) from exc
    if chosen == "turtle":
        return Response(report.to_turtle(), media_type=FORMATS["turtle"])
    return JSONResponse(report.to_dict())
