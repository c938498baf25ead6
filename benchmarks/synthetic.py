"""Seeded synthetic data shaped like ours: one named graph per article, made by the real mapping.

Each synthetic article is an extraction (districts, subdistricts, organisations,
reforms with outcomes, pilots, recognitions, relations, evidence spans at their real
offsets) over a generated Chinese text, mapped by ``loaders.to_rdf``: so the graphs have
our shape (document node with its text, statement nodes, Web Annotation evidence), and
reforms and organisations recur across articles as they do in the news.

    python -m benchmarks.synthetic --triples 1000000 --out /tmp/synthetic-1m.nq
"""

import argparse
import random
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from graph.ns import DEFAULT_BASE
from graph.reference import districts, find_place, subdistricts_of
from loaders.to_rdf import extraction_to_quads

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
SYLLABLES = "营商环境政务服务数字政府社会治理城市更新基层党建民生诉求教育评价医疗卫生养老信用执法文化体制生态低碳产业招商土地空间"
ORG_SUFFIXES = ("局", "委", "办", "中心", "委员会")
PILOT_SUFFIXES = ("试点", "示范区", "示范基地", "实践区")
RECOGNITION_KINDS = ("award", "case", "promotion", "media", "endorsement")
LEVELS = ("national", "provincial", "municipal", "district")
DOMAINS = ("economy", "rule_of_law", "culture", "society", "ecology", "party_building", "discipline", "government")
UNITS = (("宗", 1000), ("万元", 10000), ("%", 100), ("家", 500), ("个", 300), ("万平方米", 90))


def _phrase(rng: random.Random, words: int) -> str:
    starts = [rng.randrange(0, len(SYLLABLES) - 1, 2) for _ in range(words)]
    return "".join(SYLLABLES[s:s + 2] for s in starts)


class _ArticleWriter:
    """Builds one article's text and extraction together, so offsets are real."""

    def __init__(self, doc_id: str) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.entities: list[dict] = []
        self.relations: list[dict] = []
        self.doc_id = doc_id

    def write(self, text: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    def entity(self, type_: str, name: str, prefix: str = "", suffix: str = "。", **attrs) -> str:
        self.write(prefix)
        start, end = self.write(name)
        self.write(suffix)
        ident = f"e{len(self.entities)}"
        self.entities.append({"id": ident, "type": type_, "name": name, **attrs,
                              "evidence": [{"start": start, "end": end, "quote": name}]})
        return ident

    def relate(self, head: str, kind: str, tail: str) -> None:
        spans = [self._span(head), self._span(tail)]
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
        text = "".join(self.parts)
        self.relations.append({"head": head, "type": kind, "tail": tail,
                               "evidence": [{"start": start, "end": end, "quote": text[start:end]}]})

    def _span(self, ident: str) -> tuple[int, int]:
        evidence = self.entities[int(ident[1:])]["evidence"][0]
        return evidence["start"], evidence["end"]


def synthetic_article(index: int, rng: random.Random, pool: int) -> tuple[dict, str]:
    """One article's extraction and text; names come from pools of ``pool`` so they recur."""
    district = rng.choice(districts())
    article = _ArticleWriter(f"{index:06d}_synthetic")
    article.write(f"{district.name}{_phrase(rng, 6)}改革工作报道\n\n2023-0{rng.randint(1, 9)}-1{rng.randint(0, 9)} 08:00\n\n")
    d = article.entity("District", district.name, suffix="全面深化改革。")
    subs = subdistricts_of(district.iri) or (district,)
    sub = rng.choice(subs)
    s = article.entity("Subdistrict", sub.name, prefix="其中", suffix="率先探索。") if sub is not district else d
    if s != d:
        article.relate(s, "partOf", d)
    orgs = [article.entity("Organization", f"区{_phrase(random.Random(o), 2)}{ORG_SUFFIXES[o % 5]}", prefix="由",
                           suffix="牵头，", level="district") for o in rng.sample(range(pool), 4)]
    for r in rng.sample(range(pool), 10):
        name = f"{_phrase(random.Random(r), 3)}改革"
        reform = article.entity("Reform", name, prefix="推进", domain=DOMAINS[r % 8], year=2023)
        article.relate(reform, "implementedIn", rng.choice((d, s)))
        article.relate(reform, "ledBy", rng.choice(orgs))
        for _ in range(rng.randint(0, 2)):
            unit, top = rng.choice(UNITS)
            value = rng.randint(1, top)
            outcome = article.entity("Metric", f"{_phrase(rng, 2)}{value}{unit}", prefix="累计", value=value, unit=unit)
            article.relate(reform, "hasOutcome", outcome)
        if rng.random() < 0.3:
            kind = rng.choice(RECOGNITION_KINDS)
            recognition = article.entity("Recognition", f"{_phrase(rng, 3)}典型案例", prefix="入选", kind=kind,
                                         level=rng.choice(LEVELS))
            article.relate(recognition, "recognizes", reform)
        article.write(_phrase(rng, 30) + "。\n")
    for p in rng.sample(range(pool), 2):
        pilot = article.entity("Pilot", f"{_phrase(random.Random(p), 3)}{PILOT_SUFFIXES[p % 4]}", prefix="获批",
                               level=LEVELS[p % 4])
        article.relate(pilot, "implementedIn", d)
    extraction = {"document": f"{article.doc_id}.txt", "title": f"{district.name}改革", "published": "2023-05-10",
                  "publisher": "读特", "entities": article.entities, "relations": article.relations}
    return extraction, "".join(article.parts)


def synthetic_articles(n_triples: int, seed: int = 0, base: str = DEFAULT_BASE) -> Iterator[list[ox.Quad]]:
    """Article graphs (lists of quads) until about ``n_triples`` triples have been produced."""
    rng = random.Random(seed)
    pool = max(20, n_triples // 2_000)  # distinct reform/org/pilot names grow with the data
    places = lambda name: find_place(name, None, base)  # noqa: E731
    produced, index = 0, 0
    while produced < n_triples:
        extraction, text = synthetic_article(index, rng, pool)
        quads = extraction_to_quads(extraction, text, base, places, version="synthetic")
        produced += len(quads)
        index += 1
        yield quads


def write_nquads(path: Path, n_triples: int, seed: int = 0, base: str = DEFAULT_BASE) -> int:
    """Write the synthetic dataset as N-Quads; returns the number of quads written."""
    written = 0
    with open(path, "wb") as out:
        for quads in synthetic_articles(n_triples, seed, base):
            ox.serialize(quads, out, ox.RdfFormat.N_QUADS)
            written += len(quads)
    return written


def main() -> None:
    """Command line: write N-Quads of the requested size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", default="100k", help="10k, 100k, 1m, 10m or a number")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    n = SIZES.get(args.triples.lower()) or int(args.triples)
    print(f"wrote {write_nquads(args.out, n, args.seed)} quads to {args.out}")


if __name__ == "__main__":
    main()
