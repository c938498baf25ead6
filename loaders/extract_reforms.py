"""Reforms: phrases ending in 改革, and named 模式/机制/体系/制度 the article presents as carried out.

A name runs from after the clause's subject, adverbs and leading verbs to 改革; items of
an enumeration (A改革、B改革) are split. Mechanisms count when quoted, when a
subdistrict or body is their subject, or when they are a first (率先/首创), and never
inside a paragraph that already names a reform they belong to.
"""

import logging
import re
from functools import lru_cache

from loaders.extract_context import Article
from loaders.extract_mechanisms import (acts_as_subject, after_lead_in, after_listed_name, is_first, lead_mechanism,
                                        listed_mechanism, mechanism_start,
                                        mechanism_verb, office_routine, place_names)
from loaders.extract_model import name_key
from loaders.extract_reform_names import choose_names, drop_headline_only, merge_nested, repeated_mentions
from loaders.extract_reform_sections import in_reform_section
from loaders.extract_tables import load_table

logger = logging.getLogger(__name__)

SEPARATORS = "、和与及"
CLOSERS = "”’」』"
ORDINAL = re.compile(r"[((][一二三四五六七八九十\d]+[))]|[一二三四五六七八九十]+[、是]|\d+[.、]")


@lru_cache(maxsize=1)
def _table() -> dict:
    table = dict(load_table("reforms"))
    table["generic_re"] = re.compile("|".join(table["generic_core_patterns"]))
    table["skip"] = sorted(set(table["adverbs"]) | set(table["prepositions"]) | set(table["subjects"]) | {"包括"},
                           key=len, reverse=True)
    table["strip"] = [w for w in table["skip"] if len(w) > 1 or w in table["safe_single_adverbs"]]
    table["verbs"] = sorted(table["lead_verbs"], key=len, reverse=True)
    table["strip_re"] = re.compile("(" + "|".join(map(re.escape, table["strip"])) + ")|("
                                   + "|".join(map(re.escape, table["verbs"])) + ")")
    table["lead_in_re"] = re.compile("(?:" + "|".join(map(re.escape, table["lead_in_verbs"])) + ")的?")
    table["mech_re"] = re.compile("|".join(sorted(table["mechanism_suffixes"], key=len, reverse=True)))
    return table


def reform_stem(name: str) -> str:
    """The key of a reform: no quotes, no leading verbs, no 改革/模式/机制… ending."""
    table = _table()
    core, _ = strip_verbs(name_key(name), table)
    for suffix in ["改革", *sorted(table["mechanism_suffixes"], key=len, reverse=True)]:
        if core.endswith(suffix) and len(core) > len(suffix) + 1:
            core = core[: -len(suffix)]
            break
    return core


def strip_verbs(name: str, table: dict) -> tuple[str, list[str]]:
    """(name without leading adverbs/verbs, the verbs removed in order)."""
    verbs: list[str] = []
    while True:
        match = table["strip_re"].match(name)
        if not match or len(name) <= len(match[0]) + 2:
            return name, verbs
        if match[2]:
            verbs.append(match[2])
        name = name[match.end():]


def extract_reforms(art: Article) -> None:
    """Record the reforms named with 改革, then the mechanisms that count as reforms."""
    table = _table()
    for sent in art.layout.sentences:
        if "改革" in sent.text:
            for lo, hi in art.clauses(sent, ",,;;::。!?!?"):
                _reforms_in_clause(art, lo, hi, table)
    _named_rules(art, table)  # 推行“湾长制”: the mechanisms set out after it are its parts
    first_reform: dict[int, int] = {}
    for reform in art.book.of_type("Reform"):
        for start, _ in reform.mentions:
            block = art.block(start)
            if block:
                first_reform[block.index] = min(first_reform.get(block.index, start), start)
    for sent in art.layout.sentences:
        for lo, hi in art.clauses(sent, ",,;;::。!?!?"):
            _mechanisms_in_clause(art, lo, hi, table, first_reform)
    merge_nested(art)
    choose_names(art, table)
    repeated_mentions(art)
    drop_headline_only(art)


def _reforms_in_clause(art: Article, lo: int, hi: int, table: dict) -> None:
    text = art.text
    prev_end = lo
    for match in re.finditer("改革", text[lo:hi]):
        end = lo + match.end()
        follow_at = end
        while follow_at < hi and text[follow_at] in CLOSERS:
            follow_at += 1
        if art.in_book_title(end) or art.covered_by(end - 2, end, "Organization") or (any(text.startswith(w, follow_at) for w in table["not_after"])
                                      and not _named_before_tail(art, lo, follow_at, table)):
            continue
        if _section_label(art, end, follow_at) or _object_of_preposition(art, end - 2, table):
            continue
        start = _name_start(art, prev_end, end, table)
        if start is not None:
            # '推进A改革、“甲”响应机制、B改革': a quoted mechanism listed between reforms is one too
            listed = listed_mechanism(art.text, prev_end, start, table["mechanism_suffixes"], table["max_mechanism"])
            if listed is not None:
                name = art.text[listed[0]:listed[1]]
                art.book.add("Reform", name, *listed, key=reform_stem(name)).info.setdefault("forms", []).append(("", name, *listed))
            _add_reform(art, start, end, table)
        prev_end = follow_at
        while prev_end < hi and text[prev_end] in SEPARATORS:
            prev_end += 1


def _named_before_tail(art: Article, lo: int, follow_at: int, table: dict) -> bool:
    """'关于深化X改革的部署', a headline 'X改革工作情况': the reform is named before a word that
    otherwise makes 改革 a modifier."""
    text = art.text
    if text.startswith(tuple(table["deployment_tails"]), follow_at) and "关于" in text[lo:follow_at]:
        return True
    block = art.block(follow_at)
    return block is not None and block.kind == "title" and text.startswith(tuple(table["report_tails"]), follow_at)


def _section_label(art: Article, end: int, follow_at: int) -> bool:
    """'三、某领域改革持续深化', '某某改革:盘活存量…': a heading that files a section under a field."""
    block = art.block(end)
    if block is None or block.kind != "heading":
        return False
    rest = art.text[follow_at:block.end]
    return rest.startswith(":") or bool(rest and _ordinal_heading().match(block.text))


@lru_cache(maxsize=1)
def _ordinal_heading() -> re.Pattern:
    return re.compile(_table()["ordinal_heading"])


def _object_of_preposition(art: Article, at: int, table: dict) -> bool:
    """'以改革破难题', '向改革要空间': 改革 is what a preposition governs, not a name's end."""
    if art.text[at - 1:at] not in table["governing_prepositions"]:
        return False
    sent = art.sentence(at)
    return sent is not None and any(w in table["governing_prepositions"] and e == at for w, _, e in art.tokens(sent))


def _name_start(art: Article, lo: int, end: int, table: dict) -> int | None:
    """Start of the reform name ending at ``end``: after an opening quote, else after the subject."""
    text = art.text
    region = text[lo:end]
    opening = region.rfind("“")
    if opening >= 0 and text[end:end + 1] in CLOSERS and region.find("”", opening) < 0:
        return lo + opening + 1
    dash = region.rfind("——")
    start = lo + dash + 2 if dash >= 0 and dash < len(region) - 4 else lo
    start = max(start, after_listed_name(text, start, end, table["mechanism_suffixes"]))
    while True:
        skipped = _skip_subject(art, start, end, table)
        if skipped == start:
            return after_lead_in(art, start, end, table)
        start = skipped


def _skip_subject(art: Article, start: int, end: int, table: dict) -> int:
    """Move past one subject word: a place, a body, a year, an adverb or a preposition (whole tokens)."""
    text = art.text
    entity = art.covered_by(start, start + 1, "District", "Subdistrict", "Organization", "Community")
    if entity:
        for s, e in entity.mentions:
            if s <= start < e and e < end - 2:
                return e
    place = place_names().match(text, start, end)
    if place and place.end() < end - 2:
        return place.end()  # a place the headline names without being a recorded mention
    year = re.match(r"(?:19|20)\d{2}年(?:以来|度)?", text[start:end])
    if year:
        return start + year.end()
    ordinal = ORDINAL.match(text, start, end)
    if ordinal and ordinal.end() < end - 2:
        return ordinal.end()  # '(一)推进X改革': the heading's number is no part of the name
    if text[start] in "”,, " and start + 1 < end - 2:
        return start + 1
    sent = art.sentence(start)
    if sent is None or start not in art.token_starts(sent):
        return start
    for word in table["skip"]:
        if text.startswith(word, start) and start + len(word) < end - 2 and _on_token_edge(art, sent, start + len(word)):
            return start + len(word)
    return start


def _on_token_edge(art: Article, sent, offset: int) -> bool:
    return offset in art.token_starts(sent) or offset >= sent.end


def _add_reform(art: Article, start: int, end: int, table: dict) -> None:
    raw = art.text[start:end]
    core, verbs = strip_verbs(raw, table)
    stem = reform_stem(raw)
    if raw.count("“") != raw.count("”") or len(raw) > table["max_name"]:
        return
    if not _good_core(core[:-2] if core.endswith("改革") else core, table):
        return
    entity = art.book.add("Reform", core, start, end, key=stem)
    entity.info.setdefault("forms", []).append((verbs[-1] if verbs else "", core, start, end))


def _good_core(core: str, table: dict) -> bool:
    plain = name_key(core)
    unquoted = re.sub(r"“[^”]*”", "", core)
    if plain in table["generic_cores"] or len(plain) < 2 or re.search(r"\d", unquoted) or ORDINAL.fullmatch(plain):
        return False  # ORDINAL: '二是改革宣传不到位', an item marker before 改革
    ends = table["object_verbs"] + [w for w in table["adverbs"] + table["prepositions"] if len(w) > 1]
    if any(plain.endswith(word) for word in ends):
        return False  # 坚持高位推动改革: 改革 is the object of a verb, not a name
    if _is_place_only(plain) or len(plain.rsplit("的", 1)[-1]) <= 2 < len(plain):
        return False  # '大鹏的“招牌”改革', '…建设的核心改革': a description, not a name
    return not table["generic_re"].search(plain)


def _is_place_only(core: str) -> bool:
    from loaders.extract_orgs import _patterns

    return core in _patterns()["places"]


def _mechanisms_in_clause(art: Article, lo: int, hi: int, table: dict, reform_blocks: set) -> None:
    text = art.text
    for match in table["mech_re"].finditer(text[lo:hi]):
        end = lo + match.end()
        suffix_at = end - len(match[0])
        if text.startswith(("建设", "试点", "创建", "改革", "化"), end) or art.in_book_title(end):
            continue
        block = art.block(end)
        if block is None or _after_reform(art, block, lo, reform_blocks):
            continue  # a reform named before the clause owns what the clause sets out
        sent = art.sentence(lo)
        verb_at = mechanism_verb(text, sent.start if sent else lo, suffix_at, table)
        start = mechanism_start(text, max(verb_at or lo, lo), end)
        if _after_reform(art, block, start, reform_blocks):
            continue  # a reform named before it owns it (not one that opens this very name: “X长制”管护机制)
        name = text[start:end]
        quoted = "“" in name and "”" in name
        if len(name) > table["max_mechanism"] or len(name) - len(match[0]) < 2 or "”等" in name:
            continue
        subject = quoted and start == lo and text[lo:lo + 1] == "“" and len(name) - name.rfind("”") <= 7
        cell = (lo, hi) in art.row_cells(lo) and end == hi  # a table cell that is a mechanism's name
        if cell:
            start, name = lo, text[lo:end]
        placed = verb_at is None and quoted and _place_led(art, lo, end, table)
        if placed:
            start = placed
        if verb_at is None and not subject and not cell and not placed:
            continue
        if in_reform_section(art, block, lo):
            continue  # guide: parts of a reform — the section's heading names the reform it belongs to
        if office_routine(art, lo, start, match[0], table):
            continue
        if cell or quoted or acts_as_subject(art, lo, start) or is_first(text, verb_at, table) or lead_mechanism(
                art, block, lo, match[0]):
            if art.covered_by(start, end, "Pilot") is None:
                _add_reform(art, start, end, table)


def _place_led(art: Article, lo: int, end: int, table: dict) -> int | None:
    """'6. 甲街道乙“丙”利用模式入选…': a place or body names its own mechanism, which is then honoured
    or spread; the name starts after the place."""
    if not art.text.startswith(tuple(table["honoured_after"]), end):
        return None
    start = lo
    while True:
        skipped = _skip_subject(art, start, end, table)
        if skipped == start:
            break
        start = skipped
    placed = art.covered_by(start - 1, start, "Subdistrict", "Community", "District", "Organization")
    return start if placed and end - start <= table["max_mechanism"] else None


def _after_reform(art: Article, block, offset: int, reform_blocks: dict) -> bool:
    """Mechanisms after a reform named earlier in the paragraph are parts of it (guide: parts of a reform)."""
    blocks = art.layout.heading_run(block) if block.kind == "heading" else [block]
    return any(reform_blocks.get(b.index, offset) < offset for b in blocks)


def _modified_rule(text: str, match: re.Match) -> bool:
    """推行某产业“甲长制”: one rule named with the field it covers (not A和“B制”, not “B制”管理模式)."""
    mod = match["mod"]
    return bool(mod) and match["name"].count("“") == 1 and not any(ch in mod for ch in SEPARATORS) and \
        not re.match(r"[\u4e00-\u9fff]", text[match.end("name"):match.end("name") + 1])


def _named_rules(art: Article, table: dict) -> None:
    """开展制度“立、改、废” and 推行“首问制”“限时办结制”: rules named in quotes."""
    for key in ("named_rules_pattern", "quoted_system"):
        for block in art.layout.blocks:
            for match in re.finditer(table[key], block.text):
                start = block.start + match.start("name")
                if key != "quoted_system":
                    _add_reform(art, start, block.start + match.end("name"), table)
                elif _modified_rule(block.text, match):
                    _add_reform(art, block.start + match.start("mod"), block.start + match.end("name"), table)
                elif not match["mod"]:  # 推行“首问制”“限时办结制”: one reform each
                    for item in re.finditer(r"“[^”]+”", match["name"]):
                        _add_reform(art, start + item.start(), start + item.end(), table)
