"""Reform plans: dated plans, counted sets of reforms, project libraries, task counts, counted 《方案》."""

import logging
import re
from functools import lru_cache

from loaders.extract_context import Article
from loaders.extract_model import name_key
from loaders.extract_places import main_district
from loaders.extract_plan_books import named_plans, owning_plan
from loaders.extract_tables import load_table

logger = logging.getLogger(__name__)

DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int | None:
    """13 or 十三 -> 13 (up to 99); None when it is not a number."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return DIGITS[text] if len(text) == 1 else None
    tens, _, units = text.partition("十")
    return DIGITS.get(tens, 1 if not tens else 0) * 10 + (DIGITS.get(units, 0) if units else 0)


@lru_cache(maxsize=1)
def _patterns() -> dict:
    from loaders.extract_orgs import _patterns as org_patterns

    table = load_table("plans")
    places = "|".join(sorted((p for p in org_patterns()["places"] if len(p) >= 2), key=len, reverse=True))
    compiled = {key: re.compile(table[key].replace("PLACE", places))
                for key in ("dated", "counted", "library", "tasks", "book", "count_of_body", "count_after_body", "projects",
                            "quoted_projects", "plan_size", "plan_size_listed", "named", "named_count", "name_count")}
    compiled["table"] = table
    return compiled


def extract_plans(art: Article) -> None:
    """Record the plans; their count, year and the district that carries them out."""
    pat = _patterns()
    named_plans(art, pat)
    for block in art.layout.blocks:
        for key in ("dated", "library", "tasks", "book", "quoted_projects"):
            for match in pat[key].finditer(block.text):
                _add_plan(art, block, match, key)
        if block.kind == "heading" or block.index == 0:
            for match in pat["counted"].finditer(block.text):
                _add_plan(art, block, match, "counted")
    _counts_from_text(art, pat)
    _sizes_in_sentence(art, pat)
    _project_sets(art, pat)
    _fold_contents(art)


def _fold_contents(art: Article) -> None:
    """'X工作要点共确定重点改革任务35项': the tasks counted right after a named plan are its contents."""
    plans = art.book.of_type("ReformPlan")
    for part in plans:
        sent = art.sentence(part.first)
        if part.info.get("kind") not in ("tasks", "projects") or sent is None:
            continue
        named = [p for p in plans if p is not part and p.info.get("kind") in ("dated", "book")
                 and sent.start <= p.first < part.first and (p.type, p.key) in art.book.entities]
        if named:
            art.book.merge(named[-1], part)


def _sizes_in_sentence(art: Article, pat) -> None:
    """'《…工作要点》共部署改革任务42项': a plan's size printed in the sentence that names it."""
    for plan in art.book.of_type("ReformPlan"):
        sent = art.sentence(plan.first)
        if sent is None or plan.attrs.get("count") is not None:
            continue
        match = pat["plan_size"].search(sent.text) or pat["plan_size_listed"].search(sent.text, plan.first - sent.start)
        if match:  # '《…方案》,明确了甲、乙等16项改革任务': the tasks it sets out after its name
            plan.attrs["count"] = int(match["n"])


def _project_sets(art: Article, pat) -> None:
    """'今年共确定重点改革项目32项': an undated set of key reforms, unless a dated plan already names it."""
    if any("重点改革" in plan.name for plan in art.book.of_type("ReformPlan")):
        return
    for block in art.layout.blocks:
        for match in pat["projects"].finditer(block.text):
            start, end = block.start + match.start("name"), block.start + match.end("name")
            plan = art.book.add("ReformPlan", art.text[start:end], start, end, key=name_key(match["name"]),
                                count=int(match["n"]), year=art.year_at(start))
            plan.info.setdefault("scoped", False)
            plan.info.setdefault("kind", "projects")


def _add_plan(art: Article, block, match: re.Match, key: str) -> None:
    start, end = block.start + match.start(), block.start + match.end()
    if key == "dated" and match["scope"] == "区":
        start += 1  # 宝安区2022年…: the 区 belongs to the place name before it
    if key in ("library", "tasks", "book", "quoted_projects"):
        start, end = block.start + match.start("name"), block.start + match.end("name")
        if key == "book":
            start, end = start - 1, end + 1  # keep the 《》 as printed
    name = art.text[start:end]
    owner = owning_plan(art, start, end, name)
    if owner is not None:  # the same plan as a 《》 name already recorded
        art.book.add("ReformPlan", owner.name, start, end, key=owner.key)
        return
    count = chinese_number(match.groupdict().get("n") or "")
    plan_key = f"{count}项改革" if key == "counted" else name_key(name)
    year = int(match["year"]) if key == "dated" else None
    plan = art.book.add("ReformPlan", name, start, end, key=plan_key, count=count, year=year)
    plan.info.setdefault("scoped", key == "dated" and bool(match["scope"]) and match["scope"] != "区")
    plan.info.setdefault("kind", key)


def _counts_from_text(art: Article, pat) -> None:
    """'共安排了25个重点改革项目' gives the count of '2021年度重点改革项目'."""
    for plan in art.book.of_type("ReformPlan"):
        if plan.attrs.get("count") is not None or plan.info["kind"] != "dated":
            continue
        body = pat["dated"].search(plan.name)["body"]
        for key in ("count_of_body", "count_after_body"):
            for match in pat[key].finditer(art.text):
                if match["body"] == body:
                    plan.attrs["count"] = int(match["n"])
                    return


def plan_members(art: Article) -> None:
    """partOf and implementedIn/ledBy edges of the plans."""
    district = main_district(art)
    for plan in art.book.of_type("ReformPlan"):
        start, end = plan.mentions[0]
        place = art.clause_subject(start, "Subdistrict", "Community") or district
        if place and not plan.info.get("scoped"):
            art.book.relate(plan, "implementedIn", place, start, end)
        _issuer(art, plan)
    _paragraph_members(art)
    _list_members(art)
    _section_members(art)
    _table_members(art)
    _labelled_members(art)
    _numbered_members(art)


def _named_short(plan, text: str) -> bool:
    """'《清单》提出…': the short title a plan goes by after its first mention."""
    return any(plan.name.rstrip("》").endswith(short) for short in re.findall(r"《([^》]{2,6})》", text))


LIST_NUMBER = re.compile(r"\d{1,2}[.、．](?!\d)")


def _numbered_members(art: Article) -> None:
    """'《…清单》…' then '1.甲改革。…' '2.乙改革。…': reforms heading numbered items belong to the
    plan the text before the list names most often, the latest on a tie (a list has three items at
    least; a plan named only in the headline or once in passing, '去年的清单', weighs less). The
    paragraph that leads into the list must name the plan: '…经验主要包括:' lists something else."""
    items = sorted((s, r) for r in art.book.of_type("Reform") for s, _ in r.mentions
                   if (b := art.block(s)) is not None and s - b.start <= 4 and LIST_NUMBER.match(b.text))
    if len(items) < 3:
        return
    first_at = items[0][0]
    lead_in = next((b for b in reversed(art.layout.blocks[:art.block(first_at).index])
                    if b.kind not in ("heading", "item") and not LIST_NUMBER.match(b.text)), None)
    plans = [p for p in art.book.of_type("ReformPlan") if not p.info.get("scoped") and lead_in is not None
             and (any(lead_in.start <= s < lead_in.end for s, _ in p.mentions) or _named_short(p, lead_in.text))]
    if not plans:
        return
    plan = max(plans, key=lambda p: (sum(s < first_at for s, _ in p.mentions), max(s for s, _ in p.mentions if s < first_at)))
    for start, reform in items:
        art.book.relate(reform, "partOf", plan, start, art.block(start).end)


LABELS = re.compile(r"(?:明确|部署|确定|包括)了?(?P<labels>[^。;;,,]{2,60}?)等\d+项[\u4e00-\u9fff]{0,6}?改革任务")


def _labelled_members(art: Article) -> None:
    """'《…方案》,明确了甲核算、乙执法等16项改革任务': reforms named later whose names hold a label."""
    for plan in art.book.of_type("ReformPlan"):
        sent = art.sentence(plan.first)
        match = LABELS.search(sent.text, plan.first - sent.start) if sent else None
        if match is None:
            continue
        labels = [name_key(w) for w in re.split(r"[、”“]+", match["labels"]) if len(name_key(w)) >= 2]
        for reform in art.book.of_type("Reform"):
            if any(_holds_label(name_key(reform.name), label) for label in labels):
                art.book.relate(reform, "partOf", plan, sent.start + match.start(), sent.start + match.end())


def _holds_label(name: str, label: str) -> bool:
    """'园区服务' in 园区“一站式”服务机制: the label, or its two halves in order."""
    if label in name:
        return True
    head, tail = label[:2], label[2:]
    return len(label) >= 4 and head in name and tail in name[name.index(head) + 2:]


def _table_members(art: Article) -> None:
    """Reforms in the table rows right under a line naming a plan ('附:…2022年重点改革项目进展') belong to it."""
    rows = art.notes["rows"]
    for plan in art.book.of_type("ReformPlan"):
        for start, end in plan.mentions:
            head = art.block(start)
            for block in art.layout.blocks[head.index + 1:] if head else []:
                if block.index not in rows:
                    break
                for reform in art.book.of_type("Reform"):
                    if any(block.start <= s < block.end for s, _ in reform.mentions):
                        art.book.relate(reform, "partOf", plan, start, block.end)


def _issuer(art: Article, plan) -> None:
    verbs = _patterns()["table"]["issuing_verbs"]
    for start, end in plan.mentions:
        lo, _ = art.clause_bounds(start)
        before = art.text[lo:start]
        if any(before.endswith(v) for v in verbs):
            org = art.covered_by(lo, lo + 2, "Organization")
            if org:
                art.book.relate(plan, "ledBy", org, lo, end)


def _paragraph_members(art: Article) -> None:
    """Reforms named after a plan in the same paragraph belong to the first district plan there."""
    plans = [p for p in art.book.of_type("ReformPlan") if not p.info.get("scoped")]
    for reform in art.book.of_type("Reform"):
        for r_start, r_end in reform.mentions:
            block = art.block(r_start)
            here = [p for p in plans if any(art.block(s) is block and s < r_start for s, _ in p.mentions)]
            if block and here:
                plan = min(here, key=lambda p: p.first)
                art.book.relate(reform, "partOf", plan, min(s for s, _ in plan.mentions if art.block(s) is block), r_end)
                break


def _list_members(art: Article) -> None:
    """Items listed under a 'N项改革' heading belong to that plan."""
    for plan in art.book.of_type("ReformPlan"):
        if plan.info["kind"] != "counted":
            continue
        for start, _ in plan.mentions:
            head = art.block(start)
            if head is None or head.kind != "heading":
                continue
            for block in art.layout.blocks[head.index + 1:]:
                if block.kind != "item":
                    break
                reform = art.covered_by(block.start, block.end, "Reform")
                if reform:
                    art.book.relate(reform, "partOf", plan, block.start, block.end)


def _section_members(art: Article) -> None:
    """A plan taken up again in a section's lead ('通过实施“…”项目') owns the section's reforms."""
    verbs = _patterns()["table"]["implementing_verbs"]
    for plan in art.book.of_type("ReformPlan"):
        quoted = re.search(r"“[^”]+”", plan.name)
        if not quoted:
            continue
        for match in re.finditer(re.escape(quoted[0]), art.text):
            block = art.block(match.start())
            if block is None or match.start() == plan.first or not any(
                    v in art.text[max(0, match.start() - 6):match.start()] for v in verbs):
                continue
            _claim_section(art, plan, block, match.start(), match.end())


def _claim_section(art: Article, plan, block, start: int, end: int) -> None:
    for later in art.layout.blocks[block.index + 1:]:
        if later.kind == "heading":
            break
        for reform in art.book.of_type("Reform"):
            if any(later.start <= s < later.end for s, _ in reform.mentions):
                art.book.relate(reform, "partOf", plan, start, end)
