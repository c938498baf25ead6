"""Plans named in 《》 inside a sentence (印发《X区2022年改革攻坚行动方案》,部署…15项重点改革),
their count printed after the name, and the leaders the plan's sentence names (由…牵头统筹)."""

import logging
import re

from loaders.extract_context import Article
from loaders.extract_model import Entity, name_key

logger = logging.getLogger(__name__)

YEAR_IN_NAME = re.compile(r"((?:19|20)\d{2})年")
NOT_PLANS = ("试点", "关于")  # a pilot's own scheme or a policy document, not a set of district reforms
SAME_PLAN = re.compile(r"^(?:该|此|这一)(?:方案|清单|举措|计划|要点)")
SECOND_LEAD = re.compile(r"[,,]([^,,。;]{2,16}?)具体(?:统筹|负责|实施|推进)")


def named_plans(art: Article, pat: dict) -> list[Entity]:
    """Record each 《…改革…方案/清单/举措》 that opens with a place; returns the plans."""
    found = []
    for block in art.layout.blocks:
        for match in pat["named"].finditer(block.text):
            name = match["name"]
            if any(word in name for word in NOT_PLANS):
                continue
            start, end = block.start + match.start(), block.start + match.end()
            year = YEAR_IN_NAME.search(name)
            plan = art.book.add("ReformPlan", art.text[start:end], start, end, key=name_key(name),
                                count=_count_in_name(name, pat) or _count_after(art, end, pat),
                                year=int(year[1]) if year else None)
            plan.info.setdefault("scoped", False)
            plan.info.setdefault("kind", "book")
            found.append(plan)
    return found


def _count_in_name(name: str, pat: dict) -> int | None:
    from loaders.extract_plans import chinese_number

    match = pat["name_count"].search(name)
    return chinese_number(match["n"]) if match else None


def _count_after(art: Article, end: int, pat: dict) -> int | None:
    """'《…方案》确定的20项改革任务', '《…清单》,清单共列出40项改革任务': the first count in the sentence."""
    from loaders.extract_plans import chinese_number

    sent = art.sentence(end - 1)
    match = pat["named_count"].search(art.text, end, sent.end) if sent else None
    return chinese_number(match["n"]) if match else None


def owning_plan(art: Article, start: int, end: int, text: str) -> Entity | None:
    """The named plan a shorter plan match belongs to: inside its 《》, or a part of its name."""
    for plan in art.book.of_type("ReformPlan"):
        if plan.info.get("kind") != "book":
            continue
        if any(s <= start and end <= e for s, e in plan.mentions) or name_key(text) in plan.key:
            return plan
    return None


def plan_sentences(art: Article, plan: Entity) -> list:
    """The sentences that speak of the plan: where it is named and a next one opening with 该方案."""
    out = []
    for start, _ in plan.mentions:
        sent = art.sentence(start)
        if sent is None or sent in out:
            continue
        out.append(sent)
        later = art.sentence(sent.end + 1) if sent.end + 1 < len(art.text) else None
        if later is not None and SAME_PLAN.match(art.text[later.start:later.end].lstrip()):
            out.append(later)
    return out


def plan_leads(art: Article, leads_in) -> None:
    """由区长某某牵头抓总,区某局具体统筹: who leads a named plan (the sentence names no reform's leader)."""
    for plan in art.book.of_type("ReformPlan"):
        if plan.info.get("kind") != "book":
            continue
        for sent in plan_sentences(art, plan):
            for lead in leads_in(art, sent):
                art.book.relate(plan, "ledBy", lead, sent.start, sent.end)
            for match in SECOND_LEAD.finditer(sent.text):
                lo = sent.start + match.start(1)
                org = art.covered_by(lo, lo + 2, "Organization")
                if org is not None:
                    art.book.relate(plan, "ledBy", org, sent.start, sent.end)


def speaks_of_plan(art: Article, sent) -> bool:
    """True when the sentence is about a plan: it opens with 该方案, or names a plan before its 由."""
    if SAME_PLAN.match(sent.text.lstrip()):
        return True
    at = sent.text.find("由")
    return at >= 0 and any(sent.start <= s < sent.start + at
                           for plan in art.book.of_type("ReformPlan") for s, _ in plan.mentions)
