"""One reform under several names: mentions that name the same reform are merged, and the
name kept is the one the guide asks for (the leading verb only when every mention uses it)."""

import logging
import re

from loaders.extract_context import YEAR, Article
from loaders.extract_model import name_key

logger = logging.getLogger(__name__)

RULE = re.compile(r"“([^”+、]{1,8})制”$")
PARENTHETICAL = re.compile(r"[((][^()()]*[))]")


def merge_nested(art: Article) -> None:
    """One reform under two names: a stem that ends another (全域旅游发展体系 / 旅游发展体系), or a
    near-identical stem (企业信用修复运用 / 企业信用修复应用)."""
    reforms = art.book.of_type("Reform")
    for short in sorted(reforms, key=lambda r: len(r.key)):
        for long in reforms:
            alive = (long.type, long.key) in art.book.entities and (short.type, short.key) in art.book.entities
            if long is short or not alive or len(long.key) < len(short.key):
                continue
            if (len(short.key) >= 4 and long.key.endswith(short.key)) or _near(short.key, long.key):
                short.info.setdefault("forms", []).extend(long.info.get("forms", []))
                art.book.merge(short, long)
            elif _quoted_head(short.name, long.name):
                art.book.merge(long, short)  # 推行“X长制” / “X长制”管护机制: the full name stays
    _merge_headline_short(art)
    _merge_rule_parts(art)


def _merge_rule_parts(art: Article) -> None:
    """产业“甲长制” and a “甲长+乙+丙”工作机制 built on it: the mechanism is a part of the rule."""
    reforms = art.book.of_type("Reform")
    for rule in reforms:
        found = RULE.search(rule.name)
        if not found:
            continue
        for part in reforms:
            alive = (part.type, part.key) in art.book.entities and (rule.type, rule.key) in art.book.entities
            if part is not rule and alive and re.search("“" + re.escape(found[1]) + "[+、]", part.name):
                art.book.merge(rule, part)


def _merge_headline_short(art: Article) -> None:
    """A headline's short name (甲乙改革) for the one reform the body names in full
    (丙甲(注释)乙制度改革): the full name stays."""
    title = next((b for b in art.layout.blocks if b.kind == "title"), None)
    if title is None:
        return
    reforms = art.book.of_type("Reform")
    for short in reforms:
        if len(short.key) < 3 or not title.start <= short.first < title.end:
            continue
        longer = [r for r in reforms if r is not short and r.name.endswith("改革")
                  and short.key in name_key(PARENTHETICAL.sub("", r.name)) and len(r.key) > len(short.key)]
        if len(longer) == 1 and (longer[0].type, longer[0].key) in art.book.entities:
            art.book.merge(longer[0], short)


def _quoted_head(short: str, long: str) -> bool:
    """A quoted rule name (“X长制”) that opens a longer reform name is that reform."""
    return short.startswith("“") and short.endswith("”") and short.count("“") == 1 and \
        long.startswith(short) and len(long) > len(short)


def _near(a: str, b: str) -> bool:
    """Same length, at least 8 characters, differing in at most two."""
    return len(a) == len(b) >= 8 and sum(x != y for x, y in zip(a, b)) <= 2


def choose_names(art: Article, table: dict) -> None:
    """Keep a leading verb only when every mention uses the same one (guide: names of reforms)."""
    for reform in art.book.of_type("Reform"):
        forms = reform.info.get("forms", [])
        with_reform = [f for f in forms if f[1].endswith("改革")] or forms
        verbs = {f[0] for f in with_reform}
        core = min((f[1] for f in with_reform), key=len)
        verb = next(iter(verbs)) if len(verbs) == 1 else ""
        reform.name = (verb + core) if verb in table["keep_verbs"] else core
        years = [int(y) for f in forms for y in YEAR.findall(art.text[f[2]:f[3]])]
        if years:
            reform.info["name_year"] = years[0]


def repeated_mentions(art: Article) -> None:
    """A reform named again word for word ('X机制依托…') is mentioned there too."""
    for reform in art.book.of_type("Reform"):
        name = reform.name
        at = art.text.find(name) if len(name) >= 6 else -1
        while at >= 0:
            if art.covered_by(at, at + len(name), "Reform") is None and not art.in_book_title(at):
                art.book.add("Reform", name, at, at + len(name), key=reform.key)
            at = art.text.find(name, at + len(name))


def drop_headline_only(art: Article) -> None:
    """A reform named only in the headline (and inside a 《》 plan name) is the article's theme, not a
    reform the body says a place carries out."""
    for reform in art.book.of_type("Reform"):
        blocks = [art.block(s) for s, _ in reform.mentions]
        in_plan = any(reform.key in plan.key for plan in art.book.of_type("ReformPlan"))
        if in_plan and all(b is not None and b.kind == "title" for b in blocks):
            art.book.remove(reform)
