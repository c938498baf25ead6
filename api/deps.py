"""Typed dependencies shared by the routers."""

from typing import Annotated

from fastapi import Depends, Request

from api.config import Settings
from api.query_runner import QueryRunner
from graph.store import GraphStore


def get_settings(request: Request) -> Settings:
    """The settings the app was built with."""
    return request.app.state.settings


def get_store(request: Request) -> GraphStore:
    """The app's store."""
    return request.app.state.store


def get_runner(request: Request) -> QueryRunner:
    """The app's query runner (time limits, row caps, worker processes)."""
    return request.app.state.query_runner


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[GraphStore, Depends(get_store)]
RunnerDep = Annotated[QueryRunner, Depends(get_runner)]
