"""The extractor on the sample corpus (evidence is exact) and on made-up articles about other districts."""

import json
import unicodedata
from pathlib import Path

import pytest

from loaders.extract import extract_path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "data" / "corpus"
ARTICLES = ROOT / "tests" / "data" / "articles"
GOLD = ROOT / "tests" / "gold"


@pytest.fixture(scope="module")
def corpus_output() -> dict[str, dict]:
    return {p.stem: extract_path(p).to_json() for p in sorted(CORPUS.glob("*.txt"))}


def _facts(path: Path) -> tuple[dict, dict[str, dict]]:
    data = extract_path(path).to_json()
    return data, {e["id"]: e for e in data["entities"]}


def _has(entities: dict[str, dict], etype: str, fragment: str, **attrs) -> dict:
    found = [e for e in entities.values() if e["type"] == etype and fragment in e["name"]]
    assert found, f"no {etype} naming {fragment!r}: {[e['name'] for e in entities.values() if e['type'] == etype]}"
    for entity in found:
        if all(entity.get(k) == v for k, v in attrs.items()):
            return entity
    raise AssertionError(f"{etype} {fragment!r} lacks {attrs}: {found}")


def _related(data: dict, head: dict, rtype: str, tail: dict) -> bool:
    return any(r["head"] == head["id"] and r["type"] == rtype and r["tail"] == tail["id"] for r in data["relations"])


@pytest.mark.parametrize("stem", [p.stem for p in sorted(CORPUS.glob("*.txt"))])
def test_every_fact_has_exact_evidence(corpus_output: dict, stem: str) -> None:
    data = corpus_output[stem]
    text = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8")
    text = unicodedata.normalize("NFC", text)
    assert data["text_length"] == len(text)
    ids = [e["id"] for e in data["entities"]]
    assert len(ids) == len(set(ids))
    for fact in data["entities"] + data["relations"]:
        assert fact["evidence"], fact
        for span in fact["evidence"]:
            assert span["quote"] == text[span["start"]:span["end"]] and span["quote"]
    for rel in data["relations"]:
        assert rel["head"] in ids and rel["tail"] in ids


def test_output_carries_the_guide_fields(corpus_output: dict) -> None:
    data = corpus_output["000_2cfde935c3116cc9"]
    assert data["document"] == "000_2cfde935c3116cc9.txt" and data["normalization"] == "NFC"
    assert data["published_raw"] == "2018-09-26 08:10" and data["bylines"] == [{"role": "编辑", "name": "程思玮"}]
    kinds = {e["type"] for e in data["entities"]}
    assert {"District", "Reform", "Pilot", "ReformPlan", "Metric", "Organization", "Person"} <= kinds
    json.dumps(data, ensure_ascii=False)


def test_no_corpus_answers_in_the_extractor() -> None:
    """Dictionaries hold reference data only: no reform, pilot, recognition or plan name of the gold files."""
    names = set()
    for gold in GOLD.glob("*.json"):
        for entity in json.loads(gold.read_text(encoding="utf-8"))["entities"]:
            if entity["type"] in {"Reform", "Pilot", "Recognition", "ReformPlan"}:
                plain = "".join(ch for ch in unicodedata.normalize("NFKC", entity["name"]) if ch not in "“”‘’\"'《》「」 ")
                if len(plain) >= 6:
                    names.add(plain)
    mine = [ROOT / "loaders" / n for n in ("documents.py", "segment.py")]
    mine += sorted((ROOT / "loaders").glob("extract*.py")) + sorted((ROOT / "loaders" / "data").glob("*"))
    for path in mine:
        if path.suffix in {".py", ".json", ".tsv", ".txt"}:
            text = "".join(ch for ch in unicodedata.normalize("NFKC", path.read_text(encoding="utf-8"))
                           if ch not in "“”‘’\"'《》「」 ")
            assert not [n for n in names if n in text], path


def test_futian_article() -> None:
    data, ents = _facts(ARTICLES / "futian_2021.txt")
    district = _has(ents, "District", "福田区")
    plan = _has(ents, "ReformPlan", "2021年度重点改革项目", count=25, year=2021)
    licence = _has(ents, "Reform", "“证照分离”改革")
    assert _related(data, licence, "partOf", plan) and _related(data, licence, "implementedIn", district)
    one_licence = _has(ents, "Reform", "“一照通行”改革", domain="economy")
    bureau = _has(ents, "Organization", "福田区市场监管局", level="district")
    assert _related(data, one_licence, "ledBy", bureau) and _related(data, bureau, "partOf", district)
    days = _has(ents, "Metric", "0.5个工作日", value=0.5, unit="个工作日")
    assert _related(data, one_licence, "hasOutcome", days)
    case = _has(ents, "Recognition", "营商环境改革创新典型案例", kind="case", level="provincial")
    assert _related(data, case, "recognizes", one_licence)
    _has(ents, "Recognition", "批示", kind="endorsement", level="municipal")
    _has(ents, "Recognition", "在全市推广", kind="promotion")
    media = _has(ents, "Recognition", "《人民日报》", kind="media", level="national")
    assert _related(data, media, "conferredBy", _has(ents, "MediaOutlet", "人民日报"))
    community = _has(ents, "Community", "彩田社区")
    assert _related(data, community, "partOf", _has(ents, "Subdistrict", "莲花街道"))
    pilot = _has(ents, "Pilot", "全国综合减灾示范社区", level="national")
    assert _related(data, pilot, "implementedIn", community)
    property_city = _has(ents, "Reform", "“物业城市”治理模式")
    assert _related(data, property_city, "implementedIn", _has(ents, "Subdistrict", "华富街道"))
    _has(ents, "Person", "王伟", role="福田区委书记、区委全面深化改革委员会主任")
    assert not [e for e in ents.values() if e["type"] == "Person" and e["name"] == "李明"]  # the editor


def test_baoan_markdown_article() -> None:
    data, ents = _facts(ARTICLES / "baoan_2022.md")
    _has(ents, "District", "宝安区")
    _has(ents, "ReformPlan", "2022年全面深化改革工作要点", year=2022)
    land = _has(ents, "Reform", "工业用地提容增效改革", domain="economy")
    assert _related(data, land, "ledBy", _has(ents, "Organization", "宝安区发展和改革局"))
    promoted = _has(ents, "Recognition", "发文推广", kind="promotion", level="national")
    assert _related(data, promoted, "recognizes", land)
    assert _related(data, promoted, "conferredBy", _has(ents, "Organization", "国家发展改革委"))
    hospital_pilot = _has(ents, "Pilot", "试点单位", level="national")
    assert _related(data, hospital_pilot, "ledBy", _has(ents, "Organization", "宝安区人民医院"))
    block_mode = _has(ents, "Reform", "“街区制”管理模式", domain="society")
    assert _related(data, block_mode, "implementedIn", _has(ents, "Subdistrict", "新安街道"))
    assert _related(data, block_mode, "hasOutcome", _has(ents, "Metric", "98.5%", value=98.5, unit="%"))


def test_nanshan_html_article() -> None:
    data, ents = _facts(ARTICLES / "nanshan_2020.html")
    _has(ents, "District", "南山区")
    one_net = _has(ents, "Reform", "“一网通办”改革", domain="government", year=2020)
    assert _related(data, one_net, "hasOutcome", _has(ents, "Metric", "98%", value=98))
    specialist = _has(ents, "Reform", "“企业服务专员”制度")
    assert _related(data, specialist, "implementedIn", _has(ents, "Subdistrict", "粤海街道"))
    report = _has(ents, "Recognition", "新华社", kind="media", level="national")
    assert _related(data, report, "recognizes", specialist)
    case = _has(ents, "Recognition", "优秀案例", kind="case", year=2020)
    assert _related(data, case, "recognizes", _has(ents, "Reform", "“秒报秒批”模式"))


def test_a_rule_that_fails_costs_its_step_not_the_article(tmp_path, monkeypatch):
    """One unforeseen sentence must not drop the whole article: the other steps still run."""
    import loaders.extract as extract

    def broken_rule(art):
        raise ValueError("max() arg is an empty sequence")

    broken_rule.__name__ = "extract_relations"
    steps = tuple(broken_rule if s.__name__ == "extract_relations" else s for s in extract.STEPS)
    monkeypatch.setattr(extract, "STEPS", steps)
    path = tmp_path / "a.txt"
    path.write_text("龙岗区推进改革\n\n龙岗区推行营商环境改革，新增企业1200家。\n", encoding="utf-8")
    data = extract.extract_path(path).to_json()
    assert data["warnings"] == ["extract_relations failed: ValueError: max() arg is an empty sequence"]
    assert any(e["type"] == "Reform" for e in data["entities"])
    assert not [r for r in data["relations"] if r["type"] == "implementedIn"]  # that step's work is missing


def test_a_subdistrict_after_zai_opening_the_sentence_places_the_reform(tmp_path):
    path = tmp_path / "b.txt"
    path.write_text("宝安区推进改革\n\n在西乡街道，宝安区工商联探索打造“商会+调解”纠纷化解模式。\n", encoding="utf-8")
    from loaders.extract import extract_path

    data = extract_path(path).to_json()
    assert "warnings" not in data
    names = {e["id"]: e["name"] for e in data["entities"]}
    places = {names[r["tail"]] for r in data["relations"] if r["type"] == "implementedIn"}
    assert places == {"西乡街道"}, data["relations"]
