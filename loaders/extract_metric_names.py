"""Names of outcome numbers: the shortest span holding a number and its label (涉企纠纷212宗,
'32个项目实现…', '由20个工作日压缩至5个工作日'), read from the clause around the number."""

import logging
import re
from functools import lru_cache

from loaders.extract_context import Article
from loaders.extract_plans import chinese_number
from loaders.extract_tables import alternation, load_table
from loaders.segment import word_tag

logger = logging.getLogger(__name__)

SEGMENT_STOP = ",,;;。!?!?::()()"
NOUN_TAGS = ("n", "nz", "nt", "ns", "nr", "vn", "an", "b", "j", "l", "s")
PLACE_PREPOSITIONS = "在为于从向"
DISPOSED = re.compile(r"将(?:全区|全市|辖区)?$")
INCLUDED = ("纳入", "列入", "接入")
QUANTIFIERS = ("全部", "全都", "均", "都")
PLACE_UNITS = ("街道", "社区", "村")  # '在11个街道组建…': a count of subdistricts says nothing without its predicate
MANNER = re.compile(r"以[^,;。]{1,12}?(?:方式|形式|模式)")
DURATION = r"^[^\d]*\d+(?:小时|天|分钟)(?!内)[\u4e00-\u9fff]+$"  # '实现24小时开放': a state, not a number


@lru_cache(maxsize=1)
def metric_patterns() -> dict:
    """The number pattern (digits or a Chinese numeral, magnitude, unit) and the metrics table."""
    table = load_table("metrics")
    # '三个主渠道': a Chinese numeral (two to ten; 一 is mostly idiom, 一张网) counts before a classifier
    chinese = (r"(?<![" + table["numeral_not_after"] + r"])[两二三四五六七八九十](?=(?:"
               + alternation(table["classifiers"]) + r")[\u4e00-\u9fff])")
    number = (r"(?P<num>\d+(?:\.\d+)?|(?<=[近约达长升高翻了])一(?=倍)|" + chinese + r")(?P<approx>余|多)?(?P<mag>" + alternation(table["magnitudes"])
              + r")?(?:余|多)?(?P<unit>" + alternation(table["units"]) + ")")
    return {"number": re.compile(number), "trend": re.compile(table["trend_tail"]), "table": table}


def number_value(printed: str) -> int | float:
    """13, 2.5 or 三 as a number."""
    if printed.isascii():
        return float(printed) if "." in printed else int(printed)
    return chinese_number(printed)


def segment(art: Article, offset: int, stops: str = SEGMENT_STOP) -> tuple[int, int]:
    """[start, end) of the stretch of its sentence around ``offset`` between ``stops`` (quotes kept whole)."""
    sent = art.sentence(offset)
    lo, hi = (sent.start, sent.end) if sent else (0, len(art.text))
    start, end = offset, offset
    depth = 0
    while start > lo:
        ch = art.text[start - 1]
        depth += ch in "”)" and 1 or 0
        depth -= ch in "“(" and 1 or 0
        if ch in stops and depth <= 0 and ch not in "“”":
            break
        if depth < 0:
            depth = 0
        start -= 1
    while end < hi and art.text[end] not in stops:
        end += 1
    return start, end


def name_spans(art: Article, sent, matches: list, pat):
    """(number start, number end, name span, match) for each outcome number of a sentence."""
    table = pat["table"]
    listed = _parallel_list(art, sent, matches, pat)
    if listed:
        yield from listed
        return
    prev_end = None
    for match in matches:
        start, end = sent.start + match.start(), sent.start + match.end()
        if prev_end is not None and start < prev_end:
            continue  # '12座公园实现24小时开放': the duration is part of the count's predicate
        lo, hi = segment(art, start)
        if prev_end is not None and lo < prev_end:
            lo = prev_end
            while lo < start and art.text[lo] in "、和及与":
                lo += 1
        label_lo = _range_start(art, lo, start, table) or _label_start(art, lo, start, table)
        name_end = end
        if match["unit"] in table["classifiers"] or (match["mag"] or "") + match["unit"] in table["classifiers"]:
            name_end = _noun_after(art, sent, end, hi, table)
        if label_lo == start and name_end == end:
            name_end = _predicate_after(art, end, hi)
        elif label_lo == start and not _disposed(art, lo, start, name_end) and (
                art.text[start - 1:start] not in PLACE_PREPOSITIONS or art.text[end:name_end] in PLACE_UNITS):
            name_end = _predicate_after_noun(art, sent, name_end, hi)  # not '在40栋楼宇|建立…': a count of sites
        prev_end = name_end
        yield start, end, (label_lo, name_end), match


def _disposed(art: Article, lo: int, start: int, end: int) -> bool:
    """'将N项事项全部接入', '已有N个项目纳入…': what is brought in is named by its count alone."""
    if DISPOSED.search(art.text, lo, start):
        return True
    return art.text.endswith("已有", lo, start) and art.text.startswith(INCLUDED, end)


def _range_start(art: Article, lo: int, start: int, table: dict) -> int | None:
    """'审批时限由…20个工作日压缩到…5个工作日': the whole change is the name."""
    before = art.text[lo:start]
    if "由" in before and any(v in before for v in table["change_verbs"]):
        return _label_start(art, lo, lo + before.index("由"), table) if before.index("由") else lo
    return None


def _label_start(art: Article, lo: int, start: int, table: dict) -> int:
    """Where the label before a number starts: after a quoted subject, 的/等, and leading verbs."""
    text = art.text
    if text[lo:lo + 1] == "“":
        close = text.find("”", lo, start)
        if close > 0 and close + 1 < start and not re.match(r"[\u4e00-\u9fff]{0,6}\d", text[close + 1:start]):
            lo = close + 1
    manner = MANNER.search(text, lo, start)
    if manner:
        lo = manner.end()  # '以“标准地”方式出让…': the manner is no part of the label
    for mark in ("等", "的"):
        cut = text.rfind(mark, lo, start)
        if mark == "等" and cut >= 0 and re.match(r"[\u4e00-\u9fff]{2}", text[cut + 1:start]) and \
                "、" not in text[lo:cut]:
            continue  # '停车管理等事项63件': one example inside the label; 'A、B等问题156个' names the count alone
        if mark == "的" and cut + 1 == start and text.startswith("占", lo):
            continue  # '占新设企业总数的78%': a share names its whole
        if cut >= 0 and text[lo:cut].count("“") == text[lo:cut].count("”"):
            lo = cut + 1
    unbalanced = text.rfind("”", lo, start)
    if unbalanced >= 0 and text.count("“", lo, unbalanced) < text.count("”", lo, unbalanced + 1) and \
            not re.match(r"\d", text[unbalanced + 1:start]):
        lo = unbalanced + 1
    lo = _after_preposition_phrase(art, lo, start)
    label = text[lo:start]
    sent = art.sentence(start)
    edges = {s for _, s, _ in art.tokens(sent)} | {start} if sent else {start}
    last = max((label.rfind(v) + len(v) for v in table["label_verbs"] if v in label and (
        lo + label.rfind(v) in edges or _ends_verb(art, sent, lo + label.rfind(v) + len(v)))  # not 组织 in 党组织
        and not text.startswith("率", lo + label.rfind(v) + len(v))), default=-1)
    if last >= 0:
        cut = lo + last + (1 if text[lo + last:lo + last + 1] == "了" else 0)
        if cut < start or _has_noun_after(art, start):
            lo = cut
        else:
            lo = lo  # '覆盖率实现100%': nothing after the verb, keep the subject as label
    changed = True
    while changed and lo < start:
        changed = False
        for filler in table["label_fillers"]:
            if text.startswith(filler, lo) and lo + len(filler) <= start and lo + len(filler) in edges:
                lo, changed = lo + len(filler), True
    lo = _after_preposition_phrase(art, lo, start)  # '一是在全区10个街道…'
    while lo < start and text.startswith(tuple(table["label_fillers"]), lo) and lo + 2 <= start and \
            any(text.startswith(f, lo) and lo + len(f) in edges for f in table["label_fillers"]):
        lo += next(len(f) for f in table["label_fillers"] if text.startswith(f, lo) and lo + len(f) in edges)
    if start - lo > table["max_label"]:
        nouns = _noun_run_before(art, sent, start) if sent else start
        return nouns if start - nouns >= 2 else start - table["max_label"]
    return lo


def _ends_verb(art: Article, sent, offset: int) -> bool:
    """Whether a verb or set phrase token ends at ``offset`` (超额完成|, not 党组织|)."""
    return sent is not None and any(e == offset and word_tag(w)[:1] in ("v", "l", "i") for w, _, e in art.tokens(sent))


def _after_preposition_phrase(art: Article, lo: int, start: int) -> int:
    """'在全区20家医院…', '为辖区30栋…', '在科技园组建联盟8个': a place phrase
    led by a preposition is no label; the label (if any) follows its verb."""
    sent = art.sentence(start)
    if sent is None or art.text[lo:lo + 1] not in PLACE_PREPOSITIONS:
        return lo
    approximators = metric_patterns()["table"]["approximators"]
    for word, w_start, w_end in art.tokens(sent):
        if lo < w_start and w_end <= start and word_tag(word).startswith("v") and word not in approximators:
            return w_end
    return start if start - lo <= 4 else lo  # '在全区|31家…' is a place; '为企业节省…超过' keeps its words


def _noun_run_before(art: Article, sent, start: int) -> int:
    """Start of the nouns right before a number ('…督促整改问题清单|12条'), for labels too long to keep."""
    pos = start
    for word, w_start, w_end in reversed(art.tokens(sent)):
        if w_end > pos:
            continue
        if w_end != pos or word_tag(word) not in NOUN_TAGS:
            break
        pos = w_start
    return pos


def _has_noun_after(art: Article, end: int) -> bool:
    match = metric_patterns()["number"].match(art.text, end)
    following = art.text[match.end():match.end() + 2] if match else ""
    return bool(re.match(r"[\u4e00-\u9fff]", following))


def _noun_after(art: Article, sent, end: int, hi: int, table: dict) -> int:
    """Extend over the noun that a classifier counts: 68所|民办学校."""
    pos = end
    internal = set(load_table("orgs")["org_internal_verbs"])
    toks = art.tokens(sent)
    for i, (word, w_start, w_end) in enumerate(toks):
        if w_start < end < w_end and re.fullmatch(r"[\u4e00-\u9fff]+", art.text[end:w_end]):
            pos = w_end  # '个市' tokenised together: the noun starts inside the token
            continue
        if w_start < end:
            continue
        if w_start != pos or w_end > hi or w_end - end > table["max_noun"] or word in QUANTIFIERS:
            break
        unknown_modifier = word_tag(word) == "" and i + 1 < len(toks) and word_tag(toks[i + 1][0]) in NOUN_TAGS
        if (word_tag(word) not in NOUN_TAGS and word not in internal and not unknown_modifier) or not re.fullmatch(
                r"[\u4e00-\u9fff]+", word):
            break  # a word jieba does not know counts only as a modifier of a noun (社康|中心)
        pos = w_end
    return pos


def _predicate_after(art: Article, end: int, hi: int) -> int:
    """'130家达到入库门槛要求': a bare number takes the rest of its clause."""
    rest = art.text[end:hi]
    return end + len(rest) if len(rest) <= metric_patterns()["table"]["max_predicate"] else end


def _predicate_after_noun(art: Article, sent, end: int, hi: int) -> int:
    """'12个项目|实现当年开工': a bare count takes the short predicate that says what it achieved."""
    rest = art.text[end:hi]
    first = next((w for w, s, _ in art.tokens(sent) if s == end), "")
    if not rest or len(rest) > metric_patterns()["table"]["max_noun_predicate"]:
        return end
    if re.search(r"\d", rest) and not re.search(DURATION, rest):
        return end
    return hi if word_tag(first).startswith("v") and first not in ("是", "为", "有") else end


def _parallel_list(art: Article, sent, matches: list, pat):
    """'A、B、C年均下降21.2%、21.49%、30%': labels and numbers listed apart; names are the labels."""
    if len(matches) < 2:
        return None
    text = sent.text
    joined = all(re.fullmatch(r"[、和及]", text[a.end():b.start()]) for a, b in zip(matches, matches[1:]))
    if not joined:
        return None
    lo, _ = segment(art, sent.start + matches[0].start(), ",,;;。!?!?")
    head = art.text[lo:sent.start + matches[0].start()]
    head = pat["trend"].sub("", head)
    labels = head.split("、")
    if len(labels) != len(matches):
        return None
    out, pos = [], lo
    for label, match in zip(labels, matches):
        start = art.text.index(label, pos)
        pos = start + len(label)
        out.append((sent.start + match.start(), sent.start + match.end(), (start, pos), match))
    return out
