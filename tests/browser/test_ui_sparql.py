"""The SPARQL editor: YASGUI served locally, prefixes preloaded, one tab per curated query."""

import pytest

from tests.browser.conftest import assert_fits_width

pytestmark = pytest.mark.browser

ACTIVE = ".tabPanel.active"


def _open_editor(page) -> None:
    page.goto("/ui/sparql")
    page.wait_for_selector("#yasgui[data-ready=true]")
    page.wait_for_selector(f"{ACTIVE} .CodeMirror")


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_query_in_editor_shows_rows(page, shoot):
    _open_editor(page)
    text = page.evaluate("SZKG.yasgui.getTab().getYasqe().getValue()")
    assert "PREFIX szr:" in text and "PREFIX skos:" in text
    page.click(f"{ACTIVE} .yasqe_queryButton")
    rows = page.locator(f"{ACTIVE} .yasr table tbody tr")
    rows.first.wait_for()
    assert rows.count() > 0
    assert "reform" in page.locator(f"{ACTIVE} .yasr table tbody").inner_text()
    assert any(url.split("?")[0].endswith("/sparql") for url in page.request_log.urls)
    shoot("sparql-editor")
    if page.viewport_name == "phone":
        assert_fits_width(page)


def test_one_tab_per_curated_query(page, catalogue):
    _open_editor(page)
    names = page.locator(".tabsList .tab").all_inner_texts()
    titles = [q["title"]["zh"] if isinstance(q.get("title"), dict) else q.get("title_zh", q["name"]) for q in catalogue]
    missing = [t for t in titles if not any(t in name for name in names)]
    assert not missing, f"no editor tab for {missing}; tabs: {names}"


def test_curated_tab_selected_from_gallery_link(page, catalogue):
    name = catalogue[0]["name"]
    page.goto(f"/ui/sparql?tab={name}")
    page.wait_for_selector("#yasgui[data-ready=true]")
    text = page.evaluate("SZKG.yasgui.getTab().getYasqe().getValue()")
    assert "SELECT" in text.upper() or "CONSTRUCT" in text.upper() or "ASK" in text.upper()
    assert page.evaluate("SZKG.yasgui.getTab().getName()") != page.evaluate("SZKG.t('sparql.tab_blank')")
