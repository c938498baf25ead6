"""Browser-test fixtures: the real app on the sample store, headless Debian Chromium via Playwright.

* ``ui_server``: uvicorn in a thread serving ``create_app`` on a copy of the session's
  loaded store (a copy, so no other fixture's server contends for the store's lock);
  or, when ``SZKG_BROWSER_BASE_URL`` is set, a server you started yourself.
* ``page``: a fresh page at the requested viewport (desktop 1280×800 by default; tests
  parametrised with ``viewport`` also run at 390×844). Every request the page makes is
  recorded, and the test fails if one goes to a host other than the app's, or if the
  page throws a JavaScript error.
* ``shoot(name)``: a full-page screenshot in ``test-artifacts/browser/``.

Everything skips, with the reason, when Chromium, Playwright or the vendored assets
(``make ui-deps``) are missing.
"""

import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
VENDOR = Path(__file__).resolve().parents[2] / "api" / "static" / "vendor"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless=new", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
# Schemes that are not network requests (inline images, blobs made by the page).
_LOCAL_SCHEMES = {"data", "blob", "about"}


def _missing_requirement() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not installed (make system-deps installs Debian chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (pip install -e '.[dev]')"
    for name in ("yasgui/yasgui.min.js", "cytoscape/cytoscape.min.js"):
        if not (VENDOR / name).is_file():
            return f"api/static/vendor/{name} missing: run make ui-deps (.ci/ui-deps)"
    return None


@pytest.fixture(scope="session")
def browser_requirements() -> None:
    """Skip the browser tests, saying why, when something they need is absent."""
    reason = _missing_requirement()
    if reason:
        pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="package")
def ui_server(browser_requirements, request, tmp_path_factory) -> Iterator[str]:
    """Base URL of the real app (uvicorn in a thread) on a copy of the sample store."""
    external = os.environ.get("SZKG_BROWSER_BASE_URL")
    if external:
        yield external.rstrip("/")
        return
    import uvicorn

    from api.app import create_app
    from api.config import Settings

    store_copy = tmp_path_factory.mktemp("ui-store") / "oxigraph"
    shutil.copytree(request.getfixturevalue("loaded_store_path"), store_copy)
    app = create_app(Settings(store=f"oxigraph:{store_copy}"))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="ui-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the UI test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=15)


@pytest.fixture(scope="package")
def browser(browser_requirements) -> Iterator[object]:
    """Headless Debian Chromium (never a browser downloaded by Playwright)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(params=["desktop"])
def viewport(request) -> str:
    """The viewport name; tests override with ``@pytest.mark.parametrize("viewport", […], indirect=True)``."""
    return request.param


class RequestLog:
    """Every URL a page requested, and the ones that left the app's host."""

    def __init__(self, origin: str) -> None:
        self.origin = urlsplit(origin)
        self.urls: list[str] = []
        self.errors: list[str] = []

    def record(self, url: str) -> None:
        self.urls.append(url)

    def foreign(self) -> list[str]:
        """Requests to any host other than the app's own (scheme, host and port)."""
        out = []
        for url in self.urls:
            parts = urlsplit(url)
            if parts.scheme in _LOCAL_SCHEMES:
                continue
            if (parts.scheme, parts.hostname, parts.port) != (self.origin.scheme, self.origin.hostname, self.origin.port):
                out.append(url)
        return out


@pytest.fixture
def page(browser, ui_server: str, viewport: str) -> Iterator[object]:
    """A page on the app; fails the test if it requested another host or threw a JS error."""
    context = browser.new_context(viewport=VIEWPORTS[viewport], base_url=ui_server, locale="zh-CN")
    log = RequestLog(ui_server)
    context.on("request", lambda req: log.record(req.url))
    page = context.new_page()
    page.on("pageerror", lambda exc: log.errors.append(str(exc)))
    page.set_default_timeout(15_000)
    page.request_log = log
    page.viewport_name = viewport
    yield page
    context.close()
    assert not log.foreign(), f"the page requested other hosts: {log.foreign()}"
    assert not log.errors, f"JavaScript errors on the page: {log.errors}"


@pytest.fixture
def shoot(page) -> Callable[..., Path]:
    """``shoot(name, full_page=True)``: save a screenshot under ``test-artifacts/browser/``."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str, full_page: bool = True) -> Path:
        size = VIEWPORTS[page.viewport_name]
        path = ARTIFACTS / f"{name}-{size['width']}x{size['height']}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


def assert_fits_width(page) -> None:
    """The page does not scroll sideways: usable on a phone without panning."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{page.url} is {overflow}px wider than the {page.viewport_size['width']}px viewport"


@pytest.fixture(scope="package")
def api_get(ui_server: str) -> Callable[..., object]:
    """``api_get(path, **params)``: JSON from the app under test (to find data the pages should show)."""
    import httpx

    def get(path: str, **params: str) -> object:
        response = httpx.get(ui_server + path, params=params, timeout=30)
        response.raise_for_status()
        return response.json()

    return get


@pytest.fixture(scope="package")
def catalogue(api_get) -> list[dict]:
    """The curated queries the app lists (``GET /queries``)."""
    body = api_get("/queries")
    entries = body.get("queries", []) if isinstance(body, dict) else body
    assert entries, "GET /queries listed no curated query"
    return entries


@pytest.fixture(scope="package")
def sparql_rows(ui_server: str) -> Callable[[str], list[dict[str, str]]]:
    """``sparql_rows(query)``: SELECT rows (variable → value) from the app's ``/sparql``."""
    import httpx

    from graph.ns import sparql_prefixes

    def rows(query: str) -> list[dict[str, str]]:
        response = httpx.post(
            ui_server + "/sparql", data={"query": sparql_prefixes() + query},
            headers={"Accept": "application/sparql-results+json"}, timeout=30,
        )
        response.raise_for_status()
        return [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]

    return rows


@pytest.fixture(scope="package")
def busiest_district(sparql_rows) -> str:
    """Division code of the district with the most reforms in the sample store."""
    found = sparql_rows(
        "SELECT ?d (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a szr:Reform ; szr:implementedIn ?d . ?d a szr:District } "
        "GROUP BY ?d ORDER BY DESC(?n) LIMIT 1"
    )
    assert found, "the sample store has no reform implemented in a district"
    return found[0]["d"].rsplit("/", 1)[-1]
