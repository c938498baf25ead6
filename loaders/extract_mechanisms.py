"""How a mechanism (…机制/模式/体系/制度) is introduced: the verb before it, where its name starts, and
the signs that the article presents it as a reform (a subject carries it, a first, a paragraph's new mechanism)."""

import logging
import re
from functools import lru_cache

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


def after_lead_in(art: Article, start: int, end: int, table: dict) -> int:
    """'龙华试行的X改革' → X改革; '在辖区主要街巷实施X改革' → 实施X改革: a lead-in before the verb
    that introduces the name is no part of it."""
    text = art.text
    region = text[start:end]
    for match in table["lead_in_re"].finditer(region):
        if match.end() < len(region) - 4 and region.count("“", 0, match.start()) == region.count("”", 0, match.start()):
            start_at = start + match.end()
            if match[0].endswith("的"):
                return start_at
            if match.start() > 0 and text[start - 1:start] in table["locatives"]:
                return start + match.start()
    return start


def office_routine(art: Article, lo: int, start: int, suffix: str, table: dict) -> bool:
    """'区委改革办建立“周调度、月通报”工作机制': how the reform office runs its work, not a reform."""
    body = art.covered_by(lo, lo + 2, "Organization")
    return suffix == "工作机制" and body is not None and body.name.endswith(tuple(table["reform_offices"]))


@lru_cache(maxsize=1)
def place_names() -> re.Pattern:
    """Place names of the gazetteer (longest first), as one pattern."""
    from loaders.extract_orgs import _patterns

    return re.compile("|".join(re.escape(p) for p in _patterns()["places_by_length"] if len(p) >= 2))


def after_listed_name(text: str, lo: int, end: int, suffixes: list[str]) -> int:
    """After the last '、' that closes a complete name ('“甲”响应机制、“乙”养老服务改革'), else ``lo``.
    A '、' between plain words stays inside the name ('医疗、医保、医药联动改革')."""
    depth, cut = 0, lo
    for i in range(lo, end):
        depth += (text[i] == "“") - (text[i] == "”")
        if text[i] == "、" and depth == 0 and text.endswith(tuple(suffixes) + ("改革",), lo, i):
            cut = i + 1
    return cut


def listed_mechanism(text: str, lo: int, start: int, suffixes: list[str], max_len: int) -> tuple[int, int] | None:
    """(start, end) of a quoted mechanism listed right before the name at ``start``, after a '、'."""
    if start - lo < 6 or text[start - 1:start] != "、":
        return None
    item_start = text.rfind("、", lo, start - 1) + 1 or lo
    item = text[item_start:start - 1]
    if item.startswith("“") and item.endswith(tuple(suffixes)) and len(item) <= max_len:
        return item_start, start - 1
    return None
