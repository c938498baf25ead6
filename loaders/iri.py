"""Deterministic IRIs and slugs (docs/architecture.md, "IRIs").

The same thing named the same way in two articles gets the same IRI, so facts from
several articles meet on one node. Everything here is a pure function of its arguments.
"""

import hashlib
import re
import unicodedata
from functools import lru_cache

from pypinyin import lazy_pinyin

MAX_SLUG = 80
LEADING_VERBS = ("推进", "深化", "开展", "探索", "推动", "构建", "建立", "实施", "完善")
# What may not start a name once a leading verb is dropped: the rest would be a fragment.
_FRAGMENT_START = tuple("和与及并的了、，,；;之")
_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
NATIONAL_PREFIXES = ("国务院", "国家", "中央", "全国", "中共中央", "党中央")
PROVINCIAL_PREFIXES = ("广东省", "省")
MUNICIPAL_PREFIXES = ("深圳市", "市")
MUNICIPAL_CODE = "440300"
PROVINCIAL_CODE = "440000"
NATIONAL_SCOPE = "cn"


def sha1_hex(text: str, length: int = 16) -> str:
    """The first ``length`` hex digits of the SHA-1 of ``text`` (UTF-8)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def normalise_name(name: str) -> str:
    """NFC, trimmed, inner whitespace collapsed: the form every key is computed from."""
    return " ".join(unicodedata.normalize("NFC", name).split())


@lru_cache(maxsize=4096)
def slug(text: str) -> str:
    """Toneless lower-case pinyin, ASCII letters/digits joined by '-', at most 80 characters."""
    words = lazy_pinyin(normalise_name(text).translate(_QUOTES))
    joined = "-".join(part for word in words for part in _NON_ALNUM.split(word.lower()) if part)
    if len(joined) <= MAX_SLUG:
        return joined or sha1_hex(text, 8)
    return joined[:64].rstrip("-") + "-" + sha1_hex(joined, 8)


def pinyin_label(name: str) -> str:
    """Space-separated toneless pinyin for search (``skos:altLabel``@zh-Latn-pinyin)."""
    words = lazy_pinyin(normalise_name(name).translate(_QUOTES))
    return " ".join(w.strip() for w in words if w.strip())


def drop_leading_verb(name: str) -> str:
    """深化“放管服”改革 → “放管服”改革, when the rest is still a full name."""
    name = normalise_name(name)
    for verb in LEADING_VERBS:
        rest = name[len(verb):]
        if name.startswith(verb) and len(rest.translate(_QUOTES)) >= 4 and not rest.startswith(_FRAGMENT_START):
            return rest
    return name


def core_media_name(name: str) -> str:
    """The key of a media outlet: 《焦点访谈》 and 焦点访谈 are one outlet."""
    return normalise_name(name).replace("《", "").replace("》", "")


def org_scope(name: str, level: str | None, district_code: str | None, district_prefix: tuple[str, str] | None) -> tuple[str, str]:
    """(scope, key name) of an organisation; ``district_prefix`` is (龙岗区, 440307) when the
    name starts with a district's full name.

    区XX局 belongs to the article's district; 龙岗区委 is keyed 区委 in Longgang's scope so
    both spellings meet; 市… is 440300; 国务院/国家/中央…/…部 are national ("cn").
    """
    name = normalise_name(name)
    if district_prefix is not None:
        rest = name[len(district_prefix[0]):]
        return district_prefix[1], "区" + rest
    if name.startswith("区") and district_code:
        return district_code, name
    if name.startswith(NATIONAL_PREFIXES) or name.endswith("部") or level == "national":
        return NATIONAL_SCOPE, name
    for prefixes, code in ((PROVINCIAL_PREFIXES, PROVINCIAL_CODE), (MUNICIPAL_PREFIXES, MUNICIPAL_CODE)):
        for prefix in prefixes:
            if name.startswith(prefix):
                return code, name if prefix in {"省", "市"} else prefix[-1] + name[len(prefix):]
    if level == "provincial":
        return PROVINCIAL_CODE, name
    if level == "municipal":
        return MUNICIPAL_CODE, name
    return district_code or MUNICIPAL_CODE, name


class IriMinter:
    """Mints every IRI of one article's graph under ``base``."""

    def __init__(self, base: str, doc_id: str) -> None:
        self.base = base
        self.doc_id = doc_id

    slug_of = staticmethod(slug)

    def doc(self) -> str:
        return f"{self.base}doc/{self.doc_id}"

    def graph(self) -> str:
        return f"{self.base}graph/doc/{self.doc_id}"

    def scheme(self, scheme: str, code: str) -> str:
        return f"{self.base}scheme/{scheme}/{code}"

    def place_code(self, place_iri: str) -> str:
        """Division code (or zone slug) at the head of a place IRI: …/place/440307/pinghu → 440307."""
        return place_iri[len(self.base) + len("place/"):].split("/")[0]

    def place(self, *parts: str) -> str:
        return f"{self.base}place/" + "/".join(parts)

    def org(self, scope: str, key_name: str) -> str:
        return f"{self.base}org/{scope}-{slug(key_name)}"

    def media(self, name: str) -> str:
        return f"{self.base}media/{slug(core_media_name(name))}"

    def person(self, name: str, district_code: str) -> str:
        return f"{self.base}person/{slug(name)}-{district_code}"

    def plan(self, place_code: str, name: str) -> str:
        return f"{self.base}plan/{place_code}/{slug(name)}"

    def reform(self, place_code: str, name: str) -> str:
        return f"{self.base}reform/{place_code}/{slug(drop_leading_verb(name))}"

    def pilot(self, place_code: str, name: str) -> str:
        return f"{self.base}pilot/{place_code}/{slug(name)}"

    def programme(self, name: str) -> str:
        return f"{self.base}programme/{slug(name)}"

    def recognition(self, name: str, recognised: list[str]) -> str:
        key = "\n".join([normalise_name(name), *sorted(recognised)])
        return f"{self.base}recognition/{sha1_hex(key)}"

    def outcome(self, start: int | None, name: str) -> str:
        anchor = str(start) if start is not None else "n" + sha1_hex(normalise_name(name), 8)
        return f"{self.base}outcome/{self.doc_id}/{anchor}"

    def evidence(self, start: int, end: int) -> str:
        return f"{self.base}evidence/{self.doc_id}/{start}-{end}"

    def statement(self, subject: str, predicate: str, obj: str) -> str:
        return f"{self.base}statement/{sha1_hex(f'<{subject}> <{predicate}> <{obj}>')}"
