"""Entity search: Chinese labels, aliases, English names and pinyin, with jieba segmentation.

The index is built from three small SPARQL results (labels, types, districts, see
:func:`index_queries`) and answers ``search(q)`` with ranked hits:

* a zh label or alias that equals, starts with or contains the query (营商 → 优化营商环境改革);
* every jieba token of the query inside a label (营商改革 → 优化营商环境改革), whole
  words of the label ranking above word fragments;
* pinyin with or without spaces, tone marks or tone numbers (yingshang, Yíng shāng,
  ying2shang1) and pinyin initials (yhysh…), and English names;
* ``prefix=True`` keeps only labels that start with the query: suggestions as you type.

Callers rebuild the index when :func:`fingerprint` of the store's content changes.
"""

import hashlib
import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from graph.ns import DEFAULT_BASE

logger = logging.getLogger(__name__)

SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT_TITLE = "http://purl.org/dc/terms/title"
PINYIN_TAG = "zh-latn-pinyin"
# Most useful first: the primary type shown, and the tie-break between equal scores.
TYPE_ORDER = ("Reform", "PilotDesignation", "Recognition", "ReformPlan", "Outcome", "Organization", "MediaOutlet",
              "Person", "District", "FunctionalZone", "Municipality", "Subdistrict", "Community", "PilotProgramme",
              "SourceDocument", "Concept")
TYPE_ALIASES = {
    "pilot": {"pilotdesignation"}, "org": {"organization"}, "organisation": {"organization"},
    "plan": {"reformplan"}, "media": {"mediaoutlet"}, "doc": {"sourcedocument"}, "article": {"sourcedocument"},
    "place": {"district", "functionalzone", "municipality", "subdistrict", "community"},
    "programme": {"pilotprogramme"}, "program": {"pilotprogramme"}, "concept": {"concept"},
}
_LATIN = re.compile(r"^[a-z0-9\s'’·\-]+$")
_TONE_NUMBER = re.compile(r"(?<=[a-z])[1-5]")
_PUNCT = re.compile(r"^[\W_]+$")


def fold(text: str) -> str:
    """Compatibility-normalised, case-folded text (full-width Ａ → a)."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


def compact_latin(text: str) -> str:
    """Latin text without tone marks, tone numbers, spaces or punctuation: 'Yíng shāng2' → 'yingshang'."""
    text = fold(text).replace("ü", "v")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", _TONE_NUMBER.sub("", text))


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def segment(text: str) -> list[str]:
    """jieba search-mode tokens, punctuation and spaces dropped."""
    return [t for t in dict.fromkeys(_jieba().lcut_for_search(text)) if t.strip() and not _PUNCT.match(t)]


@lru_cache(maxsize=20_000)
def _char_pinyin(char: str) -> str:
    from pypinyin import lazy_pinyin

    return compact_latin("".join(lazy_pinyin(char)))


def pinyin_keys(name: str) -> tuple[str, str]:
    """(full compact pinyin, initials) of a Chinese name, character by character.

    Phrase-aware conversion costs about a millisecond a name; names the loader already
    gave a pinyin label (``@zh-Latn-pinyin``) use that label instead.
    """
    syllables = [_char_pinyin(c) if _has_han(c) else compact_latin(c) for c in name]
    return "".join(syllables), "".join(s[0] for s in syllables if s)


@dataclass
class SearchEntry:
    """One searchable entity."""

    iri: str
    labels: dict[str, list[str]] = field(default_factory=dict)  # language → labels (prefLabel first)
    aliases: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)  # local names
    districts: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The zh label, else any label."""
        for lang in ("zh", ""):
            if self.labels.get(lang):
                return self.labels[lang][0]
        return next((v[0] for k, v in self.labels.items() if v and k != PINYIN_TAG), self.iri)

    @property
    def type(self) -> str:
        """The most useful of the entity's types."""
        return next((t for t in TYPE_ORDER if t in self.types), self.types[0] if self.types else "")


class SearchIndex:
    """An in-memory index over entity labels."""

    def __init__(self, entries: Iterable[SearchEntry], base: str = DEFAULT_BASE) -> None:
        self.base = base
        self.entries = [e for e in entries if e.labels]
        self.names: list[list[tuple[str, float]]] = []  # folded names with their weight, per entry
        self.latin: list[tuple[str, int, float]] = []  # (compact pinyin/English key, entry, weight); '^' = initials
        self.postings: dict[str, set[int]] = {}  # character → entries having it in a name
        self._tokens: dict[str, set[str]] = {}
        for index, entry in enumerate(self.entries):
            self._add(index, entry)

    def __len__(self) -> int:
        return len(self.entries)

    def _add(self, index: int, entry: SearchEntry) -> None:
        names: dict[str, float] = {}
        for lang, values in entry.labels.items():
            if lang != PINYIN_TAG:
                for rank, value in enumerate(values):
                    names.setdefault(fold(value), 1.0 if rank == 0 and lang in ("zh", "") else 0.95)
        for alias in entry.aliases:
            names.setdefault(fold(alias), 0.95)
        latin: dict[str, float] = {}
        pinyin = entry.labels.get(PINYIN_TAG, [])
        for value in pinyin:  # the loader's pinyin label: no need to compute it again
            latin.setdefault(compact_latin(value), 0.95)
            latin.setdefault("^" + "".join(w[0] for w in value.split() if w[:1].isalpha()).lower(), 0.6)
        for name in names:
            if not _has_han(name):
                latin.setdefault(compact_latin(name), 0.9)
            elif not (pinyin and name == fold(entry.label)):
                # short names too (龙岗 for 龙岗区), so "longgang" finds the district exactly
                full, initials = pinyin_keys(name)
                latin.setdefault(full, 0.95)
                latin.setdefault("^" + initials, 0.6)
        self.names.append(list(names.items()))
        self.latin.extend((key, index, weight) for key, weight in latin.items() if key.strip("^"))
        for name in names:
            for char in set(name):
                self.postings.setdefault(char, set()).add(index)

    def search(self, q: str, *, type: str | None = None, limit: int = 20, prefix: bool = False) -> list[dict[str, Any]]:
        """Ranked hits ``{iri, label, label_en, type, district, score, path, matched}``."""
        query = fold(q)
        if _has_han(query):  # "数字 政府" is 数字政府: Chinese is written without spaces
            query = re.sub(r"\s+", "", query)
        if not query:
            return []
        plain = "".join(c for c in unicodedata.normalize("NFKD", query.replace("ü", "v")) if not unicodedata.combining(c))
        latin = bool(_LATIN.match(plain)) and any(c.isalpha() for c in plain)
        found = self._search_latin(compact_latin(query), prefix) if latin else self._search_han(query, prefix)
        wanted = _wanted_types(type)
        scored = [(score, i, matched) for i, (score, matched) in found.items()
                  if not wanted or wanted.intersection(t.lower() for t in self.entries[i].types)]
        scored.sort(key=lambda s: (-s[0], _type_rank(self.entries[s[1]]), len(self.entries[s[1]].label), self.entries[s[1]].label))
        return [self._hit(self.entries[i], score, matched) for score, i, matched in scored[:limit]]

    def _search_latin(self, key: str, prefix: bool) -> dict[int, tuple[float, str]]:
        best: dict[int, tuple[float, str]] = {}
        for value, index, weight in self.latin:
            if key not in value:
                continue
            initials = value.startswith("^")
            if initials and (len(key) < 2 or not value.startswith("^" + key)):
                continue
            plain = value[1:] if initials else value
            score = 95.0 if plain == key else 80.0 if plain.startswith(key) else 0.0 if prefix else 55.0
            if score * weight > best.get(index, (0.0, ""))[0]:
                best[index] = (score * weight, plain)
        return best

    def _search_han(self, query: str, prefix: bool) -> dict[int, tuple[float, str]]:
        """Entities whose names hold every character of the query, scored by how they hold it."""
        sets = [self.postings.get(c, set()) for c in set(query)]
        candidates = set.intersection(*sets) if sets else set()
        # single characters match almost anything: only words of two or more count
        tokens = [] if prefix else [t for t in segment(query) if t != query and len(t) > 1]
        best: dict[int, tuple[float, str]] = {}
        for index in candidates:
            for name, weight in self.names[index]:
                if name == query:
                    score = 100.0
                elif name.startswith(query):
                    score = 85.0
                elif prefix:
                    continue
                elif query in name:
                    score = 60.0
                elif len(tokens) > 1 and all(t in name for t in tokens):
                    score = 40.0
                else:
                    continue
                if score * weight > best.get(index, (0.0, ""))[0]:
                    best[index] = (score * weight, name)
        return self._prefer_whole_words(best, query, tokens)

    def _prefer_whole_words(self, best: dict[int, tuple[float, str]], query: str, tokens: list[str]) -> dict[int, tuple[float, str]]:
        """Among the best matches, a query (or its tokens) that is a word of the name ranks higher."""
        top = sorted(best.items(), key=lambda item: -item[1][0])[:200]  # segmenting every name is slow
        for index, (score, name) in top:
            words = self._name_tokens(name)
            if 55.0 <= score <= 60.0 and query in words:
                best[index] = (score + 10.0, name)
            elif score <= 40.0 and tokens:
                best[index] = (score + 10.0 * sum(t in words for t in tokens) / len(tokens), name)
        return best

    def _name_tokens(self, name: str) -> set[str]:
        if name not in self._tokens:
            self._tokens[name] = set(segment(name))
        return self._tokens[name]

    def _hit(self, entry: SearchEntry, score: float, matched: str) -> dict[str, Any]:
        path = "/" + entry.iri[len(self.base):] if entry.iri.startswith(self.base) else None
        return {
            "iri": entry.iri,
            "label": entry.label,
            "label_en": (entry.labels.get("en") or [None])[0],
            "type": entry.type,
            "district": entry.districts[0] if entry.districts else None,
            "score": round(score, 1),
            "path": path,
            "matched": matched,
        }


def _has_han(text: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" for c in text)


def _type_rank(entry: SearchEntry) -> int:
    return TYPE_ORDER.index(entry.type) if entry.type in TYPE_ORDER else len(TYPE_ORDER)


def _wanted_types(type: str | None) -> set[str]:
    if not type:
        return set()
    wanted: set[str] = set()
    for name in (t.strip().lower() for t in type.split(",") if t.strip()):
        wanted |= TYPE_ALIASES.get(name, {name})
    return wanted


def index_queries(base: str = DEFAULT_BASE) -> dict[str, str]:
    """The SPARQL the index is built from: labels, types, districts (variables as :func:`build_index` reads them)."""
    szr = base + "ontology#"
    return {
        "labels": f"""SELECT ?s ?p ?label WHERE {{
  VALUES ?p {{ <{SKOS}prefLabel> <{SKOS}altLabel> <{SKOS}hiddenLabel> <{DCT_TITLE}> }}
  ?s ?p ?label . FILTER(isIRI(?s) && isLITERAL(?label)) }}""",
        # every type but the evidence machinery's; entities without a label are dropped in Python
        # (a label test in the query costs seconds at 1M triples)
        "types": f"""SELECT DISTINCT ?s ?type WHERE {{
  ?s a ?type . FILTER(?type NOT IN ({", ".join(f"<{t}>" for t in _machinery_types(szr))})) }}""",
        "districts": f"""SELECT DISTINCT ?s ?district WHERE {{
  VALUES ?districtType {{ <{szr}District> <{szr}FunctionalZone> }}
  ?district a ?districtType .
  ?s <{szr}recognizes>?/(<{szr}implementedIn>|<{szr}jurisdiction>|<http://schema.org/containedInPlace>)/<http://schema.org/containedInPlace>* ?district . }}""",
    }


def _machinery_types(szr: str) -> tuple[str, ...]:
    """Classes of the evidence and quantity nodes, which search never shows."""
    oa = "http://www.w3.org/ns/oa#"
    return (szr + "Evidence", oa + "Annotation", oa + "SpecificResource", oa + "TextQuoteSelector",
            oa + "TextPositionSelector", "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement",
            "http://schema.org/QuantitativeValue", "http://schema.org/MonetaryAmount")


def build_index(rows: Mapping[str, Iterable[Mapping[str, Any]]], base: str = DEFAULT_BASE) -> SearchIndex:
    """An index from the rows (``{variable: pyoxigraph term}``) of the three :func:`index_queries`."""
    entries: dict[str, SearchEntry] = {}
    for row in rows["labels"]:
        entry = entries.setdefault(row["s"].value, SearchEntry(row["s"].value))
        label, predicate = row["label"], row["p"].value
        if predicate in (SKOS + "prefLabel", DCT_TITLE):
            lang = (getattr(label, "language", None) or "").lower()
            entry.labels.setdefault(lang, []).append(label.value)
        elif (getattr(label, "language", None) or "").lower() == PINYIN_TAG:
            entry.labels.setdefault(PINYIN_TAG, []).append(label.value)
        else:
            entry.aliases.append(label.value)
    _jieba()  # load the dictionary now (about a second) rather than on the first search
    for row in rows["types"]:
        if row["s"].value in entries:
            entries[row["s"].value].types.append(re.split(r"[#/]", row["type"].value)[-1])
    for row in rows["districts"]:
        entry, district = entries.get(row["s"].value), entries.get(row["district"].value)
        if entry is not None and district is not None:
            entry.districts.append(district.label)
    for entry in entries.values():
        entry.types.sort(key=lambda t: TYPE_ORDER.index(t) if t in TYPE_ORDER else len(TYPE_ORDER))
        entry.districts = sorted(set(entry.districts)) or ([entry.label] if entry.type in ("District", "FunctionalZone") else [])
    return SearchIndex(entries.values(), base)


def build_index_from_store(store, base: str = DEFAULT_BASE) -> SearchIndex:
    """Run :func:`index_queries` on a :class:`graph.store.GraphStore` and build the index."""
    rows = {name: [{v.value: s[v] for v in result.variables if s[v] is not None} for s in result]
            for name, result in ((n, store.query(q)) for n, q in index_queries(base).items())}
    return build_index(rows, base)


def fingerprint_query(base: str = DEFAULT_BASE) -> str:
    """A cheap query whose rows change whenever an article graph or the label count changes."""
    szr = base + "ontology#"
    return f"""SELECT ?g ?sha ?version ?labels WHERE {{
  {{ GRAPH ?g {{ ?doc <{szr}textSha256> ?sha OPTIONAL {{ ?doc <{szr}extractorVersion> ?version }} }} }}
  UNION {{ SELECT (COUNT(*) AS ?labels) WHERE {{ ?s <{SKOS}prefLabel> ?label }} }} }}"""


def fingerprint(rows: Iterable[Mapping[str, Any]]) -> str:
    """A digest of :func:`fingerprint_query`'s rows (order-independent)."""
    lines = sorted("|".join(f"{k}={v}" for k, v in sorted(row.items())) for row in rows)
    return hashlib.sha1("\n".join(lines).encode()).hexdigest()
