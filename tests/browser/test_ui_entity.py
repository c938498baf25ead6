"""Entity pages: labels, facts with their evidence highlighted in the sentence, the neighbourhood graph."""

import pytest

from graph.ns import DEFAULT_BASE
from tests.browser.conftest import ARTIFACTS, assert_fits_width

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def reform_with_evidence(sparql_rows) -> dict[str, str]:
    """A reform, one evidence quote about it, and its article."""
    found = sparql_rows(
        "SELECT ?reform ?quote ?doc WHERE { ?reform a szr:Reform . ?ev a szr:Evidence ; oa:hasBody ?reform ; "
        "oa:hasTarget ?t . ?t oa:hasSource ?doc ; oa:hasSelector ?s . ?s oa:exact ?quote } ORDER BY ?reform ?quote LIMIT 1"
    )
    assert found, "the sample store has no evidence for any reform"
    row = found[0]
    return {**row, "path": "/" + row["reform"].removeprefix(DEFAULT_BASE), "doc_path": "/" + row["doc"].removeprefix(DEFAULT_BASE)}


def test_evidence_quote_is_highlighted_in_its_sentence(page, reform_with_evidence, shoot):
    page.goto(reform_with_evidence["path"])
    quote = reform_with_evidence["quote"]
    marks = page.locator("ul.evidence mark", has_text=quote)
    assert marks.count() >= 1, f"no highlighted evidence {quote!r}"
    sentence = marks.first.locator("xpath=ancestor::blockquote").inner_text()
    assert quote in sentence and len(sentence) >= len(quote)
    article = marks.first.locator("xpath=ancestor::li//cite//a")
    assert article.get_attribute("href") == reform_with_evidence["doc_path"]
    shoot("entity-reform")
    if page.viewport_name == "phone":
        assert_fits_width(page)


def test_neighbourhood_graph_is_drawn(page, reform_with_evidence):
    page.goto(reform_with_evidence["path"])
    graph = page.locator("#neighbourhood[data-ready=true]")
    graph.wait_for()
    nodes = int(graph.get_attribute("data-nodes"))
    assert nodes > 1 and int(graph.get_attribute("data-edges")) >= nodes - 1
    assert page.locator("#neighbourhood canvas").count() >= 1
    visible = page.evaluate("""() => SZKG.cy.nodes().filter(n => {
        const b = n.renderedBoundingBox(); return b.w > 0 && b.x2 > 0 && b.y2 > 0 && b.x1 < SZKG.cy.width() && b.y1 < SZKG.cy.height();
    }).length""")
    assert visible == nodes, "some nodes are drawn outside the panel"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    graph.screenshot(path=str(ARTIFACTS / "entity-neighbourhood-1280x800.png"))


def test_clicking_a_neighbour_opens_its_page(page, reform_with_evidence):
    page.goto(reform_with_evidence["path"])
    page.locator("#neighbourhood[data-ready=true]").wait_for()
    target = page.evaluate("""() => { const n = SZKG.cy.nodes('[center = 0]').filter(n => n.data('href'))[0];
        return {href: n.data('href'), x: n.renderedPosition('x'), y: n.renderedPosition('y')}; }""")
    box = page.locator("#neighbourhood").bounding_box()
    page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
    page.wait_for_url(f"**{target['href']}")


def test_entity_page_speaks_english(page, reform_with_evidence):
    page.goto(reform_with_evidence["path"] + "?lang=en")
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("#graph-title").inner_text().strip() == "Neighbourhood"
    assert "Facts" in page.inner_text(".facts h2")
