"""``GET /validate``: the whole store's SHACL report as JSON or Turtle (in-process app, memory store)."""

import warnings
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
import rdflib

from api.app import create_app
from api.config import Settings
from graph.ns import DEFAULT_BASE, SH
from graph.ontology import ontology_quads
from tests.unit.test_shapes import DATA, ONTOLOGY_DIR, PROLOGUE, read_fixture

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def _client(*updates: str) -> Iterator[TestClient]:
    app = create_app(Settings(store="memory", query_workers=1))
    store = app.state.store.raw
    store.load(path=str(DATA / "good.trig"), format=ox.RdfFormat.TRIG)
    store.extend(ontology_quads(ONTOLOGY_DIR))
    for update in updates:
        store.update(PROLOGUE + update)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def good_client() -> Iterator[TestClient]:
    """The two conforming fixture articles."""
    yield from _client()


@pytest.fixture(scope="module")
def broken_client() -> Iterator[TestClient]:
    """The same reform placed in two districts by the two articles."""
    yield from _client(read_fixture(DATA / "broken" / "31-reform-in-two-districts.ru").breaks)


def test_conforming_store_reports_conforms(good_client):
    response = good_client.get("/validate")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["conforms"] is True and body["results"] == [] and body["engine"] in {"oxigraph", "turbo", "pyshacl"}


def test_violations_name_article_focus_shape_and_message(broken_client):
    body = broken_client.get("/validate").json()
    assert body["conforms"] is False and body["violations"] == 1
    (result,) = body["results"]
    assert result["shape"] == DEFAULT_BASE + "shapes#ReformTwoDistricts"
    assert result["focus_node"] == DEFAULT_BASE + "reform/440307/you-hua-ying-shang-huan-jing-gai-ge"
    assert result["graph"].startswith(DEFAULT_BASE + "graph/doc/fixture_")
    assert "same reform is placed in" in result["message_en"] and "同一改革" in result["message_zh"]


@pytest.mark.parametrize("params, headers", [({"format": "turtle"}, {}), ({}, {"Accept": "text/turtle"})])
def test_turtle_report(broken_client, params, headers):
    response = broken_client.get("/validate", params=params, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    report = rdflib.Graph().parse(data=response.text, format="turtle")
    assert (None, SH.conforms, rdflib.Literal(False)) in report
    assert len(list(report.objects(None, SH.result))) == 1


@pytest.mark.parametrize("accept, expected", [
    ("text/turtle;q=0, application/json", "application/json"),  # q=0 refuses Turtle
    ("application/json;q=0.5, text/turtle", "text/turtle"),  # the higher q wins, not the first listed
    ("text/*", "text/turtle"),  # a wildcard matches
    ("image/png", "application/json"),  # nothing offered matches: the default
])
def test_accept_is_negotiated_by_q_values_and_wildcards(good_client, accept, expected):
    response = good_client.get("/validate", headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(expected)


@pytest.mark.parametrize("engine", ["pyshacl", "turbo"])
def test_engine_parameter(broken_client, engine):
    body = broken_client.get("/validate", params={"engine": engine}).json()
    assert body["engine"] == engine and body["conforms"] is False


@pytest.mark.parametrize("params", [{"format": "xml"}, {"engine": "jena"}])
def test_bad_parameters_get_the_error_shape(good_client, params):
    response = good_client.get("/validate", params=params)
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and body["status"] == 400 and next(iter(params.values())) in body["detail"]
