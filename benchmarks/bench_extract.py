"""Extraction speed against jieba's plain ``lcut`` on the same text, in the same run.

The text is made by recombining paragraphs of the sample articles into new articles
about other districts (names of districts and subdistricts swapped, seeded), at
least 5 MB of UTF-8 (``quick``: 1 MB). The goal is extraction at ≥ 1/3 of
``jieba.lcut``'s characters per second. Figures go to
``benchmarks/results/extract-<date>.json``.

    python -m benchmarks.bench_extract [--quick] [--seed N]
"""

import argparse
import datetime as dt
import json
import logging
import os
import platform
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(os.environ.get("SZKG_BENCH_RESULTS") or ROOT / "benchmarks" / "results")  # as benchmarks.workload
CORPUS = ROOT / "data" / "corpus"
FULL_BYTES = 5_000_000
QUICK_BYTES = 1_000_000
GOAL_RATIO = 1 / 3


def _swaps(rng: random.Random) -> list[tuple[str, str]]:
    """Name replacements: each sample district (and its subdistricts) becomes a random other district."""
    from graph.reference import load_places

    places = load_places()
    districts = [p for p in places if p.kind == "District"]
    subs: dict[str, list] = {}
    for p in places:
        if p.kind == "Subdistrict":
            subs.setdefault(p.parent, []).append(p)
    swaps = []
    for source in ("龙岗区", "罗湖区", "坪山区"):
        src = next(p for p in districts if p.name == source)
        dst = rng.choice([d for d in districts if d.name != source])
        targets = subs.get(dst.iri) or [dst]
        for sub in subs.get(src.iri, []):
            swaps.append((sub.short_name, rng.choice(targets).short_name))
        swaps += [(src.name, dst.name), (src.short_name, dst.short_name)]
    return swaps


def make_articles(total_bytes: int, seed: int = 7) -> list[str]:
    """Articles of 8–20 paragraphs drawn from the samples, with swapped place names."""
    from loaders.documents import read_document
    from loaders.segment import layout

    rng = random.Random(seed)
    pool, titles = [], []
    for path in sorted(CORPUS.glob("*.txt")):
        doc = read_document(path)
        blocks = layout(doc.text, doc.title).blocks
        titles += [b.text for b in blocks if b.kind in ("title", "heading")]
        pool += [b.text for b in blocks if b.kind == "paragraph"]
    articles, size = [], 0
    while size < total_bytes:
        swaps = _swaps(rng)
        pattern = re.compile("|".join(re.escape(a) for a, _ in sorted(swaps, key=lambda s: -len(s[0]))))
        table = dict(swaps)
        date = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(2500))
        body = [rng.choice(titles), f"{date.isoformat()} {rng.randrange(24):02d}:{rng.randrange(60):02d}", ""]
        body += rng.sample(pool, rng.randint(8, min(20, len(pool))))
        text = pattern.sub(lambda m: table[m[0]], "\n\n".join(body))
        articles.append(text)
        size += len(text.encode("utf-8"))
    return articles


def run(quick: bool = False, seed: int = 7, write: bool = True) -> dict:
    """Build the text, time extraction and ``jieba.lcut`` on it, write and return the figures."""
    import jieba

    from loaders.documents import read_document
    from loaders.extract import extract_document

    jieba.setLogLevel(logging.WARNING)
    target = QUICK_BYTES if quick else FULL_BYTES
    texts = make_articles(target, seed)
    with tempfile.TemporaryDirectory(prefix="szkg-bench-extract-") as tmp:
        docs = []
        for i, text in enumerate(texts):
            path = Path(tmp) / f"bench_{i:05d}.txt"
            path.write_text(text, encoding="utf-8")
            docs.append(read_document(path, max_bytes=target + 1_000_000))
    extract_document(docs[0])  # load the dictionaries before timing
    jieba.lcut(docs[0].text)
    chars = sum(len(d.text) for d in docs)
    started = time.perf_counter()
    facts = sum(len(extract_document(d).book.entities) for d in docs)
    extract_s = time.perf_counter() - started
    started = time.perf_counter()
    for doc in docs:
        jieba.lcut(doc.text)
    lcut_s = time.perf_counter() - started
    figures = {
        "benchmark": "extract", "date": dt.date.today().isoformat(), "quick": quick, "seed": seed,
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "documents": len(docs), "text_bytes": sum(len(d.text.encode("utf-8")) for d in docs), "text_chars": chars,
        "entities": facts,
        "extract_seconds": round(extract_s, 3), "extract_chars_per_s": round(chars / extract_s),
        "lcut_seconds": round(lcut_s, 3), "lcut_chars_per_s": round(chars / lcut_s),
        "ratio_to_lcut": round(lcut_s / extract_s, 3), "goal_ratio": round(GOAL_RATIO, 3),
    }
    figures["meets_goal"] = figures["ratio_to_lcut"] >= GOAL_RATIO
    if write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / f"extract-{figures['date']}.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return figures


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="1 MB of text instead of 5 MB")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    figures = run(quick=args.quick, seed=args.seed)
    sys.stdout.write(json.dumps(figures, indent=2) + "\n")
    return 0 if figures["meets_goal"] else 1


if __name__ == "__main__":
    sys.exit(main())
