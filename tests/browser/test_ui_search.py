"""The search box: suggestions from /search as you type, keyboard choice, the results page."""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def reform_label(sparql_rows) -> str:
    """The zh label of a reform in the sample store."""
    found = sparql_rows(
        'SELECT ?l WHERE { ?r a szr:Reform ; skos:prefLabel ?l FILTER(lang(?l) = "zh" && REGEX(?l, "^[一-龥]{4}")) } ORDER BY ?l LIMIT 1'
    )
    assert found, "the sample store has no reform"
    return found[0]["l"]


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_suggestions_as_you_type_open_an_entity(page, reform_label, shoot):
    page.goto("/")
    box = page.locator("#search-home")
    box.press_sequentially(reform_label[:4], delay=40)
    suggestions = page.locator("#suggest-home .suggestion")
    suggestions.first.wait_for()
    assert any(reform_label[:4] in text for text in suggestions.all_inner_texts())
    assert any("/search?" in url for url in page.request_log.urls)
    shoot("search-suggestions")
    href = suggestions.first.locator("a").get_attribute("href")
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(f"**{href}")
    assert page.locator("h1").inner_text().strip()


def test_results_page_lists_hits(page, reform_label):
    page.goto("/ui/search?q=" + reform_label)
    hits = page.locator("#search-results .suggestion")
    hits.first.wait_for()
    assert any(reform_label in text for text in hits.all_inner_texts()[:5])


def test_no_match_says_so(page):
    page.goto("/ui/search?q=zzzqqqxxx不存在的词")
    page.wait_for_selector("#search-results li:not(.muted), #search-results li.muted:has-text('没有')")
    assert "没有匹配的结果" in page.inner_text("#search-results")
