"""``GET /search``: zh labels, aliases, pinyin, jieba tokens, prefixes, types; rebuilt when the store changes."""

import time

import pyoxigraph as ox
import pytest

from api.app import create_app
from api.routes import search as search_route
from graph._oxigraph import OxigraphStore
from tests.http.curated_app import TestClient, copy_store, kg_client, kg_settings, kg_store_path  # noqa: F401

BASE = "https://w3id.org/szreform/"
OPTIMISE = BASE + "reform/440307/you-hua-ying-shang-huan-jing-gai-ge"  # 优化营商环境改革
BUSINESS_LG = BASE + "reform/440307/ying-shang-huan-jing-gai-ge"  # 营商环境改革 (Longgang)


def found(client, q: str, **params) -> list[dict]:
    response = client.get("/search", params={"q": q, **params})
    assert response.status_code == 200, response.text
    return response.json()


def iris(client, q: str, **params) -> list[str]:
    return [hit["iri"] for hit in found(client, q, **params)]


def test_a_word_inside_a_label_finds_the_entity(kg_client) -> None:
    hits = found(kg_client, "营商")
    assert OPTIMISE in [h["iri"] for h in hits]
    hit = next(h for h in hits if h["iri"] == OPTIMISE)
    assert hit == {"iri": OPTIMISE, "label": "优化营商环境改革", "label_en": None, "type": "Reform", "district": "龙岗区",
                   "score": hit["score"], "path": "/reform/440307/you-hua-ying-shang-huan-jing-gai-ge",
                   "matched": "优化营商环境改革"}


def test_jieba_tokens_find_labels_that_do_not_contain_the_query(kg_client) -> None:
    assert OPTIMISE in iris(kg_client, "营商改革")
    assert BASE + "reform/440307/shu-zi-zheng-fu-gai-ge" in iris(kg_client, "数字 政府")


@pytest.mark.parametrize("q", ["yingshang", "ying shang", "Yíng shāng", "ying2shang1", "YINGSHANG"])
def test_pinyin_with_or_without_spaces_and_tones(kg_client, q) -> None:
    assert BUSINESS_LG in iris(kg_client, q, limit=5)


def test_pinyin_initials(kg_client) -> None:
    assert OPTIMISE in iris(kg_client, "yhyshj")


def test_aliases_and_english_names_find_places(kg_client) -> None:
    assert iris(kg_client, "龙岗")[0] == BASE + "place/440307"  # 龙岗 is an altLabel of 龙岗区
    assert iris(kg_client, "Longgang District")[0] == BASE + "place/440307"
    assert iris(kg_client, "平湖")[0] == BASE + "place/440307/pinghu"


@pytest.mark.parametrize("q", ["longgang", "Longgang", "long gang"])
def test_a_place_found_by_the_pinyin_of_its_short_name_ranks_first(kg_client, q) -> None:
    """龙岗 is an altLabel of 龙岗区: its pinyin is an exact hit, ahead of 龙岗区委 and other bodies."""
    assert iris(kg_client, q)[0] == BASE + "place/440307"


def test_exact_names_rank_first(kg_client) -> None:
    hits = found(kg_client, "国务院")
    assert hits[0]["label"] == "国务院" and hits[0]["score"] > hits[1]["score"]


def test_prefix_mode_suggests_names_starting_with_the_query(kg_client) -> None:
    hits = found(kg_client, "营商", prefix="true")
    assert hits and all(h["matched"].startswith("营商") for h in hits)
    assert OPTIMISE not in [h["iri"] for h in hits]


def test_type_filter_and_limit(kg_client) -> None:
    hits = found(kg_client, "数字", type="Reform")
    assert hits and {h["type"] for h in hits} == {"Reform"}
    assert {h["type"] for h in found(kg_client, "龙岗", type="place")} <= {"District", "Subdistrict", "Community"}
    assert len(found(kg_client, "改革", limit=3)) == 3


@pytest.mark.parametrize("params", [{"q": ""}, {"q": "   "}, {}, {"q": "x", "limit": "0"}])
def test_empty_or_missing_query_is_422(kg_client, params) -> None:
    response = kg_client.get("/search", params=params)
    assert response.status_code == 422 and response.json()["ok"] is False


def test_the_index_is_rebuilt_when_the_store_changes(loaded_store_path, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(search_route, "RECHECK_S", 0.0)
    path = copy_store(loaded_store_path, tmp_path)
    with TestClient(create_app(kg_settings(path))) as client:
        assert iris(client, "测试专用改革") == []
        reform = ox.NamedNode(BASE + "reform/440303/ce-shi")
        doc = ox.NamedNode(BASE + "doc/999_test")
        graph = ox.NamedNode(BASE + "graph/doc/999_test")
        quads = [
            ox.Quad(reform, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(BASE + "ontology#Reform"), graph),
            ox.Quad(reform, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), ox.Literal("测试专用改革", language="zh"), graph),
            ox.Quad(doc, ox.NamedNode(BASE + "ontology#textSha256"), ox.Literal("00"), graph),
        ]
        writer = OxigraphStore(str(path))  # the app reads read-only: a writer works beside it, as `szkg load` does
        writer.replace_graph(graph.value, quads)
        writer.close()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            # a worker that reopens the store while it is being written may fail once (reported);
            # what matters here is that the index catches up without a restart
            response = client.get("/search", params={"q": "测试专用改革"})
            if response.status_code == 200 and response.json():
                break
            time.sleep(0.2)
        assert iris(client, "测试专用改革") == [BASE + "reform/440303/ce-shi"]
