"""Recognitions that come from others' words: media coverage (《…》报道, 新华网刊登), leaders'
endorsements (市领导批示, …充分肯定) and promotion of experience (在全市推广, 获…发文推广)."""

import logging
import re

from loaders.extract_context import Article
from loaders.extract_model import Entity, name_key
from loaders.extract_recognition_base import (SCOPE_LEVEL, add_recognition, clause_at, confer_after,
                                              confer_subject, confer_within, mentions_in, outlets_in)

logger = logging.getLogger(__name__)


def extract_coverage(art: Article, sent, pat, found: list) -> None:
    """Media coverage in a sentence; one report by several outlets is one recognition."""
    table = pat["table"]
    current: Entity | None = None
    for match in pat["media"].finditer(sent.text):
        act_end = sent.start + match.end()
        lo, _ = clause_at(art, sent.start + match.start())
        outlets = mentions_in(art, lo, act_end, "MediaOutlet")
        group = list(pat["groups"].finditer(art.text, lo, act_end))
        if re.match(r"\d", art.text[act_end:act_end + 1]) or art.text[act_end:act_end + 1] in "次":
            continue  # a publicity count, not coverage
        if not outlets and not group:
            if current is not None:
                confer_within(art, current, lo, act_end)
            continue
        clause = art.text[lo:act_end]
        if current is not None and any(m in clause for m in table["merge_markers"]):
            confer_within(art, current, lo, act_end)
            continue
        start = min([s for s, _ in outlets] + [m.start() for m in group])
        start = _with_owner(art, lo, start)
        made = pat["made"].search(art.text, lo, act_end)
        name_span = (made.start("name"), made.end("name")) if made else (start, act_end)
        keys = sorted({o.key for o in outlets_in(art, lo, act_end)})
        key = "media:" + ("+".join(keys) if keys and not made else name_key(art.text[slice(*name_span)]))
        current = add_recognition(art, art.text[slice(*name_span)], *name_span, "media", found, key=key)
        confer_within(art, current, lo, act_end)


def _with_owner(art: Article, lo: int, start: int) -> int:
    """Start at a body that owns the outlet: 国务院办公厅刊物《…》."""
    org = art.covered_by(max(lo, start - 8), start, "Organization")
    if org:
        for s, e in org.mentions:
            if lo <= s < start and start - e <= 3:
                return s
    return start


def extract_endorsements(art: Article, sent, pat, found: list) -> None:
    """Endorsements by a body or a leader: 获市领导批示, 市委组织部充分肯定."""
    table = pat["table"]
    taken: list[tuple[int, int]] = []
    for match in pat["endorse"].finditer(sent.text):
        act_end = sent.start + match.end()
        follow = pat["endorse"].match(art.text, act_end)
        if follow:
            act_end = follow.end()  # 批示肯定
        lo, _ = clause_at(art, sent.start + match.start())
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
        rec = add_recognition(art, name, start, act_end, "endorsement", found)
        confer_within(art, rec, start, act_end)


LEADER_TITLE = re.compile("书记|省长|市长|区长|部长|主任|主席|总理")


def _ends_token(art: Article, sent, offset: int) -> bool:
    return any(e == offset for _, _, e in art.tokens(sent))


def _authority(art: Article, name: str, start: int, end: int) -> bool:
    """An endorsement comes from a body or a leader (市领导批示, 副市长某某批示), not from the public."""
    return ("领导" in name or LEADER_TITLE.search(name) is not None
            or art.covered_by(start, end, "Organization", "Person") is not None)


def extract_promotions(art: Article, sent, pat, found: list) -> None:
    """Promotion of experience, unless a case selection of the same act already covers it."""
    table = pat["table"]
    if any(r.attrs.get("kind") in ("case", "promotion") for r, s, _ in found if art.sentence(s) is sent):
        for rec, s, e in found:
            if rec.attrs.get("kind") in ("case", "promotion"):
                confer_after(art, rec, e)
        return
    for match in pat["issued"].finditer(sent.text):
        part = "scoped" if match["scope"] else "name"  # 获某厅发文在全市推广: the promotion is 在全市推广
        start, end = sent.start + match.start(part), sent.start + match.end(part)
        rec = add_recognition(art, art.text[start:end], start, end, "promotion", found, key=f"promotion:{start}")
        if match["scope"]:
            rec.attrs["level"] = SCOPE_LEVEL[match["scope"]]
        confer_within(art, rec, sent.start + match.start("by"), sent.start + match.end("by"))
        return
    for match in pat["promotion"].finditer(sent.text):
        start, end = sent.start + match.start(), sent.start + match.end()
        if any(art.text.endswith(b, 0, start) for b in table["promotion_blockers"]):
            continue
        name = art.text[start:end]
        rec = add_recognition(art, name, start, end, "promotion", found, key=f"promotion:{name_key(name)}:{start}")
        rec.attrs["level"] = SCOPE_LEVEL[match["scope"]]
        confer_subject(art, rec, start)
