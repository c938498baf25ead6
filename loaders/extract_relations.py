"""Where reforms and pilots are carried out (implementedIn), who leads them (ledBy) and who
designates a pilot (conferredBy), read from the sentence that names them."""

import logging
import re
from functools import lru_cache

from loaders.extract_context import OPENING_TIME, Article
from loaders.extract_item_leads import item_heading_next, item_leads, numbered_item_leads
from loaders.extract_model import Entity
from loaders.extract_places import anaphoric_place, main_district, story_subdistrict
from loaders.extract_plan_books import plan_leads, speaks_of_plan
from loaders.extract_plans import plan_members
from loaders.extract_tables import load_table

logger = logging.getLogger(__name__)

SEGMENT_END = ";;。!?!?"
PARTNER = re.compile("联合|会同")
SITE_REACH = 12
ITEM_REACH = 40  # characters of an item's second sentence where 在某街道 places its heading's reform
LANDED = re.compile(r"[并还]在([\u4e00-\u9fff]{2,12}?(?:社区|街道))(?:率先|试点)?(?:落地|设立|建立|开展|推行)")  # characters after a reform's name within which '在某街道…' still places it


@lru_cache(maxsize=1)
def _table() -> dict:
    return load_table("relations")


def extract_relations(art: Article) -> None:
    """implementedIn, ledBy and partOf edges of reforms, plans and pilots."""
    plan_members(art)
    plan_leads(art, lambda a, sent: _led_by_phrases(a, sent, _table()))
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
    lo += len(OPENING_TIME.match(art.text, lo, offset)[0])  # '同年,甲街道被…': a time word opens the segment
    while lo < offset and art.text[lo] in "此外同时另还,, ":
        lo += 1
    if art.text.startswith("这是", lo):
        lo += 2  # '这是甲街道推行X改革带来的变化': the subject follows
    entity = art.covered_by(lo, lo + 2, *types)
    if entity is not None and entity.type == "Subdistrict" and "Community" in types:
        end = max((e for s, e in entity.mentions if s < lo + 2 and e > lo), default=lo)  # 在西乡街道: mention after 在
        return art.covered_by(end, end + 1, "Community") or entity  # 莲花街道彩田社区获评…
    return entity


def _reform_place(art: Article, reform: Entity) -> None:
    start, end = reform.mentions[0]
    place = _subject(art, start, "Subdistrict", "Community") or art.clause_subject(
        start, "Subdistrict", "Community") or anaphoric_place(art, start) or story_subdistrict(
        art) or main_district(art)
    places = [_guided_community(art, place, start) or place] + _listed_after(art, place) if place else []
    for place in places:
        art.book.relate(reform, "implementedIn", place, *_span(art, place, start, end))
    for m_start, m_end in reform.mentions:
        nxt = item_heading_next(art, m_start)  # '(二)试行X改革。甲局…,在乙街道、丙街道试行…'
        for site in _sites(art, m_start, m_end) + (_sites(art, nxt.start, nxt.start + ITEM_REACH) if nxt else []):
            if site not in places:
                art.book.relate(reform, "implementedIn", site, *_span(art, site, m_start, m_end))


def _guided_community(art: Article, place: Entity, start: int) -> Entity | None:
    """'甲街道党工委指导乙社区推行X': the community named between the subdistrict and the reform carries it."""
    if place.type != "Subdistrict":
        return None
    lo, _ = art.clause_bounds(start)
    found = [c for c in art.book.of_type("Community") for s, _ in c.mentions if lo < s < start]
    return found[-1] if found else None


def _listed_after(art: Article, place: Entity) -> list[Entity]:
    """'甲街道、乙街道推行X': the places listed with the subject carry it too."""
    out = []
    ends = [e for _, e in place.mentions]
    for end in ends:
        while art.text.startswith("、", end):
            nxt = art.covered_by(end + 1, end + 2, "Subdistrict", "Community")
            if nxt is None or nxt in out or nxt is place:
                break
            out.append(nxt)
            end = max(e for s, e in nxt.mentions if s <= end + 1 < e)
    return out


def _sites(art: Article, start: int, end: int) -> list[Entity]:
    """'X模式,在甲街道乙社区开展试点', '在甲街道、乙街道等地推行X', '在甲街道,…': the places a reform is
    tried out in (after 在 before it in its ;-segment or right after it, or in its paragraph's opening words)."""
    block = art.block(start)
    if block is None:
        return []
    seg_lo, _ = segment_bounds(art, start)
    found: list[Entity] = []
    for lo, hi in ((seg_lo, end + SITE_REACH), (block.start, block.start + 1)):
        at = art.text.find("在", lo, hi)
        while 0 <= at < hi:
            place = art.covered_by(at + 1, at + 2, "Subdistrict", "Community")
            if place is not None:
                place_end = max(e for s, e in place.mentions if s <= at + 1 < e)
                site = art.covered_by(place_end, place_end + 1, "Community") or place
                found += [p for p in [site] + _listed_after(art, site) if p not in found]
            at = art.text.find("在", at + 1, hi)
    return found + [p for p in _landed_in(art, end) if p not in found]


def _landed_in(art: Article, end: int) -> list[Entity]:
    """'X机制,…,并在甲街道乙社区率先落地…': a place later in the sentence where it is set up."""
    sent = art.sentence(end)
    out = []
    for match in LANDED.finditer(art.text, end, sent.end if sent else end):
        place = art.covered_by(match.end(1) - 1, match.end(1), "Community", "Subdistrict")
        if place is not None and match[1].endswith(place.name):
            out.append(place)
    return out


def _reform_leads(art: Article, reform: Entity) -> None:
    table = _table()
    for start, end in reform.mentions:
        org = _subject(art, start, "Organization") or art.clause_subject(start, "Organization")
        if org is not None and org.attrs.get("level") not in ("national", "provincial"):
            art.book.relate(reform, "ledBy", org, *_span(art, org, start, end))
        partner = _partner(art, start)
        if partner is not None:
            art.book.relate(reform, "ledBy", partner, *_span(art, partner, start, end))
        sent = art.sentence(start)
        if sent is None or speaks_of_plan(art, sent):
            continue
        for lead in _led_by_phrases(art, sent, table):
            art.book.relate(reform, "ledBy", lead, sent.start, sent.end)
    _section_lead(art, reform)
    for lead, lo, hi in numbered_item_leads(art, reform, lambda s: _led_by_phrases(art, s, table)):
        art.book.relate(reform, "ledBy", lead, lo, hi)
    for lead, lo, hi in item_leads(art, reform):
        art.book.relate(reform, "ledBy", lead, lo, hi)
    for org in art.book.of_type("Organization"):
        if len(reform.key) >= 3 and reform.key in org.key and org.key != reform.key:
            art.book.relate(reform, "ledBy", org, *org.mentions[0])  # 区“智慧城市”改革建设工作小组


def _partner(art: Article, start: int) -> Entity | None:
    """'甲局联合乙分中心建立…', '会同深圳海关推行…': the body a reform is carried out together with."""
    lo, _ = art.clause_bounds(start)
    match = PARTNER.search(art.text, lo, start)
    return art.covered_by(match.end(), match.end() + 1, "Organization") if match else None


def _section_lead(art: Article, reform: Entity) -> None:
    """（一）推进X改革 / 区某局推行…: the body opening the paragraph under a reform's heading carries it."""
    for start, end in reform.mentions:
        block = art.block(start)
        if block is None or block.kind != "heading" or block.index + 1 >= len(art.layout.blocks):
            continue
        body = art.layout.blocks[block.index + 1]
        org = art.covered_by(body.start, body.start + 2, "Organization") if body.kind == "paragraph" else None
        if org is not None and org.attrs.get("level") not in ("national", "provincial"):
            art.book.relate(reform, "ledBy", org, start, body.end)


def _led_by_phrases(art: Article, sent, table: dict) -> list[Entity]:
    """由区长戴斌任组长 / 由区委书记牵头主抓: the person (or body) after 由 leads."""
    found = []
    for match in re.finditer("由([^,。;]{2,20}?)(?:" + "|".join(table["lead_verbs"]) + ")", sent.text):
        lo, hi = sent.start + match.start(1), sent.start + match.end(1)
        person = art.covered_by(lo, hi, "Person") or _person_by_role(art, match[1])
        org = art.covered_by(lo, hi, "Organization")
        found += [e for e in (person, org) if e is not None]
    for match in re.finditer(table["command_verbs"], sent.text):  # 区长某某亲自挂帅推动X
        at = sent.start + match.start()
        found += [p for p in art.book.of_type("Person") if any(e == at for _, e in p.mentions)]
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
        district = story_subdistrict(art) or main_district(art)
        if district:
            art.book.relate(pilot, "implementedIn", district, start, end)
        for community in _paragraph_communities(art, start):
            art.book.relate(pilot, "implementedIn", community, *_span(art, community, start, end))
    holder = _anaphoric_body(art, lo, start)
    if holder is not None:  # '该中心被…评为…示范组织': the body named before holds it
        art.book.relate(pilot, "ledBy", holder, *_span(art, holder, start, end))
    for org in _ordered(art, lo, start, "Organization"):
        if org.attrs.get("level") in table["conferrer_levels"]:
            art.book.relate(pilot, "conferredBy", org, *_span(art, org, start, end))
            pilot.attrs.setdefault("level", org.attrs["level"])
        else:
            art.book.relate(pilot, "ledBy", org, *_span(art, org, start, end))


def _anaphoric_body(art: Article, lo: int, start: int) -> Entity | None:
    """The body '该中心' / '该局' at the segment start refers to: the latest one named with that ending."""
    match = re.match(r"该([\u4e00-\u9fff]{1,2})(?:被|获|入选|成功)", art.text[lo:start])
    if match is None:
        return None
    block = art.block(lo)
    if block is None:
        return None
    named = [(s, o) for o in art.book.of_type("Organization") for s, _ in o.mentions
             if block.start <= s < lo and o.name.endswith(match[1])]  # named in the same paragraph
    return max(named, key=lambda hit: hit[0])[1] if named else None


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
