"""A bare FastAPI route over pyoxigraph: the floor our HTTP layer is measured against.

No time limit, no row cap, no negotiation, no access log: ``POST /sparql`` with an
``application/sparql-query`` body (or a ``query=`` form), SELECT answered as SPARQL
JSON, the query run in Starlette's thread pool (pyoxigraph releases the GIL).

Run: ``BARE_STORE=DIR uvicorn --factory benchmarks.bare_fastapi:create_app --no-access-log``.
"""

import os
import urllib.parse

import pyoxigraph as ox
from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from graph._merged_default import union_options

_JSON = "application/sparql-results+json"


def answer(store: ox.Store, query: str, options: dict) -> tuple[bytes, str]:
    """Run one query over the merge of all graphs; SELECT/ASK as JSON, graphs as N-Triples."""
    result = store.query(query, **options)
    if isinstance(result, ox.QueryTriples):
        return result.serialize(format=ox.RdfFormat.N_TRIPLES), "application/n-triples"
    return result.serialize(format=ox.QueryResultsFormat.JSON), _JSON


def create_app() -> FastAPI:
    """The app over the read-only store in ``$BARE_STORE``."""
    store = ox.Store.read_only(os.environ["BARE_STORE"])
    options = union_options(store)  # the default graph as it is when it holds the merge, else the union view
    app = FastAPI()

    @app.post("/sparql")
    async def sparql(request: Request) -> Response:
        body = (await request.body()).decode()
        if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            body = urllib.parse.parse_qs(body)["query"][0]
        content, media_type = await run_in_threadpool(answer, store, body, options)
        return Response(content, media_type=media_type)

    return app
