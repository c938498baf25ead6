"""Routes: ``/analytics/…``: centrality, shared reforms, communities, timeline (JSON), and their PNG charts."""

from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.deps import SettingsDep, StoreDep
from graph.analytics import analyze

router = APIRouter(prefix="/analytics", tags=["analytics"])

District = Annotated[str | None, Query(description="District name (龙岗区), code (440307) or IRI.")]
Lang = Annotated[Literal["zh", "en", "pinyin"], Query(description="Labels: zh, en (falls back to zh) or pinyin.")]
Chart = Literal["centrality", "shared-reforms", "communities", "timeline"]


async def _run(store, settings, name: str, district: str | None, lang: str = "zh", **options) -> dict:
    result = await run_in_threadpool(analyze, store, name, district, lang, settings.base_iri, **options)
    return {"ok": True, **result}


@router.get("/centrality", summary="Organisations that lead, confer and are recognised most")
async def centrality(store: StoreDep, settings: SettingsDep, district: District = None, lang: Lang = "zh",
                     limit: Annotated[int, Query(ge=1, le=10_000)] = 100) -> dict:
    """Organisations and media ranked by PageRank over ledBy/conferredBy/recognizes, with counts,
    degree and betweenness; ``district`` scopes the network to one district."""
    result = await _run(store, settings, "centrality", district, lang)
    result["results"] = result["results"][:limit]
    return result


@router.get("/shared-reforms", summary="Reforms with the same or a near-same name in several districts")
async def shared_reforms(store: StoreDep, settings: SettingsDep, district: District = None, lang: Lang = "zh",
                         threshold: Annotated[float, Query(ge=0.5, le=1.0, description="Name similarity (LCS ratio).")] = 0.8) -> dict:
    """Groups of reforms whose normalised names match (ratio ≥ ``threshold``) across two districts or more."""
    return await _run(store, settings, "shared-reforms", district, lang, threshold=threshold)


@router.get("/communities", summary="Communities of the reform–organisation–recognition network")
async def communities(store: StoreDep, settings: SettingsDep, district: District = None, lang: Lang = "zh",
                      seed: Annotated[int, Query(description="Random seed of Louvain.")] = 42) -> dict:
    """Louvain communities (seeded, reproducible) with their members, types, districts and modularity."""
    return await _run(store, settings, "communities", district, lang, seed=seed)


@router.get("/timeline", summary="Reforms, pilots and recognitions per district and year")
async def timeline(store: StoreDep, settings: SettingsDep, district: District = None, lang: Lang = "zh") -> dict:
    """Rows ``{district, year, reforms, pilots, recognitions}``; ``year`` is null for undated entities."""
    return await _run(store, settings, "timeline", district, lang)


@router.get(
    "/{name}.png", summary="An analysis as a PNG chart (Chinese labels in Noto Sans CJK)",
    response_class=Response, responses={200: {"content": {"image/png": {}}, "description": "The chart."}},
)
async def analysis_chart(name: Chart, store: StoreDep, settings: SettingsDep, district: District = None, lang: Lang = "zh") -> Response:
    """``/analytics/timeline.png``, ``centrality.png``, ``shared-reforms.png`` or ``communities.png``."""
    from graph.charts import analysis_png

    result = await _run(store, settings, name, district, lang)
    png = await run_in_threadpool(analysis_png, name, result["results"])
    filename = f"szkg-{name}{'-' + district if district else ''}.png"
    return Response(png, media_type="image/png", headers={"Content-Disposition": f"inline; filename*=UTF-8''{quote(filename)}"})

