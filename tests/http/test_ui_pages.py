"""The web UI's pages, in-process: they render in zh and en, forms are typed, nothing points off-host."""

import json
import re
import warnings
from pathlib import Path

import pytest

from api.app import create_app
from api.config import Settings
from api.entity_graph import neighbourhood, node_type
from api.pages import label_picker, ui_prefixes

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

API = Path(__file__).resolve().parents[2] / "api"
STATIC = API / "static"
BASE = "https://w3id.org/szreform/"
PAGES = ["/", "/ui/sparql", "/ui/queries", "/ui/queries/district_timeline", "/ui/queries/article_facts", "/ui/district/440307",
         "/ui/district/dapeng", "/ui/search?q=营商"]
URL = re.compile(r"""https?://[^\s"'<>)\\]+""")
# Namespace names that appear in text (prefix declarations, the SVG namespace) but are never fetched.
NAMESPACES = (*ui_prefixes(BASE).values(), BASE, "http://www.w3.org/2000/svg")


@pytest.fixture(scope="module")
def client():
    """The app on an empty in-memory store: pages need only files (queries, reference places)."""
    with TestClient(create_app(Settings(store="memory"))) as test_client:
        yield test_client


@pytest.fixture(autouse=True)
def no_language_cookie(client):
    """Each test starts without the language cookie an earlier response set."""
    client.cookies.clear()


@pytest.fixture(scope="module")
def catalogue(client) -> list[dict]:
    return client.get("/queries").json()["queries"]


def _script_json(html: str, element_id: str) -> dict:
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    assert match, f"no #{element_id} in the page"
    return json.loads(match.group(1))


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_in_chinese_by_default(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="zh-CN"' in response.text
    assert "深圳改革知识图谱" in response.text
    assert _script_json(response.text, "ui-strings")["nav.queries"] == "常用查询"


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_in_english_and_remembers_it(client, path):
    response = client.get(path, params={"lang": "en"})
    assert response.status_code == 200
    assert '<html lang="en"' in response.text and "Shenzhen Reform KG" in response.text
    assert "常用查询" not in response.text  # no zh interface string left
    assert "szkg_lang=en" in response.headers["set-cookie"]


def test_cookie_keeps_the_language_and_query_switches_it(client):
    client.get("/ui/queries?lang=en")
    assert '<html lang="en"' in client.get("/ui/district/440307").text
    assert '<html lang="zh-CN"' in client.get("/ui/queries?lang=zh").text
    assert '<html lang="zh-CN"' in client.get("/").text
    client.cookies.set("szkg_lang", "fr")
    assert '<html lang="zh-CN"' in client.get("/ui/queries").text


def test_language_switch_keeps_the_other_parameters(client):
    html = client.get("/ui/queries/district_timeline?district=440307&from=2018").text
    link = re.search(r'id="lang-switch" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert link.startswith("/ui/queries/district_timeline?")
    assert "district=440307" in link and "from=2018" in link and "lang=en" in link


@pytest.mark.parametrize("path", ["/ui/queries/no_such_query", "/ui/district/999999", "/ui/district/44030%20", "/ui/district/LONGGANG"])
def test_unknown_things_get_an_html_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "找不到页面" in response.text


def test_gallery_lists_every_curated_query(client, catalogue):
    html = client.get("/ui/queries").text
    assert html.count('class="query-card"') == len(catalogue) > 0
    for query in catalogue:
        assert f'href="/ui/queries/{query["name"]}"' in html and query["title"]["zh"] in html


def test_form_fields_follow_parameter_types(client):
    html = client.get("/ui/queries/district_timeline").text
    district = re.search(r'<select id="param-district" name="district" required>(.*?)</select>', html, re.S)
    assert district, "the district parameter is not a required <select>"
    assert district.group(1).count("<option") == 12  # "(choose)" + 9 districts + 2 zones
    assert 'value="440307"' in district.group(1) and "龙岗区" in district.group(1)
    assert re.search(r'<input id="param-from" name="from" type="number"', html)


def test_code_parameters_list_their_concepts(client):
    html = client.get("/ui/queries/reforms_in_domain?lang=en").text
    domain = re.search(r'<select id="param-domain" name="domain" required>(.*?)</select>', html, re.S)
    assert domain and 'value="economy"' in domain.group(1)
    assert "economy" in domain.group(1).lower()


def test_editor_has_prefixes_and_one_tab_per_query(client, catalogue):
    config = _script_json(client.get("/ui/sparql").text, "sparql-config")
    assert config["endpoint"] == "/sparql"
    assert config["prefixes"]["szr"] == BASE + "ontology#" and "skos" in config["prefixes"]
    assert [t["name"] for t in config["tabs"]] == [q["name"] for q in catalogue]
    assert all("SELECT" in t["query"].upper() or "CONSTRUCT" in t["query"].upper() for t in config["tabs"])


def test_prefixes_follow_the_base_iri():
    prefixes = ui_prefixes("http://example.org/kg/")
    assert prefixes["szr"] == "http://example.org/kg/ontology#"
    assert prefixes["place"] == "http://example.org/kg/place/"


def test_prefixes_json(client):
    assert client.get("/ui/prefixes.json").json()["szr"] == BASE + "ontology#"


def _own_assets() -> list[Path]:
    return [p for p in STATIC.rglob("*") if p.is_file() and "vendor" not in p.relative_to(STATIC).parts]


def _foreign_urls(text: str) -> list[str]:
    return [url for url in URL.findall(text)
            if not url.startswith(NAMESPACES) and not re.match(r"https?://(localhost|127\.0\.0\.1)[:/]", url)]


@pytest.mark.parametrize("path", [*PAGES, "/ui/api"])
def test_pages_name_no_other_host(client, path):
    html = client.get(path).text
    assert not _foreign_urls(html), f"{path} names other hosts"
    for attribute in re.findall(r'(?:src|href|action)="([^"]*)"', html):
        assert attribute.startswith(("/", "?", "#")), f"{path}: {attribute!r} is not a path on this app"


def test_own_assets_name_no_other_host(client):
    for asset in _own_assets():
        served = client.get(f"/static/{asset.relative_to(STATIC).as_posix()}")
        assert served.status_code == 200, asset
        assert not _foreign_urls(served.text), f"{asset.name} names other hosts: {_foreign_urls(served.text)}"


def test_vendored_editor_and_graph_are_served(client):
    html = client.get("/ui/sparql").text
    for path in re.findall(r'(?:src|href)="(/static/vendor/[^"?]+)', html) + ["/static/vendor/cytoscape/cytoscape.min.js"]:
        response = client.get(path)
        assert response.status_code == 200, f"{path} missing: run make ui-deps (.ci/ui-deps)"
        assert len(response.content) > 10_000


def test_every_interface_string_exists_in_both_languages():
    strings = json.loads((STATIC / "i18n.json").read_text(encoding="utf-8"))
    assert set(strings["zh"]) == set(strings["en"])
    used = set()
    for template in (API / "templates").glob("*.html"):
        used |= set(re.findall(r"""\bt\(['"]([a-z_]+\.[A-Za-z_.]+)['"]\)""", template.read_text(encoding="utf-8")))
    for script in (STATIC / "js").glob("*.js"):
        used |= set(re.findall(r"""\bt\(["']([a-z_]+\.[A-Za-z_.]+)["']\)""", script.read_text(encoding="utf-8")))
    assert used, "found no t('…') call"
    assert not used - set(strings["zh"]), f"strings used but not translated: {used - set(strings['zh'])}"


def test_label_picker_falls_back_to_the_other_language():
    pick = label_picker("en")
    assert pick({"zh": "龙岗区", "en": "Longgang District"}) == "Longgang District"
    assert pick({"zh": "区政府"}) == "区政府"
    assert pick({"zh": "龙岗区", "en": "Longgang District"}, other=True) == "龙岗区"
    assert pick(None) == "" and pick("plain") == "plain"


def _term(path: str, zh: str) -> dict:
    return {"kind": "iri", "value": BASE + path.lstrip("/"), "path": path, "label": zh, "labels": {"zh": zh}}


def test_neighbourhood_links_the_entity_to_its_neighbours():
    entity = {
        "iri": BASE + "reform/440307/x", "path": "/reform/440307/x", "label": "改革", "label_en": "A reform",
        "facts": [
            {"predicate": {"name": "szr:implementedIn", "labels": {"zh": "实施地", "en": "implemented in"}},
             "values": [{"term": _term("/place/440307", "龙岗区")}, {"term": {"kind": "literal", "value": "2023"}}]},
            {"predicate": {"name": "szr:hasEvidence", "labels": {}}, "values": [{"term": _term("/evidence/d/1-2", "e")}]},
        ],
        "incoming": [{"predicate": {"name": "szr:recognizes", "labels": {"en": "recognises"}},
                      "values": [{"term": _term("/recognition/abc", "典型案例")}]}],
    }
    graph = neighbourhood(entity, label_picker("en"))
    assert [n["label"] for n in graph["nodes"]] == ["A reform", "龙岗区", "典型案例"]
    assert graph["edges"] == [
        {"source": BASE + "reform/440307/x", "target": BASE + "place/440307", "label": "implemented in"},
        {"source": BASE + "recognition/abc", "target": BASE + "reform/440307/x", "label": "recognises"},
    ]
    assert node_type("/place/440307") == "District" and node_type("/place/440307/pinghu") == "Subdistrict"
