"""The ontology is served at its namespace IRI with content negotiation."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, OWL

from api.app import create_app
from api.config import Settings
from api.ontology_doc import render_ontology_html

ROOT = Path(__file__).resolve().parents[2]
SZR = "https://w3id.org/szreform/ontology#"


@pytest.fixture(scope="module")
def client() -> TestClient:
    with TestClient(create_app(Settings(store="memory"))) as c:
        yield c


def test_browsers_get_the_html_reference(client: TestClient) -> None:
    r = client.get("/ontology", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "szr:Reform" in r.text and "改革事项" in r.text and "reform" in r.text
    assert "http://" not in r.text.replace("http://schema.org", "").replace("http://www.w3.org", "").replace(
        "http://purl.org", "").replace("http://data.europa.eu", "").replace("http://xmlns.com", "")


@pytest.mark.parametrize(("accept", "fmt"), [("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt")])
def test_rdf_clients_get_rdf(client: TestClient, accept: str, fmt: str) -> None:
    r = client.get("/ontology", headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    graph = Graph().parse(data=r.text, format=fmt)
    assert (URIRef(SZR + "Reform"), RDF.type, OWL.Class) in graph


def test_format_parameter_overrides_accept(client: TestClient) -> None:
    r = client.get("/ontology?format=ttl", headers={"Accept": "text/html"})
    assert r.headers["content-type"].startswith("text/turtle")


def test_unproducible_accept_is_406_in_the_error_shape(client: TestClient) -> None:
    r = client.get("/ontology", headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert r.json()["ok"] is False and r.json()["status"] == 406


def test_docs_copy_of_the_reference_is_current() -> None:
    committed = (ROOT / "docs" / "ontology.html").read_text(encoding="utf-8")
    assert committed == render_ontology_html(), "regenerate: python -m api.ontology_doc docs/ontology.html"
