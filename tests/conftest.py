"""Shared session fixtures: the sample corpus and an on-disk store holding it.

``loaded_store`` is read-only and shared by the whole session: never write to it;
tests that write build their own ``OxigraphStore()`` (``tests/corpus_store.load_corpus``
fills one in a fraction of a second).
"""

from pathlib import Path

import pytest

from graph._oxigraph import OxigraphStore
from tests.corpus_store import CORPUS_DIR, GOLD_DIR, build_disk_store, load_corpus


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The five sample articles."""
    return CORPUS_DIR


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    """Gold annotations of the sample articles."""
    return GOLD_DIR


@pytest.fixture(scope="session")
def loaded_store_path(tmp_path_factory) -> Path:
    """An on-disk Oxigraph store with the corpus loaded (and validated) by ``load_paths``."""
    return build_disk_store(tmp_path_factory.mktemp("store") / "oxigraph", load_corpus)


@pytest.fixture(scope="session")
def loaded_store(loaded_store_path: Path) -> OxigraphStore:
    """The loaded store, opened read-only."""
    return OxigraphStore.read_only(str(loaded_store_path))
