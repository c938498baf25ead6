"""Districts, subdistricts and communities, from the reference gazetteer and 社区/新村 patterns."""

import logging
import re
from functools import lru_cache

from graph.reference import Place, load_places
from loaders.extract_context import Article
from loaders.extract_model import Entity
from loaders.extract_tables import load_table
from loaders.segment import tokens, word_frequency, word_tag

logger = logging.getLogger(__name__)

COMMON_WORD = 300  # jieba frequency above which a word before 社区 is an ordinary word, not a name


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[tuple[Place, ...], tuple[Place, ...]]:
    places = load_places()
    districts = tuple(p for p in places if p.kind in ("District", "FunctionalZone"))
    subdistricts = tuple(p for p in places if p.kind == "Subdistrict")
    return districts, subdistricts


def extract_places(art: Article) -> None:
    """Record the districts, subdistricts and communities the article names, with partOf edges."""
    _extract_districts(art)
    _extract_subdistricts(art)
    _extract_communities(art)
    for sub in art.book.of_type("Subdistrict"):
        parent = _district_entity(art, sub.info["place"].parent)
        if parent:
            art.book.relate(sub, "partOf", parent, *sub.mentions[0])


def _body_spans(art: Article):
    for block in art.layout.blocks:
        yield block.start, block.text


def _extract_districts(art: Article) -> None:
    districts, _ = _gazetteer()
    ambiguous = set(load_table("places")["ambiguous_short_names"])
    scores = []
    for place in districts:
        forms = [place.name, *place.alt_names] + ([] if place.short_name in ambiguous else [place.short_name])
        pattern = re.compile(f"(?:{'|'.join(map(re.escape, sorted(set(forms), key=len, reverse=True)))})(?!街道)")
        spans, full = [], 0
        for offset, text in _body_spans(art):
            for match in pattern.finditer(text):
                spans.append((offset + match.start(), offset + match.end()))
                full += match[0] != place.short_name
        if full or len(spans) >= 2:
            scores.append((full * 2 + len(spans), place, spans))
    for _, place, spans in sorted(scores, key=lambda s: -s[0]):
        entity = None
        for start, end in spans:
            entity = art.book.add("District", place.name, start, end)
        entity.info["place"] = place
        if art.district is None:
            art.district = place
            art.notes["district_entity"] = entity


def _district_entity(art: Article, iri: str | None) -> Entity | None:
    for entity in art.book.of_type("District"):
        if entity.info["place"].iri == iri:
            return entity
    return None


def main_district(art: Article) -> Entity | None:
    """The district the article is about."""
    return art.notes.get("district_entity")


@lru_cache(maxsize=1)
def _subdistrict_pattern() -> tuple[re.Pattern, dict[str, Place]]:
    _, subdistricts = _gazetteer()
    by_short = {}
    for place in subdistricts:
        by_short.setdefault(place.short_name, place)
    names = sorted(by_short, key=len, reverse=True)
    return re.compile("(" + "|".join(map(re.escape, names)) + ")街道"), by_short


def _extract_subdistricts(art: Article) -> None:
    pattern, by_short = _subdistrict_pattern()
    listing, item = _listing_pattern()
    for offset, text in _body_spans(art):
        for match in pattern.finditer(text):
            add_subdistrict(art, by_short[match[1]], offset + match.start(), offset + match.end())
        for match in listing.finditer(text) if "、" in text and "街道" in text else ():
            # 甲、乙、丙3个街道 (known short names): each item is a subdistrict
            for name in item.finditer(text, match.start(1), match.end(1)):
                add_subdistrict(art, by_short[name[0]], offset + name.start(), offset + name.end())


@lru_cache(maxsize=1)
def _listing_pattern() -> tuple[re.Pattern, re.Pattern]:
    _, by_short = _subdistrict_pattern()
    names = "|".join(map(re.escape, sorted(by_short, key=len, reverse=True)))
    listing = re.compile(f"((?:{names})(?:[、和及与](?:{names}))+)(?:\\d+|[一二三四五六七八九十两]+)?个?街道")
    return listing, re.compile(names)


def add_subdistrict(art: Article, place: Place, start: int, end: int) -> Entity:
    """Record a subdistrict mention under its full reference name."""
    entity = art.book.add("Subdistrict", place.name, start, end)
    entity.info["place"] = place
    return entity


def _local_subdistrict(art: Article, name: str) -> Place | None:
    """A subdistrict of one of the article's districts called ``name`` (short or full)."""
    _, subdistricts = _gazetteer()
    parents = {e.info["place"].iri for e in art.book.of_type("District")}
    for place in subdistricts:
        if place.parent in parents and name in (place.short_name, place.name):
            return place
    return None


def _extract_communities(art: Article) -> None:
    table = load_table("places")
    suffix = re.compile("|".join(table["community_suffixes"]))
    for sent in art.layout.sentences:
        if not suffix.search(sent.text):
            continue
        toks = tokens(sent.text)
        for i, (word, start, end) in enumerate(toks):
            if word in table["community_suffixes"] and i > 0:
                _community_at(art, sent.start, toks, i, table)


def _community_at(art: Article, offset: int, toks: list, i: int, table: dict) -> None:
    """Judge the token(s) before a 社区/新村 token as a community name."""
    word, _, end = toks[i]
    following = art.text[offset + end: offset + end + 3]
    if any(following.startswith(w) for w in table["community_not_after"]):
        return
    name, nstart, _ = toks[i - 1]
    first = i - 1
    if len(name) == 1 and i > 1 and (name not in table["function_chars"] or _single(toks[i - 2][0], table)):
        # '东和社区' cut 东/和/社区: a single character before a function character is the name's start
        name, nstart, first = toks[i - 2][0] + name, toks[i - 2][1], i - 2
    after_sub = _after_subdistrict(art, toks, i)
    if after_sub is not None:  # 甲街道乙丙社区: jieba cut the name into single characters
        first = after_sub
        name, nstart = "".join(t[0] for t in toks[first:i]), toks[first][1]
    sub_place, sub_span = None, None
    for cut in range(2, len(name) - 1):  # 吉华甘坑 -> subdistrict 吉华 + 甘坑
        sub_place = _local_subdistrict(art, name[:cut])
        if sub_place:
            sub_span = (offset + nstart, offset + nstart + cut)
            name, nstart = name[cut:], nstart + cut
            break
    if sub_place is None and first > 0:  # 平湖上木古社区: the subdistrict token right before
        sub_place = _local_subdistrict(art, toks[first - 1][0])
        sub_span = (offset + toks[first - 1][1], offset + toks[first - 1][2])
    # right after its subdistrict (甲街道竹林社区) even an ordinary word is the community's name
    if not _is_community_name(name, table, named_after=sub_place is not None) \
            or _is_district(name):
        return
    community = art.book.add("Community", name + word, offset + nstart, offset + end)
    if sub_place:
        community.info.setdefault("parent", add_subdistrict(art, sub_place, *sub_span))


def _single(word: str, table: dict) -> bool:
    return len(word) == 1 and "\u4e00" <= word <= "\u9fff" and word not in table["function_chars"]


def _after_subdistrict(art: Article, toks: list, i: int) -> int | None:
    """Index of the first token of a short name between a subdistrict token and 社区 at ``i``."""
    for j in range(i - 2, max(-1, i - 5), -1):
        between = "".join(t[0] for t in toks[j + 1:i])
        if _local_subdistrict(art, toks[j][0]) and 2 <= len(between) <= 4 and re.fullmatch(r"[\u4e00-\u9fff]+", between):
            if toks[j + 1][0] in load_table("places")["function_chars"]:
                return j + 2 if j + 2 < i - 1 else None  # '甲街道在乙丙社区': the preposition is no part of the name
            return j + 1 if j + 1 < i - 1 else None
    return None


def _is_community_name(name: str, table: dict, named_after: bool = False) -> bool:
    if not 2 <= len(name) <= 4 or not re.fullmatch(r"[\u4e00-\u9fff]+", name):
        return False
    if name in table["community_generic"] or any(ch in table["function_chars"] for ch in name[:1]):
        return False
    if re.fullmatch("[一二三四五六七八九十]+是", name):
        return False  # '三是社区层面…': an item marker
    if name in load_table("reforms")["lead_verbs"] or name[-1] in table["adjective_endings"]:
        return False  # 友好型社区, 现代化社区: a kind of community, not one
    return named_after or word_frequency(name) < COMMON_WORD or word_tag(name) == "ns"  # a place word jieba knows


def _is_district(name: str) -> bool:
    districts, _ = _gazetteer()
    return any(name in (p.name, p.short_name) for p in districts)


def link_communities(art: Article) -> None:
    """partOf for each community: the subdistrict named with it or before it in the sentence, else the district."""
    district = main_district(art)
    for community in art.book.of_type("Community"):
        start, end = community.mentions[0]
        parent = community.info.get("parent") or _subdistrict_before(art, start) or _paragraph_subdistrict(
            art, start) or _section_subdistrict(art, start) or story_subdistrict(art) or district
        if parent:
            art.book.relate(community, "partOf", parent, *_sentence_span(art, start, end))


def _subdistrict_before(art: Article, offset: int) -> Entity | None:
    sent = art.sentence(offset)
    if sent is None:
        return None
    best = None
    for sub in art.book.of_type("Subdistrict"):
        for start, _ in sub.mentions:
            if sent.start <= start < offset and (best is None or start > best[0]):
                best = (start, sub)
    return best[1] if best else None


def _paragraph_subdistrict(art: Article, offset: int) -> Entity | None:
    """The subdistrict named last before ``offset`` in its paragraph ('甲街道…。该街道乙社区…')."""
    block = art.block(offset)
    if block is None:
        return None
    hits = [(s, sub) for sub in art.book.of_type("Subdistrict") for s, _ in sub.mentions if block.start <= s < offset]
    return max(hits, key=lambda hit: hit[0])[1] if hits else None


def _section_subdistrict(art: Article, offset: int) -> Entity | None:
    """The one subdistrict a section names before ``offset`` (its heading and the paragraphs under it)."""
    block = art.block(offset)
    if block is None or block.heading < 0:
        return None
    lo = art.layout.blocks[block.heading].start
    found = {sub.key: sub for sub in art.book.of_type("Subdistrict") for s, _ in sub.mentions if lo <= s < offset}
    return next(iter(found.values())) if len(found) == 1 else None


def story_subdistrict(art: Article) -> Entity | None:
    """The one subdistrict a story is about (named in its headline): where its communities are."""
    subs = art.book.of_type("Subdistrict")
    title = next((b for b in art.layout.blocks if b.kind == "title"), None)
    if len(subs) != 1 or title is None:
        return None
    return subs[0] if any(title.start <= s < title.end for s, _ in subs[0].mentions) else None


def _sentence_span(art: Article, start: int, end: int) -> tuple[int, int]:
    sent = art.sentence(start)
    return (sent.start, sent.end) if sent else (start, end)


def anaphoric_place(art: Article, start: int) -> Entity | None:
    """'社区在街道支持下探索X': a bare 社区/街道 opening the segment is the one the paragraph named last."""
    lo, _ = art.clause_bounds(start, ";;。!?!?")
    kind = {"社区": "Community", "街道": "Subdistrict"}.get(art.text[lo:lo + 2])
    block = art.block(start)
    if kind is None or block is None:
        return None
    named = [(s, p) for p in art.book.of_type(kind) for s, _ in p.mentions if block.start <= s < lo]
    return max(named, key=lambda hit: hit[0])[1] if named else None
