"""Media outlets (known outlets and programmes, or 《…》 that report) and named persons with roles."""

import logging
import re
from functools import lru_cache

from loaders.extract_context import Article
from loaders.extract_tables import alternation, load_table, outlet_index
from loaders.segment import word_frequency, word_tag

logger = logging.getLogger(__name__)

MEDIA_ACTS = ("专题报道", "报道", "转载", "刊登", "采用", "播出", "刊发")
FUNCTION_TAGS = ("p", "c", "u", "d", "r")  # 关于, 对于…: a word of this kind is no name


DATELINE = re.compile(r"讯|[\u4e00-\u9fff]{0,6}\d{1,2}月\d{1,2}日电")


@lru_cache(maxsize=1)
def _media_patterns() -> dict:
    table = load_table("outlets")
    known = alternation(outlet_index())
    return {
        "known": re.compile(f"(?:央视)?《(?:{known})》|(?:央视)(?=《)|(?:{known})"),
        "titled": re.compile(r"(?:央视)?《([^《》]{2,16})》"),
        "suffixes": tuple(table["outlet_suffixes"]) + tuple(table["programme_words"]),
    }


def extract_media(art: Article) -> None:
    """Record the outlets the body names: known ones anywhere, 《…》 ones when they report."""
    pat = _media_patterns()
    for block in art.layout.blocks:
        taken: list[tuple[int, int]] = []
        for match in pat["titled"].finditer(block.text):
            start, end = block.start + match.start(), block.start + match.end()
            if _reports(art, match[1], start, end, pat):
                _add_outlet(art, start, end, match[1])
                taken.append((start, end))
        for match in pat["known"].finditer(block.text):
            start, end = block.start + match.start(), block.start + match.end()
            if match[0] == "央视" or any(s <= start < e for s, e in taken):
                continue
            if art.text[start - 1:start] == "《" and art.text[end:end + 1] != "》":
                continue  # part of a longer title
            if DATELINE.match(art.text, end) or block.text.strip("()()") == match[0]:
                continue  # '某报讯', '某网深圳9月12日电', '(某报)': the article's own credit, not a report
            _add_outlet(art, start, end, match[0].removeprefix("央视").strip("《》") or match[0])


def _reports(art: Article, inner: str, start: int, end: int, pat) -> bool:
    """Whether a 《…》 title is an outlet: a known one, named like one, or shown reporting."""
    if inner in outlet_index() or inner.endswith(pat["suffixes"]):
        return True
    before = art.text[max(0, start - 4):start]
    after = art.text[end:end + 4]
    return before.endswith(("刊物", "栏目", "节目", "央视")) or after.startswith(MEDIA_ACTS)


def _add_outlet(art: Article, start: int, end: int, inner: str) -> None:
    outlet = outlet_index().get(inner)
    key = outlet.name if outlet else inner
    art.book.add("MediaOutlet", art.text[start:end], start, end, key=key)


def outlet_level(name: str) -> str | None:
    """The reach of a known outlet (national…) by its printed name."""
    inner = re.sub(r"^央视|[《》]", "", name)
    outlet = outlet_index().get(inner)
    if name.startswith("央视"):
        return "national"
    return outlet.level if outlet else None


@lru_cache(maxsize=1)
def _person_patterns() -> dict:
    table = load_table("persons")
    name = f"(?:{alternation(table['compound_surnames'])}|[{table['surnames']}])[\u4e00-\u9fff]{{1,2}}"
    return {
        "role_name": re.compile(f"({alternation(table['titles'])})({name})"),
        "desc_name": re.compile(f"(?:{alternation(table['descriptors'])})({name})"),
        "serves": re.compile(f"担任[^,。;]*?((?:首任|常务)?(?:{alternation(table['titles'])}))"),
        "table": table,
    }


def extract_persons(art: Article) -> None:
    """Named persons with the title printed before (区长戴斌) or after (…担任首任馆长) them."""
    pat = _person_patterns()
    reporters = {b.name for b in art.bylines}
    for sent in art.layout.sentences:
        for match in pat["role_name"].finditer(sent.text):
            start = sent.start + match.start(2)
            name = _trim_name(match[2], art.text[start + len(match[2]):start + len(match[2]) + 1], pat)
            if name and name not in reporters:
                role = _role_chain(art, sent.start + match.start(1), sent.start + match.end(1), pat)
                art.book.add("Person", name, start, start + len(name), role=role)
        serves = pat["serves"].search(sent.text)
        if serves:
            for match in pat["desc_name"].finditer(sent.text[:serves.start()]):
                start = sent.start + match.start(1)
                name = _trim_name(match[1], art.text[start + len(match[1]):start + len(match[1]) + 1], pat)
                if name and name not in reporters:
                    art.book.add("Person", name, start, start + len(name), role=serves[1])


def _trim_name(candidate: str, following: str, pat) -> str | None:
    """A two- or three-character name: the third character goes when it starts the verb or mark
    after the name (戴斌任…, 张勇强调), not when it only could (吴志强表示). Honorifics (王女士) and
    function words (关于) are no names."""
    table = pat["table"]
    if len(candidate) == 3 and candidate[2] in table["after_name"] and (
            candidate[2] in table["after_name_alone"] or word_frequency(candidate[2] + following) >= 100):
        candidate = candidate[:2]
    if any(candidate[1:].startswith(h) for h in table["honorifics"]) or word_tag(candidate[:2]) in FUNCTION_TAGS:
        return None
    return candidate if len(candidate) >= 2 else None


def _role_chain(art: Article, start: int, end: int, pat) -> str:
    """The full title as printed: 龙岗区委书记、区委全面深化改革领导小组组长."""
    sent = art.sentence(start)
    lo = sent.start if sent else 0
    i = start
    while i > lo and re.match(r"[\u4e00-\u9fff“”、]", art.text[i - 1]):
        i -= 1
    role = art.text[i:end]
    for cut in pat["table"]["role_lead_cut"]:
        if cut in role:
            role = role[role.rindex(cut) + len(cut):]
    return role.lstrip("、")
