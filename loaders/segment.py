"""Article layout and word segmentation.

``layout(text)`` splits the body into blocks (headings, paragraphs, list items) and
sentences, dropping the header's date and byline lines and the page furniture
after the body. ``tokenizer()`` is a jieba tokenizer with a user dictionary built
once from the reference places, the outlets and the organisation keywords.
"""

import bisect
import logging
import re
import threading
from dataclasses import dataclass, field
from functools import cached_property

from loaders.extract_metadata import is_banner, parse_byline_line, parse_date
from loaders.extract_tables import load_table, looks_like_outlet, outlet_index

logger = logging.getLogger(__name__)

_LOCK = threading.Lock()
_TOKENIZER = None
_TAGS: dict[str, str] | None = None
COUNT_HEADING = re.compile(r"^\S{0,8}?(\d+|[一二三四五六七八九十]+)(?:项|个)(?:重点)?改革")


@dataclass(frozen=True)
class Block:
    """One non-empty line of the body: a heading, a paragraph or a list item."""

    index: int
    start: int
    end: int
    text: str
    kind: str
    heading: int  # index of the first line of the heading run above it, -1 if none


@dataclass(frozen=True)
class Sentence:
    """A sentence (up to 。!?) inside one block."""

    start: int
    end: int
    text: str
    block: int


@dataclass
class Layout:
    """Blocks and sentences of an article body, with lookups by offset."""

    text: str
    blocks: list[Block]
    sentences: list[Sentence] = field(default_factory=list)

    def block_at(self, offset: int) -> Block | None:
        """The block holding ``offset``."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.blocks[i].end:
            return self.blocks[i]
        return None

    @cached_property
    def _starts(self) -> list[int]:
        return [b.start for b in self.blocks]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding ``offset``."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            sent = self.sentences[mid]
            if offset < sent.start:
                hi = mid - 1
            elif offset >= sent.end:
                lo = mid + 1
            else:
                return sent
        return None

    def heading_run(self, block: Block) -> list[Block]:
        """The run of heading lines that ``block`` falls under (itself if it is a heading)."""
        if block.heading < 0:
            return []
        run = []
        for other in self.blocks[block.heading:]:
            if other.kind != "heading":
                break
            run.append(other)
        return run

    @cached_property
    def body_start(self) -> int:
        """Offset of the first block after the title."""
        return self.blocks[1].start if len(self.blocks) > 1 else 0


def layout(text: str, title: str | None = None) -> Layout:
    """The body of ``text`` as blocks and sentences."""
    table = load_table("structure")
    lines = _body_lines(text, table)
    kinds = _classify(lines, table, title)
    if title and lines and lines[0][2] == title:
        kinds[0] = "title"  # the headline is no section heading
    blocks, heading = [], -1
    for i, ((start, end, line), kind) in enumerate(zip(lines, kinds)):
        if kind == "heading" and (i == 0 or kinds[i - 1] != "heading"):
            heading = i
        blocks.append(Block(i, start, end, line, kind, heading))
    result = Layout(text, blocks)
    result.sentences = [s for b in blocks for s in split_sentences(text, b, table["sentence_end"])]
    return result


def _body_lines(text: str, table: dict) -> list[tuple[int, int, str]]:
    """(start, end, stripped line) of the body: header metadata and page furniture removed."""
    lines, pos = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = pos + raw.index(stripped[0])
            lines.append((start, start + len(stripped), stripped))
        pos += len(raw) + 1
    body = []
    for start, end, line in lines:
        if any(line.lstrip("【[").startswith(stop) for stop in table["furniture_stop"]):
            break
        if line in table["furniture_lines"] or _is_meta_line(line):
            continue
        body.append((start, end, line))
    return body


def _is_meta_line(line: str) -> bool:
    if len(line) <= 40 and parse_date(line) and not re.search(r"[。,,]", line):
        return True
    if len(line) <= 90 and parse_date(line) and re.search(r"来源\s*:", line):
        return True  # '发布日期:… 信息来源:…': a portal's date line
    if parse_byline_line(line) or line.lstrip("•·* (【[").startswith("来源") or is_banner(line):
        return True
    return line in outlet_index() or (looks_like_outlet(line) and len(line) <= 10)


def _classify(lines: list[tuple[int, int, str]], table: dict, title: str | None) -> list[str]:
    limit = table["heading_max_chars"]
    openers = re.compile("^(?:" + "|".join(table["subheading_openers"]) + ")")
    kinds: list[str] = []
    items_left = 0
    for _, _, line in lines:
        short = len(line) <= limit + 8 and line[-1] not in "。;;,,、" or (
            len(line) <= limit and line[-1] == "。" and "。" not in line[:-1])
        if items_left and short and not openers.match(line):
            kinds.append("item")
            items_left -= 1
            continue
        items_left = 0
        if line[-1] in "::":
            items_left = 50
        count = COUNT_HEADING.match(line)
        if count and len(line) <= limit and count[1].isdigit():
            items_left = int(count[1])
        is_heading = (len(line) <= limit and line[-1] not in table["sentence_end"] + ";;,,、::") or (
            openers.match(line) and len(line) <= limit + 8) or (
            len(line) <= limit + 8 and not re.search("[,,。;;::、!?!?]", line))
        kinds.append("heading" if is_heading else "paragraph")
    return kinds


CELL_GAP = re.compile(r"(?<=\S)[ \t]+(?=\S)")


def mark_cells(text: str, lay: Layout) -> tuple[str, dict[int, list[tuple[int, int]]]]:
    """Whitespace inside a body line parts a flattened table row's cells or a headline's halves:
    it becomes ';' (same length) so that no name runs across it. Returns the text and, per table
    row (three cells or more), the cells' spans."""
    chars, rows = list(text), {}
    for block in lay.blocks:
        gaps = list(CELL_GAP.finditer(block.text))
        for gap in gaps:
            chars[block.start + gap.start():block.start + gap.end()] = ";" * (gap.end() - gap.start())
        if len(gaps) >= 2:
            edges = [block.start, *(block.start + x for g in gaps for x in g.span()), block.end]
            rows[block.index] = list(zip(edges[::2], edges[1::2]))
    return "".join(chars), rows


def with_text(lay: Layout, text: str, rows=()) -> Layout:
    """The same layout read over ``text`` (same length), table ``rows`` taken as paragraphs (a short
    row is no heading); sentences are re-cut."""
    enders = load_table("structure")["sentence_end"]
    blocks, heading = [], -1
    for b in lay.blocks:
        kind = "paragraph" if b.index in rows and b.kind == "heading" else b.kind
        if kind == "heading" and (not blocks or blocks[-1].kind != "heading"):
            heading = b.index
        blocks.append(Block(b.index, b.start, b.end, text[b.start:b.end], kind, heading if b.heading >= 0 else -1))
    result = Layout(text, blocks)
    result.sentences = [s for b in blocks for s in split_sentences(text, b, enders)]
    return result


def mark_gaps(line: str) -> str:
    """``line`` with its inner whitespace marked as ``mark_cells`` does."""
    return CELL_GAP.sub(lambda m: ";" * len(m[0]), line)


def split_sentences(text: str, block: Block, enders: str) -> list[Sentence]:
    """Sentences of one block; a closing quote after 。 stays with its sentence."""
    out, start = [], block.start
    i = block.start
    while i < block.end:
        if text[i] in enders:
            j = i + 1
            while j < block.end and text[j] in "”’)」』":
                j += 1
            out.append(Sentence(start, j, text[start:j], block.index))
            start, i = j, j
            continue
        i += 1
    if start < block.end:
        out.append(Sentence(start, block.end, text[start:block.end], block.index))
    return out


def tokenizer():
    """The shared jieba tokenizer with the project's user dictionary (built once, lazily)."""
    global _TOKENIZER
    if _TOKENIZER is None:
        with _LOCK:
            if _TOKENIZER is None:
                _TOKENIZER = _build_tokenizer()
    return _TOKENIZER


def _build_tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    for word, freq, tag in user_words():
        tk.add_word(word, freq, tag)
    return tk


def user_words() -> list[tuple[str, int, str]]:
    """(word, frequency, tag) for the jieba user dictionary: places, outlets, bodies."""
    from graph.reference import load_places

    words = []
    for place in load_places():
        tag = "ns"
        words += [(place.name, 50_000, tag), (place.short_name, 20_000, tag)]
        words += [(alt, 20_000, tag) for alt in place.alt_names]
    words += [(name, 20_000, "nt") for name in outlet_index()]
    orgs = load_table("orgs")
    words += [(dept + suffix, 20_000, "nt") for dept in orgs["departments"] for suffix in orgs["department_suffixes"]]
    return words


def tokens(text: str) -> list[tuple[str, int, int]]:
    """jieba tokens of ``text`` as (word, start, end)."""
    return list(tokenizer().tokenize(text))


def word_tag(word: str) -> str:
    """jieba's dictionary part-of-speech tag of ``word`` ('' when unknown); no tagging pass is run."""
    global _TAGS
    if _TAGS is None:
        from jieba.posseg import POSTokenizer

        pos = POSTokenizer(tokenizer())
        pos.makesure_userdict_loaded()
        _TAGS = pos.word_tag_tab
    return _TAGS.get(word, "")


def word_frequency(word: str) -> int:
    """jieba's dictionary frequency of ``word`` (0 when unknown): common words are not names."""
    return tokenizer().FREQ.get(word, 0)
