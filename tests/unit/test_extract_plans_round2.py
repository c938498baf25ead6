"""General rules on a made-up article: a plan named inside a sentence with its count, members and
leaders; promotions and titles with their conferring body; places listed or guided; numbers
between a disposal marker and its verb; bodies joined by 和 and inside quoted designations."""

from pathlib import Path

import pytest

from loaders.extract import extract_path
from tests.unit.test_extract_sections import _edges, _named

ARTICLE = """南山区:改革攻坚跑出加速度

南山区日前印发《南山区2031年改革攻坚行动方案》,部署楼宇经济“双链协同”改革、社区养老“时间银行”改革等18项重点改革,由区委改革办统筹推进。该方案由区委常委、常务副区长林志远牵头统筹,区发展和改革局具体统筹。

营商环境:楼宇服务“即来即办”

今年以来,南山区发展改革和财政局牵头推行楼宇经济“双链协同”改革,将全区640项涉企服务事项全部接入。截至目前,已有52个产业项目纳入改革范围。该做法获市政府办公厅发文在全市推广。

社区养老:银发服务“时间银行”

在桃源街道、西丽街道等地推行社区养老“时间银行”改革,已在35栋老旧楼宇建立互助站点。区长周明亮亲自挂帅推动社区养老“时间银行”改革,由区民政局具体实施。这一模式获市领导批示肯定,并由市委社工部在全市推广。

同年,招商街道被农业农村部认定为2031年全国乡村治理示范乡镇。南山街道党工委被中共深圳市委授予“深圳市先进基层党组织”称号。南山区人民医院获批“深圳市公立医院薪级改革试点单位”。
"""


def _extracted(folder: Path, name: str, text: str) -> tuple[dict, dict]:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    data = extract_path(path).to_json()
    return data, {e["id"]: e for e in data["entities"]}


@pytest.fixture(scope="module")
def facts(tmp_path_factory) -> tuple[dict, dict]:
    return _extracted(tmp_path_factory.mktemp("round2"), "nanshan.txt", ARTICLE)


def test_a_plan_named_inside_a_sentence_keeps_its_name_year_and_count(facts) -> None:
    _, ents = facts
    plan = _named(ents, "ReformPlan", "改革攻坚行动方案")
    assert plan["name"] == "《南山区2031年改革攻坚行动方案》" and plan["year"] == 2031 and plan["count"] == 18


def test_reforms_listed_after_the_plan_belong_to_it_and_its_leaders_lead_the_plan(facts) -> None:
    data, ents = facts
    plan = _named(ents, "ReformPlan", "改革攻坚行动方案")["name"]
    members = {r for r, p in _edges(data, ents, "partOf") if p == plan}
    assert {"楼宇经济“双链协同”改革", "社区养老“时间银行”改革"} <= members, members
    leads = _edges(data, ents, "ledBy")
    assert {(plan, "区委改革办"), (plan, "林志远"), (plan, "区发展和改革局")} <= leads, leads
    assert ("社区养老“时间银行”改革", "区委改革办") not in leads  # the plan's coordinator leads no single reform


def test_a_promotion_is_named_by_its_scope_and_conferred_by_the_issuing_body(facts) -> None:
    data, ents = facts
    names = {e["name"] for e in ents.values() if e["type"] == "Recognition"}
    assert "市政府办公厅发文在全市推广" not in names, names
    conferred = _edges(data, ents, "conferredBy")
    assert ("在全市推广", "市政府办公厅") in conferred and ("在全市推广", "市委社工部") in conferred, conferred


def test_a_title_granted_to_a_body_recognises_that_body(facts) -> None:
    data, ents = facts
    title = _named(ents, "Recognition", "先进基层党组织")
    assert ("“深圳市先进基层党组织”", "中共深圳市委") in _edges(data, ents, "conferredBy") or \
        (title["name"], "中共深圳市委") in _edges(data, ents, "conferredBy")
    assert (title["name"], "南山街道党工委") in _edges(data, ents, "recognizes")
    assert _named(ents, "Organization", "中共深圳市委")["level"] == "municipal"


def test_a_demonstration_township_is_a_pilot_of_the_subdistrict_after_a_time_word(facts) -> None:
    data, ents = facts
    pilot = _named(ents, "Pilot", "示范乡镇")
    assert pilot["level"] == "national" and pilot["year"] == 2031
    assert (pilot["name"], "招商街道") in _edges(data, ents, "implementedIn")
    assert (pilot["name"], "农业农村部") in _edges(data, ents, "conferredBy")
    assert not [e for e in ents.values() if e["type"] == "Recognition" and "示范乡镇" in e["name"]]


def test_bodies_joined_by_and_and_quoted_designations(facts) -> None:
    _, ents = facts
    orgs = {e["name"] for e in ents.values() if e["type"] == "Organization"}
    assert "南山区发展改革和财政局" in orgs and "南山区人民医院" in orgs, orgs
    assert not [o for o in orgs if "公立医院" in o or "获批" in o], orgs
    assert not [e for e in ents.values() if e["type"] == "Reform" and "发展改革" in e["name"]]


def test_listed_places_and_leaders_of_a_reform(facts) -> None:
    data, ents = facts
    places = {p for r, p in _edges(data, ents, "implementedIn") if r == "社区养老“时间银行”改革"}
    assert {"桃源街道", "西丽街道"} <= places, places
    leads = {p for r, p in _edges(data, ents, "ledBy") if r == "社区养老“时间银行”改革"}
    assert {"周明亮", "区民政局"} <= leads, leads


def test_numbers_after_a_disposal_marker_or_a_place_preposition(facts) -> None:
    _, ents = facts
    metrics = {e["name"] for e in ents.values() if e["type"] == "Metric"}
    assert {"640项涉企服务事项", "52个产业项目", "35栋老旧楼宇"} <= metrics, metrics


SECTIONS = """坪山区:基层治理改革见成效

党建引领:楼宇里的“红色驿站”

在碧岭街道,坪山区委组织部联合碧岭街道党工委推行楼宇党建“四联四通”机制,并在碧岭街道沙湖社区率先落地楼宇党群服务站。

汤坑社区党委书记李文华介绍,社区每月组织企业座谈会。

今年3月,碧岭街道党工委被中共深圳市委授予“深圳市五星级基层党组织”称号。

基层治理:网格联动

碧岭街道党工委指导汤坑社区推行“网格+楼长”联动治理机制。
"""


@pytest.fixture(scope="module")
def sections(tmp_path_factory) -> tuple[dict, dict]:
    return _extracted(tmp_path_factory.mktemp("round2-sections"), "pingshan.txt", SECTIONS)


def test_a_place_where_a_reform_lands_later_in_its_sentence(sections) -> None:
    data, ents = sections
    places = {p for r, p in _edges(data, ents, "implementedIn") if r == "楼宇党建“四联四通”机制"}
    assert {"碧岭街道", "沙湖社区"} <= places, places


def test_a_community_belongs_to_the_one_subdistrict_of_its_section(sections) -> None:
    data, ents = sections
    assert ("汤坑社区", "碧岭街道") in _edges(data, ents, "partOf")


def test_a_body_after_an_opening_time_is_the_one_recognised(sections) -> None:
    data, ents = sections
    title = _named(ents, "Recognition", "五星级基层党组织")["name"]
    assert (title, "碧岭街道党工委") in _edges(data, ents, "recognizes")


def test_a_community_guided_by_its_subdistrict_carries_the_reform(sections) -> None:
    data, ents = sections
    places = {p for r, p in _edges(data, ents, "implementedIn") if r.endswith("联动治理机制")}
    assert "汤坑社区" in places and "碧岭街道" not in places, places
