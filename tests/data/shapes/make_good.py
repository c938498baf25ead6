"""Regenerate ``good.trig``: two small invented articles mapped by the real loader mapping.

Run ``.venv/bin/python tests/data/shapes/make_good.py`` after a change of the mapping;
then check the broken fixtures (``broken/*.ru``) still name nodes that exist. The texts are
invented for the fixtures (no sample-corpus sentences). Evidence: an entity's first mention;
a relation's sentence holding both ends.
"""

import re
from pathlib import Path

import pyoxigraph as ox

from graph.ns import DEFAULT_BASE, PREFIXES
from graph.reference import find_place
from loaders.to_rdf import extraction_to_quads, text_sha256

HERE = Path(__file__).resolve().parent

ARTICLE_A = (
    "龙岗区2018年度重点改革项目共18项。龙岗区推进优化营商环境改革，由区发改局牵头，区委书记张明主抓。"
    "区发改局是区政府的工作部门。平湖街道上木古社区开展社区治理试点，由区政府批准。"
    "优化营商环境改革获国务院办公厅发文推广，并获《焦点访谈》专题报道。"
    "全年化解涉企纠纷212宗，涉及金额6635万元。"
)
ARTICLE_B = "龙岗区坂田街道推行“一网通办”改革，入选2019年广东省政务服务创新案例。龙岗区优化营商环境改革持续深化。"

ENTITIES_A = [
    ("d1", "District", "龙岗区", {}), ("s1", "Subdistrict", "平湖街道", {}), ("c1", "Community", "上木古社区", {}),
    ("o1", "Organization", "区发改局", {"level": "district"}), ("o2", "Organization", "区政府", {"level": "district"}),
    ("o3", "Organization", "国务院办公厅", {"level": "national"}), ("m1", "MediaOutlet", "《焦点访谈》", {}),
    ("p1", "Person", "张明", {"role": "区委书记"}),
    ("pl1", "ReformPlan", "2018年度重点改革项目", {"year": 2018, "count": 18}),
    ("r1", "Reform", "优化营商环境改革", {"domain": "economy", "year": 2018}),
    ("pi1", "Pilot", "社区治理试点", {"level": "district", "year": 2018}),
    ("k1", "Metric", "化解涉企纠纷212宗", {"value": 212, "unit": "宗"}),
    ("k2", "Metric", "涉及金额6635万元", {"value": 6635, "unit": "万元"}),
    ("g1", "Recognition", "国务院办公厅发文推广", {"kind": "promotion", "level": "national", "year": 2018}),
    ("g2", "Recognition", "《焦点访谈》专题报道", {"kind": "media", "level": "national"}),
]
RELATIONS_A = [
    ("r1", "implementedIn", "d1"), ("pl1", "implementedIn", "d1"), ("r1", "partOf", "pl1"), ("r1", "ledBy", "o1"),
    ("r1", "ledBy", "p1"), ("o1", "partOf", "o2"), ("o1", "partOf", "d1"), ("s1", "partOf", "d1"),
    ("c1", "partOf", "s1"), ("pi1", "implementedIn", "c1"), ("pi1", "conferredBy", "o2"), ("g1", "recognizes", "r1"),
    ("g1", "conferredBy", "o3"), ("g2", "recognizes", "r1"), ("g2", "conferredBy", "m1"), ("r1", "hasOutcome", "k1"),
    ("r1", "hasOutcome", "k2"),
]
ENTITIES_B = [
    ("d1", "District", "龙岗区", {}), ("s1", "Subdistrict", "坂田街道", {}),
    ("r1", "Reform", "优化营商环境改革", {"domain": "economy"}),
    ("r2", "Reform", "“一网通办”改革", {"domain": "government", "year": 2019}),
    ("g1", "Recognition", "2019年广东省政务服务创新案例", {"kind": "case", "level": "provincial", "year": 2019}),
]
RELATIONS_B = [("r1", "implementedIn", "d1"), ("r2", "implementedIn", "s1"), ("g1", "recognizes", "r2")]


def _span(text: str, start: int, end: int) -> dict:
    return {"start": start, "end": end, "quote": text[start:end]}


def _mention(text: str, name: str) -> tuple[int, int]:
    for candidate in (name, name.removesuffix("街道")):
        if (start := text.find(candidate)) >= 0:
            return start, start + len(candidate)
    raise ValueError(f"{name!r} is not in the text")


def _sentence(text: str, first: str, second: str) -> tuple[int, int]:
    for match in re.finditer(r"[^。]+。", text):
        if first in match.group(0) and second in match.group(0):
            return match.start(), match.end()
    return _mention(text, first)


def extraction(doc: str, title: str, published: dict, text: str, entities: list, relations: list) -> dict:
    """An extraction in the loader's JSON shape, evidence found in ``text``."""
    names = {eid: name.removesuffix("街道") for eid, _, name, _ in entities}
    return {
        "document": doc, "title": title, "publisher": "读特", "text_sha256": text_sha256(text), **published,
        "entities": [{"id": eid, "type": kind, "name": name, **attrs, "evidence": [_span(text, *_mention(text, name))]}
                     for eid, kind, name, attrs in entities],
        "relations": [{"head": h, "type": t, "tail": o, "evidence": [_span(text, *_sentence(text, names[h], names[o]))]}
                      for h, t, o in relations],
    }


def main() -> None:
    """Write good.trig next to this script."""
    places = lambda name: find_place(name)  # noqa: E731
    quads = extraction_to_quads(extraction("fixture_a.txt", "龙岗区改革纪实", {"published": "2018-09-26"}, ARTICLE_A,
                                           ENTITIES_A, RELATIONS_A), ARTICLE_A, DEFAULT_BASE, places, version="fixture")
    quads += extraction_to_quads(extraction("fixture_b.txt", "坂田街道改革", {"published": None, "published_month_day": "--12-21"},
                                            ARTICLE_B, ENTITIES_B, RELATIONS_B), ARTICLE_B, DEFAULT_BASE, places,
                                 version="fixture")
    order = lambda q: (q.graph_name.value, q.subject.value, q.predicate.value, str(q.object))  # noqa: E731
    body = ox.serialize(sorted(quads, key=order), format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    header = b"# Generated by make_good.py: two invented articles that conform to ontology/shapes.ttl.\n"
    (HERE / "good.trig").write_bytes(header + body)


if __name__ == "__main__":
    main()
