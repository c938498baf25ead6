"""Curated queries come in pages: limit/offset/page, the next page's URL, the row cap, errors."""

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.http.curated_app import kg_client, kg_settings, kg_store_path  # noqa: F401 (fixtures)

QUERY = "/queries/reforms_in_domain"


def _rows(client, **params) -> dict:
    response = client.get(QUERY, params={"domain": "economy", **params})
    assert response.status_code == 200, response.text
    return response.json()


def test_pages_cover_the_whole_result_in_order(kg_client) -> None:
    whole = _rows(kg_client, limit=1000)
    assert whole["szkg"]["page"]["has_next"] is False and whole["szkg"]["page"]["next"] is None
    total = len(whole["rows"])
    assert total >= 3
    paged, url = [], f"{QUERY}?domain=economy&limit=2"
    while url:
        response = kg_client.get(url)
        assert response.status_code == 200
        body = response.json()
        assert len(body["rows"]) <= 2
        paged += body["rows"]
        url = body["szkg"]["page"]["next"]
        assert (url is not None) == body["szkg"]["page"]["has_next"] == body["szkg"]["truncated"]
        if url:
            assert response.headers["Link"] == f'<{url}>; rel="next"'
    assert paged == whole["rows"]


def test_page_number_and_offset_agree(kg_client) -> None:
    by_page = _rows(kg_client, limit=2, page=2)
    by_offset = _rows(kg_client, limit=2, offset=2)
    assert by_page["rows"] == by_offset["rows"] and by_page["szkg"]["page"]["offset"] == 2
    assert by_page["szkg"]["page"]["limit"] == 2 and by_page["szkg"]["row_cap"] == 2


def test_csv_is_paged_too_and_links_the_next_page(kg_client) -> None:
    response = kg_client.get(QUERY, params={"domain": "economy", "limit": 1, "format": "csv"})
    assert response.status_code == 200
    assert len(response.text.strip().splitlines()) == 2  # header + one row
    assert "offset=1" in response.headers["Link"] and response.headers["X-SZKG-Truncated"] == "true"


@pytest.mark.parametrize("params, where", [
    ({"limit": 0}, "limit"), ({"limit": "x"}, "limit"), ({"offset": -1}, "offset"), ({"page": 0}, "page"),
    ({"offset": 1, "page": 2}, "page"),
])
def test_bad_page_requests_get_422_naming_the_parameter(kg_client, params, where) -> None:
    response = kg_client.get(QUERY, params={"domain": "economy", **params})
    assert response.status_code == 422, response.text
    assert where in response.text


def test_page_size_setting_and_max_rows_cap(kg_store_path) -> None:
    settings = kg_settings(kg_store_path, page_size=1, max_rows=3)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        body = _rows(client)
        assert len(body["rows"]) == 1 and body["szkg"]["page"]["has_next"] is True
        assert len(_rows(client, limit=3)["rows"]) == 3
        response = client.get(QUERY, params={"domain": "economy", "limit": 4})
        assert response.status_code == 422 and "at most 3" in response.json()["detail"]


def test_construct_queries_are_not_paged(kg_client) -> None:
    reform = "/reform/440307/ying-shang-huan-jing-gai-ge"
    response = kg_client.get("/queries/reform_profile", params={"reform": reform, "format": "nt"})
    assert response.status_code == 200 and "Link" not in response.headers


def test_a_result_cut_short_by_the_runner_goes_on_from_the_first_row_left_out() -> None:
    import pyoxigraph as ox
    from starlette.datastructures import URL

    from api.curated_results import Page, apply_page
    from api.query_runner import QueryOutcome

    rows = [{"x": ox.Literal(str(n))} for n in range(3)]
    outcome = QueryOutcome(form="SELECT", variables=["x"], rows=rows, truncated=True)
    info = apply_page(outcome, Page(size=5, start=10), URL("http://t/queries/q?page=3&limit=5"))
    assert info["has_next"] is True and info["rows"] == 3 and outcome.truncated is True
    assert info["next"] == "/queries/q?limit=5&offset=13"
    whole = QueryOutcome(form="SELECT", variables=["x"], rows=rows)
    assert apply_page(whole, Page(size=3, start=0), URL("http://t/queries/q"))["next"] is None
