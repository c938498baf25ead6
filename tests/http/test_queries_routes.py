"""``/queries``: the catalogue, one typed OpenAPI operation per query, output formats, errors."""

import csv
import io

import pyoxigraph as ox
import pytest

from tests.http.curated_app import kg_client, kg_store_path  # noqa: F401 (fixtures)

BUSINESS = "/reform/440307/ying-shang-huan-jing-gai-ge"


@pytest.fixture(scope="module")
def catalogue(kg_client) -> dict:
    response = kg_client.get("/queries")
    assert response.status_code == 200
    return response.json()


@pytest.fixture(scope="module")
def openapi(kg_client) -> dict:
    return kg_client.get("/openapi.json").json()


def test_the_catalogue_lists_every_query_with_its_metadata(catalogue) -> None:
    assert catalogue["count"] == len(catalogue["queries"]) >= 16
    entry = next(q for q in catalogue["queries"] if q["name"] == "reforms_per_district_year")
    assert entry["title"] == {"zh": "各区年度改革数量", "en": "Reforms per district per year"}
    assert entry["description"]["zh"] and entry["description"]["en"]
    assert {p["name"]: p["type"] for p in entry["params"]} == {"district": "district", "from": "year", "to": "year",
                                                               "domain": "domain"}
    assert "economy" in next(p for p in entry["params"] if p["name"] == "domain")["choices"]
    assert entry["url"] == "/queries/reforms_per_district_year"
    assert entry["sparql"].startswith("PREFIX") and "# title:" in entry["sparql"]


def test_each_query_is_its_own_typed_openapi_operation(catalogue, openapi) -> None:
    for entry in catalogue["queries"]:
        operation = openapi["paths"][entry["url"]]["get"]
        assert operation["operationId"] == f"query_{entry['name']}"
        documented = {p["name"]: p for p in operation["parameters"]}
        assert {p["name"] for p in entry["params"]} <= set(documented)
        for param in entry["params"]:
            assert documented[param["name"]]["required"] is param["required"]
    params = {p["name"]: p for p in openapi["paths"]["/queries/reforms_in_domain"]["get"]["parameters"]}
    assert params["from"]["schema"]["anyOf"][0]["type"] == "integer"
    assert "economy" in params["domain"]["schema"]["enum"] and params["domain"]["required"]
    assert "/queries/{name}" in openapi["paths"]


def test_json_result_has_sparql_json_rows_and_report(kg_client) -> None:
    response = kg_client.get("/queries/reforms_per_district_year", params={"district": "坪山"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/sparql-results+json")
    body = response.json()
    assert body["head"]["vars"] == ["district", "districtLabel", "year", "reforms"]
    assert body["rows"] == [{"district": "https://w3id.org/szreform/place/440310", "districtLabel": "坪山区",
                             "year": "2019", "reforms": 17}]
    assert body["results"]["bindings"][0]["reforms"]["value"] == "17"
    assert body["szkg"]["query"] == "reforms_per_district_year" and body["szkg"]["params"] == {"district": "坪山"}
    assert body["szkg"]["truncated"] is False and response.headers["X-SZKG-Truncated"] == "false"


def test_csv_by_format_or_accept(kg_client) -> None:
    for kwargs in ({"params": {"format": "csv"}}, {"headers": {"accept": "text/csv"}}):
        response = kg_client.get("/queries/reforms_per_district_year", **kwargs)
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert {"district", "districtLabel", "year", "reforms"} == set(rows[0])
        assert any(r["districtLabel"] == "坪山区" and r["reforms"] == "17" for r in rows)


def test_construct_queries_give_turtle(kg_client) -> None:
    response = kg_client.get("/queries/reform_profile", params={"reform": BUSINESS})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    triples = list(ox.parse(response.content, ox.RdfFormat.TURTLE))
    assert any(t.predicate.value.endswith("#exact") for t in triples)
    jsonld = kg_client.get("/queries/reform_profile", params={"reform": BUSINESS, "format": "jsonld"})
    assert len(list(ox.parse(jsonld.content, ox.RdfFormat.JSON_LD))) == len(triples)


def test_format_sparql_returns_the_query_text(kg_client, catalogue) -> None:
    response = kg_client.get("/queries/articles", params={"format": "sparql"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/sparql-query")
    assert response.text == next(q["sparql"] for q in catalogue["queries"] if q["name"] == "articles")


@pytest.mark.parametrize("url, params, status, fragment", [
    ("/queries/no_such_query", {}, 404, "no curated query 'no_such_query'"),
    ("/queries/reforms_in_domain", {}, 422, "domain"),
    ("/queries/reforms_in_domain", {"domain": "economics"}, 422, "economy"),
    ("/queries/reforms_in_domain", {"domain": "economy", "bogus": "1"}, 422, "bogus: unknown parameter"),
    ("/queries/reforms_in_domain", {"domain": "economy", "from": "1800"}, 422, "from"),
    ("/queries/district_timeline", {"district": "火星区"}, 422, "unknown district '火星区'; expected one of: 罗湖区"),
    ("/queries/reform_outcomes", {"reform": "not an iri"}, 422, "reform"),
    ("/queries/articles", {"format": "ttl"}, 406, "available"),
])
def test_errors_use_the_error_shape(kg_client, url, params, status, fragment) -> None:
    response = kg_client.get(url, params=params)
    body = response.json()
    assert response.status_code == status and body["ok"] is False and body["status"] == status
    assert fragment in body["detail"]


def test_a_repeated_parameter_is_refused(kg_client) -> None:
    response = kg_client.get("/queries/district_timeline?district=罗湖&district=龙岗")
    assert response.status_code == 422 and "given more than once" in response.json()["detail"]


def test_unbound_optional_parameters_mean_no_filter(kg_client) -> None:
    everything = kg_client.get("/queries/pilots_by_level").json()["rows"]
    national = kg_client.get("/queries/pilots_by_level", params={"level": "national"}).json()["rows"]
    assert {r["pilot"] for r in national} < {r["pilot"] for r in everything}
    assert {r["pilotLevel"] for r in national} == {"https://w3id.org/szreform/scheme/level/national"}


def test_timeout_parameter_is_validated(kg_client) -> None:
    assert kg_client.get("/queries/articles", params={"timeout": "-1"}).status_code == 422
    assert kg_client.get("/queries/articles", params={"timeout": "5"}).status_code == 200
