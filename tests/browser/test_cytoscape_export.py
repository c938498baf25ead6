"""Cytoscape.js (the npm package) loads our Cytoscape JSON in headless Chromium and renders every node."""

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.export import export
from tests.unit.test_export import store  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
BUNDLED = (ROOT / "api/static/vendor/cytoscape/cytoscape.min.js", ROOT / "node_modules/cytoscape/dist/cytoscape.min.js")
# Draw the graph, then report what Cytoscape made of it: counts and each node's drawn box.
RENDER = """(elements) => {
  const cy = cytoscape({container: document.getElementById('cy'), elements, layout: {name: 'grid'},
                        style: [{selector: 'node', style: {label: 'data(label)', width: 12, height: 12}}]});
  cy.fit();
  const box = {w: cy.width(), h: cy.height()};
  const drawn = cy.nodes().filter(n => {
    const b = n.renderedBoundingBox();
    return n.visible() && b.w > 0 && b.h > 0 && b.x2 > 0 && b.y2 > 0 && b.x1 < box.w && b.y1 < box.h;
  });
  return {nodes: cy.nodes().length, edges: cy.edges().length, drawn: drawn.length,
          missingEnds: cy.edges().filter(e => e.source().empty() || e.target().empty()).length};
}"""


@pytest.fixture(scope="module")
def cytoscape_js(tmp_path_factory) -> Path:
    """cytoscape.min.js: vendored by make ui-deps, or installed from npm into a temporary folder."""
    for path in BUNDLED:
        if path.is_file():
            return path
    if shutil.which("npm") is None:
        pytest.skip("cytoscape.min.js not vendored (make ui-deps) and npm is not installed")
    folder = tmp_path_factory.mktemp("npm")
    version = json.loads((ROOT / "package.json").read_text())["dependencies"].get("cytoscape", "3")
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(folder), f"cytoscape@{version}"],
                   check=True, capture_output=True, timeout=300)
    return folder / "node_modules/cytoscape/dist/cytoscape.min.js"


@pytest.fixture(scope="module")
def browser_page(cytoscape_js) -> Iterator:
    """A Chromium page holding an empty Cytoscape container and the library."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not installed (make system-deps installs Debian chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1000, "height": 800})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.set_content('<html><body style="margin:0"><div id="cy" style="width:1000px;height:800px"></div></body></html>')
        page.add_script_tag(path=str(cytoscape_js))
        yield page
        browser.close()
    assert not errors, f"JavaScript errors: {errors}"


def render(page, payload: bytes) -> dict:
    return page.evaluate(RENDER, json.loads(payload)["elements"])


def test_fixture_export_renders_every_node(browser_page, store):  # noqa: F811
    result = render(browser_page, b"".join(export(store, "cytoscape")))
    assert result == {"nodes": 27, "edges": 32, "drawn": 27, "missingEnds": 0}


def test_filtered_export_renders(browser_page, store):  # noqa: F811
    result = render(browser_page, b"".join(export(store, "cytoscape", lang="pinyin")))
    assert result["drawn"] == result["nodes"] == 27


def test_sample_corpus_export_renders_every_node(browser_page, loaded_store, tmp_path):
    from graph.export import read_network

    expected = read_network(loaded_store)
    result = render(browser_page, b"".join(export(loaded_store, "cytoscape")))
    assert result["nodes"] == result["drawn"] == expected.number_of_nodes()
    assert result["edges"] == expected.number_of_edges() and result["missingEnds"] == 0
    artifacts = ROOT / "test-artifacts" / "browser"
    artifacts.mkdir(parents=True, exist_ok=True)
    browser_page.screenshot(path=str(artifacts / "cytoscape-export.png"))
