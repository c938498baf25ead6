"""HEAD on /sparql and on the curated query endpoints: GET's status and headers, no body."""

import pytest

from tests.http.curated_app import kg_client, kg_store_path  # noqa: F401 (fixtures)

ASK = "/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D"


@pytest.mark.parametrize("path", [ASK, "/sparql", "/queries/recognitions_by_kind",
                                  "/queries/reforms_per_district_year?district=坪山区&limit=2"])
def test_head_answers_like_get_without_a_body(kg_client, path):
    get, head = kg_client.get(path), kg_client.head(path)
    assert get.status_code == 200 and get.content
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    # The GET body's length, give or take the digits of the elapsed time it reports.
    assert abs(int(head.headers["content-length"]) - int(get.headers["content-length"])) <= 8


def test_head_of_a_bad_request_has_gets_status(kg_client):
    assert kg_client.head("/queries/no_such_query_zz9").status_code == kg_client.get("/queries/no_such_query_zz9").status_code == 404
    assert kg_client.head("/sparql?query=SELEKT").status_code == 400
    assert kg_client.head("/queries/reforms_per_district_year?bogus=1").status_code == 422


def test_head_routes_stay_out_of_the_openapi_document(kg_client):
    operations = kg_client.app.openapi()["paths"]["/sparql"]
    assert "head" not in operations and "get" in operations
