"""Where reforms and pilots are carried out (implementedIn), who leads them (ledBy) and who
designates a pilot (conferredBy), read from the sentence that names them."""

import logging
import re
from functools import lru_cache

from loaders.extract_context import Article
from loaders.extract_model import Entity
from loaders.extract_places import main_district
from loaders.extract_plans import plan_members
from loaders.extract_tables import load_table

logger = logging.getLogger(__name__)

SEGMENT_END = ";;。!?!?"


@lru_cache(maxsize=1)
def _table() -> dict:
    return load_table("relations")


def extract_relations(art: Article) -> None:
    """implementedIn, ledBy and partOf edges of reforms, plans and pilots."""
    plan_members(art)
    for reform in art.book.of_type("Reform"):
        _reform_place(art, reform)
        _reform_leads(art, reform)
    _respective_leads(art)
    _row_leads(art)
    for pilot in art.book.of_type("Pilot"):
        _pilot_edges(art, pilot)


def _row_leads(art: Article) -> None:
    """A table row (改革项目 | 牵头单位 | …): the body or subdistrict in another cell carries the row's reform."""
    for cells in art.notes["rows"].values():
        reforms = _ordered(art, cells[0][0], cells[-1][1], "Reform")
        for lo, hi in cells:
            org = art.covered_by(lo, lo + 2, "Organization")
            place = art.covered_by(lo, lo + 2, "Subdistrict")
            for reform in reforms:
                if any(lo <= s < hi for s, _ in reform.mentions):
                    continue
                if org is not None and org.attrs.get("level") not in ("national", "provincial"):
                    art.book.relate(reform, "ledBy", org, cells[0][0], cells[-1][1])
                if place is not None and hi - lo <= len(place.name) + 1:  # the cell names just the place
                    art.book.relate(reform, "implementedIn", place, cells[0][0], cells[-1][1])


def segment_bounds(art: Article, offset: int) -> tuple[int, int]:
    """[start, end) of the ;-delimited part of the sentence holding ``offset``."""
    sent = art.sentence(offset)
    return art.clause_bounds(offset, SEGMENT_END)[0], sent.end if sent else len(art.text)


def _subject(art: Article, offset: int, *types: str) -> Entity | None:
    """The entity that opens the segment of ``offset`` (after 此外/同时…), if one of ``types``."""
    lo, _ = segment_bounds(art, offset)
    while lo < offset and art.text[lo] in "此外同时另还,, ":
        lo += 1
    entity = art.covered_by(lo, lo + 2, *types)
    if entity is not None and entity.type == "Subdistrict" and "Community" in types:
        end = max((e for s, e in entity.mentions if s < lo + 2 and e > lo), default=lo)  # 在西乡街道: mention after 在
        return art.covered_by(end, end + 1, "Community") or entity  # 莲花街道彩田社区获评…
    return entity


def _reform_place(art: Article, reform: Entity) -> None:
    start, end = reform.mentions[0]
    place = _subject(art, start, "Subdistrict", "Community") or art.clause_subject(
        start, "Subdistrict", "Community") or main_district(art)
    if place is not None:
        art.book.relate(reform, "implementedIn", place, *_span(art, place, start, end))


def _reform_leads(art: Article, reform: Entity) -> None:
    table = _table()
    for start, end in reform.mentions:
        org = _subject(art, start, "Organization")
        if org is not None and org.attrs.get("level") not in ("national", "provincial"):
            art.book.relate(reform, "ledBy", org, *_span(art, org, start, end))
        sent = art.sentence(start)
        if sent is None:
            continue
        for lead in _led_by_phrases(art, sent, table):
            art.book.relate(reform, "ledBy", lead, sent.start, sent.end)
    for org in art.book.of_type("Organization"):
        if len(reform.key) >= 3 and reform.key in org.key and org.key != reform.key:
            art.book.relate(reform, "ledBy", org, *org.mentions[0])  # 区“智慧城市”改革建设工作小组


def _led_by_phrases(art: Article, sent, table: dict) -> list[Entity]:
    """由区长戴斌任组长 / 由区委书记牵头主抓: the person (or body) after 由 leads."""
    found = []
    for match in re.finditer("由([^,。;]{2,20}?)(?:" + "|".join(table["lead_verbs"]) + ")", sent.text):
        lo, hi = sent.start + match.start(1), sent.start + match.end(1)
        person = art.covered_by(lo, hi, "Person") or _person_by_role(art, match[1])
        org = art.covered_by(lo, hi, "Organization")
        found += [e for e in (person, org) if e is not None]
    return found


def _person_by_role(art: Article, title: str) -> Entity | None:
    for person in art.book.of_type("Person"):
        role = person.attrs.get("role") or ""
        if title and title in role:
            return person
    return None


def _respective_leads(art: Article) -> None:
    """'龙岗区委、区政府主要领导分别牵头“A”和“B”项目': bodies and reforms pair in order."""
    marker = _table()["respectively"]
    for sent in art.layout.sentences:
        at = sent.text.find(marker)
        if at < 0:
            continue
        pos = sent.start + at
        orgs = _ordered(art, sent.start, pos, "Organization")
        reforms = _ordered(art, pos, sent.end, "Reform")
        if len(orgs) >= 2 and len(orgs) == len(reforms):
            for org, reform in zip(orgs, reforms):
                art.book.relate(reform, "ledBy", org, sent.start, sent.end)


def _ordered(art: Article, lo: int, hi: int, etype: str) -> list[Entity]:
    hits = sorted(((s, e) for e in art.book.of_type(etype) for s, _ in e.mentions if lo <= s < hi),
                   key=lambda hit: hit[0])  # two entities may share a start offset
    out: list[Entity] = []
    for _, entity in hits:
        if entity not in out:
            out.append(entity)
    return out


def _pilot_edges(art: Article, pilot: Entity) -> None:
    table = _table()
    start, end = pilot.mentions[0]
    lo, _ = segment_bounds(art, start)
    place = _designee_place(art, pilot, lo, start)
    if place:
        art.book.relate(pilot, "implementedIn", place, *_span(art, place, start, end))
    else:
        district = main_district(art)
        if district:
            art.book.relate(pilot, "implementedIn", district, start, end)
        for community in _paragraph_communities(art, start):
            art.book.relate(pilot, "implementedIn", community, *_span(art, community, start, end))
    for org in _ordered(art, lo, start, "Organization"):
        if org.attrs.get("level") in table["conferrer_levels"]:
            art.book.relate(pilot, "conferredBy", org, *_span(art, org, start, end))
            pilot.attrs.setdefault("level", org.attrs["level"])
        else:
            art.book.relate(pilot, "ledBy", org, *_span(art, org, start, end))


def _designee_place(art: Article, pilot: Entity, lo: int, start: int) -> Entity | None:
    """A community or subdistrict that is designated: '龙岭社区获评…', '在渔邨社区试点,打造成…'."""
    subject = _subject(art, start, "Community", "Subdistrict")
    if subject is not None:
        return subject
    sent = art.sentence(start)
    match = re.search(r"在([^,。;]{2,8}?社区)试点", art.text[sent.start:start]) if sent else None
    if match:
        return art.covered_by(sent.start + match.start(1), sent.start + match.end(1), "Community")
    return None


def _paragraph_communities(art: Article, start: int) -> list[Entity]:
    """Communities listed in the paragraph after a district-run pilot (its sites)."""
    block = art.block(start)
    if block is None:
        return []
    return [c for c in art.book.of_type("Community") if any(start < s < block.end for s, _ in c.mentions)]


def _span(art: Article, other: Entity, start: int, end: int) -> tuple[int, int]:
    """Evidence covering both mentions when they are near, else the head's mention."""
    near = [s for s, e in other.mentions if abs(s - start) <= 200]
    if not near:
        return start, end
    s = min(near, key=lambda x: abs(x - start))
    e = max(e for s2, e in other.mentions if s2 == s)
    return min(s, start), max(e, end)
