"""General rules on a made-up subdistrict story with a news-flash list: reform names cut after a
lead-in (在…实施, …试行的), mechanisms a place names in a list item, an office's own working
mechanism, a bare 社区 as subject, leaders of a numbered item's reform, pilots that are goals,
generic or unit designations, bodies glued to a preposition or inside a quoted award, inputs."""

import pytest

from tests.unit.test_extract_plans_round2 import _extracted
from tests.unit.test_extract_sections import _edges, _named

ARTICLE = """沙井街道：老城区里的“小切口”大文章
来源：宝安日报
2031-05-06 09:00

今年以来，沙井街道推出涵盖园区治理、充电、托管等领域的一批小切口举措。

沙井街道在辖区老旧工业区实施园区“楼长制”治理改革，由街道党工委书记赵宏伟牵头，商户投诉量同比下降30%。

这得益于宝安试行的企业服务“一码通办”改革。全街道已有210项涉企事项实现“一码通办”。

步涌社区电动车多、充电桩少。社区在街道支持下探索“错峰充电”共享机制，累计建成充电桩320个。

区委改革办建立“日研判、周调度”工作机制，区委深改委召开会议6次，审议改革文件9件。

（三）推行“校社联动”课后托管改革。2031年春季学期起，区教育局统筹辖区学校资源，新增托管学位3600个。

获上级肯定的经验主要包括：

1. 福永街道“骑楼+市集”活化模式入选省商务厅典型案例，带动客流增长25%。

2. 新桥街道被市民政局确定为“深圳市社区协商创新实验区”。

稳步推进社区医院薪酬改革试点，区中医院作为市级试点单位，医护人员满意度提升至91%。企业服务“一码通办”改革获评2031年度“中国城市治理创新奖”。

下一步，沙井将继续争取上级试点，努力把沙井建设成为宜居宜业的现代化示范区。
"""


@pytest.fixture(scope="module")
def facts(tmp_path_factory) -> tuple[dict, dict]:
    return _extracted(tmp_path_factory.mktemp("round3"), "shajing.txt", ARTICLE)


def _names(ents: dict, etype: str) -> set[str]:
    return {e["name"] for e in ents.values() if e["type"] == etype}


def test_reform_names_start_after_a_lead_in(facts) -> None:
    _, ents = facts
    reforms = _names(ents, "Reform")
    assert "园区“楼长制”治理改革" in reforms and "企业服务“一码通办”改革" in reforms, reforms
    assert not [n for n in reforms if "辖区" in n or "得益" in n or "试行的" in n], reforms


def test_a_place_names_its_own_mechanism_in_a_list_item(facts) -> None:
    data, ents = facts
    _named(ents, "Reform", "“骑楼+市集”活化模式")
    assert ("“骑楼+市集”活化模式", "福永街道") in _edges(data, ents, "implementedIn")
    assert ("省商务厅典型案例", "“骑楼+市集”活化模式") in _edges(data, ents, "recognizes")


def test_the_reform_office_working_mechanism_and_inputs_are_not_reforms_or_outcomes(facts) -> None:
    _, ents = facts
    assert not [n for n in _names(ents, "Reform") if "日研判" in n]
    metrics = _names(ents, "Metric")
    assert not [m for m in metrics if "会议" in m or "文件" in m], metrics


def test_a_bare_community_subject_is_the_community_just_named(facts) -> None:
    data, ents = facts
    assert ("“错峰充电”共享机制", "步涌社区") in _edges(data, ents, "implementedIn")


def test_the_body_opening_a_numbered_item_leads_its_heading_reform(facts) -> None:
    data, ents = facts
    assert ("“校社联动”课后托管改革", "区教育局") in _edges(data, ents, "ledBy")


def test_goals_generic_and_unit_designations_are_not_pilots(facts) -> None:
    _, ents = facts
    pilots = _names(ents, "Pilot")
    assert not [p for p in pilots if "上级" in p or "现代化" in p or p.startswith("市级")], pilots
    assert _named(ents, "Pilot", "社区医院薪酬改革试点")["level"] == "municipal"
    assert _named(ents, "Pilot", "社区协商创新实验区")["level"] == "municipal"


def test_bodies_are_cut_at_a_glued_preposition_and_not_taken_from_a_quoted_award(facts) -> None:
    data, ents = facts
    orgs = _names(ents, "Organization")
    assert "市民政局" in orgs and not [o for o in orgs if "中国城" in o or o.startswith("被")], orgs
    award = _named(ents, "Recognition", "中国城市治理创新奖")
    assert award["kind"] == "award"
    assert ("“深圳市社区协商创新实验区”", "市民政局") in _edges(data, ents, "conferredBy")


STORY = """沙井街道：老街巷里的新变化
来源：宝安日报
2031-06-01 10:00

步涌社区老旧小区多。社区推行老旧小区“楼栋管家”模式，已有40个楼栋成立管家队。
"""


def test_communities_of_a_one_subdistrict_story_belong_to_that_subdistrict(tmp_path) -> None:
    data, ents = _extracted(tmp_path, "story.txt", STORY)
    assert ("步涌社区", "沙井街道") in _edges(data, ents, "partOf")


INTERVIEW = """让改革红利惠及于民——访光明区负责人
来源：光明日报社
2033年03月02日 09:00

记者：光明区的改革有什么特点？

受访者：2032年，光明区出台《光明区科创体制改革实施方案》，明确了成果转化、人才评价等12项改革任务。

记者：成果转化方面有什么新探索？

受访者：我们推行科技“成果转化”赋权改革，由区科技创新局牵头，已有35项成果完成赋权。
"""


def test_a_plan_counts_its_listed_tasks_and_owns_the_reforms_its_labels_name(tmp_path) -> None:
    data, ents = _extracted(tmp_path, "guangming.txt", INTERVIEW)
    plan = _named(ents, "ReformPlan", "科创体制改革实施方案")
    assert plan["count"] == 12 and plan["year"] == 2032, plan
    reform = _named(ents, "Reform", "赋权改革")
    assert (reform["name"], plan["name"]) in _edges(data, ents, "partOf")
    assert reform["year"] == 2032  # the plan's year, not the interview's
