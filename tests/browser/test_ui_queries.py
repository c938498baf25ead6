"""Curated queries in the browser: the gallery, a form filled in, results, downloads, permalink."""

import httpx
import pytest

from tests.browser.conftest import assert_fits_width

pytestmark = pytest.mark.browser


def _district_query(catalogue: list[dict]) -> dict:
    """A curated query whose only required parameter (if any) is a district."""
    for query in catalogue:
        params = query.get("params") or []
        required = [p for p in params if p.get("required")]
        if any(p["type"] == "district" for p in params) and all(p["type"] == "district" for p in required):
            return query
    pytest.fail(f"no curated query takes a district: {[q['name'] for q in catalogue]}")


def test_gallery_lists_every_query(page, catalogue, shoot):
    page.goto("/ui/queries")
    cards = page.locator(".query-card")
    assert cards.count() == len(catalogue)
    for query in catalogue:
        assert page.locator(f'.query-card[data-query="{query["name"]}"] h2 a').count() == 1
    shoot("queries-gallery")


@pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)
def test_form_runs_query_and_shows_results(page, catalogue, busiest_district, ui_server, shoot):
    query = _district_query(catalogue)
    param = next(p["name"] for p in query["params"] if p["type"] == "district")
    response = httpx.get(f"{ui_server}/queries/{query['name']}", params={param: busiest_district, "format": "json"}, timeout=30)
    assert response.status_code == 200, response.text
    expected = response.json()
    assert expected["rows"], f"{query['name']} returns no rows for district {busiest_district}"

    page.goto(f"/ui/queries/{query['name']}")
    page.select_option(f"#param-{param}", busiest_district)
    page.click("#query-form button[type=submit]")
    page.wait_for_selector("#results[data-state=done]")
    rows = page.locator("#result-table tbody tr")
    assert rows.count() == len(expected["rows"])
    assert f"{param}={busiest_district}" in page.url
    shoot(f"query-{query['name']}")
    if page.viewport_name == "phone":
        assert_fits_width(page)


def test_links_reproduce_and_download_the_result(page, catalogue, busiest_district, ui_server):
    query = _district_query(catalogue)
    param = next(p["name"] for p in query["params"] if p["type"] == "district")
    page.goto(f"/ui/queries/{query['name']}?{param}={busiest_district}")
    page.wait_for_selector("#results[data-state=done]")
    count = page.locator("#result-table tbody tr").count()
    assert count > 0

    permalink = page.get_attribute("#permalink", "href")
    page.goto(permalink)
    page.wait_for_selector("#results[data-state=done]")
    assert page.locator("#result-table tbody tr").count() == count

    csv = httpx.get(ui_server + page.get_attribute("#download-csv", "href"), timeout=30)
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert len(csv.text.strip().splitlines()) == count + 1  # header + rows
    body = httpx.get(ui_server + page.get_attribute("#download-json", "href"), timeout=30).json()
    assert len(body["rows"]) == count


def test_bad_parameter_shows_the_api_error(page, catalogue):
    query = next((q for q in catalogue if any(p["type"] in ("year", "integer") for p in q.get("params") or [])), None)
    if query is None:
        pytest.fail("no curated query takes a year or integer parameter")
    param = next(p["name"] for p in query["params"] if p["type"] in ("year", "integer"))
    page.goto(f"/ui/queries/{query['name']}?{param}=not-a-number")
    page.wait_for_selector("#results[data-state=error]")
    assert param in page.inner_text("#result-status")
