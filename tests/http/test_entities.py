"""Entity pages: every minted IRI dereferences to HTML, Turtle, JSON-LD or the page's JSON, with evidence."""

import pyoxigraph as ox
import pytest

from tests.http.curated_app import kg_client, kg_store_path  # noqa: F401 (fixtures)

BASE = "https://w3id.org/szreform/"
BUSINESS = "/reform/440307/ying-shang-huan-jing-gai-ge"  # 营商环境改革, Longgang, article 001
LUOHU_DOC = "/doc/004_faf4bff2d0afeaab"


@pytest.fixture(scope="module")
def business(kg_client) -> dict:
    response = kg_client.get(BUSINESS, params={"format": "json"})
    assert response.status_code == 200
    return response.json()


def facts(view: dict, key: str = "facts") -> dict[str, list[dict]]:
    return {group["predicate"]["name"]: group["values"] for group in view[key]}


def test_the_page_data_has_labels_types_and_grouped_facts(business) -> None:
    assert business["iri"] == BASE + BUSINESS[1:] and business["path"] == BUSINESS
    assert business["label"] == "营商环境改革" and business["pinyin"] == "ying shang huan jing gai ge"
    assert [t["value"] for t in business["types"]] == [BASE + "ontology#Reform"]
    grouped = facts(business)
    assert [v["term"]["label"] for v in grouped["szr:implementedIn"]] == ["龙岗区"]
    assert grouped["szr:implementedIn"][0]["term"]["path"] == "/place/440307"
    assert grouped["szr:year"][0]["term"] == {"kind": "literal", "value": "2023", "label": "2023", "labels": {},
                                               "path": None, "lang": None, "datatype": "xsd:gYear"}
    assert {v["term"]["label"] for v in grouped["szr:hasOutcome"]} == {"惠及辖区国高企业共1224家", "拨付资金共计9385万元"}


def test_each_edge_carries_its_quote_sentence_and_article(business) -> None:
    evidence = facts(business)["szr:ledBy"][0]["evidence"]
    assert evidence, "the ledBy edge has a statement node with evidence"
    item = evidence[0]
    assert item["quote"] in item["sentence"] and item["sentence"] == item["before"] + item["quote"] + item["after"]
    assert item["sentence"].endswith("。") and "营商环境改革" in item["sentence"]
    assert item["doc"]["path"] == "/doc/001_6d26e2f88aad0c34" and item["end"] > item["start"]
    assert business["mentions"] and business["documents"][0]["iri"] == BASE + "doc/001_6d26e2f88aad0c34"


def test_incoming_facts_are_listed_on_the_object_page(kg_client) -> None:
    place = kg_client.get("/place/440310", params={"format": "json"}).json()
    assert place["label"] == "坪山区" and place["label_en"] == "Pingshan District"
    implemented = facts(place, "incoming")["szr:implementedIn"]
    assert "民生诉求流程优化改革" in {v["term"]["label"] for v in implemented}
    assert any(v["evidence"] for v in implemented)


def test_html_for_browsers(kg_client) -> None:
    response = kg_client.get(BUSINESS, headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    assert "<h1 lang=\"zh\">营商环境改革</h1>" in html and "<mark>" in html
    assert 'href="/doc/001_6d26e2f88aad0c34"' in html and 'href="/place/440307"' in html
    assert response.headers["vary"] == "Accept" and "text/turtle" in response.headers["link"]


def test_html_is_the_default_representation(kg_client) -> None:
    assert kg_client.get(BUSINESS, headers={"accept": "*/*"}).headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("accept, expected", [
    ("text/turtle;q=0.5, */*", "text/html"),  # */* at q=1 outranks Turtle at 0.5: the default
    ("application/*", "application/ld+json"),  # a type wildcard picks the first offer of that type
    ("application/n-triples, text/turtle;q=0.9", "application/n-triples"),
])
def test_accept_is_negotiated_by_q_values_and_wildcards(kg_client, accept, expected) -> None:
    response = kg_client.get(BUSINESS, headers={"accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(expected)


def test_turtle_and_json_ld_hold_the_same_facts_with_evidence(kg_client) -> None:
    turtle = kg_client.get(BUSINESS, headers={"accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    triples = {q.triple for q in ox.parse(turtle.content, ox.RdfFormat.TURTLE)}
    reform = ox.NamedNode(BASE + BUSINESS[1:])
    assert ox.Triple(reform, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), ox.Literal("营商环境改革", language="zh")) in triples
    exact = {t.object.value for t in triples if t.predicate.value == "http://www.w3.org/ns/oa#exact"}
    assert "营商环境改革" in exact
    sources = {t.object.value for t in triples if t.predicate.value == "http://www.w3.org/ns/oa#hasSource"}
    assert sources == {BASE + "doc/001_6d26e2f88aad0c34"}
    jsonld = kg_client.get(BUSINESS, headers={"accept": "application/ld+json"})
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    assert {q.triple for q in ox.parse(jsonld.content, ox.RdfFormat.JSON_LD)} == triples
    assert {q.triple for q in ox.parse(kg_client.get(BUSINESS, params={"format": "ttl"}).content, ox.RdfFormat.TURTLE)} == triples


def test_article_page_shows_metadata_text_and_what_it_yields(kg_client) -> None:
    view = kg_client.get(LUOHU_DOC, params={"format": "json"}).json()
    document = view["document"]
    assert document["publisher"] == "深圳特区报" and document["text"].startswith("罗湖区")
    assert document["title"] == view["label"]
    derived = {group["type"]: [t["label"] for t in group["items"]] for group in view["derived"]}
    assert "“共享公务用车”模式" in derived["Reform"]
    html = kg_client.get(LUOHU_DOC, headers={"accept": "text/html"}).text
    assert "深圳特区报" in html and "“共享公务用车”模式" in html


@pytest.mark.parametrize("path", ["/scheme/level/national", "/org/cn-guo-wu-yuan", "/place/440307/pinghu"])
def test_reference_and_minted_entities_dereference(kg_client, path) -> None:
    assert kg_client.get(path, params={"format": "json"}).status_code == 200


@pytest.mark.parametrize("path", ["/reform/440307/no-such-reform", "/doc/nothing", "/place/999999"])
def test_unknown_iris_are_404_in_the_error_shape(kg_client, path) -> None:
    response = kg_client.get(path)
    assert response.status_code == 404
    body = response.json()
    assert body["ok"] is False and body["status"] == 404 and path in body["detail"]


def test_browsers_get_an_html_404(kg_client) -> None:
    response = kg_client.get("/reform/440307/no-such-reform", headers={"accept": "text/html"})
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("path", ["/reform/a>b", "/reform/a b", '/reform/"x"', "/reform/" + "x" * 600])
def test_malformed_paths_are_404(kg_client, path) -> None:
    assert kg_client.get(path).status_code == 404


def test_unknown_format_is_406(kg_client) -> None:
    response = kg_client.get(BUSINESS, params={"format": "pdf"})
    assert response.status_code == 406 and response.json()["ok"] is False


@pytest.mark.parametrize("path", ["/docs", "/queries", "/openapi.json"])
def test_entity_routes_shadow_no_other_route(kg_client, path) -> None:
    assert kg_client.get(path).status_code == 200
