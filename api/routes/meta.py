"""Service routes under the reserved ``/-/`` prefix (as in datasette): health, version, stats."""

import platform

import fastapi
import pyoxigraph as ox
import rdflib
from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from api import __version__
from api.deps import RunnerDep, SettingsDep, StoreDep
from graph.stats import store_stats

router = APIRouter(prefix="/-", tags=["meta"])

_HEALTH_TIMEOUT_S = 5.0


@router.get("/health", summary="Is the service up and its store answering?")
async def health(runner: RunnerDep, store: StoreDep) -> dict:
    """``ok`` when a trivial query answers within 5 s through the query workers; the error shape otherwise."""
    outcome = await runner.run("ASK {}", timeout_s=_HEALTH_TIMEOUT_S, heavy=False)
    return {"ok": True, "status": "ok", "store": store.kind, "elapsed_ms": round(outcome.elapsed_ms, 1)}


@router.get("/version", summary="Versions of the service and its engine")
async def version() -> dict:
    """The service's version and the versions that matter to reproduce a result."""
    return {
        "ok": True,
        "szkg": __version__,
        "python": platform.python_version(),
        "pyoxigraph": ox.__version__,
        "rdflib": rdflib.__version__,
        "fastapi": fastapi.__version__,
    }


@router.get("/stats", summary="Size of the graph and state of the query service")
async def stats(runner: RunnerDep, store: StoreDep, settings: SettingsDep) -> dict:
    """Triples, graphs, articles, entities per class (``graph.stats``), and the query runner's counters."""
    counts = await run_in_threadpool(store_stats, store, settings.base_iri)
    return {"ok": True, **counts, "query_service": runner.describe()}
