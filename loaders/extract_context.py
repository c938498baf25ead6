"""What every extractor needs to know about the article: text, layout, dates, clauses."""

import logging
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from loaders.extract_model import FactBook, fold_width
from loaders.segment import Block, Layout, Sentence, layout, mark_cells, mark_gaps, tokens, with_text

logger = logging.getLogger(__name__)

YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?![\d.])(?!\s*(?:万|亿|余|多|个|家|栋|项|人|名|件|宗|所|场|次|类|处|元|%|台|条|天|平方米|公顷))")
CLAUSE_END = ",,;;::。!?!?"
THIS_YEAR = ("今年", "全年", "本年度", "一年来", "当年")
CONNECTIVES = "此外同时另还并也 "  # words that may open a clause before its subject
# '同年,', '今年2月,', '2023年,': a time that opens a segment before its subject
OPENING_TIME = re.compile(r"(?:(?:19|20)\d{2}年|同年|今年|去年|当年|此前|目前)?(?:\d{1,2}月(?:\d{1,2}日)?)?(?:以来)?[,,]?")


@lru_cache(maxsize=8)
def _enders_pattern(enders: str) -> re.Pattern:
    return re.compile("[" + re.escape(enders) + "]")


@dataclass
class Article:
    """One article under extraction."""

    text: str
    title: str | None
    published: str | None
    book: FactBook
    layout: Layout
    district: object = None  # the reference Place the article is about (set by the place extractor)
    bylines: tuple = ()
    notes: dict = field(default_factory=dict)

    @classmethod
    def of(cls, text: str, title: str | None, published: str | None, bylines=()) -> "Article":
        """An article ready for the extractors: the rules read the text with full-width forms folded
        and cell gaps marked (same offsets); the fact book keeps the text as printed."""
        folded, title = fold_width(text), fold_width(title) if title else title
        lay = layout(folded, title)
        marked, rows = mark_cells(folded, lay)
        if marked != folded:
            title = mark_gaps(title) if title else title
            lay = with_text(lay, marked, rows)
        art = cls(marked, title, published, FactBook(text), lay, bylines=bylines)
        art.notes["rows"] = rows
        return art

    def row_cells(self, offset: int) -> list[tuple[int, int]]:
        """The cells of the table row holding ``offset`` ([] outside tables)."""
        block = self.block(offset)
        return self.notes["rows"].get(block.index, []) if block else []

    def restore_names(self) -> None:
        """Names as printed: a name read from the folded text takes the original characters back."""
        original = self.book.text
        if original == self.text:
            return
        for entity in self.book.entities.values():
            spans = [(s, e) for s, e in entity.mentions if self.text[s:e] == entity.name]
            if spans:
                entity.name = original[spans[0][0]:spans[0][1]]
                continue
            at = self.text.find(entity.name)
            if at >= 0:
                entity.name = original[at:at + len(entity.name)]

    @cached_property
    def pub_year(self) -> int | None:
        """The year of publication when it is printed."""
        return int(self.published[:4]) if self.published else None

    def tokens(self, sent: Sentence) -> list[tuple[str, int, int]]:
        """jieba tokens of a sentence with absolute offsets (segmented once per sentence)."""
        cache = self.notes.setdefault("tokens", {})
        if sent.start not in cache:
            cache[sent.start] = [(w, sent.start + s, sent.start + e) for w, s, e in tokens(sent.text)]
        return cache[sent.start]

    def token_starts(self, sent: Sentence) -> frozenset[int]:
        """Absolute offsets where a jieba token of the sentence starts (cached with the tokens)."""
        cache = self.notes.setdefault("token_starts", {})
        if sent.start not in cache:
            cache[sent.start] = frozenset(start for _, start, _ in self.tokens(sent))
        return cache[sent.start]

    def clauses(self, sent: Sentence, enders: str = CLAUSE_END) -> list[tuple[int, int]]:
        """[start, end) of each clause of a sentence."""
        pattern = _enders_pattern(enders)
        out, start = [], sent.start
        for match in pattern.finditer(self.text, sent.start, sent.end):
            if match.start() > start:
                out.append((start, match.start()))
            start = match.end()
        if start < sent.end:
            out.append((start, sent.end))
        return out

    def clause_subject(self, offset: int, *types: str):
        """The entity of ``types`` opening the nearest clause before ``offset`` in its sentence
        ('针对…特点,甲街道设立…中心,推行…机制': 甲街道), if any."""
        sent = self.sentence(offset)
        if sent is None:
            return None
        for lo, _ in reversed([c for c in self.clauses(sent) if c[0] <= offset]):
            while lo < offset and self.text[lo] in CONNECTIVES:
                lo += 1
            entity = self.covered_by(lo, lo + 2, *types)
            if entity is None and "Subdistrict" in types and self.text.startswith(("该街道", "街道"), lo):
                entity = self._last_before(lo, "Subdistrict")  # '街道推行…': the subdistrict just named
            if entity is not None and entity.type == "Subdistrict" and "Community" in types:
                end = max((e for s, e in entity.mentions if s <= lo < e), default=lo)
                entity = self.covered_by(end, end + 1, "Community") or entity  # 甲街道乙社区探索…
            if entity is not None:
                return entity
        return None

    def _last_before(self, offset: int, etype: str):
        hits = [(s, e) for e in self.book.of_type(etype) for s, _ in e.mentions if s < offset]
        return max(hits, key=lambda hit: hit[0])[1] if hits else None

    def in_book_title(self, offset: int) -> bool:
        """Whether ``offset`` lies inside 《…》 in its sentence."""
        sent = self.sentence(offset)
        lo = sent.start if sent else 0
        before = self.text[lo:offset]
        return before.rfind("《") > before.rfind("》")

    def covered_by(self, start: int, end: int, *types: str):
        """The entity of one of ``types`` with a mention overlapping [start, end), if any."""
        return self.book.overlapping(start, end, *types)

    def sentence(self, offset: int) -> Sentence | None:
        """The sentence holding ``offset``."""
        return self.layout.sentence_at(offset)

    def block(self, offset: int) -> Block | None:
        """The block holding ``offset``."""
        return self.layout.block_at(offset)

    def clause_bounds(self, offset: int, enders: str = CLAUSE_END) -> tuple[int, int]:
        """[start, end) of the clause (between , ; : 。 or the given ``enders``) holding ``offset``."""
        sent = self.sentence(offset)
        lo, hi = (sent.start, sent.end) if sent else (0, len(self.text))
        start = offset
        while start > lo and self.text[start - 1] not in enders:
            start -= 1
        end = offset
        while end < hi and self.text[end] not in enders:
            end += 1
        return start, end

    def headings_above(self, offset: int) -> str:
        """Text of the heading run the offset falls under."""
        block = self.block(offset)
        return "".join(b.text for b in self.layout.heading_run(block)) if block else ""

    def year_at(self, offset: int) -> int | None:
        """A year the text ties to ``offset``: printed in its sentence, or its section's lead."""
        sent = self.sentence(offset)
        if sent:
            found = [int(y) for y in YEAR.findall(sent.text) if 1990 <= int(y) <= 2100]
            if found:
                return found[0]
            if any(word in sent.text for word in THIS_YEAR) and self.pub_year:
                return self.pub_year
        return self.section_year(offset)

    def section_year(self, offset: int) -> int | None:
        """The year printed in the heading above or at the start of the section's lead paragraph."""
        block = self.block(offset)
        if block is None:
            return None
        for b in reversed(self.layout.blocks[: block.index + 1]):
            match = YEAR.search(b.text[:12]) if b.kind != "heading" else YEAR.search(b.text)
            if match and (b.kind == "heading" or b.text.startswith(match[1])):
                return int(match[1])
        return None
