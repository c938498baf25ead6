"""Fixtures of the SPARQL endpoint's HTTP tests: the app over a copy of a small on-disk store, in-process.

Every app gets its own copy of the store (an on-disk Oxigraph store admits one
writer process, and each app opens its store for writing) and is built with
explicit ``Settings``: a 2 s time limit keeps the timeout tests short.
"""

import asyncio
import shutil
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from api.config import Settings
from tests.http.sparql_fixture import build_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TEST_TIME_LIMIT_S = 2.0
# Four independent patterns over ~650 triples: ~10^11 solutions, hours of work.
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="session")
def sparql_store_template(tmp_path_factory) -> Path:
    """The hand-written fixture store, built once; apps get copies."""
    return build_store(tmp_path_factory.mktemp("sparql-template") / "store")


def settings_for(store_path: Path, **overrides) -> Settings:
    """Settings for an app over ``store_path`` with the tests' short time limit."""
    values = {"store": f"oxigraph:{store_path}", "query_timeout_s": TEST_TIME_LIMIT_S, "query_workers": 2}
    return Settings(**(values | overrides))


@pytest.fixture(scope="module")
def make_sparql_client(sparql_store_template, tmp_path_factory) -> Iterator[Callable[..., TestClient]]:
    """``make_sparql_client(**settings)``: a started TestClient over a fresh copy of the store."""
    clients: list[TestClient] = []

    def make(**overrides) -> TestClient:
        path = tmp_path_factory.mktemp("sparql-store") / "store"
        shutil.copytree(sparql_store_template, path)
        client = TestClient(create_app(settings_for(path, **overrides)), raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture(scope="module")
def sparql_client(make_sparql_client) -> TestClient:
    """The app with the test settings (2 s limit, default row cap)."""
    return make_sparql_client()


def run_concurrently(app, *requests: tuple[float, str, dict]) -> list[httpx.Response]:
    """Send GET requests (delay in seconds, url, params) to ``app`` concurrently; the responses in order."""

    async def send_all() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver", timeout=60) as http:

            async def send(delay: float, url: str, params: dict) -> httpx.Response:
                await asyncio.sleep(delay)
                return await http.get(url, params=params)

            return await asyncio.gather(*(send(*request) for request in requests))

    return asyncio.run(send_all())
