"""Facts under construction: entities with their mentions, relations with their evidence.

Extractors add mentions to a ``FactBook``; mentions of the same thing (same type and
key) fold into one entity, so an entity is recorded once however often the article
names it. Every entity and relation keeps the spans that support it.
"""

import bisect
import logging
import unicodedata
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)

ID_PREFIX = {"District": "d", "Subdistrict": "s", "Community": "cm", "Organization": "o",
             "MediaOutlet": "mo", "Person": "p", "ReformPlan": "rp", "Reform": "r",
             "Pilot": "pl", "Recognition": "c", "Metric": "m"}
QUOTES = set("“”‘’\"'「」『』《》〈〉()()[]【】 \t·・")


# Full-width ASCII forms (，：；（）！？０-９) and the ideographic space fold one to one onto ASCII, so
# rules written with ,:;() read articles printed either way; offsets do not move.
FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def fold_width(text: str) -> str:
    """``text`` with full-width ASCII forms folded to ASCII (same length, same offsets)."""
    return text.translate(FULL_WIDTH)


def name_key(name: str) -> str:
    """A name compared without quotes, brackets, spaces or width differences."""
    text = unicodedata.normalize("NFKC", name)
    return "".join(ch for ch in text if ch not in QUOTES)


@dataclass
class Entity:
    """One thing the article states; ``mentions`` are (start, end) spans of the text."""

    type: str
    name: str
    key: str
    mentions: list[tuple[int, int]] = field(default_factory=list)
    attrs: dict = field(default_factory=dict)
    info: dict = field(default_factory=dict)  # extractor notes, never written out
    id: str = ""

    @property
    def first(self) -> int:
        """Offset of the first mention."""
        return min(start for start, _ in self.mentions)


@dataclass
class Relation:
    """A typed edge with the spans that state it."""

    head: Entity
    type: str
    tail: Entity
    evidence: list[tuple[int, int]] = field(default_factory=list)


class FactBook:
    """Entities and relations of one article, folded by (type, key)."""

    MAX_MENTION = 80  # characters: no mention is longer, so a window this wide finds every overlap

    def __init__(self, text: str) -> None:
        self.text = text
        self.entities: dict[tuple[str, str], Entity] = {}
        self.relations: dict[tuple[int, str, int], Relation] = {}
        self._version = 0
        self._cache: dict = {}

    def _changed(self) -> None:
        self._version += 1
        self._cache.clear()

    def add(self, etype: str, name: str, start: int, end: int, key: str | None = None, **attrs) -> Entity:
        """Record a mention; returns the (possibly existing) entity it belongs to."""
        key = key or name_key(name)
        entity = self.entities.get((etype, key))
        if entity is None:
            entity = Entity(etype, name, key)
            self.entities[(etype, key)] = entity
        if (start, end) not in entity.mentions:
            entity.mentions.append((start, end))
            self._changed()
        for attr, value in attrs.items():
            if value is not None:
                entity.attrs.setdefault(attr, value)
        return entity

    def of_type(self, *types: str) -> list[Entity]:
        """Entities of the given types, in order of first mention."""
        key = ("of_type", types)
        if key not in self._cache:
            found = [e for (t, _), e in self.entities.items() if t in types]
            self._cache[key] = sorted(found, key=lambda e: e.first)
        return list(self._cache[key])

    def overlapping(self, start: int, end: int, *types: str) -> Entity | None:
        """The first entity of ``types`` with a mention overlapping [start, end), found by bisection."""
        key = ("spans", types)
        if key not in self._cache:
            spans = sorted((s, e, i) for i, ent in enumerate(self.of_type(*types)) for s, e in ent.mentions)
            self._cache[key] = ([s for s, _, _ in spans], spans, self.of_type(*types))
        starts, spans, ents = self._cache[key]
        lo = bisect.bisect_left(starts, start - self.MAX_MENTION)
        hi = bisect.bisect_left(starts, end)
        hits = [(ents[i].first, ents[i]) for s, e, i in spans[lo:hi] if s < end and start < e]
        return min(hits, key=lambda h: h[0])[1] if hits else None

    def remove(self, entity: Entity) -> None:
        """Drop an entity and the relations touching it."""
        self.entities.pop((entity.type, entity.key), None)
        self._changed()
        for key in [k for k, r in self.relations.items() if entity in (r.head, r.tail)]:
            del self.relations[key]

    def merge(self, keep: Entity, drop: Entity) -> None:
        """Fold ``drop`` into ``keep`` (mentions, attributes, relations)."""
        for span in drop.mentions:
            if span not in keep.mentions:
                keep.mentions.append(span)
        self._changed()
        for attr, value in drop.attrs.items():
            keep.attrs.setdefault(attr, value)
        moved = [r for r in self.relations.values() if drop in (r.head, r.tail)]
        self.remove(drop)
        for rel in moved:
            head = keep if rel.head is drop else rel.head
            tail = keep if rel.tail is drop else rel.tail
            if head is not tail:
                for span in rel.evidence:
                    self.relate(head, rel.type, tail, *span)

    def relate(self, head: Entity, rtype: str, tail: Entity, start: int, end: int) -> Relation | None:
        """Record a relation stated by the span [start, end)."""
        if head is tail:
            return None
        key = (id(head), rtype, id(tail))
        rel = self.relations.get(key)
        if rel is None:
            rel = self.relations[key] = Relation(head, rtype, tail)
        if (start, end) not in rel.evidence:
            rel.evidence.append((start, end))
        return rel

    def has_relation(self, head: Entity, rtype: str, tail: Entity | None = None) -> bool:
        """Whether ``head`` already has a ``rtype`` edge (to ``tail`` when given)."""
        return any(r.head is head and r.type == rtype and (tail is None or r.tail is tail)
                   for r in self.relations.values())

    def assign_ids(self) -> None:
        """Ids by type and order of first mention: d1, s1, o1, r1…"""
        counters: dict[str, int] = {}
        for entity in sorted(self.entities.values(), key=lambda e: (list(ID_PREFIX).index(e.type), e.first)):
            prefix = ID_PREFIX[entity.type]
            counters[prefix] = counters.get(prefix, 0) + 1
            entity.id = f"{prefix}{counters[prefix]}"

    def evidence(self, spans) -> list[dict]:
        """Spans as evidence records whose quote is the text at the offsets."""
        return [{"start": s, "end": e, "quote": self.text[s:e]} for s, e in sorted(spans)]
