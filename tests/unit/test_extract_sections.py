"""General rules on made-up articles: a reform heading owns its section, outcome numbers of
several printed shapes, the acting body of a section, communities cut apart by jieba."""

from pathlib import Path

from loaders.extract import extract_path

ARTICLE = """盐田区推进港区服务体制改革工作情况

今年以来，盐田区交通运输局认真落实区委、区政府关于深化港区服务体制改革的部署，推进货运管理精细化改革。

（一）推进货车停放市场化改革

盐田区交通运输局推行货车停放“统一调度”运营模式，将全区划分为4个停放片区。改革后，停放秩序满意度排名由全市第9位上升至第2位，通行效率提升近一倍，7座停车场实现24小时开放。

（二）建设智慧调度平台

盐田区交通运输局建设货运调度平台，累计处置调度事件3.2万宗，平均等候时长由50分钟缩短至12分钟。

（三）开展货运站场督导改革

沙头角街道桥东社区获评全国货运服务示范社区。
"""


def _extract(tmp_path: Path) -> tuple[dict, dict]:
    path = tmp_path / "yantian.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    data = extract_path(path).to_json()
    return data, {e["id"]: e for e in data["entities"]}


def _named(ents: dict, etype: str, fragment: str) -> dict:
    found = [e for e in ents.values() if e["type"] == etype and fragment in e["name"]]
    assert found, (etype, fragment, [e["name"] for e in ents.values() if e["type"] == etype])
    return found[0]


def _edges(data: dict, ents: dict, rtype: str) -> set[tuple[str, str]]:
    return {(ents[r["head"]]["name"], ents[r["tail"]]["name"]) for r in data["relations"] if r["type"] == rtype}


def test_a_mechanism_under_a_reform_heading_is_part_of_that_reform(tmp_path) -> None:
    data, ents = _extract(tmp_path)
    reforms = {e["name"] for e in ents.values() if e["type"] == "Reform"}
    assert not [n for n in reforms if "运营模式" in n], reforms
    outcomes = {m for r, m in _edges(data, ents, "hasOutcome") if r.endswith("货车停放市场化改革")}
    assert any("排名由全市第9位上升至第2位" in m for m in outcomes), outcomes


def test_numbers_printed_as_ranks_doublings_and_durations(tmp_path) -> None:
    _, ents = _extract(tmp_path)
    rank = _named(ents, "Metric", "第2位")
    assert (rank["value"], rank["unit"]) == (2, "位")
    double = _named(ents, "Metric", "提升近一倍")
    assert (double["value"], double["unit"]) == (1, "倍")
    parks = _named(ents, "Metric", "7座停车场实现24小时开放")
    assert (parks["value"], parks["unit"]) == (7, "座")
    assert not [e for e in ents.values() if e["type"] == "Metric" and e["name"].startswith("24小时")]
    wait = _named(ents, "Metric", "缩短至12分钟")
    assert (wait["value"], wait["unit"]) == (12, "分钟")
    assert _named(ents, "Metric", "3.2万宗")["unit"] == "万宗"


def test_a_section_without_its_own_reform_reports_on_the_headline_reform(tmp_path) -> None:
    data, ents = _extract(tmp_path)
    outcomes = {m for r, m in _edges(data, ents, "hasOutcome") if r == "港区服务体制改革"}
    assert any("3.2万宗" in m for m in outcomes), _edges(data, ents, "hasOutcome")


def test_the_body_acting_in_the_lead_and_under_a_heading_leads_the_reforms(tmp_path) -> None:
    data, ents = _extract(tmp_path)
    led = _edges(data, ents, "ledBy")
    bureau = "盐田区交通运输局"
    assert bureau in {o["name"] for o in ents.values() if o["type"] == "Organization"}
    for reform in ("港区服务体制改革", "货运管理精细化改革", "货车停放市场化改革"):  # a leading verb may stay
        assert any(name.endswith(reform) and body == bureau for name, body in led), (reform, led)
    assert not [name for name, _ in led if name.startswith("（")]  # the heading's number is no part of a name


def test_a_community_cut_into_characters_after_its_subdistrict(tmp_path) -> None:
    data, ents = _extract(tmp_path)
    community = _named(ents, "Community", "桥东社区")
    assert (community["name"], "沙头角街道") in _edges(data, ents, "partOf")
    assert ("全国货运服务示范社区", "桥东社区") in _edges(data, ents, "implementedIn")
