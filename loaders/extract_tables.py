"""The keyword tables and reference lists of ``loaders/data/``, loaded once and cached.

Code never spells out keyword lists: they live in JSON files beside this module so
that they can be reviewed (and grepped for corpus answers) apart from the rules.
"""

import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=None)
def load_table(name: str) -> dict:
    """The JSON table ``loaders/data/<name>.json`` (keys starting with ``_`` are comments)."""
    path = DATA_DIR / f"{name}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("_")}


def alternation(words, escape: bool = True) -> str:
    """A regex alternation of ``words``, longest first so that the longest form wins."""
    items = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w) if escape else w for w in items)


@dataclass(frozen=True)
class Outlet:
    """A known news outlet or programme."""

    name: str
    level: str
    broadcaster: str | None


@lru_cache(maxsize=None)
def outlet_index() -> dict[str, Outlet]:
    """Every printed form of a known outlet (name or alias) -> the outlet."""
    index: dict[str, Outlet] = {}
    for row in load_table("outlets")["outlets"]:
        outlet = Outlet(row["name"], row["level"], row.get("broadcaster"))
        for form in (row["name"], *row.get("aliases", ())):
            index[form] = outlet
    return index


def canonical_outlet(name: str) -> str:
    """The outlet's own name for a printed form (读特客户端 -> 读特); unknown names unchanged."""
    outlet = outlet_index().get(name)
    return outlet.name if outlet else name


def looks_like_outlet(name: str) -> bool:
    """True for a known outlet or a name ending like one (…日报, …网, …客户端)."""
    if name in outlet_index():
        return True
    suffixes = load_table("outlets")["outlet_suffixes"]
    return len(name) >= 3 and any(name.endswith(s) for s in suffixes)
