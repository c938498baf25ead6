"""Reference places: districts, zones, subdistricts and name lookup."""

import pytest

from graph.ns import DEFAULT_BASE
from graph.reference import (
    Place,
    districts,
    find_place,
    load_places,
    place_by_code,
    place_by_iri,
    short_name,
    subdistricts_of,
)

PLACE = DEFAULT_BASE + "place/"
CODES = {
    "罗湖区": "440303", "福田区": "440304", "南山区": "440305", "宝安区": "440306",
    "龙岗区": "440307", "盐田区": "440308", "龙华区": "440309", "坪山区": "440310",
    "光明区": "440311", "大鹏新区": None, "深汕特别合作区": None,
}
SUBDISTRICT_COUNTS = {
    "440307": 11, "440303": 10, "440310": 6, "440304": 10, "440305": 8, "440308": 4,
    "440306": 10, "440309": 6, "440311": 6, "dapeng": 3, "shenshan": 4,
}
LONGGANG = {"平湖", "坂田", "布吉", "南湾", "横岗", "园山", "龙岗", "龙城", "宝龙", "坪地", "吉华"}


def test_exactly_nine_districts_and_two_zones_with_their_codes() -> None:
    found = {p.name: p.code for p in districts()}
    assert found == CODES
    kinds = {p.name: p.kind for p in districts()}
    assert kinds["大鹏新区"] == kinds["深汕特别合作区"] == "FunctionalZone"
    assert sum(kind == "District" for kind in kinds.values()) == 9


def test_districts_and_zones_are_contained_in_shenzhen() -> None:
    shenzhen = place_by_code("440300")
    assert shenzhen is not None and shenzhen.kind == "Municipality" and shenzhen.parent is None
    assert {p.parent for p in districts()} == {shenzhen.iri}


def test_zone_iris_follow_the_contract() -> None:
    assert find_place("大鹏新区").iri == PLACE + "dapeng"
    assert find_place("深汕特别合作区").iri == PLACE + "shenshan"
    assert find_place("龙岗区").iri == PLACE + "440307"


@pytest.mark.parametrize(("slug", "count"), sorted(SUBDISTRICT_COUNTS.items()))
def test_full_subdistrict_lists(slug: str, count: int) -> None:
    subs = subdistricts_of(PLACE + slug)
    assert len(subs) == count
    for sub in subs:
        assert sub.kind == "Subdistrict" and sub.name.endswith("街道")
        assert sub.iri.startswith(PLACE + slug + "/")
        assert sub.pinyin.endswith(" Jiedao") and sub.en.endswith(" Subdistrict")


def test_longgang_subdistricts_by_name() -> None:
    assert {p.short_name for p in subdistricts_of(PLACE + "440307")} == LONGGANG


def test_every_subdistrict_has_a_district_parent() -> None:
    parents = {p.iri for p in districts()}
    subs = [p for p in load_places() if p.kind == "Subdistrict"]
    assert len(subs) == sum(SUBDISTRICT_COUNTS.values())
    assert all(p.parent in parents for p in subs)


def test_find_place_matches_short_and_full_names() -> None:
    pinghu = find_place("平湖")
    assert pinghu is not None and pinghu == find_place("平湖街道")
    assert pinghu.iri == PLACE + "440307/pinghu" and pinghu.parent == PLACE + "440307"
    assert find_place("龙岗") == find_place("龙岗区") == place_by_iri(PLACE + "440307")
    assert find_place("龙岗街道").kind == "Subdistrict"
    assert find_place("深圳").code == "440300"
    assert find_place(" 坪山 ").code == "440310"


def test_find_place_variants_and_misses() -> None:
    assert find_place("圆山街道") == find_place("园山")
    assert find_place("深汕合作区") == find_place("深汕特别合作区")
    assert find_place("上海") is None
    assert find_place("") is None


def test_short_name_strips_one_suffix() -> None:
    assert [short_name(n) for n in ("龙岗区", "平湖街道", "大鹏新区", "深汕特别合作区", "深圳市")] == [
        "龙岗", "平湖", "大鹏", "深汕", "深圳"]
    assert short_name("区") == "区"


def test_another_base_rewrites_every_iri() -> None:
    base = "http://example.org/kg/"
    places = load_places(base=base)
    assert len(places) == len(load_places())
    assert all(p.iri.startswith(base) for p in places)
    assert all(p.parent is None or p.parent.startswith(base) for p in places)
    longgang = find_place("龙岗", base=base)
    assert longgang.iri == base + "place/440307" and longgang.code == "440307"
    assert len(subdistricts_of(base + "place/440307", base=base)) == 11


def test_places_are_frozen_and_labelled() -> None:
    for place in load_places():
        assert isinstance(place, Place) and place.name and place.short_name and place.pinyin and place.en
    with pytest.raises(AttributeError):
        load_places()[0].name = "x"  # type: ignore[misc]


def test_a_missing_reference_folder_is_reported(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="reference"):
        load_places(tmp_path)
