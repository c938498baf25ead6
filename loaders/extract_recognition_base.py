"""What every kind of recognition shares: its trigger patterns, how one is recorded with
its level and year, the clause around a trigger, and the bodies and outlets that confer it."""

import logging
import re
from difflib import SequenceMatcher
from functools import lru_cache

from loaders.extract_context import YEAR, Article
from loaders.extract_model import Entity, name_key
from loaders.extract_people import outlet_level
from loaders.extract_tables import alternation, load_table

logger = logging.getLogger(__name__)

SCOPE_LEVEL = {"国": "national", "省": "provincial", "市": "municipal", "区": "district"}
PREFIX_ONLY = {"中国"}  # a title mentioning 中国 inside is no national honour; one opening with it (中国…奖) is


@lru_cache(maxsize=1)
def recognition_patterns() -> dict:
    """Compiled trigger patterns and the table they come from."""
    table = load_table("recognitions")
    return {
        "select": re.compile(alternation(table["select_verbs"])),
        "as_case": re.compile(table["as_case"]),
        "media": re.compile(alternation(table["media_acts"])),
        "groups": re.compile(table["media_groups"]),
        "made": re.compile(table["media_made"]),
        "endorse": re.compile(alternation(table["endorse_acts"])),
        "promotion": re.compile(table["promotion"]),
        "hosted": re.compile(table["hosted_event"]),
        "issued": re.compile(table["issued_promotion"]),
        "table": table,
    }


def add_recognition(art: Article, name: str, start: int, end: int, kind: str, found: list, key: str | None = None) -> Entity:
    """Record a recognition (the year printed at its start is an attribute, not part of the name)."""
    name = name.strip(",,、 ")
    year = re.match(r"((?:19|20)\d{2})年度?", name)
    if year and len(name) > year.end() + 3:
        start, name = start + year.end(), name[year.end():]  # the year is an attribute, not the name
    level = recognition_level(art, name, start)
    rec = art.book.add("Recognition", name, start, end, key=key or f"{kind}:{name_key(name)}", kind=kind, level=level)
    years = [year[1]] if year else YEAR.findall(name)
    if years:
        rec.attrs.setdefault("year", int(years[0]))
    found.append((rec, start, end))
    return rec


def recognition_level(art: Article, name: str, start: int) -> str | None:
    """Level of the scope the name states (全国…, 广东省…, 市…), or of a known outlet in it."""
    plain = name_key(name)
    for outlet in art.book.of_type("MediaOutlet"):
        if any(start <= s < start + len(name) for s, _ in outlet.mentions) and outlet_level(outlet.name):
            return outlet_level(outlet.name)
    plain = re.sub(r"^第[一二三四五六七八九十\d]+届", "", plain)  # 第六届“中国…奖”: the scope follows the edition
    for word, level in recognition_patterns()["table"]["scope_levels"]:
        if plain.startswith(word) or (len(word) > 1 and word in plain[:6] and word not in PREFIX_ONLY):
            return level
    return None


def clause_at(art: Article, offset: int, enders: str = ",,;;。!?!?") -> tuple[int, int]:
    """[start, end) of the clause holding ``offset``."""
    return art.clause_bounds(offset, enders)


def mentions_in(art: Article, lo: int, hi: int, *types: str) -> list[tuple[int, int]]:
    """Mentions of ``types`` inside [lo, hi)."""
    return [(s, e) for ent in art.book.of_type(*types) for s, e in ent.mentions if lo <= s and e <= hi]


def outlets_in(art: Article, lo: int, hi: int) -> list[Entity]:
    """Outlets named inside [lo, hi)."""
    return [o for o in art.book.of_type("MediaOutlet") if any(lo <= s and e <= hi for s, e in o.mentions)]


def confer_within(art: Article, rec: Entity, lo: int, hi: int) -> None:
    """conferredBy every outlet and body named in [lo, hi)."""
    for ent in art.book.of_type("MediaOutlet", "Organization"):
        for s, e in ent.mentions:
            if lo <= s and e <= hi:
                art.book.relate(rec, "conferredBy", ent, min(s, rec.mentions[0][0]), max(e, rec.mentions[0][1]))
                if rec.attrs.get("level") is None and ent.attrs.get("level"):
                    rec.attrs["level"] = ent.attrs["level"]


def confer_after(art: Article, rec: Entity, end: int) -> None:
    """'…案例获国务院办公厅发文推广': the body after 获 in the same clause confers it."""
    _, hi = clause_at(art, end, ",,;;。!?!?")
    match = re.search(r"获|由|经", art.text[end:hi])
    if match:
        confer_within(art, rec, end + match.end(), hi)


def confer_subject(art: Article, rec: Entity, start: int) -> None:
    """'市委组织部充分肯定并在全市推广': the body that opens the clause promotes it."""
    lo, _ = clause_at(art, start)
    org = art.covered_by(lo, lo + 2, "Organization")
    if org and org.attrs.get("level") in ("national", "provincial", "municipal"):
        art.book.relate(rec, "conferredBy", org, lo, rec.mentions[-1][1])
    markers = list(re.finditer(r"获(?!评)|由|被", art.text[lo:start]))  # 获某办发文 / 由市委政法委 / 被科技部
    if markers:
        confer_within(art, rec, lo + markers[-1].end(), start)


def similar(a: str, b: str) -> float:
    """How alike two printed names are, quotes ignored (difflib's 2·matches/length)."""
    return SequenceMatcher(None, name_key(a), name_key(b), autojunk=False).ratio()
