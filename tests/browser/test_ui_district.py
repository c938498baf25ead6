"""District overview: reforms, pilots and recognitions per year as a chart and a table."""

import pytest

from tests.browser.conftest import assert_fits_width

pytestmark = pytest.mark.browser


def test_chart_and_table_by_year(page, busiest_district, api_get, shoot):
    body = api_get("/analytics/timeline", district=busiest_district)
    page.goto(f"/ui/district/{busiest_district}")
    page.wait_for_selector("#timeline[data-state=done]")
    bars = page.locator("#timeline-chart svg rect.bar")
    assert bars.count() > 3  # three legend swatches plus at least one bar
    rows = page.locator("#timeline-table tbody tr")
    assert rows.count() >= 1
    total = sum(int(t) for t in page.locator("#timeline-table tbody tr td:last-child").all_inner_texts())
    assert total == _total(body)
    shoot(f"district-{busiest_district}")
    if page.viewport_name == "phone":
        assert_fits_width(page)


def _total(body) -> int:
    """Reforms + pilots + recognitions over every year record in the timeline response."""
    found = 0
    if isinstance(body, list):
        return sum(_total(item) for item in body)
    if isinstance(body, dict):
        if "year" in body:
            return sum(v for k, v in body.items() if isinstance(v, int) and k.startswith(("reform", "pilot", "recogni")))
        return sum(_total(v) for v in body.values())
    return found


def test_unknown_district_is_404(page):
    response = page.goto("/ui/district/999999")
    assert response.status == 404
    assert page.locator("h1").inner_text().strip() == "找不到页面"


def test_home_links_every_district(page, shoot):
    page.goto("/")
    links = page.locator(".district-list a")
    assert links.count() == 11  # nine districts, two functional zones
    links.first.click()
    page.wait_for_selector("#timeline")
    assert "/ui/district/" in page.url
