"""Metrics: numbers with a printed unit that a reform or pilot achieved (涉企纠纷212宗, 增长517%).

A metric's name is the shortest span with its label and number; forecasts, publicity
counts and inputs (N项重点任务) are left out. Each metric is tied to the reform or pilot
it is an outcome of: in its sentence, else its paragraph's (or enumerated item's), else its
section's topic, else (under a heading) the reform the headline names.
"""

import logging
import re

from loaders.extract_context import Article
from loaders.extract_metric_names import metric_patterns, name_spans, number_value, segment
from loaders.extract_model import Entity, name_key
from loaders.extract_reform_sections import quoted_in_heading

logger = logging.getLogger(__name__)

ITEM = re.compile("(?<![\u4e00-\u9fff])[一二三四五六七八九十]是")
PILOT_SINCE = re.compile("试点(?:工作)?(?:实施|开展|启动|运行)?以来")
TOPIC_REACH = 10
FORECAST_SENTENCE = re.compile("力争|预计|有望|下一步")
BACKGROUND = re.compile("(?:区|辖区|全区|陆域|海域|总)面积(?:约|达|为)?$|(?:常住|户籍|管理|总)人口(?:约|达|为|超)?$")  # blocks: how far back a section's topic reform still owns a number


def extract_metrics(art: Article) -> None:
    """Record the outcome numbers of the article and their hasOutcome edges."""
    pat = metric_patterns()
    for sent in art.layout.sentences:
        matches = [m for m in pat["number"].finditer(sent.text) if _is_outcome(art, sent, m, pat)]
        if not matches:
            continue
        for start, end, label_span, match in name_spans(art, sent, matches, pat):
            heads = outcome_heads(art, start)
            if not heads and not _reportable(art, sent):
                continue
            value = number_value(match["num"])
            unit = (match["mag"] or "") + match["unit"]
            name = art.text[label_span[0]:label_span[1]]
            if len(name.strip()) < 2:
                continue
            key = f"{value}{unit}:{name_key(name)[-4:]}"
            metric = art.book.add("Metric", name, label_span[0], label_span[1], key=key, value=value, unit=unit)
            for head in heads:
                art.book.relate(head, "hasOutcome", metric, *_joint_span(art, head, start, end))


def _is_outcome(art: Article, sent, match: re.Match, pat) -> bool:
    table = pat["table"]
    start = sent.start + match.start()
    before = art.text[max(sent.start, start - 2):start]
    if any(before.endswith(w) for w in table["skip_before"]) or re.search(r"[A-Za-z0-9—\-]$", before):
        if not re.search(table["rank_after"], art.text[max(sent.start, start - 3):start]):
            return False  # '排名…上升至第3位': a rank reached is an outcome; '第8位' alone is not
    if match["unit"] in ("天", "分钟", "小时") and art.text.startswith("内", sent.start + match.end()):
        if pat["number"].search(art.text, sent.start + match.end(), segment(art, start)[1]):
            return False  # '3天内办结事件达88.56%': a time window inside the label
    if art.in_book_title(start) or _in_quotes(art, sent, start):
        return False
    lo, hi = segment(art, start, ",,;;。!?!?")
    clause = art.text[lo:start]
    blockers = [w for w in table["forecast"] + table["publicity"] + table["input_verbs"] if w in clause]
    disposal = re.search(table["disposal"], art.text[lo:hi]) if blockers == ["将"] else None
    if disposal and (lo + disposal.end() <= start or disposal[0].endswith("入")):
        blockers = []  # '将全区148个…整合为三个主渠道', '将900项事项全部接入': 将 marks what is disposed of
    if BACKGROUND.search(clause):
        return False  # '龙岗区面积388平方公里', '常住人口…': what a place is, not what a reform did
    if blockers or FORECAST_SENTENCE.search(art.text, sent.start, start):
        return False  # '力争到2025年实现…全覆盖,年转化…突破500项': the aim governs the whole sentence
    if clause.startswith(tuple(table["explains"])) or re.search(table["plan_count"], clause):
        return False  # '即1个规范…': what a system consists of; '部署改革任务42项': a plan's size
    if match["unit"] in table["staff_units"] and any(w in clause for w in table["staffing_verbs"]):
        return False  # '设立各级湾长58名': staff appointed are an input
    end_at = sent.start + match.end()
    if match["unit"] == "周" and art.text.startswith("年", end_at):
        return False  # '40周年'
    if any(w in art.text[end_at:hi] for w in table["not_outcome_after"]):
        return False  # '6个社区入选…', '首批3个…之一': a count of those honoured, not an outcome
    after = art.text[sent.start + match.end(): sent.start + match.end() + 10]
    noun = re.match(r"[\u4e00-\u9fff\d.%]{0,10}", after)[0]
    if art.text.endswith("已有", lo, start):
        noun = re.split("纳入|列入", noun)[0]  # '已有70个项目纳入改革范围': those already covered are an outcome
    if any(w in noun for w in table["inputs_after"]):
        return False
    if any(after.startswith(v) for v in table["change_verbs"]):
        return False  # '由15%提升至70%': the starting value of a change
    return True


def _in_quotes(art: Article, sent, offset: int) -> bool:
    before = art.text[sent.start:offset]
    return before.count("“") > before.count("”")


def outcome_heads(art: Article, offset: int) -> list[Entity]:
    """The reforms or pilots a number at ``offset`` is an outcome of."""
    sent = art.sentence(offset)
    block = art.block(offset)
    if sent is None or block is None:
        return []
    reforms = _mentioned(art, sent.start, offset, "Reform")
    if reforms:
        return _nearest_group(art, reforms)
    pilots = _mentioned(art, sent.start, offset, "Pilot")
    if pilots:
        return [pilots[-1][1]]
    if PILOT_SINCE.search(art.text, sent.start, offset):
        earlier = _mentioned(art, 0, sent.start, "Pilot")  # '试点实施以来,…': the designation named last
        if earlier:
            return [earlier[-1][1]]
    first_item, lo = _item_bounds(art, block, sent.start)
    # a reform the paragraph names before its items (一是…二是…) owns them all; one named inside an item, that item
    reforms = _mentioned(art, block.start, first_item, "Reform") + _mentioned(art, lo, offset, "Reform")
    if reforms:
        heads = [reforms[0][1]]
        heads += [p for _, p in _mentioned(art, block.start, offset, "Pilot") if p not in heads]
        return heads
    pilots = _mentioned(art, block.start, offset, "Pilot")
    if pilots:
        return [pilots[-1][1]]  # a paragraph about a designation: its numbers are the pilot's
    topic = _section_topic(art, block, first_item == block.start < lo)
    if topic is None and (block.heading >= 0 or _after_lead(art, block)):
        topic = _title_topic(art)  # a section under its own heading, or a later paragraph: not the lead's background
    return [topic] if topic else []


ANAPHORA = re.compile("(?:^|[。!?”])[^,。]{0,12}(?:改革后|改革以来|改革实施以来)")


def _item_bounds(art: Article, block, sent_start: int) -> tuple[int, int]:
    """(start of the paragraph's first enumerated item, start of the item holding the sentence);
    both the sentence start when it has no items."""
    items = [m.start() for m in ITEM.finditer(art.text, block.start, sent_start + 3)]
    return (items[0], items[-1]) if items else (sent_start, block.start)


def _after_lead(art: Article, block) -> bool:
    """A paragraph after the article's first one."""
    first = next((b for b in art.layout.blocks if b.kind == "paragraph"), None)
    return first is not None and block.index > first.index and block.kind == "paragraph"


def _title_topic(art: Article) -> Entity | None:
    """The one reform the headline names: what a section without its own reform reports on."""
    title = next((b for b in art.layout.blocks if b.kind == "title"), None)
    if title is None:
        return None
    headline = name_key(title.text)  # '推进X改革工作情况': the name may run on into the headline
    found = [r for r in art.book.of_type("Reform") if len(r.key) >= 4 and r.key in headline
             or title.start <= r.first < title.end]
    if not found:  # a story about one reform that the headline does not name
        found = art.book.of_type("Reform")
    return found[0] if len(found) == 1 else None


def _mentioned(art: Article, lo: int, hi: int, etype: str) -> list[tuple[int, Entity]]:
    found = sorted(((s, e) for e in art.book.of_type(etype) for s, _ in e.mentions if lo <= s < hi),
                   key=lambda hit: hit[0])  # two entities may share a start offset
    seen, out = set(), []
    for s, e in found:
        if id(e) not in seen:
            seen.add(id(e))
            out.append((s, e))
    return out


def _nearest_group(art: Article, reforms: list[tuple[int, Entity]]) -> list[Entity]:
    """The nearest reform, with any named right next to it (推行“备案制”“告知承诺制”)."""
    last_start, last = reforms[-1]
    group = [last]
    for start, reform in reversed(reforms[:-1]):
        end = max(e for s, e in reform.mentions if s == start)
        if 0 <= last_start - end <= 1:
            group.append(reform)
            last_start = start
    return group


def _section_topic(art: Article, block, in_later_item: bool) -> Entity | None:
    """The latest reform (…改革) named in a heading or at the start of one of the few paragraphs before
    (not the lead of the number's own paragraph when that lead is an earlier item, 一是…)."""
    for b in reversed(art.layout.blocks[max(0, block.index - TOPIC_REACH): block.index + 1]):
        if b is block and in_later_item or b.kind == "title":
            continue  # the headline speaks for sections under headings only (_title_topic)
        first = art.text.find(",", b.start, b.end)
        lead_end = first if first > 0 and b.kind != "heading" else b.end
        # a heading's mechanism ('（三）“甲”响应机制持续完善') is its section's topic as well
        found = [f for f in _mentioned(art, b.start, lead_end, "Reform") if f[1].name.endswith("改革") or b.kind == "heading"]
        if found:
            return found[-1][1]
        if b.kind == "heading" and b is not block:
            run = art.layout.heading_run(b)
            if not any(_mentioned(art, h.start, h.end, "Reform") for h in run):
                quoted = quoted_in_heading(art, b)
                if quoted is not None or not ANAPHORA.search(block.text):
                    return quoted  # '改革后,…': the section goes on with the reform named before its heading
    return None



def _reportable(art: Article, sent) -> bool:
    """Numbers with no reform are kept when a subdistrict or a plan reports them."""
    if art.covered_by(sent.start, sent.start + 3, "Subdistrict"):
        return True
    if art.covered_by(sent.start, sent.end, "ReformPlan") and re.search("解决|完成|实现|化解|新增", sent.text):
        return True
    block = art.block(sent.start)
    return block is not None and art.covered_by(block.start, block.start + 4, "Subdistrict") is not None


def _joint_span(art: Article, head: Entity, start: int, end: int) -> tuple[int, int]:
    before = [s for s, _ in head.mentions if s <= start]
    lo = max(before) if before else start
    return (lo, end) if end - lo <= 400 else (start, end)
