"""Score floors on held-out articles: districts and reforms the extractor's rules were not written on.

``tests/data/heldout/`` holds ten articles about other districts, and ``heldout/fresh/`` three
more that no rule was tuned on; their gold was written by the annotation guide before the
extractor ran on them (see the README). The floors are the figures reached when this test was
written, minus 0.01; a change that lowers one must be a deliberate trade, made visible by
editing them. The gold is pinned by checksum so that the figures cannot be raised by editing
it, and the extractor may not contain its answers.
"""

import hashlib
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from loaders.extract import extract_path

ROOT = Path(__file__).resolve().parents[2]
HELDOUT = ROOT / "tests" / "data" / "heldout"
FRESH = HELDOUT / "fresh"
# Six blind sets, each written from the guide by someone who had not read the extractor;
# blind … blind5 were then tuned on (in that order), blind6 never was: its figures are the
# honest estimate for unseen articles.
BLIND = {name: HELDOUT / name for name in ("blind", "blind2", "blind3", "blind4", "blind5", "blind6")}
SETS = {"heldout": HELDOUT, "fresh": FRESH, **BLIND}
FLOORS = {  # reached (entity, relation, attributes, metadata) minus 0.01
    "heldout": {"entity_f1": 0.960, "relation_f1": 0.943, "attribute_accuracy": 0.946, "metadata_accuracy": 0.99},
    "fresh": {"entity_f1": 0.982, "relation_f1": 0.969, "attribute_accuracy": 0.984, "metadata_accuracy": 0.99},
    "blind": {"entity_f1": 0.975, "relation_f1": 0.966, "attribute_accuracy": 0.974, "metadata_accuracy": 0.99},
    "blind2": {"entity_f1": 0.936, "relation_f1": 0.867, "attribute_accuracy": 0.878, "metadata_accuracy": 0.99},
    "blind3": {"entity_f1": 0.914, "relation_f1": 0.829, "attribute_accuracy": 0.904, "metadata_accuracy": 0.99},
    "blind4": {"entity_f1": 0.919, "relation_f1": 0.785, "attribute_accuracy": 0.896, "metadata_accuracy": 0.99},
    "blind5": {"entity_f1": 0.841, "relation_f1": 0.681, "attribute_accuracy": 0.766, "metadata_accuracy": 0.99},
    "blind6": {"entity_f1": 0.888, "relation_f1": 0.753, "attribute_accuracy": 0.801, "metadata_accuracy": 0.99},
}
TYPE_FLOOR = 0.85  # no entity type below this F1 on the ten held-out articles (three fresh ones are too few)

TYPES = {"District", "Subdistrict", "Community", "Organization", "MediaOutlet", "Person", "ReformPlan",
         "Reform", "Pilot", "Recognition", "Metric"}
PLACES = {"District", "Subdistrict", "Community"}
RELATIONS = {  # guide: relation type -> (head types, tail types)
    "implementedIn": ({"Reform", "ReformPlan", "Pilot"}, PLACES),
    "partOf": ({"Subdistrict", "Community", "Organization", "Reform"},
               {"District", "Subdistrict", "Organization", "ReformPlan"}),
    "ledBy": ({"Reform", "ReformPlan", "Pilot"}, {"Organization", "Person"}),
    "recognizes": ({"Recognition"}, {"Reform", "Pilot", "Organization"} | PLACES),
    "conferredBy": ({"Recognition", "Pilot"}, {"Organization", "MediaOutlet"}),
    "hasOutcome": ({"Reform", "Pilot"}, {"Metric"}),
}
ENUMS = {"level": {"national", "provincial", "municipal", "district", "subdistrict"},
         "kind": {"award", "title", "case", "promotion", "media", "endorsement"},
         "domain": {"economy", "rule_of_law", "culture", "society", "ecology", "party_building", "discipline",
                    "government"}}


def _golds(folder: Path = HELDOUT) -> list[Path]:
    return sorted((folder / "gold").glob("*.json"))


def _score(folder: Path, out: Path) -> dict:
    for path in sorted(folder.glob("*.txt")):
        data = extract_path(path).to_json()
        (out / f"{path.stem}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    scorer = ROOT / "tests" / "eval" / "score.py"
    result = subprocess.run([sys.executable, str(scorer), str(folder / "gold"), str(out), "--json"],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def summaries(tmp_path_factory) -> dict:
    return {name: _score(folder, tmp_path_factory.mktemp(f"{name}-pred")) for name, folder in SETS.items()}


@pytest.mark.parametrize("name", list(SETS))
def test_heldout_figures_stay_above_their_floors(summaries: dict, name: str) -> None:
    summary = summaries[name]
    assert summary["documents"] == len(_golds(SETS[name])) >= 3
    reached = {"entity_f1": summary["entity"]["f1"], "relation_f1": summary["relation"]["f1"],
               "attribute_accuracy": summary["attribute_accuracy"], "metadata_accuracy": summary["metadata_accuracy"]}
    below = {k: round(v, 3) for k, v in reached.items() if v < FLOORS[name][k]}
    assert not below, f"below the floor {FLOORS[name]}: {below}"


def test_no_entity_type_is_left_behind_on_unseen_articles(summaries: dict) -> None:
    assert len(_golds()) >= 8
    weak = {t: round(row["f1"], 3) for t, row in summaries["heldout"]["by_type"].items() if row["f1"] < TYPE_FLOOR}
    assert not weak


@pytest.mark.parametrize("folder", list(SETS.values()), ids=list(SETS))
def test_the_heldout_set_is_unchanged(folder: Path) -> None:
    """Articles and gold as frozen before the extractor first ran on them (README); edit only with a reason."""
    listed = {}
    for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(maxsplit=1)
        listed[name] = digest
    present = {p.relative_to(folder).as_posix() for p in [*folder.glob("*.txt"), *_golds(folder)]}
    assert set(listed) == present
    changed = [n for n, d in listed.items() if hashlib.sha256((folder / n).read_bytes()).hexdigest() != d]
    assert not changed


@pytest.mark.parametrize("gold_path", [g for folder in SETS.values() for g in _golds(folder)], ids=lambda p: p.stem)
def test_gold_follows_the_guide(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = unicodedata.normalize("NFC", (gold_path.parent.parent / gold["document"]).read_text(encoding="utf-8"))
    assert gold["document"] == f"{gold_path.stem}.txt" and gold["title"] in text and gold["publisher"]
    assert gold["published"] is None or re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", gold["published"])
    by_id = {e["id"]: e for e in gold["entities"]}
    assert len(by_id) == len(gold["entities"])
    for entity in gold["entities"]:
        assert entity["type"] in TYPES, entity
        assert entity["type"] == "District" or entity["name"] in text, entity  # names are copied from the text
        for key, allowed in ENUMS.items():
            assert entity.get(key, next(iter(allowed))) in allowed, entity
        assert all(isinstance(entity[k], int) for k in ("year", "count") if k in entity), entity
        assert entity["type"] != "Metric" or (isinstance(entity["value"], (int, float)) and entity["unit"]), entity
    for rel in gold["relations"]:
        heads, tails = RELATIONS[rel["type"]]
        assert by_id[rel["head"]]["type"] in heads and by_id[rel["tail"]]["type"] in tails, rel


def test_no_heldout_answers_in_the_extractor() -> None:
    """Rules are general: no reform, pilot, recognition or plan name of the held-out gold in code or tables."""
    names = set()
    for gold in [g for folder in SETS.values() for g in _golds(folder)]:
        for entity in json.loads(gold.read_text(encoding="utf-8"))["entities"]:
            if entity["type"] in {"Reform", "Pilot", "Recognition", "ReformPlan"}:
                plain = "".join(ch for ch in unicodedata.normalize("NFKC", entity["name"]) if ch not in "“”‘’\"'《》「」 ")
                if len(plain) >= 6 and not re.fullmatch(r"(?:区级)?重点改革项目", plain):  # the guide's own example
                    names.add(plain)
    mine = [ROOT / "loaders" / n for n in ("documents.py", "segment.py")]
    mine += sorted((ROOT / "loaders").glob("extract*.py")) + sorted((ROOT / "loaders" / "data").glob("*.json"))
    for path in mine:
        text = "".join(ch for ch in unicodedata.normalize("NFKC", path.read_text(encoding="utf-8"))
                       if ch not in "“”‘’\"'《》「」 ")
        assert not [n for n in names if n in text], path
