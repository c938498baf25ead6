"""Recognitions: selections and titles (荣获, 获评, 入选…), media coverage (《…》报道), leaders'
endorsements (批示, 肯定) and promotion of experience (在全市推广), with who confers them
and what they recognise."""

import logging
import re
from functools import lru_cache

from loaders.extract_context import YEAR, Article
from loaders.extract_model import Entity, name_key
from loaders.extract_people import outlet_level
from loaders.extract_places import main_district
from loaders.extract_tables import alternation, load_table

logger = logging.getLogger(__name__)

SEGMENT_END = ";;。!?!?"
SCOPE_LEVEL = {"国": "national", "省": "provincial", "市": "municipal", "区": "district"}
LEVEL_RANK = {"national": 0, "provincial": 1, "municipal": 2, "district": 3, "subdistrict": 4}


@lru_cache(maxsize=1)
def _patterns() -> dict:
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


def extract_recognitions(art: Article) -> None:
    """Record the recognitions of each sentence, then link them to their targets."""
    pat = _patterns()
    for sent in art.layout.sentences:
        found: list[tuple[Entity, int, int]] = []
        _hosted(art, sent, pat, found)
        _selections(art, sent, pat, found)
        _media(art, sent, pat, found)
        _endorsements(art, sent, pat, found)
        _promotions(art, sent, pat, found)
        for rec, start, end in found:
            _recognize(art, rec, start, end)
    _merge_similar(art)


def _merge_similar(art: Article) -> None:
    """One honour named twice (全国文明城区“十佳” / 文明城区十佳区县) is one recognition."""
    recs = [r for r in art.book.of_type("Recognition") if r.attrs.get("kind") in ("title", "case", "award")]
    for i, keep in enumerate(recs):
        for drop in recs[i + 1:]:
            alive = all((r.type, r.key) in art.book.entities for r in (keep, drop))
            if alive and keep.attrs.get("kind") == drop.attrs.get("kind") and similar(keep.name, drop.name) >= 0.7:
                keep.name = max(keep.name, drop.name, key=len)
                art.book.merge(keep, drop)


def similar(a: str, b: str) -> float:
    """2·LCS/(|a|+|b|) over names without quotes: how alike two printed names are."""
    a, b = name_key(a), name_key(b)
    if not a or not b:
        return 0.0
    prev = [0] * (len(b) + 1)
    for ch in a:
        cur = [0]
        for j, other in enumerate(b, 1):
            cur.append(prev[j - 1] + 1 if ch == other else max(prev[j], cur[j - 1]))
        prev = cur
    return 2 * prev[-1] / (len(a) + len(b))


def _add(art: Article, name: str, start: int, end: int, kind: str, found: list, key: str | None = None) -> Entity:
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
    for word, level in _patterns()["table"]["scope_levels"]:
        if plain.startswith(word) or (len(word) > 1 and word in plain[:6]):
            return level
    return None


def _clause(art: Article, offset: int, enders: str = ",,;;。!?!?") -> tuple[int, int]:
    sent = art.sentence(offset)
    lo, hi = (sent.start, sent.end) if sent else (0, len(art.text))
    start = offset
    while start > lo and art.text[start - 1] not in enders:
        start -= 1
    end = offset
    while end < hi and art.text[end] not in enders:
        end += 1
    return start, end


def _hosted(art: Article, sent, pat, found: list) -> None:
    """'在人民网和中央党校主办的“…典型案例”评选活动中': the event names the recognition."""
    for match in pat["hosted"].finditer(sent.text):
        start, end = sent.start + match.start("name"), sent.start + match.end("name")
        rec = _add(art, art.text[start:end], start, end, _kind(match["name"], pat), found)
        _confer_within(art, rec, sent.start + match.start("hosts"), sent.start + match.end("hosts"))


def _selections(art: Article, sent, pat, found: list) -> None:
    table = pat["table"]
    hosted = bool(found)
    promotion = pat["promotion"].search(sent.text)
    for match in pat["select"].finditer(sent.text):
        v_end = sent.start + match.end()
        _, c_end = _clause(art, v_end, ",,;;。!?!?")
        for start, end in _items(art, v_end, c_end):
            name = art.text[start:end]
            if art.covered_by(start, end, "Pilot") or (hosted and len(name_key(name)) <= 6):
                continue
            kind = _kind(name, pat, match[0])
            if kind is None:
                continue
            if promotion and "案例" not in name and match[0] in ("纳入", "列入"):
                kind = "promotion"
            rec = _add(art, name, start, end, kind, found)
            if kind == "promotion":
                rec.attrs["level"] = SCOPE_LEVEL[promotion["scope"]]
            _confer_within(art, rec, start, end)
    for match in pat["as_case"].finditer(sent.text):
        start, end = sent.start + match.start("name"), sent.start + match.end("name")
        if not any(s < end and start < e for _, s, e in found):
            rec = _add(art, art.text[start:end], start, end, "case", found)
            _confer_after(art, rec, end)


def _items(art: Article, start: int, end: int) -> list[tuple[int, int]]:
    """The selected names after a verb: split at 、, trimmed of 了, 称号, 推广 and brackets."""
    table = _patterns()["table"]
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
        if cut > s and text[s:cut].count("“") == text[s:cut].count("”"):
            s = cut + 1  # 联合出版的全国基层治理教材案例: the name follows 的
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
    if any(name.endswith(w) for w in table["award_words"]):
        return "award"
    if any(w in name for w in table["title_words"]) or ("“" in name and verb in table["honour_verbs"]):
        return "title"
    return None


def _media(art: Article, sent, pat, found: list) -> None:
    table = pat["table"]
    current: Entity | None = None
    for match in pat["media"].finditer(sent.text):
        act_end = sent.start + match.end()
        lo, _ = _clause(art, sent.start + match.start())
        outlets = _mentions_in(art, lo, act_end, "MediaOutlet")
        group = list(pat["groups"].finditer(art.text, lo, act_end))
        if re.match(r"\d", art.text[act_end:act_end + 1]) or art.text[act_end:act_end + 1] in "次":
            continue  # a publicity count, not coverage
        if not outlets and not group:
            if current is not None:
                _confer_within(art, current, lo, act_end)
            continue
        clause = art.text[lo:act_end]
        if current is not None and any(m in clause for m in table["merge_markers"]):
            _confer_within(art, current, lo, act_end)
            continue
        start = min([s for s, _ in outlets] + [m.start() for m in group])
        start = _with_owner(art, lo, start)
        made = pat["made"].search(art.text, lo, act_end)
        name_span = (made.start("name"), made.end("name")) if made else (start, act_end)
        keys = sorted({o.key for o in _outlets_in(art, lo, act_end)})
        key = "media:" + ("+".join(keys) if keys and not made else name_key(art.text[slice(*name_span)]))
        current = _add(art, art.text[slice(*name_span)], *name_span, "media", found, key=key)
        _confer_within(art, current, lo, act_end)


def _with_owner(art: Article, lo: int, start: int) -> int:
    """Start at a body that owns the outlet: 国务院办公厅刊物《…》."""
    org = art.covered_by(max(lo, start - 8), start, "Organization")
    if org:
        for s, e in org.mentions:
            if lo <= s < start and start - e <= 3:
                return s
    return start


def _endorsements(art: Article, sent, pat, found: list) -> None:
    table = pat["table"]
    taken: list[tuple[int, int]] = []
    for match in pat["endorse"].finditer(sent.text):
        act_end = sent.start + match.end()
        follow = pat["endorse"].match(art.text, act_end)
        if follow:
            act_end = follow.end()  # 批示肯定
        lo, _ = _clause(art, sent.start + match.start())
        start = lo
        for opener in table["endorse_openers"]:
            pos = art.text.rfind(opener, lo, act_end)
            if pos >= 0:
                start = max(start, pos + len(opener)) if start == lo else start
        if art.text[start:start + 2] == "多次":
            start += 2
        name = art.text[start:act_end]
        if not 3 <= len(name) <= 20 or any(s < act_end and start < e for s, e in taken):
            continue
        if not _ends_token(art, sent, act_end) or not _authority(art, name, start, act_end):
            continue
        if any(s <= start < e or s < act_end <= e for _, s, e in found):
            continue
        taken.append((start, act_end))
        rec = _add(art, name, start, act_end, "endorsement", found)
        _confer_within(art, rec, start, act_end)


def _ends_token(art: Article, sent, offset: int) -> bool:
    return any(e == offset for _, _, e in art.tokens(sent))


def _authority(art: Article, name: str, start: int, end: int) -> bool:
    """An endorsement comes from a body or a leader (市领导批示), not from the public."""
    return "领导" in name or art.covered_by(start, end, "Organization") is not None


def _promotions(art: Article, sent, pat, found: list) -> None:
    table = pat["table"]
    if any(r.attrs.get("kind") in ("case", "promotion") for r, s, _ in found if art.sentence(s) is sent):
        for rec, s, e in found:
            if rec.attrs.get("kind") in ("case", "promotion"):
                _confer_after(art, rec, e)
        return
    for match in pat["issued"].finditer(sent.text):
        start, end = sent.start + match.start("name"), sent.start + match.end("name")
        rec = _add(art, art.text[start:end], start, end, "promotion", found, key=f"promotion:{start}")
        _confer_within(art, rec, start, end)
        return
    for match in pat["promotion"].finditer(sent.text):
        start, end = sent.start + match.start(), sent.start + match.end()
        if any(art.text.endswith(b, 0, start) for b in table["promotion_blockers"]):
            continue
        name = art.text[start:end]
        rec = _add(art, name, start, end, "promotion", found, key=f"promotion:{name_key(name)}:{start}")
        rec.attrs["level"] = SCOPE_LEVEL[match["scope"]]
        _confer_subject(art, rec, start)


def _mentions_in(art: Article, lo: int, hi: int, *types: str) -> list[tuple[int, int]]:
    return [(s, e) for ent in art.book.of_type(*types) for s, e in ent.mentions if lo <= s and e <= hi]


def _outlets_in(art: Article, lo: int, hi: int) -> list[Entity]:
    return [o for o in art.book.of_type("MediaOutlet") if any(lo <= s and e <= hi for s, e in o.mentions)]


def _confer_within(art: Article, rec: Entity, lo: int, hi: int) -> None:
    """conferredBy every outlet and body named in [lo, hi)."""
    for ent in art.book.of_type("MediaOutlet", "Organization"):
        for s, e in ent.mentions:
            if lo <= s and e <= hi:
                art.book.relate(rec, "conferredBy", ent, min(s, rec.mentions[0][0]), max(e, rec.mentions[0][1]))
                if rec.attrs.get("level") is None and ent.attrs.get("level"):
                    rec.attrs["level"] = ent.attrs["level"]


def _confer_after(art: Article, rec: Entity, end: int) -> None:
    """'…案例获国务院办公厅发文推广': the body after 获 in the same clause confers it."""
    _, hi = _clause(art, end, ",,;;。!?!?")
    match = re.search(r"获|由|经", art.text[end:hi])
    if match:
        _confer_within(art, rec, end + match.end(), hi)


def _confer_subject(art: Article, rec: Entity, start: int) -> None:
    """'市委组织部充分肯定并在全市推广': the body that opens the clause promotes it."""
    lo, _ = _clause(art, start)
    org = art.covered_by(lo, lo + 2, "Organization")
    if org and org.attrs.get("level") in ("national", "provincial", "municipal"):
        art.book.relate(rec, "conferredBy", org, lo, rec.mentions[-1][1])
    match = re.search(r"获(?!评)", art.text[lo:start])
    if match:
        _confer_within(art, rec, lo + match.end(), start)


def _recognize(art: Article, rec: Entity, start: int, end: int) -> None:
    """What is recognised: a reform before it in the sentence, else the subject of its
    segment (a subdistrict, community or local body), else the paragraph's first reform, else the district."""
    sent = art.sentence(start)
    target = _reform_before(art, sent.start if sent else start, start)
    if target is None:
        target = _segment_subject(art, start)
    if target is None:
        block = art.block(start)
        target = _reform_before(art, block.start, start) if block else None
    if target is None:
        target = main_district(art)
    if target is not None:
        lo = min(start, *[s for s, _ in target.mentions if s <= start] or [start])
        art.book.relate(rec, "recognizes", target, lo if start - lo < 300 else start, end)


def _reform_before(art: Article, lo: int, start: int) -> Entity | None:
    best = None
    for reform in art.book.of_type("Reform"):
        for s, _ in reform.mentions:
            if lo <= s < start and (best is None or s > best[0]):
                best = (s, reform)
    return best[1] if best else None


def _segment_subject(art: Article, start: int) -> Entity | None:
    lo, _ = _clause(art, start, SEGMENT_END)
    ent = art.covered_by(lo, lo + 2, "Subdistrict", "Community", "Organization")
    if ent is None or LEVEL_RANK.get(ent.attrs.get("level"), 3) < 3:
        return None
    if any(r.type == "conferredBy" and r.tail is ent for r in art.book.relations.values()):
        return None
    return ent
