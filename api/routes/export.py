"""Routes: ``GET /export`` (the formats) and ``GET /export/{format}`` (a streamed download)."""

from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from api.deps import SettingsDep, StoreDep
from api.errors import APIError
from graph.export import FORMATS, ExportFilter, export, export_filename

router = APIRouter(prefix="/export", tags=["export"])

Lang = Literal["zh", "en", "pinyin"]


def split_values(values: list[str] | None) -> tuple[str, ...]:
    """Repeated or comma-separated query values as one tuple: ``?types=Reform,Pilot&types=Recognition``."""
    return tuple(part.strip() for value in values or () for part in value.split(",") if part.strip())


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name and the UTF-8 name (RFC 6266 / 5987)."""
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


@router.get("", summary="Export formats")
def list_formats() -> dict:
    """Every export format with its media type and file extension."""
    return {
        "ok": True,
        "formats": [{"name": f.name, "media_type": f.media_type, "extension": f.extension, "description": f.description}
                    for f in FORMATS.values()],
    }


@router.get(
    "/{fmt}",
    summary="Download the graph, or the part the filters keep",
    response_class=StreamingResponse,
    responses={200: {"content": {f.media_type: {} for f in FORMATS.values()}, "description": "The export, streamed."}},
)
async def export_graph(
    fmt: str, store: StoreDep, settings: SettingsDep,
    district: Annotated[str | None, Query(description="District name (龙岗区), code (440307) or IRI.")] = None,
    year_from: Annotated[int | None, Query(ge=1949, le=2100, description="Earliest year of dated entities.")] = None,
    year_to: Annotated[int | None, Query(ge=1949, le=2100, description="Latest year of dated entities.")] = None,
    types: Annotated[list[str] | None, Query(description="Entity types (Reform, Pilot…); repeat or comma-separate.")] = None,
    relations: Annotated[list[str] | None, Query(description="Relations (ledBy, recognizes, partOf…).")] = None,
    entity: Annotated[str | None, Query(description="Keep this entity's neighbourhood (IRI or exact label).")] = None,
    depth: Annotated[int, Query(ge=0, le=6, description="Neighbourhood depth for `entity`.")] = 1,
    lang: Annotated[Lang, Query(description="Labels: zh, en (falls back to zh) or pinyin.")] = "zh",
) -> StreamingResponse:
    """GraphML, GEXF, Cytoscape.js, node-link JSON, node/edge CSV, Turtle, TriG, N-Quads or JSON-LD."""
    spec = FORMATS.get(fmt.lower())
    if spec is None:
        raise APIError(404, "No such export format", f"{fmt!r}: expected one of {', '.join(FORMATS)}")
    filters = ExportFilter(district, year_from, year_to, split_values(types), split_values(relations), entity, depth)
    # The network is read (and bad filters rejected) before the first byte is sent.
    chunks = await run_in_threadpool(export, store, spec.name, filters, lang, settings.base_iri)
    headers = {"Content-Disposition": content_disposition(export_filename(spec.name, filters))}
    return StreamingResponse(chunks, media_type=spec.media_type, headers=headers)
