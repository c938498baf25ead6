"""End-to-end fixtures: a REAL ``szkg serve`` process over a copy of the sample store.

``live_server`` (session) starts ``szkg serve`` on a free port in a subprocess, polls
``/-/health`` until it answers, yields the base URL (``http://127.0.0.1:PORT``) and
stops the process at teardown (``live_server_process`` gives the process too). The store is a copy of ``loaded_store_path`` (the
sample corpus, from ``tests/conftest.py``), or of ``$SZKG_E2E_STORE`` if that names an
existing on-disk store. The server runs with a 2 s query time limit so the timeout
tests stay short; ``live_server_settings`` lists what it was started with.
Every test here is marked ``e2e``.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

E2E_TIME_LIMIT_S = 2.0
STARTUP_TIMEOUT_S = 30.0
SZKG = Path(sys.executable).with_name("szkg")


def pytest_collection_modifyitems(items):
    """Mark every test of this folder ``e2e``."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server_settings() -> dict[str, str]:
    """The SZKG_* environment the live server runs with (besides SZKG_STORE and the port)."""
    return {"SZKG_QUERY_TIMEOUT_S": str(E2E_TIME_LIMIT_S), "SZKG_QUERY_WORKERS": "2", "SZKG_MAX_HEAVY_QUERIES": "4",
            "SZKG_LOG_LEVEL": "WARNING"}


@pytest.fixture(scope="session")
def live_store_path(request, tmp_path_factory) -> Path:
    """A private copy of the sample store (a server holds its store's write lock)."""
    source = os.environ.get("SZKG_E2E_STORE")
    origin = Path(source) if source else request.getfixturevalue("loaded_store_path")
    copy = tmp_path_factory.mktemp("live-store") / "store"
    shutil.copytree(origin, copy, ignore=shutil.ignore_patterns("LOCK"))
    return copy


def start_server(store_path: Path, settings: dict[str, str], log_path: Path) -> tuple[subprocess.Popen, str]:
    """Start ``szkg serve`` and wait until ``/-/health`` answers; (process, base URL)."""
    port = free_port()
    env = os.environ | settings | {"SZKG_STORE": f"oxigraph:{store_path}"}
    log = log_path.open("wb")
    process = subprocess.Popen(
        [str(SZKG), "serve", "--host", "127.0.0.1", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: teardown stops its workers too
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"szkg serve exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            if httpx.get(f"{base_url}/-/health", timeout=2).status_code == 200:
                return process, base_url
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    stop_server(process)
    raise RuntimeError(f"szkg serve did not answer within {STARTUP_TIMEOUT_S:g} s:\n{log_path.read_text()[-3000:]}")


def stop_server(process: subprocess.Popen) -> None:
    """SIGTERM (uvicorn shuts down, the runner stops its workers), SIGKILL to the group if it lingers."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)  # any worker left behind
    except ProcessLookupError:
        pass
    process.wait()


@pytest.fixture(scope="session")
def live_server_process(live_store_path, live_server_settings, tmp_path_factory) -> Iterator[tuple[subprocess.Popen, str]]:
    """The ``szkg serve`` process and its base URL."""
    log_path = tmp_path_factory.mktemp("live-server") / "server.log"
    process, base_url = start_server(live_store_path, live_server_settings, log_path)
    try:
        yield process, base_url
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def live_server(live_server_process) -> str:
    """Base URL of a real ``szkg serve`` over a copy of the sample store, e.g. ``http://127.0.0.1:8123``."""
    return live_server_process[1]
