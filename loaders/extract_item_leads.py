"""Who leads a reform named as a numbered item's heading sentence ('(三)探索X改革。今年4月起,该项改革由
区委书记某某亲自牵头…', '(一)推行X改革。…,区教育局打破…'): the body opening a clause of the next
sentence, a body it works with (会同/联合), or a person named as taking the lead there."""

import logging
import re

from loaders.extract_context import CONNECTIVES, Article
from loaders.extract_model import Entity

logger = logging.getLogger(__name__)

ITEM_HEADING = re.compile(r"[((][一二三四五六七八九十\d]+[))]")
MAX_HEADING = 40
LEAD_AFTER = ("牵头", "亲自牵头", "负责")
PARTNER = ("会同", "联合")


def item_heading_next(art: Article, start: int):
    """The sentence after the heading sentence of a numbered item that names something at ``start``."""
    sent, block = art.sentence(start), art.block(start)
    if sent is None or block is None or sent.start != block.start or len(sent.text) > MAX_HEADING:
        return None
    if not ITEM_HEADING.match(block.text):
        return None
    nxt = art.sentence(sent.end)
    return nxt if nxt is not None and nxt.start >= sent.end and nxt.start < block.end else None


NUMBERED = re.compile(r"[((][一二三四五六七八九十\d]+[))]|\d{1,2}[.、．](?!\d)")
LEAD_LABEL = re.compile("(?:牵头|责任|主责)单位[:：]")


def numbered_item_rest(art: Article, start: int) -> tuple[int, int] | None:
    """(start, end) of what follows the heading sentence of a numbered list item ('3.X改革。由甲局牵头。')."""
    sent, block = art.sentence(start), art.block(start)
    if sent is None or block is None or sent.start != block.start or len(sent.text) > MAX_HEADING:
        return None
    if not NUMBERED.match(block.text) or sent.end >= block.end:
        return None
    return sent.end, block.end


def labelled_leads(art: Article, lo: int, hi: int) -> list[Entity]:
    """'牵头单位：区发展和改革局、区司法局': the bodies a list item names as its leads."""
    found: list[Entity] = []
    for match in LEAD_LABEL.finditer(art.text, lo, hi):
        stop = min([i for i in (art.text.find(c, match.end(), hi) for c in "；;。\n") if i >= 0] or [hi])
        for org in art.book.of_type("Organization"):
            if org not in found and any(match.end() <= s < stop for s, _ in org.mentions):
                found.append(org)
    return found


def numbered_item_leads(art: Article, reform: Entity, led_by) -> list[tuple[Entity, int, int]]:
    """'3.X改革。由甲局牵头。', '…。牵头单位：甲局': (leader, evidence start, end) for each mention heading a
    numbered list item; ``led_by(sentence)`` reads the 由…牵头 phrases of one sentence."""
    found: list[tuple[Entity, int, int]] = []
    for start, _ in reform.mentions:
        rest = numbered_item_rest(art, start)
        if rest is None:
            continue
        sentences = [s for s in art.layout.sentences if rest[0] <= s.start < rest[1]]
        leads = [lead for s in sentences for lead in led_by(s)] + labelled_leads(art, *rest)
        found += [(lead, start, rest[1]) for lead in leads]
    return found


def item_leads(art: Article, reform: Entity) -> list[tuple[Entity, int, int]]:
    """(leader, evidence start, evidence end) for each mention that is a numbered item's heading."""
    found: list[tuple[Entity, int, int]] = []
    for start, _ in reform.mentions:
        nxt = item_heading_next(art, start)
        if nxt is None:
            continue
        leaders = _clause_bodies(art, nxt) + _leading_persons(art, nxt)
        found += [(lead, start, nxt.end) for lead in leaders]
    return found


def _clause_bodies(art: Article, sent) -> list[Entity]:
    out = []
    for lo, hi in art.clauses(sent)[:2]:
        while lo < hi and art.text[lo] in CONNECTIVES:
            lo += 1
        org = art.covered_by(lo, lo + 2, "Organization")
        if org is None or org.attrs.get("level") in ("national", "provincial"):
            continue
        out.append(org)
        org_end = max(e for s, e in org.mentions if s <= lo < e)
        if art.text.startswith(PARTNER, org_end):
            partner = art.covered_by(org_end + 2, org_end + 3, "Organization")
            out += [partner] if partner is not None else []
        break
    return out


def _leading_persons(art: Article, sent) -> list[Entity]:
    return [p for p in art.book.of_type("Person") for s, e in p.mentions
            if sent.start <= s < sent.end and art.text.startswith(LEAD_AFTER, e)]
