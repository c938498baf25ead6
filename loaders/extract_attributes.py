"""Attributes: a reform's domain and year, the year and level of pilots, recognitions and plans."""

import logging
from functools import lru_cache

from loaders.extract_context import YEAR, Article
from loaders.extract_model import Entity
from loaders.extract_tables import load_table

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _domains() -> dict:
    return load_table("domains")


def assign_attributes(art: Article) -> None:
    """Fill in domain, year and level where the article gives them."""
    for reform in art.book.of_type("Reform"):
        reform.attrs["domain"] = reform_domain(art, reform)
        reform.attrs.setdefault("year", _reform_year(art, reform))
    for entity in art.book.of_type("Pilot", "Recognition", "ReformPlan"):
        if entity.attrs.get("year") is None:
            entity.attrs["year"] = _printed_year(art, entity) or art.pub_year
    for pilot in art.book.of_type("Pilot"):
        pilot.attrs.setdefault("level", "district")
        if pilot.attrs.get("level") is None:
            pilot.attrs["level"] = "district"
    for entity in art.book.entities.values():
        for key in [k for k, v in entity.attrs.items() if v is None]:
            del entity.attrs[key]


def reform_domain(art: Article, reform: Entity) -> str:
    """The section heading's field if it names exactly one, else the first keyword group that
    matches the name, then its sentence, then its paragraph."""
    for start, _ in sorted(reform.mentions):
        fields = heading_fields(art.headings_above(start))
        if len(fields) == 1:
            return fields.pop()
        # a heading naming two fields (党建和纪检监察…) files the reform under the one its words match
        found = (keyword_domain(text, fields) for text in _domain_texts(art, reform)) if fields else ()
        domain = next((d for d in found if d), None)
        if domain:
            return domain
    for text in _domain_texts(art, reform):
        domain = keyword_domain(text)
        if domain:
            return domain
    return _domains()["default"]


def _domain_texts(art: Article, reform: Entity):
    """The reform's name, then clause, segment, sentence and paragraph of each mention, first mention first."""
    yield reform.name
    for start, _ in sorted(reform.mentions):
        sent, block = art.sentence(start), art.block(start)
        lo, hi = art.clause_bounds(start)
        yield art.text[lo:hi]
        seg_lo, seg_hi = art.clause_bounds(start, ";;。!?!?")
        yield from (art.text[seg_lo:seg_hi], sent.text if sent else "", block.text if block else "")


def heading_field(heading: str) -> str | None:
    """The one field a heading names (社会领域…, 经济体制改革…), or None when it names none or several."""
    found = heading_fields(heading)
    return found.pop() if len(found) == 1 else None


def heading_fields(heading: str) -> set[str]:
    """The fields a heading names."""
    return {domain for domain, words in _domains()["heading_fields"] if any(w in heading for w in words)}


def keyword_domain(text: str, allowed: set[str] | None = None) -> str | None:
    """The group of the longest keyword found in ``text`` (政治生态 over 生态); ties go to the guide's order."""
    best = None
    for rank, (domain, words) in enumerate(_domains()["groups"]):
        if allowed is not None and domain not in allowed:
            continue
        for word in words:
            if word in text and (best is None or (len(word), -rank) > best[0]):
                best = ((len(word), -rank), domain)
    return best[1] if best else None


def _reform_year(art: Article, reform: Entity) -> int | None:
    years = YEAR.findall(reform.name)
    if years:
        return int(years[0])
    for start, _ in sorted(reform.mentions):
        year = art.year_at(start)
        if year:
            return year
    for rel in art.book.relations.values():
        if rel.head is reform and rel.type == "partOf" and rel.tail.type == "ReformPlan":
            plan_year = rel.tail.attrs.get("year") or _printed_year(art, rel.tail)  # plans get theirs later
            if plan_year:
                return plan_year
    return art.pub_year


def _printed_year(art: Article, entity: Entity) -> int | None:
    years = YEAR.findall(entity.name)
    if years:
        return int(years[0])
    start = entity.first
    sent = art.sentence(start)
    if sent:
        found = YEAR.findall(sent.text)
        if found:
            return int(found[0])
    return art.year_at(start)
