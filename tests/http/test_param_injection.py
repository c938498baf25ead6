"""Hostile curated-query parameters: 422 or a correct, harmless result; the query text never changes."""

import pytest

from tests.http.curated_app import kg_client, kg_store_path  # noqa: F401 (fixtures)

PAYLOADS = [
    '"',
    "'",
    '") } UNION { ?s ?p ?o } #',
    "'} ; DROP ALL ; #",
    "} } SELECT * WHERE { ?s ?p ?o",
    ">",
    "<http://evil.example/x>",
    "http://evil.example/x> . ?s ?p ?o . <http://a",
    "营商\n} UNION { ?s ?p ?o }",
    "\r\n\t",
    "?reform ?p ?o . FILTER(true) #",
    "\\u0022) || true || (\\u0022",
    '"""',
    "营商\x00",
    "${q}",
    "%7D%20UNION",
    "http://evil.example/x?q=1#frag",
    "营" * 600,
]


@pytest.fixture(scope="module")
def executed(kg_client):
    """Record every query text the runner receives."""
    runner = kg_client.app.state.query_runner
    seen: list[str] = []
    original = runner.run

    async def recording(sparql, **kwargs):
        seen.append(sparql)
        return await original(sparql, **kwargs)

    runner.run = recording
    yield seen
    runner.run = original


@pytest.fixture(scope="module")
def registry_text(kg_client):
    """The text each query runs as: its first page (the listed text with the page's LIMIT)."""
    from api.routes.queries import registry_for

    settings = kg_client.app.state.settings
    registry = registry_for(settings)
    entries = kg_client.get("/queries").json()["queries"]
    return {q["name"]: registry.page_sparql(q["name"], settings.page_size, 0) for q in entries}


def _assert_harmless(response, executed, expected_text) -> None:
    assert response.status_code in (200, 422), response.text
    if response.status_code == 200:
        assert executed and executed[-1] == expected_text
    else:
        assert response.json()["ok"] is False


@pytest.mark.parametrize("payload", PAYLOADS)
def test_free_text_is_one_literal(kg_client, executed, registry_text, payload) -> None:
    executed.clear()
    response = kg_client.get("/queries/reforms_by_keyword", params={"q": payload})
    _assert_harmless(response, executed, registry_text["reforms_by_keyword"])
    if response.status_code == 200:
        # only reforms whose name really contains the text: never "every reform"
        labels = [r["reformLabel"] for r in response.json()["rows"]]
        assert all(" ".join(payload.split()).lower() in label.lower() for label in labels)


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("name, param", [
    ("district_timeline", "district"),
    ("reforms_in_domain", "domain"),
    ("reforms_per_district_year", "from"),
    ("multi_article_reforms", "min"),
])
def test_typed_parameters_refuse_anything_else(kg_client, executed, name, param, payload) -> None:
    executed.clear()
    params = {"domain": "economy"} if name == "reforms_in_domain" and param != "domain" else {}
    response = kg_client.get(f"/queries/{name}", params={**params, param: payload})
    assert response.status_code == 422 and response.json()["ok"] is False
    assert executed == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_iri_parameters_are_checked_iris(kg_client, executed, registry_text, payload) -> None:
    """A blank value means "not given" (every reform); anything else is one checked IRI or 422."""
    executed.clear()
    response = kg_client.get("/queries/reform_outcomes", params={"reform": payload})
    _assert_harmless(response, executed, registry_text["reform_outcomes"])
    if response.status_code == 200 and payload.strip():  # a well-formed IRI that names nothing: no rows
        assert response.json()["rows"] == []


@pytest.mark.parametrize("payload", ["} UNION {", "q\"x", "a>b", "x\ny"])
def test_hostile_parameter_names_are_refused(kg_client, executed, payload) -> None:
    executed.clear()
    response = kg_client.get("/queries/articles", params={payload: "1"})
    assert response.status_code == 422 and executed == []


def test_the_store_is_unchanged_after_the_attacks(kg_client) -> None:
    rows = kg_client.get("/queries/reforms_per_district_year").json()["rows"]
    assert {(r["districtLabel"], r["year"]): r["reforms"] for r in rows}[("坪山区", "2019")] == 17
    assert kg_client.get("/queries/reforms_by_keyword", params={"q": "营商"}).json()["szkg"]["row_count"] == 3


@pytest.mark.parametrize("payload", PAYLOADS[:8])
def test_search_text_is_harmless(kg_client, payload) -> None:
    response = kg_client.get("/search", params={"q": payload})
    assert response.status_code in (200, 422)
