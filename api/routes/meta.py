"""Service routes under the reserved ``/-/`` prefix (as in datasette): health, version, stats."""

import platform

import fastapi
import pyoxigraph as ox
import rdflib
from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from api import __version__
from api.deps import RunnerDep, SettingsDep, StoreDep
from api.errors import APIError
from graph.errors import QueryMemoryExceeded, QueryTimeout, SZKGError
from graph.stats import store_stats

router = APIRouter(prefix="/-", tags=["meta"])

_HEALTH_TIMEOUT_S = 5.0


@router.get("/health", summary="Is the service up and its store answering?",
            responses={503: {"description": "The query runner is shut down, no query worker lives, or the store does not answer."}})
async def health(runner: RunnerDep, store: StoreDep) -> dict:
    """``ok`` when a trivial query answers within 5 s through the query workers; 503 in the error shape otherwise."""
    try:
        outcome = await runner.run("ASK {}", timeout_s=_HEALTH_TIMEOUT_S, heavy=False)
    except (SZKGError, RuntimeError) as exc:  # RuntimeError: the runner's thread pool is shut down
        raise APIError(503, "Service Unavailable", _why_unhealthy(exc), headers={"Retry-After": "5"},
                       workers=runner.describe().get("workers")) from None
    return {"ok": True, "status": "ok", "store": store.kind, "elapsed_ms": round(outcome.elapsed_ms, 1)}


def _why_unhealthy(exc: Exception) -> str:
    """The health failure in words: what is down, then the runner's own message."""
    if isinstance(exc, RuntimeError) or "shutting down" in str(exc):
        return "the query runner is shut down (the server is stopping): no query can run"
    if isinstance(exc, QueryTimeout):
        return f"no query worker answered a trivial query within {_HEALTH_TIMEOUT_S:g} s: {exc}"
    if isinstance(exc, QueryMemoryExceeded) or "worker" in str(exc):
        return f"no live query worker: {exc}"
    return f"the store did not answer a trivial query: {exc}"


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
