"""Routes: ``GET /search``, entity search by zh label, alias, English name or pinyin.

The index (:mod:`graph.search`) is built from the store on the first search and
rebuilt when the store's content changes: at most every ``RECHECK_S`` seconds a
small fingerprint query (article hashes, label count) is compared with the one the
index was built from.
"""

import asyncio
import logging
import time
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from api.deps import RunnerDep
from api.errors import APIError
from api.query_runner import QueryRunner
from graph.search import SearchIndex, build_index, fingerprint, fingerprint_query, index_queries

logger = logging.getLogger(__name__)

router = APIRouter(tags=["search"])

RECHECK_S = 2.0
INDEX_ROW_CAP = 5_000_000  # the index needs every label, not the API's row cap


class SearchHit(BaseModel):
    """One entity found."""

    iri: str
    label: str
    label_en: str | None = None
    type: str
    district: str | None = None
    score: float
    path: str | None = None
    matched: str = ""


class SearchService:
    """The search index of one app, rebuilt when the store changes."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.index: SearchIndex | None = None
        self.stamp: str | None = None
        self.checked = 0.0
        self.lock = asyncio.Lock()

    async def current(self, runner: QueryRunner) -> SearchIndex:
        """The index, rebuilt first if the store changed since it was built."""
        if self.index is not None and time.monotonic() - self.checked < RECHECK_S:
            return self.index
        async with self.lock:
            if self.index is None or time.monotonic() - self.checked >= RECHECK_S:
                stamp = fingerprint((await runner.run(fingerprint_query(self.base), heavy=False)).rows)
                if stamp != self.stamp or self.index is None:
                    self.index = await self._build(runner)
                    self.stamp = stamp
                self.checked = time.monotonic()
        return self.index

    async def _build(self, runner: QueryRunner) -> SearchIndex:
        started = time.monotonic()
        rows = {}
        for name, sparql in index_queries(self.base).items():
            rows[name] = (await runner.run(sparql, max_rows=INDEX_ROW_CAP, heavy=False)).rows
        index = await run_in_threadpool(build_index, rows, self.base)
        logger.info("search index: %d entities in %.0f ms", len(index), (time.monotonic() - started) * 1000)
        return index


def search_service(request: Request) -> SearchService:
    """The app's search service (created on first use)."""
    state = request.app.state
    if getattr(state, "search_service", None) is None:
        state.search_service = SearchService(state.settings.base_iri)
    return state.search_service


@router.get("/search", name="search", summary="Find entities by name, alias or pinyin", response_model=list[SearchHit])
async def search(
    request: Request,
    runner: RunnerDep,
    q: Annotated[str, Query(max_length=200, description="Chinese name or part of it (营商), pinyin (yingshang, ying shang) or English.")],
    type: Annotated[str | None, Query(max_length=100, description="Only these types, comma-separated: Reform, pilot, Recognition, org, place, doc…")] = None,
    limit: Annotated[int, Query(ge=1, le=200, description="Most hits returned.")] = 20,
    prefix: Annotated[bool, Query(description="Only names that start with q (suggestions as you type).")] = False,
) -> list[dict[str, Any]]:
    """Entities ranked by how well a label, alias or pinyin form matches ``q``."""
    if not q.strip():
        raise APIError(422, "Invalid request", "q: give at least one non-space character to search for",
                       errors=[{"loc": ["query", "q"], "msg": "empty", "type": "value_error"}])
    index = await search_service(request).current(runner)
    return index.search(q, type=type, limit=limit, prefix=prefix)
