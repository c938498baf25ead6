"""How a mechanism (…机制/模式/体系/制度) is introduced: the verb before it, where its name starts, and
the signs that the article presents it as a reform (a subject carries it, a first, a paragraph's new mechanism)."""

import logging

from loaders.extract_context import Article

logger = logging.getLogger(__name__)


def mechanism_verb(text: str, lo: int, suffix_at: int, table: dict) -> int | None:
    """End offset of the last introducing verb before the mechanism suffix, if any."""
    region = text[lo:suffix_at]
    best = None
    for verb in table["mechanism_verbs"] + ["以“"]:
        pos = region.find(verb)
        while pos >= 0:
            end = lo + pos + len(verb.rstrip("“"))
            glued = pos > 0 and region[pos - 1] == "”"  # '“甲乙”创新创业综合体模式': part of the name
            if (best is None or end > best) and region.count("“", 0, pos) == region.count("”", 0, pos) and not glued:
                best = end
            pos = region.find(verb, pos + 1)
    return best


def mechanism_start(text: str, verb_end: int, end: int) -> int:
    """Name start after the verb; a quoted term after a 的 or a long lead-in starts it."""
    while verb_end < end and text[verb_end] in "了着":
        verb_end += 1
    name = text[verb_end:end]
    cut = name.rfind("的“")
    if cut >= 0:
        return verb_end + cut + 1
    quote = name.find("“")
    if quote > 8 or (quote > 0 and "、" in name[:quote]):
        return verb_end + quote
    return verb_end


def acts_as_subject(art: Article, lo: int, start: int) -> bool:
    """A subdistrict or a body at the clause start carries the mechanism (布吉街道建立…机制)."""
    entity = art.covered_by(lo, lo + 2, "Subdistrict", "Organization")
    if entity is None or entity.type == "Organization" and entity.attrs.get("level") not in ("municipal", None, "district"):
        return False
    return start - lo <= 18


def is_first(text: str, verb_at: int | None, table: dict) -> bool:
    """率先建立…, 首创…: the introducing verb is marked as a first."""
    if verb_at is None:
        return False
    return any(marker in text[max(0, verb_at - 6):verb_at] for marker in table["first_markers"])


def lead_mechanism(art: Article, block, lo: int, suffix: str) -> bool:
    """A new mechanism (…新机制/新模式) set out in a paragraph's first sentence."""
    sent = art.sentence(lo)
    return suffix in ("新机制", "新模式") and sent is not None and sent.start == block.start
