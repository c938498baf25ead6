"""Reliability fixtures: one REAL ``szkg serve`` process, its memory, and the state of its store.

``reliable_server`` (session) starts ``szkg serve`` (helpers of ``tests/e2e/conftest.py``)
over a private copy of the sample store with tight limits, so hostile queries meet
them quickly: a 2 s time limit, 2 heavy queries at once, 512 MiB of address space per
query worker. ``RssSampler`` records the peak resident memory of the server and its
worker processes (psutil); ``store_fingerprint`` reads the store from disk, read-only,
to prove a request changed nothing.

Every test of this folder is marked ``e2e``. Tests marked ``slow`` (the 60 s load
test) run only when asked for: ``-m slow`` or ``SZKG_SLOW=1``.
"""

import hashlib
import json
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil
import pytest

from graph._oxigraph import OxigraphStore
from tests.e2e.conftest import start_server, stop_server

TIME_LIMIT_S = 2.0
MAX_HEAVY = 2
WORKER_MEMORY_MB = 512
WARM_WORKERS = 2
SERVER_SETTINGS = {
    "SZKG_QUERY_TIMEOUT_S": str(TIME_LIMIT_S), "SZKG_QUERY_WORKERS": str(WARM_WORKERS),
    "SZKG_MAX_HEAVY_QUERIES": str(MAX_HEAVY), "SZKG_QUERY_MEMORY_MB": str(WORKER_MEMORY_MB),
    "SZKG_LOG_LEVEL": "WARNING",
}
HERE = Path(__file__).parent
FIGURES = HERE.parents[1] / "test-artifacts" / "reliability" / "figures.json"


def pytest_collection_modifyitems(config, items):
    """Mark this folder's tests ``e2e``; skip ``slow`` ones unless asked for."""
    wants_slow = "slow" in (config.getoption("markexpr") or "") or os.environ.get("SZKG_SLOW") == "1"
    for item in items:
        if HERE not in Path(item.fspath).parents:
            continue
        item.add_marker(pytest.mark.e2e)
        if item.get_closest_marker("slow") and not wants_slow:
            item.add_marker(pytest.mark.skip(reason="slow: run with -m slow or SZKG_SLOW=1"))


@dataclass
class LiveServer:
    """A running ``szkg serve``: its process, base URL and the store folder it serves."""

    process: object
    url: str
    store_path: Path

    def stats(self) -> dict:
        """The query service's counters from ``/-/stats``."""
        return httpx.get(f"{self.url}/-/stats", timeout=30).json()["query_service"]


@pytest.fixture(scope="session")
def reliable_server(loaded_store_path, tmp_path_factory) -> Iterator[LiveServer]:
    """``szkg serve`` over a copy of the sample store, with the limits above."""
    import shutil

    store_path = tmp_path_factory.mktemp("reliability-store") / "store"
    shutil.copytree(loaded_store_path, store_path, ignore=shutil.ignore_patterns("LOCK"))
    log_path = tmp_path_factory.mktemp("reliability-server") / "server.log"
    process, url = start_server(store_path, SERVER_SETTINGS, log_path)
    try:
        yield LiveServer(process, url, store_path)
    finally:
        stop_server(process)


@pytest.fixture
def http(reliable_server) -> Iterator[httpx.Client]:
    """A client of the reliable server (generous timeout: the server must answer, the test judges how fast)."""
    with httpx.Client(base_url=reliable_server.url, timeout=60) as client:
        yield client


def process_tree(pid: int) -> list[psutil.Process]:
    """The server process and every worker it started."""
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def tree_rss(pid: int) -> tuple[int, int]:
    """(resident bytes of the whole tree, of its largest single process)."""
    sizes = []
    for process in process_tree(pid):
        try:
            sizes.append(process.memory_info().rss)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return sum(sizes), max(sizes, default=0)


class RssSampler:
    """Samples the tree's RSS every ``every_s`` in a thread; ``peak``, ``peak_one`` and ``samples`` after."""

    def __init__(self, pid: int, every_s: float = 0.02) -> None:
        self.pid, self.every_s = pid, every_s
        self.samples: list[tuple[float, int]] = []  # (monotonic time, tree RSS)
        self.peak = self.peak_one = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            total, largest = tree_rss(self.pid)
            self.samples.append((time.monotonic(), total))
            self.peak, self.peak_one = max(self.peak, total), max(self.peak_one, largest)
            self._stop.wait(self.every_s)

    def __enter__(self) -> "RssSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def store_fingerprint(store_path: Path) -> tuple[int, str]:
    """(quad count, sha256 of the sorted N-Quads) of the store on disk, opened read-only."""
    store = OxigraphStore.read_only(str(store_path))
    try:
        lines = sorted(str(quad) for quad in store.raw.quads_for_pattern(None, None, None, None))
    finally:
        store.close()
    return len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def mib(size: int) -> float:
    """Bytes in MiB, rounded for reports."""
    return round(size / 2**20, 1)


@pytest.fixture(scope="session")
def figures() -> Iterator[dict]:
    """A dict the tests fill with what they measured; written to ``test-artifacts/reliability/figures.json``."""
    measured: dict = {}
    yield measured
    if measured:
        FIGURES.parent.mkdir(parents=True, exist_ok=True)
        previous = json.loads(FIGURES.read_text()) if FIGURES.exists() else {}
        FIGURES.write_text(json.dumps(previous | measured, ensure_ascii=False, indent=2) + "\n")
