"""Pilot and demonstration designations (…试点, …示范区, …示范基地, …实践区, …示范校…)."""

import logging
import re
from functools import lru_cache

from loaders.extract_context import Article
from loaders.extract_model import name_key
from loaders.extract_tables import alternation, load_table

ORDINAL = re.compile(r"[((][一二三四五六七八九十\d]+[))]")

logger = logging.getLogger(__name__)

CITY_PREFIX = re.compile("^(?:深圳市?)?(?:建设|打造|创建)?")  # '为深圳建设…先行示范区贡献': the city's designation

MAX_PILOT = 40
STOP_CHARS = re.compile(r"[^\u4e00-\u9fff“”‘’A-Za-z0-9·]")


@lru_cache(maxsize=1)
def _patterns() -> dict:
    table = load_table("pilots")
    return {
        "suffix": re.compile(alternation(table["suffixes"])),
        "cuts": sorted(table["cut_words"], key=len, reverse=True),
        "exemplary": re.compile(table["exemplary_unit"]),  # 示范性…社区: a model unit is a designation
        "table": table,
    }


def extract_pilots(art: Article) -> None:
    """Record the designations the article names, with their level."""
    pat = _patterns()
    for block in art.layout.blocks:
        matches = list(pat["suffix"].finditer(block.text)) + list(pat["exemplary"].finditer(block.text))
        for match in sorted(matches, key=lambda m: -m.end()):
            end = block.start + match.end()
            start = _pilot_start(art, block.start, block.start + match.start(), end, pat)
            if start is not None:
                _add_pilot(art, start, end, pat)


def _pilot_start(art: Article, lo: int, suffix_at: int, end: int, pat) -> int | None:
    text = art.text
    follow = text[end:end + 6].lstrip("”")
    if art.in_book_title(suffix_at):
        if not any(follow.startswith(t) for t in pat["table"]["title_tails"]):
            return None
    elif any(follow.startswith(w) for w in pat["table"]["not_after"]):
        return None
    i, depth = suffix_at, 0
    while i > lo:
        ch = text[i - 1]
        opening = ch in "“(" and depth > 0
        depth += (ch in "”)") - (ch in "“(")
        if depth > 0 or opening:  # inside quotes or brackets nothing cuts: “某某就是某某”实践创新基地, …开发(EOD)模式试点
            i -= 1
            continue
        if STOP_CHARS.match(ch) or ch == "《" or re.match(r"\d[个项家所]$", text[i - 2:i]):
            break
        if any(text.endswith(cut, 0, i) for cut in pat["cuts"]) and i < suffix_at:
            break
        if art.covered_by(i - 1, i, "Organization", "District") and i < suffix_at:
            break
        i -= 1
    return i


def _add_pilot(art: Article, start: int, end: int, pat) -> None:
    text = art.text
    if art.in_book_title(start):
        issuer = re.match(r".*[局委办厅署]", text[start:end - 4])
        start += issuer.end() if issuer else 0
    if text[start - 1:start] == "从" and "到" in text[end:end + 3]:
        return  # 从A试点到B试点: a range, not a designation
    while start < end and text[start] in "”’":
        start += 1
    ordinal = ORDINAL.match(text, start, end)
    start = ordinal.end() if ordinal else start  # '(二)积极争取…': a heading's number
    if text[end:end + 1] == "”" and "“" in text[start:end] and text[start:end].count("“") > text[start:end].count("”"):
        end += 1
    name = text[start:end]
    core = pat["suffix"].sub("", name_key(name))
    if len(name_key(name)) < 4 or len(name) > MAX_PILOT or len(core) < 2:
        return
    table = pat["table"]
    if CITY_PREFIX.sub("", name_key(name)) in table["city_designations"] or _is_place(art, core):
        return
    if core in table["generic_cores"] or core in pat["cuts"] or any(core.endswith(v) for v in load_table("reforms")["object_verbs"]):
        return  # '依托试点', '扩大试点': a verb and the word, not a designation
    if any(w in core[:4] for w in table["generic_openers"]) or any(w in core for w in table["generic_words"]):
        return  # '争取更多改革试点': pilots in general, not a designation
    if name.endswith(tuple(table["scoped_suffixes"])) and not name_key(name).startswith(tuple(table["scopes"])):
        return  # '改革开放的先行区': these endings name a designation only with the scope that grants it
    if _goal(art, start):
        return  # '把大鹏建设成为…的现代化示范区': an aim, not a designation
    for other in art.book.of_type("Pilot"):
        if any(s <= start and end <= e and (s, e) != (start, end) for s, e in other.mentions):
            return  # part of a longer designation already recorded
    level = pilot_level(art, name, start)
    pilot = art.book.add("Pilot", name, start, end, key=name_key(name), level=level)
    pilot.info.setdefault("clause", art.clause_bounds(start))


def _goal(art: Article, start: int) -> bool:
    lo, _ = art.clause_bounds(start)
    return any(w in art.text[lo:start] for w in _patterns()["table"]["goal_verbs"])


def _is_place(art: Article, core: str) -> bool:
    return any(name_key(e.name) == core or e.name.startswith(core)
               for e in art.book.of_type("Community", "Subdistrict", "District"))


def pilot_level(art: Article, name: str, start: int) -> str | None:
    """From the name's prefix, else the clause (全市首个, 国家级…), else the list it is in."""
    table = _patterns()["table"]
    plain = re.sub(r"^(?:19|20)\d{2}年度?", "", name_key(name))
    for prefix, level in table["levels"]:
        if plain.startswith(prefix) and not plain.startswith(("市里", "区域")):
            return level
    if plain.startswith("市里"):
        return "municipal"
    lo, hi = art.clause_bounds(start)
    context = art.text[lo:start]
    block = art.block(start)
    if block is not None and block.kind == "item":
        intro = next((b for b in reversed(art.layout.blocks[:block.index]) if b.kind != "item"), None)
        context += intro.text if intro else ""
    for word, level in table["level_words"]:
        if word in context:
            return level
    unit = re.match(r"[^。;;]{0,16}作为(国家级|省级|市级|区级)试点", art.text[start + len(name):])
    return dict(table["level_words"]).get(unit[1]) if unit else None  # '…试点,区医院作为市级试点单位'

