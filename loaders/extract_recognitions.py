"""Recognitions: selections and titles (荣获, 获评, 入选…), media coverage (《…》报道), leaders'
endorsements (批示, 肯定) and promotion of experience (在全市推广), with who confers them
and what they recognise."""

import logging
import re

from loaders.extract_context import OPENING_TIME, Article
from loaders.extract_coverage import extract_coverage, extract_endorsements, extract_promotions
from loaders.extract_model import Entity, name_key
from loaders.extract_places import main_district
from loaders.extract_recognition_base import (SCOPE_LEVEL, add_recognition, clause_at, confer_after, confer_within,
                                              recognition_patterns, similar)

logger = logging.getLogger(__name__)

SEGMENT_END = ";;。!?!?"
LEVEL_RANK = {"national": 0, "provincial": 1, "municipal": 2, "district": 3, "subdistrict": 4}


def extract_recognitions(art: Article) -> None:
    """Record the recognitions of each sentence, then link them to their targets."""
    pat = recognition_patterns()
    for sent in art.layout.sentences:
        found: list[tuple[Entity, int, int]] = []
        _hosted(art, sent, pat, found)
        _selections(art, sent, pat, found)
        extract_coverage(art, sent, pat, found)
        extract_endorsements(art, sent, pat, found)
        extract_promotions(art, sent, pat, found)
        for rec, start, end in found:
            _recognize(art, rec, start, end)
    _merge_similar(art)
    _drop_headline_echoes(art)


def _drop_headline_echoes(art: Article) -> None:
    """A headline sums up an honour the body reports ('…经验全省推广'): keep the body's account."""
    recs = art.book.of_type("Recognition")
    for rec in recs:
        blocks = {art.block(s) for s, _ in rec.mentions}
        if not all(b is not None and b.kind == "title" for b in blocks):
            continue
        if any(o is not rec and o.attrs.get("kind") == rec.attrs.get("kind") and
               o.attrs.get("level") in (rec.attrs.get("level"), None) for o in recs):
            art.book.remove(rec)


def _merge_similar(art: Article) -> None:
    """One honour named twice (全国文明城区“十佳” / 文明城区十佳区县) is one recognition."""
    recs = [r for r in art.book.of_type("Recognition") if r.attrs.get("kind") in ("title", "case", "award")]
    for i, keep in enumerate(recs):
        for drop in recs[i + 1:]:
            alive = all((r.type, r.key) in art.book.entities for r in (keep, drop))
            if alive and keep.attrs.get("kind") == drop.attrs.get("kind") and similar(keep.name, drop.name) >= 0.7:
                keep.name = max(keep.name, drop.name, key=len)
                art.book.merge(keep, drop)


def _hosted(art: Article, sent, pat, found: list) -> None:
    """'在人民网和中央党校主办的“…典型案例”评选活动中': the event names the recognition."""
    for match in pat["hosted"].finditer(sent.text):
        start, end = sent.start + match.start("name"), sent.start + match.end("name")
        rec = add_recognition(art, art.text[start:end], start, end, _kind(match["name"], pat), found)
        confer_within(art, rec, sent.start + match.start("hosts"), sent.start + match.end("hosts"))


def _selections(art: Article, sent, pat, found: list) -> None:
    """Selections and titles: 荣获…, 入选…案例, 作为…典型经验."""
    hosted = bool(found)
    promotion = pat["promotion"].search(sent.text)
    for match in pat["select"].finditer(sent.text):
        v_end = sent.start + match.end()
        _, c_end = clause_at(art, v_end, ",,;;。!?!?")
        for start, end in _items(art, v_end, c_end):
            name = art.text[start:end]
            if art.covered_by(start, end, "Pilot") or (hosted and len(name_key(name)) <= 6):
                continue
            kind = _kind(name, pat, match[0])
            if kind is None or (match[0] == "获" and kind != "award"):
                continue  # bare 获 selects only an award (获…奖); 获批/获得感 are no honours
            if promotion and "案例" not in name and match[0] in ("纳入", "列入"):
                kind = "promotion"
            named_at, start = start, _after_conferrer(art, start, end)
            rec = add_recognition(art, art.text[start:end], start, end, kind, found)
            if start != named_at:
                rec.attrs.pop("level", None)  # the level is the conferring body's
            if kind == "promotion" and promotion:
                rec.attrs["level"] = SCOPE_LEVEL[promotion["scope"]]
            confer_within(art, rec, v_end, end)  # 入选某局评选的“…案例”: the body before the name confers it
            _passive_conferrer(art, rec, sent.start + match.start())
    for match in pat["as_case"].finditer(sent.text):
        start, end = sent.start + match.start("name"), sent.start + match.end("name")
        if not any(s < end and start < e for _, s, e in found):
            rec = add_recognition(art, art.text[start:end], start, end, "case", found)
            confer_after(art, rec, end)


def _after_conferrer(art: Article, start: int, end: int) -> int:
    """'获评某省纪委监委“…案例”': the body printed before a quoted name confers it, it is no part of it."""
    org = art.covered_by(start, start + 1, "Organization")
    org_end = max((e for s, e in org.mentions if s <= start < e), default=start) if org else start
    return org_end if org_end < end - 2 and art.text[org_end] in "“《" else start


def _passive_conferrer(art: Article, rec: Entity, verb_at: int) -> None:
    """'被国家发展改革委列为…典型经验': the body between 被 and the verb confers it."""
    lo, _ = clause_at(art, verb_at)
    by = art.text.rfind("被", lo, verb_at)
    if by >= 0:
        confer_within(art, rec, by + 1, verb_at)


def _items(art: Article, start: int, end: int) -> list[tuple[int, int]]:
    """The selected names after a verb: split at 、, trimmed of 了, 称号, 推广 and brackets."""
    table = recognition_patterns()["table"]
    text = art.text
    while start < end and text[start] in "了":
        start += 1
    parts, pos = [], start
    for i in range(start, end + 1):
        if i == end or (text[i] == "、" and text.count("“", start, i) == text.count("”", start, i)):
            parts.append((pos, i))
            pos = i + 1
    if len(parts) > 1 and any(e - s < 4 for s, e in parts):
        parts = [(start, end)]
    out = []
    for s, e in parts:
        e = _trim_tail(text, s, e, table["name_tails"])
        cut = text.rfind("的", s, e)
        if cut > s and text[s:cut].count("“") == text[s:cut].count("”") and \
                text[s:cut].count("《") == text[s:cut].count("》"):
            s = cut + 1  # 联合出版的全国基层治理教材案例: the name follows 的 (not one inside a 《title》)
        if e - s >= 3:
            out.append((s, e))
    return out


def _trim_tail(text: str, start: int, end: int, tails: list[str]) -> int:
    changed = True
    while changed:
        changed = False
        bracket = re.search(r"[((][^()()]*[))]$", text[start:end])
        if bracket:
            end, changed = start + bracket.start(), True
        for tail in tails:
            if text[start:end].endswith(tail) and end - len(tail) > start + 2:
                end, changed = end - len(tail), True
    return end


def _kind(name: str, pat, verb: str = "") -> str | None:
    table = pat["table"]
    if any(w in name for w in table["case_words"]):
        return "case"
    if verb in table["written_into"]:
        # 被写入…政府工作报告: the government's endorsement; 写入…指引/办法: its experience promoted
        return "endorsement" if name.rstrip("》").endswith("报告") else "promotion"
    if verb in table["list_verbs"] and "《" in name and "》" in name:
        return "case"  # 入选…《…清单》: selected into a published list of cases
    if any(name.rstrip("”’」》").endswith(w) for w in table["award_words"]):  # “某某创新奖”: quoted award
        return "award"
    if any(w in name for w in table["title_words"]) or ("“" in name and verb in table["honour_verbs"]):
        return "title"
    return None


def _recognize(art: Article, rec: Entity, start: int, end: int) -> None:
    """What is recognised: a reform before it in the sentence, else the subject of its
    segment (a subdistrict, community or local body), else the paragraph's first reform, else the district."""
    sent = art.sentence(start)
    target = _reform_before(art, sent.start if sent else start, start)
    if target is None:
        target = _segment_subject(art, start) or _nicknamed(art, start)
    if target is None:
        block = art.block(start)
        target = (_reform_before(art, block.start, start) or _reform_before(art, block.start, start, "Pilot")
                  if block else None)  # '…确定为X试点单位。试点以来,…相关做法被…报道': the paragraph's pilot
    if target is None:
        target = art.clause_subject(start, "Subdistrict", "Community")
    if target is None and _anaphoric(art, start):
        target = _reform_before_blocks(art, start)
    if target is None:
        target = main_district(art)
    if target is not None:
        lo = min(start, *[s for s, _ in target.mentions if s <= start] or [start])
        art.book.relate(rec, "recognizes", target, lo if start - lo < 300 else start, end)


def _nicknamed(art: Article, start: int) -> Entity | None:
    """'某区“某某”经验获…': a quoted term before the honour that heads a reform's name."""
    lo, _ = clause_at(art, start, SEGMENT_END)
    for quoted in re.findall(r"“[^”]+”", art.text[lo:start]):
        named = [r for r in art.book.of_type("Reform") if r.name.startswith(quoted) or r.name == quoted]
        if len(named) == 1:
            return named[0]
    return None


def _anaphoric(art: Article, start: int) -> bool:
    """'该项改革入选…', '相关做法获…': the honour's subject points back at a reform."""
    lo, _ = clause_at(art, start, SEGMENT_END)
    lo += len(OPENING_TIME.match(art.text, lo, start)[0])  # '今年4月,这一模式获…'
    opening = re.sub(r"^(?:近日|日前|近期|随后|此后)[,,]", "", art.text[lo:start]).lstrip("此外同时另还,")
    return bool(re.match(recognition_patterns()["table"]["anaphora"], opening))


def _reform_before_blocks(art: Article, start: int) -> Entity | None:
    """The reform named last in the few paragraphs before ``start``."""
    block = art.block(start)
    if block is None:
        return None
    lo = art.layout.blocks[max(0, block.index - recognition_patterns()["table"]["anaphora_reach"])].start
    return _reform_before(art, lo, start)


def _reform_before(art: Article, lo: int, start: int, etype: str = "Reform") -> Entity | None:
    best = None
    for reform in art.book.of_type(etype):
        for s, _ in reform.mentions:
            if lo <= s < start and (best is None or s > best[0]):
                best = (s, reform)
    return best[1] if best else None


def _segment_subject(art: Article, start: int) -> Entity | None:
    lo, _ = clause_at(art, start, SEGMENT_END)
    lo += len(OPENING_TIME.match(art.text, lo, start)[0])
    ent = art.covered_by(lo, lo + 2, "Organization") or art.covered_by(lo, lo + 2, "Subdistrict", "Community")
    if ent is not None and ent.type == "Organization" and not any(s == lo for s, _ in ent.mentions):
        ent = art.covered_by(lo, lo + 2, "Subdistrict", "Community")  # the body must open the segment
    if ent is None or LEVEL_RANK.get(ent.attrs.get("level"), 3) < 3:
        return None
    if any(r.type == "conferredBy" and r.tail is ent for r in art.book.relations.values()):
        return None
    return ent
