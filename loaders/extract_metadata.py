"""Article metadata as Chinese outlets print it: headline, date line, outlet, bylines.

The header is the block of short lines before the body; the footer is the last
lines (editor line, disclaimer naming the app). Nothing is guessed: a date without
a year keeps only its month and day.
"""

import logging
import re
from dataclasses import dataclass, replace

from loaders.extract_model import fold_width
from loaders.extract_tables import canonical_outlet, load_table, looks_like_outlet, outlet_index

logger = logging.getLogger(__name__)

HEADER_LINES = 12
FOOTER_LINES = 25
MAX_TITLE = 60
MAX_META_LINE = 90

FULL_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*(\d{1,2}:\d{2}(?::\d{2})?))?")
MONTH_DAY = re.compile(r"(?<![\d\-/.])(\d{1,2})\s*[-月]\s*(\d{1,2})\s*日?\s+(\d{1,2}:\d{2})(?![\d])")
YEAR_MONTH = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-/年]\s*(\d{1,2})\s*月?(?![\d日])")
SOURCE = re.compile(r"来源\s*:\s*([^\s\d:|()\[\]【】]{2,20})")
# A portal's banner (深圳市福田区人民政府门户网站) or breadcrumb (当前位置:首页 > …) above the headline.
BANNER = re.compile(r"(?:门户网站|政府网站|官方网站|政府网|官网)$")
CRUMB = re.compile(r"^(?:当前位置|您的位置|您现在的位置)|\S\s*>\s*\S")
FOOTER_APP = re.compile(r"([\u4e00-\u9fffA-Za-z+]{2,10}客户端)")
ROLE = re.compile(r"^(?:([\u4e00-\u9fff]{2,10}?)(记者|通讯员)|(记者|通讯员|编辑|责任编辑|责编|撰文|策划|"
                  r"摄影|摄像|校对|美编|监制|统筹|一审|二审|三审|审核|作者))$")
NAME = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")
NOT_NAMES = {"文图", "来源", "作者"}
SENTENCE_END = "。;;!?!?,,…"


@dataclass(frozen=True)
class Byline:
    """A person credited for the article: role as printed (记者, 编辑, 读特记者…) and name."""

    role: str
    name: str


@dataclass(frozen=True)
class Metadata:
    """What the header and footer say about the article."""

    title: str | None = None
    published: str | None = None
    published_raw: str | None = None
    published_month_day: str | None = None
    publisher: str | None = None
    bylines: tuple[Byline, ...] = ()

    def merged_over(self, hint: "Metadata") -> "Metadata":
        """These values, with gaps filled from ``hint`` (e.g. HTML page metadata)."""
        merged = self
        if not merged.title and hint.title:
            merged = replace(merged, title=hint.title)
        if not merged.published and not merged.published_month_day and hint.published_raw:
            date = parse_date(hint.published_raw)
            if date:
                merged = replace(merged, published=date[0], published_raw=date[1], published_month_day=date[2])
        if not merged.publisher and hint.publisher:
            merged = replace(merged, publisher=canonical_outlet(hint.publisher))
        return merged


def parse_metadata(text: str) -> Metadata:
    """Title, date, publisher and bylines of an article's plain text (read with full-width forms folded)."""
    printed = [line.strip() for line in text.split("\n") if line.strip()]
    lines = [fold_width(line) for line in printed]
    header = _header(lines)
    footer = lines[-FOOTER_LINES:]
    date = None
    for line in header:
        date = parse_date(line)
        if date:
            break
    published, raw, month_day = date or (None, None, None)
    return Metadata(
        title=_title(printed), published=published, published_raw=raw, published_month_day=month_day,
        publisher=_publisher(header, footer), bylines=_bylines(lines[:HEADER_LINES + 3], footer),
    )


def _header(lines: list[str]) -> list[str]:
    """Leading short lines: the headline, date line, outlet line, bylines."""
    header = []
    for line in lines[:HEADER_LINES]:
        if len(line) > MAX_META_LINE:
            break
        header.append(line)
    return header


def is_banner(line: str) -> bool:
    """A site banner or breadcrumb line of a web page (furniture, never the headline)."""
    line = fold_width(line)
    return len(line) <= MAX_META_LINE and bool(BANNER.search(line) or CRUMB.search(line))


def _title(lines: list[str]) -> str | None:
    lines = lines[:3]
    while lines and is_banner(lines[0]):
        lines = lines[1:]
    if not lines:
        return None
    first = lines[0]
    if len(first) > MAX_TITLE or first[-1] in SENTENCE_END or parse_date(first):
        return None
    return first


def parse_date(line: str) -> tuple[str | None, str, str | None] | None:
    """(ISO date or None, the date as printed, --MM-DD or None) for a date line, or None."""
    match = FULL_DATE.search(line)
    if match and _valid(int(match[2]), int(match[3])):
        year, month, day = match[1], int(match[2]), int(match[3])
        return f"{year}-{month:02d}-{day:02d}", match[0].strip(), None
    match = MONTH_DAY.search(line)
    if match and _valid(int(match[1]), int(match[2])):
        month, day = int(match[1]), int(match[2])
        return None, match[0].strip(), f"--{month:02d}-{day:02d}"
    match = YEAR_MONTH.search(line)
    if match and 1 <= int(match[2]) <= 12 and len(line) <= 30:
        return f"{match[1]}-{int(match[2]):02d}", match[0].strip(), None
    return None


def _valid(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31


def _publisher(header: list[str], footer: list[str]) -> str | None:
    banner = next((line for line in header if BANNER.search(line)), None)
    for line in header:
        match = SOURCE.search(line)
        if match:
            # a portal names the department that supplied the text (信息来源:区发改局); the portal printed it
            return banner if banner and not looks_like_outlet(match[1]) else canonical_outlet(match[1])
    for line in header[1:]:
        if line in outlet_index() or (looks_like_outlet(line) and len(line) <= 12 and " " not in line):
            return canonical_outlet(line)
        first = line.split()[0]
        if parse_date(line) and first != line and (first in outlet_index() or looks_like_outlet(first)):
            return canonical_outlet(first)  # '南方+ 2020-06-05 18:20': the outlet's own date line
    if banner:
        return banner
    for line in header[1:]:
        match = ROLE.match(line.split()[0]) if line.split() else None
        if match and match[1] and looks_like_outlet(match[1]):
            return canonical_outlet(match[1])
    for line in footer:
        match = SOURCE.search(line)
        if match:
            return canonical_outlet(match[1])
    for line in reversed(footer):
        for match in FOOTER_APP.finditer(line):
            # "链接读特客户端内容": the app's name is a suffix of the run of characters
            for start in range(len(match[1]) - 2):
                if match[1][start:] in outlet_index():
                    return canonical_outlet(match[1][start:])
    return None


def _bylines(header: list[str], footer: list[str]) -> tuple[Byline, ...]:
    found: list[Byline] = []
    for line in header + footer:
        for byline in parse_byline_line(line):
            if byline not in found:
                found.append(byline)
    return tuple(found)


def parse_byline_line(line: str) -> list[Byline]:
    """Credits of one line such as '记者 张三 李四 编辑 王五' or '(作者:读特记者 张三 文/图)'."""
    if len(line) > MAX_META_LINE:
        return []
    body = line.strip("()() ")
    body = re.sub(r"^(?:作者|来源)\s*[::]\s*\S*?(?=\s|$)", "", body) if body.startswith("来源") else body
    body = re.sub(r"^作者\s*[::]\s*", "", body)
    tokens = [t for t in re.split(r"[\s::、,,]+", body) if t]
    if not tokens or not ROLE.match(tokens[0]):
        return []
    role, out = None, []
    for token in tokens:
        match = ROLE.match(token)
        if match:
            role = token
        elif role and NAME.match(token) and token not in NOT_NAMES:
            out.append(Byline(role, token))
    return out


def outlet_levels() -> dict[str, str]:
    """Outlet name -> level, for the media extractor."""
    return {row["name"]: row["level"] for row in load_table("outlets")["outlets"]}
