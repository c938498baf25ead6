"""Fixtures of the curated-query, search and entity-page tests: the app over a copy of the sample store.

Import the fixtures into a test module (``from tests.http.curated_app import kg_client``).
Each module gets its own copy of ``loaded_store_path`` (the sample corpus loaded by
the real loader), because an app opens its store for writing.
"""

import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.app import create_app
from api.config import Settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def copy_store(source: Path, target_dir: Path) -> Path:
    """A private copy of an on-disk store."""
    target = target_dir / "store"
    shutil.copytree(source, target)
    return target


def kg_settings(store_path: Path, **overrides) -> Settings:
    """Explicit settings for an app over ``store_path``."""
    return Settings(**({"store": f"oxigraph:{store_path}", "query_timeout_s": 20, "query_workers": 1} | overrides))


@pytest.fixture(scope="module")
def kg_store_path(loaded_store_path: Path, tmp_path_factory) -> Path:
    """This module's copy of the sample store."""
    return copy_store(loaded_store_path, tmp_path_factory.mktemp("kg"))


@pytest.fixture(scope="module")
def kg_client(kg_store_path: Path) -> Iterator[TestClient]:
    """A started TestClient over the sample store."""
    with TestClient(create_app(kg_settings(kg_store_path)), raise_server_exceptions=False) as client:
        yield client
