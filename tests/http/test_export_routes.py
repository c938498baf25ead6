"""HTTP: ``/export/{format}`` downloads and the ``/analytics/…`` routes, over the export fixture."""

import csv
import io
import json
import warnings
from collections.abc import Iterator
from urllib.parse import unquote

import networkx as nx
import pyoxigraph as ox
import pytest

from api.app import create_app
from api.config import Settings
from tests.unit.test_export import LONGGANG_LABELS, load_fixture

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """The app over an in-memory store holding the export fixture."""
    app = create_app(Settings(store="memory", query_workers=1))
    load_fixture(app.state.store)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_formats_are_listed(client):
    body = client.get("/export").json()
    assert {f["name"] for f in body["formats"]} >= {"graphml", "gexf", "cytoscape", "node-link", "nodes-csv", "edges-csv", "turtle", "trig", "nquads", "jsonld"}


def test_gexf_download_with_filters(client):
    response = client.get("/export/gexf", params={"district": "龙岗区"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/gexf+xml")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;") and unquote(disposition.split("filename*=UTF-8''")[1]) == "szkg_district-龙岗区.gexf"
    graph = nx.read_gexf(io.BytesIO(response.content))
    assert {d["label"] for _, d in graph.nodes(data=True)} == LONGGANG_LABELS


def test_repeated_and_comma_separated_lists(client):
    response = client.get("/export/nodes-csv?types=Reform,Pilot&types=Recognition&year_from=2019")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r["type"] for r in rows} == {"Reform", "Pilot", "Recognition"}
    assert all(int(r["year"]) >= 2019 for r in rows)


def test_neighbourhood_and_language(client):
    response = client.get("/export/cytoscape", params={"entity": "数字政府改革", "depth": 1, "lang": "en"})
    labels = {n["data"]["label"] for n in response.json()["elements"]["nodes"]}
    assert "Longgang District" in labels and "数字政府改革" in labels and len(labels) == 5
    links = client.get("/export/node-link", params={"relations": "recognizes"}).json()["links"]
    assert {link["relation"] for link in links} == {"recognizes"} and len(links) == 3


@pytest.mark.parametrize("fmt, rdf_format", [("trig", ox.RdfFormat.TRIG), ("nquads", ox.RdfFormat.N_QUADS), ("jsonld", ox.RdfFormat.JSON_LD)])
def test_rdf_downloads(client, fmt, rdf_format):
    whole = client.get(f"/export/{fmt}")
    assert whole.status_code == 200
    assert len(set(ox.parse(whole.content, format=rdf_format))) == client.app.state.store.count()
    part = client.get(f"/export/{fmt}", params={"district": "440310"})
    subjects = {q.subject.value for q in ox.parse(part.content, format=rdf_format)}
    assert "https://w3id.org/szreform/reform/440310/min-sheng-su-qiu-gai-ge" in subjects
    assert not any("/reform/440307/" in s for s in subjects)


@pytest.mark.parametrize("url, status, fragment", [
    ("/export/pdf", 404, "expected one of graphml"),
    ("/export/graphml?district=东莞", 422, "unknown district"),
    ("/export/graphml?types=Widget", 422, "unknown entity type"),
    ("/export/graphml?year_from=2021&year_to=2019", 422, "start is after the end"),
    ("/export/graphml?depth=-1", 422, "depth"),
    ("/export/graphml?lang=fr", 422, "lang"),
    ("/export/graphml?entity=不存在", 422, "no entity"),
    ("/analytics/sentiment.png", 422, "name"),
])
def test_bad_requests_get_the_error_shape(client, url, status, fragment):
    response = client.get(url)
    assert response.status_code == status
    body = response.json()
    assert body["ok"] is False and body["status"] == status and fragment in body["detail"]


def test_analytics_json(client):
    centrality = client.get("/analytics/centrality", params={"limit": 2}).json()
    assert centrality["ok"] and [r["label"] for r in centrality["results"]][0] == "区发改局" and len(centrality["results"]) == 2
    shared = client.get("/analytics/shared-reforms").json()["results"]
    assert [s["name"] for s in shared] == ["数字政府改革", "营商环境改革"]
    communities = client.get("/analytics/communities", params={"seed": 1}).json()["results"]
    assert communities["seed"] == 1 and communities["communities"]
    timeline = client.get("/analytics/timeline", params={"district": "龙岗"}).json()["results"]
    assert [(r["year"], r["reforms"]) for r in timeline] == [(2018, 2), (2023, 1)]


def test_timeline_png(client):
    response = client.get("/analytics/timeline.png", params={"district": "坪山区"})
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert client.get("/analytics/centrality.png").status_code == 200


def test_openapi_lists_the_routes(client):
    paths = json.loads(client.get("/openapi.json").content)["paths"]
    assert {"/export/{fmt}", "/analytics/timeline", "/analytics/{name}.png"} <= set(paths)
