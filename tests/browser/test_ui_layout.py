"""Every page is usable at 1280×800 and on a 390-pixel phone: no sideways scrolling, navigation in reach."""

import pytest

from tests.browser.conftest import assert_fits_width

pytestmark = pytest.mark.browser

# page → (path, what shows the page has finished drawing)
PAGES = {
    "home": ("/", ".district-list"),
    "queries": ("/ui/queries", ".query-card"),
    "query-form": ("/ui/queries/district_timeline?district=440307", "#results[data-state=done]"),
    "sparql": ("/ui/sparql", "#yasgui[data-ready=true]"),
    "search": ("/ui/search?q=改革", "#search-results .suggestion"),
    "district": ("/ui/district/440307", "#timeline[data-state=done]"),
    "place": ("/place/440307", "#neighbourhood[data-ready=true]"),
}


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
@pytest.mark.parametrize("name", list(PAGES))
def test_page_fits_the_screen(page, name, shoot):
    path, drawn = PAGES[name]
    response = page.goto(path)
    assert response.status == 200
    page.locator(drawn).first.wait_for()
    assert_fits_width(page)
    for link in ("#lang-switch", ".site-nav a[href='/ui/queries']", ".brand"):
        assert page.locator(link).is_visible(), f"{link} is not visible on {name}"
    shoot(f"layout-{name}", full_page=False)  # the first screen, as a person lands on it


def test_api_docs_work_offline(page, shoot):
    page.goto("/ui/api")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() > 5
    shoot("api-docs")
