"""Same or near-same reform names across districts.

Names are normalised first (NFKC; quotes, brackets, punctuation and spaces removed; a
leading verb such as 推进/深化/优化 dropped; a trailing 改革 dropped, since nearly every
name ends with it and it would make unrelated names look alike). Two names are near-same
when ``difflib.SequenceMatcher(None, a, b).ratio() >= threshold``: twice the characters
the two share in order, over their total length, a longest-common-subsequence ratio;
0.8 joins 营商环境 with 优化营商环境 but not 教育评价 with 医疗评价. Candidate
pairs come from shared character bigrams, leaving out bigrams so common that they say
nothing, so large stores do not compare every pair.
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from difflib import SequenceMatcher

LEADING_VERBS = (
    "全面深化", "全面推进", "深入推进", "持续推进", "加快推进", "推进", "深化", "推动", "开展", "探索", "实施",
    "优化", "构建", "建设", "建立", "健全", "完善", "创新", "加快", "加强", "实行", "打造",
)
_NOISE = re.compile(r"[\s\"'“”‘’《》〈〉「」『』【】()（）\[\]、,，.。:：;；!！?？·—\-_/]+")
_COMMON_BIGRAM_SHARE = 0.05


def normalise_name(name: str) -> str:
    """The comparison form of a reform name (see module docstring)."""
    text = _NOISE.sub("", unicodedata.normalize("NFKC", name))
    for verb in LEADING_VERBS:
        # Keep the verb when little but 改革 would be left (深化改革 stays as it is).
        if text.startswith(verb) and len(text[len(verb):].removesuffix("改革")) >= 2:
            text = text[len(verb):]
            break
    if text.endswith("改革") and len(text) > 3:
        text = text[:-2]
    return text


def similarity(a: str, b: str) -> float:
    """LCS-style ratio of two normalised names, 0..1."""
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def candidate_pairs(names: list[str]) -> Iterable[tuple[int, int]]:
    """Index pairs of names sharing an informative bigram and of compatible length."""
    postings: dict[str, list[int]] = defaultdict(list)
    for i, name in enumerate(names):
        for gram in _bigrams(name):
            postings[gram].append(i)
    cap = max(50, int(len(names) * _COMMON_BIGRAM_SHARE))
    seen: set[tuple[int, int]] = set()
    for members in postings.values():
        if len(members) > cap:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                short, long_ = sorted((len(names[i]), len(names[j])))
                if (i, j) not in seen and 2 * short >= 0.66 * (short + long_):
                    seen.add((i, j))
                    yield i, j


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


def group_names(names: list[str], threshold: float = 0.8) -> tuple[list[list[int]], dict[int, float]]:
    """Groups of indices of same or near-same names, and each group's lowest linking ratio."""
    forms = [normalise_name(n) for n in names]
    distinct = sorted(set(forms))
    index = {form: i for i, form in enumerate(distinct)}
    links = _UnionFind(len(distinct))
    lowest: dict[tuple[int, int], float] = {}
    for i, j in candidate_pairs(distinct):
        ratio = similarity(distinct[i], distinct[j])
        if ratio >= threshold:
            links.union(i, j)
            lowest[(i, j)] = ratio
    groups: dict[int, list[int]] = defaultdict(list)
    for k, form in enumerate(forms):
        groups[links.find(index[form])].append(k)
    floor: dict[int, float] = defaultdict(lambda: 1.0)
    for (i, _), ratio in lowest.items():
        root = links.find(i)
        floor[root] = min(floor[root], ratio)
    ordered = list(groups.items())
    return [members for _, members in ordered], {g: floor[root] for g, (root, _) in enumerate(ordered)}
