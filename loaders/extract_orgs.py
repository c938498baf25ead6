"""Organisations: names ending in a body suffix (…局, …委, 区委…办, …中心, …法院), grown
leftwards over jieba tokens until a verb, preposition or punctuation, then judged by
their scope prefix (国家/省/市/区/a district) and by what follows them."""

import logging
import re
from functools import lru_cache

from graph.reference import load_places
from loaders.extract_context import Article
from loaders.extract_model import name_key
from loaders.extract_org_links import link_organizations
from loaders.extract_tables import alternation, load_table
from loaders.segment import word_tag

logger = logging.getLogger(__name__)

STOP_TAGS = {"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "r", "m", "q", "d", "ad", "f", "x", "y", "e", "o"}
MAX_ORG = 18
PUNCT_STOP = re.compile(r"[^\u4e00-\u9fff“”‘’A-Za-z·]")


@lru_cache(maxsize=1)
def _patterns() -> dict:
    table = load_table("orgs")
    reforms = load_table("reforms")
    places = load_places()
    return {
        "suffix": re.compile(alternation(table["suffixes"])),
        "known": re.compile(alternation(name for name, _ in table["known_bodies"])),
        "hospital": re.compile(table["numbered_hospital"]),
        "affiliated": re.compile(table["affiliated"]),
        "not_org": re.compile("|".join(table["not_org_patterns"])),
        "internal": set(table["org_internal_verbs"]),
        "suffix_words": set(table["suffixes"]),
        "quoted": re.compile("“([\u4e00-\u9fff]{2,14}(?:" + alternation(table["strong_suffixes"]) + "))”"),
        "stops": set(table["cut_words"]) | set(reforms["lead_verbs"]) | set(table["agent_verbs"]),
        "places": {n for p in places for n in (p.name, p.short_name, *p.alt_names) if len(n) >= 2},
        "places_by_length": sorted({n for p in places for n in (p.name, p.short_name, *p.alt_names) if len(n) >= 2},
                                   key=len, reverse=True),
        "place_kind": {n: p.kind for p in reversed(places) for n in (p.name, p.short_name, *p.alt_names)},
        "stems": tuple(table["departments"]),
        "departments": {d + s for d in table["departments"] for s in table["department_suffixes"]},
        "department_end": re.compile("(?:" + alternation(d + s for d in table["departments"]
                                                         for s in table["department_suffixes"]) + ")$"),
        "place_in": re.compile(alternation(n for p in places for n in (p.name, p.short_name, *p.alt_names) if len(n) >= 2)),
        "table": table,
    }


def extract_organizations(art: Article) -> None:
    """Record the bodies named in the article, with level and partOf edges."""
    pat = _patterns()
    for sent in art.layout.sentences:
        spans = _suffix_spans(art, sent, pat) + _regex_spans(sent, pat)
        for start, end in _longest_first(spans):
            start = _after_preposition(art, start, end, pat)
            if art.text[start] == "“" and "”" not in art.text[start:end]:
                if art.text.startswith("”", end):
                    continue  # '“深港通办”服务专区': a quoted term that ends like a body
                start += 1  # '“区总商会人民调解委员会、…”为架构': the quote opens a list
            name = art.text[start:end]
            if _acceptable(art, name, start, end, pat):
                level = org_level(art, name, start)
                art.book.add("Organization", name, start, end, key=org_key(name), level=level)
    link_organizations(art)


def _after_preposition(art: Article, start: int, end: int, pat) -> int:
    """'由区发改局牵头', '由深圳市第二人民医院托管': a preposition glued to the name is not part of it."""
    rest = art.text[start + 1:end]
    if art.text[start] in pat["table"]["lead_prepositions"] and len(rest) >= 3 and (
            rest[0] in "区市省" or _scope(rest, pat)):
        return start + 1
    return start


def _regex_spans(sent, pat) -> list[tuple[int, int]]:
    spans = []
    for key in ("known", "hospital", "affiliated"):
        spans += [(sent.start + m.start(), sent.start + m.end()) for m in pat[key].finditer(sent.text)]
    spans += [(sent.start + m.start(), sent.start + m.end()) for m in pat["quoted"].finditer(sent.text)]
    return spans


def _suffix_spans(art: Article, sent, pat) -> list[tuple[int, int]]:
    """Spans ending at a body suffix and starting where the name's tokens begin."""
    matches = list(pat["suffix"].finditer(sent.text))
    if not matches:
        return []
    toks = art.tokens(sent)
    spans: list[tuple[int, int]] = []
    ends = {e: (w, s) for w, s, e in toks}
    for match in matches:
        s_start, s_end = sent.start + match.start(), sent.start + match.end()
        if not _suffix_ok(ends.get(s_end), s_start, pat):
            continue
        start = _walk_left(art, toks, s_start, pat)
        inner = start + (art.text[start] == "“")
        if art.text.count("“", inner, s_end) > art.text.count("”", inner, s_end):
            continue  # '年度“中国政府…奖”': a body word inside a quoted title
        if spans and start <= spans[-1][1] and spans[-1][0] < s_start:
            spans[-1] = (spans[-1][0], s_end)  # 区财政局 + 国库支付中心: one name
        elif start < s_end:
            spans.append((start, s_end))
    return spans


def _suffix_ok(token: tuple[str, int] | None, s_start: int, pat) -> bool:
    """The suffix must end a jieba token (not 部署) that is not an ordinary word like 格局."""
    if token is None:
        return False
    word, w_start = token
    return w_start >= s_start or word not in pat["table"]["false_suffix_words"]


def _walk_left(art: Article, toks, s_start: int, pat) -> int:
    """Leftmost start of a body name whose suffix begins at ``s_start``."""
    start, quoted_until = s_start, None
    for word, w_start, w_end in reversed(toks):
        if w_start >= s_start:
            continue
        if w_end > s_start:  # the suffix begins inside this token (发改局)
            start = w_start
            continue
        if s_start - w_start > MAX_ORG:
            break
        if quoted_until is not None:  # inside a quoted term of the name (劳动争议“一站式”调处中心)
            quoted_until = None if word == "“" else quoted_until
            start = w_start
            continue
        if word == "”" and start == w_end:
            quoted_until = w_start
            start = w_start
            continue
        if _glued_preposition(word, pat):
            return w_start + 1  # '被市民政局', '由区政务服务数据管理局': jieba glues the preposition to the scope
        if not _passable(word, pat) and not _department_join(art, word, w_start, pat):
            break
        start = w_start
    return start if quoted_until is None else s_start


def _glued_preposition(word: str, pat) -> bool:
    return len(word) == 2 and word[0] in pat["table"]["lead_prepositions"] and word[1] in "区市省"


def _department_join(art: Article, word: str, w_start: int, pat) -> bool:
    """'发展改革和财政局': 和 joins two departments of one body."""
    return word in pat["table"]["department_joins"] and art.text.endswith(pat["stems"], 0, w_start)


def _passable(word: str, pat) -> bool:
    if word in pat["places"] or word in pat["departments"] or word in pat["internal"]:
        return True
    if PUNCT_STOP.search(word) or word in pat["stops"] or word in pat["table"]["generic_heads"]:
        return False
    if len(word) >= 3 and any(len(stop) >= 2 and word.endswith(stop) and stop not in pat["internal"]
                              for stop in pat["stops"]):
        return False  # '认真落实': an adverb glued to a verb is no part of a name
    tag = word_tag(word)
    return tag not in STOP_TAGS and tag not in ("v", "vd", "vi", "vg", "l", "mq")


def _longest_first(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(end <= s or start >= e for s, e in chosen):
            chosen.append((start, end))
    return sorted(chosen)


def _acceptable(art: Article, name: str, start: int, end: int, pat) -> bool:
    table = pat["table"]
    after = art.text[end:end + 6]
    if any(name.strip("“”").endswith(n) for n in table["not_orgs"]) or name.strip("“”") in table["generic_bodies"]:
        return False
    if name.startswith("“") and name.endswith("”"):
        return not name[1:-1].endswith(tuple(table["false_suffix_words"]))  # “某某议事厅” is a forum, not a body
    if len(name) < 2 or art.in_book_title(start) or art.covered_by(start, end, "MediaOutlet"):
        return False
    if art.text[start - 1:start] == "“" and art.text[end:end + 1] not in "”、":
        return False  # '获批“某市某类机构…试点单位”': the start of a quoted designation, not a body
    if any(art.text.endswith(head, 0, start) for head in table["generic_heads"] if len(head) > 1):
        return False
    if any(after.startswith(w) for w in table["role_words"] + table["not_before"]) or re.match(
            r"第[一二三四五六七八九十\d]+次", after):
        return False
    if any(name.endswith(n) for n in table["not_orgs"]) or pat["not_org"].search(name) or _counted(art, start) or _being_built(art, start):
        return False
    if any(name.startswith(w) for w in table["generic_heads"]):
        return False
    return _proper(art, name, start, end, pat)


def _counted(art: Article, start: int) -> bool:
    """'12个行业商协会': a counted set of bodies is a number, not an actor."""
    return bool(re.search(r"\d+(?:个|家|所)$", art.text[max(0, start - 6):start]))


def _being_built(art: Article, start: int) -> bool:
    """'建设全新机制的医学科学院': something under construction, not an actor."""
    lo, _ = art.clause_bounds(start)
    before = art.text[lo:start]
    return before.endswith("的") and any(v in before for v in _patterns()["table"]["built_verbs"])


def _proper(art: Article, name: str, start: int, end: int, pat) -> bool:
    """A proper body name: a known body, a scope prefix, a department, a strong suffix, or an actor."""
    table = pat["table"]
    if name in {n for n, _ in table["known_bodies"]} or pat["hospital"].fullmatch(name):
        return True
    scope = _scope(name, pat)
    rest = name[len(scope):] if scope else name
    if scope and len(rest) >= 2 and rest not in ("部门", "领导", "中心", "政府", "委员会"):
        return True
    if scope and rest in ("委", "政府") and scope not in ("全国", "国家", "中央"):
        return True
    if pat["department_end"].search(rest) or pat["place_in"].search(name):
        return True
    strong = table["strong_suffixes"]
    if len(name) >= 4 and (any(name.endswith(s) for s in strong) or any(s in name[:-2] for s in ("大学", "学院"))):
        return True
    lo, _ = art.clause_bounds(start)
    follow = art.text[end:end + 6].lstrip("还也已")
    opening = not art.text[lo:start].strip("同时此外另外,, ")
    if len(name) >= 5 and art.text[lo:start].endswith(tuple(table["setup_verbs"])):
        return True  # '设立劳动争议“一站式”调处中心': a body set up here acts in the article
    return opening and len(name) >= 4 and any(follow.startswith(v) for v in table["agent_verbs"])


def _scope(name: str, pat) -> str:
    for place in pat["places_by_length"]:
        if name.startswith(place):
            return place
    for prefix, _ in pat["table"]["scopes"]:
        if name.startswith(prefix) and not name.startswith(("市场", "区域", "省级", "市级", "区级")):
            return prefix
    return ""


def org_key(name: str) -> str:
    """Key that folds 龙岗社会创新中心 / 区社会创新中心 and 坪山区政府 / 区政府."""
    key = name_key(name)
    key = _patterns()["table"]["aliases"].get(key, key)
    for place in _patterns()["places_by_length"]:
        if key.startswith(place) and len(key) > len(place) + 1:
            # 甲区委改革办 is 区委改革办: the district's 区 stays with 委
            key = key[len(place) - 1:] if place.endswith("区") and key[len(place)] == "委" else key[len(place):]
            break
    if key.startswith("区") and len(key) > 3 and not key.startswith("区委"):
        key = key[1:]
    return key


def org_level(art: Article, name: str, start: int) -> str | None:
    """national / provincial / municipal / district / subdistrict from the name, else from context."""
    pat = _patterns()
    table = pat["table"]
    for body, level in table["known_bodies"]:
        if name == body:
            return level
    scope = _scope(name.lstrip("“").removeprefix("中共"), pat)  # 中共深圳市委: the city's Party committee
    if scope in pat["places"]:
        kind = pat["place_kind"][scope]
        return {"Municipality": "municipal", "Subdistrict": "subdistrict"}.get(kind, "district")
    if scope:
        return dict(table["scopes"])[scope]
    if any(place in name and pat["place_kind"][place] == "District" for place in pat["places"]):
        return "district"
    if name.endswith("总局") or (name.endswith("部") and len(name) <= 4):
        return "national"
    if name.endswith("厅"):
        return "provincial"
    sent = art.sentence(start)
    if sent and re.match(r"[\u4e00-\u9fff]{2,3}街道", sent.text):
        return "subdistrict"
    lo, _ = art.clause_bounds(start)
    if re.fullmatch(r"[\u4e00-\u9fff]{2,3}街道(?:" + "|".join(table["setup_verbs"]) + ")了?", art.text[lo:start]):
        return "subdistrict"  # '甲街道设立…调处中心': a body the subdistrict set up
    if any(name.endswith(d) for d in pat["departments"]) or any(name.endswith(s) for s in ("局", "委", "办")):
        return "district"
    return None
