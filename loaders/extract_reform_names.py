"""One reform under several names: mentions that name the same reform are merged, and the
name kept is the one the guide asks for (the leading verb only when every mention uses it)."""

import logging

from loaders.extract_context import YEAR, Article

logger = logging.getLogger(__name__)


def merge_nested(art: Article) -> None:
    """One reform under two names: a stem that ends another (全域旅游发展体系 / 旅游发展体系), or a
    near-identical stem (企业信用修复运用 / 企业信用修复应用)."""
    reforms = art.book.of_type("Reform")
    for short in sorted(reforms, key=lambda r: len(r.key)):
        for long in reforms:
            alive = (long.type, long.key) in art.book.entities and (short.type, short.key) in art.book.entities
            if long is short or not alive or len(long.key) < len(short.key):
                continue
            if (len(short.key) >= 4 and long.key.endswith(short.key)) or _near(short.key, long.key):
                short.info.setdefault("forms", []).extend(long.info.get("forms", []))
                art.book.merge(short, long)
            elif _quoted_head(short.name, long.name):
                art.book.merge(long, short)  # 推行“X长制” / “X长制”管护机制: the full name stays


def _quoted_head(short: str, long: str) -> bool:
    """A quoted rule name (“X长制”) that opens a longer reform name is that reform."""
    return short.startswith("“") and short.endswith("”") and short.count("“") == 1 and \
        long.startswith(short) and len(long) > len(short)


def _near(a: str, b: str) -> bool:
    """Same length, at least 8 characters, differing in at most two."""
    return len(a) == len(b) >= 8 and sum(x != y for x, y in zip(a, b)) <= 2


def choose_names(art: Article, table: dict) -> None:
    """Keep a leading verb only when every mention uses the same one (guide: names of reforms)."""
    for reform in art.book.of_type("Reform"):
        forms = reform.info.get("forms", [])
        with_reform = [f for f in forms if f[1].endswith("改革")] or forms
        verbs = {f[0] for f in with_reform}
        core = min((f[1] for f in with_reform), key=len)
        verb = next(iter(verbs)) if len(verbs) == 1 else ""
        reform.name = (verb + core) if verb in table["keep_verbs"] else core
        years = [int(y) for f in forms for y in YEAR.findall(art.text[f[2]:f[3]])]
        if years:
            reform.info["name_year"] = years[0]
