"""Typed dependencies shared by the routers.

They are ``async`` although they only read ``app.state``: FastAPI runs a plain ``def``
dependency in its thread pool, a thread hop per dependency per request.
"""

from typing import Annotated

from fastapi import Depends, Request

from api.config import Settings
from api.query_runner import QueryRunner
from graph.store import GraphStore


async def get_settings(request: Request) -> Settings:
    """The settings the app was built with."""
    return request.app.state.settings


async def get_store(request: Request) -> GraphStore:
    """The app's store."""
    return request.app.state.store


async def get_runner(request: Request) -> QueryRunner:
    """The app's query runner (time limits, row caps, worker processes)."""
    return request.app.state.query_runner


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[GraphStore, Depends(get_store)]
RunnerDep = Annotated[QueryRunner, Depends(get_runner)]
