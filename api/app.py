"""The application factory: ``create_app(settings)`` builds the FastAPI app.

No settings or store exist at import time; ``uvicorn --factory api.app:create_app``
and the tests call the factory.
"""

import importlib
import logging
from contextlib import asynccontextmanager
from collections.abc import AsyncIterator

from fastapi import FastAPI
from fastapi.routing import APIRoute

from api import __version__
from api.config import Settings
from api.errors import install_error_handlers
from api.live_store import open_served_store
from api.openapi_media import declare_media_types
from api.query_runner import QueryRunner

logger = logging.getLogger(__name__)

# One router per resource, each in api/routes/<name>.py exposing `router`.
ROUTE_MODULES = ("meta", "sparql", "queries", "search", "entities", "export", "analytics", "validate", "ontology", "ui")


def _operation_id(route: APIRoute) -> str:
    """Stable OpenAPI operation ids: the route function's name."""
    return route.name


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for ``settings`` (read from the environment when omitted)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        for hook in getattr(app.state, "shutdown_hooks", []):
            hook()
        app.state.store.close()

    app = FastAPI(
        title="Shenzhen Reform KG",
        version=__version__,
        description="Reforms of Shenzhen's districts, extracted from Chinese news articles, with the evidence for every fact.",
        lifespan=lifespan,
        docs_url=None,  # replaced by the offline Swagger UI in api/routes/ui.py
        redoc_url=None,
        generate_unique_id_function=_operation_id,
    )
    app.state.settings = settings
    # oxigraph:PATH is read read-only and reopened after each write: `szkg load` runs beside the server.
    app.state.store = open_served_store(settings.store)
    app.state.shutdown_hooks = []
    app.state.query_runner = QueryRunner(app.state.store, settings)
    app.state.shutdown_hooks.append(app.state.query_runner.close)
    install_error_handlers(app)
    for name in ROUTE_MODULES:
        module = importlib.import_module(f"api.routes.{name}")
        build = getattr(module, "build_router", None)  # routers generated from the settings (one route per curated query)
        app.include_router(build(settings) if build else module.router)
    declare_media_types(app)
    return app
