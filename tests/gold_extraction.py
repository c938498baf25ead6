"""Gold annotations as extractor output, for fixtures that must not depend on the extractor.

Gold files carry no offsets: each entity's evidence is its name's first occurrence
in the text, each relation's the span from its head's to its tail's first mention
when they are close, else the head's mention.
"""

import json
from pathlib import Path

from loaders.extraction_source import ArticleExtraction, read_text

NEAR = 200  # characters: a relation's evidence spans both mentions when they are this close


def _mention(text: str, name: str) -> tuple[int, int] | None:
    for candidate in (name, name.removesuffix("街道"), name.removesuffix("区"), name.strip("《》“”")):
        start = text.find(candidate) if candidate else -1
        if start >= 0:
            return start, start + len(candidate)
    return None


def _span(text: str, start: int, end: int) -> dict:
    return {"start": start, "end": end, "quote": text[start:end]}


def with_evidence(gold: dict, text: str) -> dict:
    """The gold extraction with evidence spans found in ``text``."""
    extraction = dict(gold)
    mentions: dict[str, tuple[int, int]] = {}
    entities = []
    for entity in gold["entities"]:
        entity = dict(entity)
        found = _mention(text, entity["name"])
        if found:
            mentions[entity["id"]] = found
            entity["evidence"] = [_span(text, *found)]
        entities.append(entity)
    relations = []
    for rel in gold["relations"]:
        rel = dict(rel)
        head, tail = mentions.get(rel["head"]), mentions.get(rel["tail"])
        if head and tail and abs(head[0] - tail[0]) <= NEAR:
            rel["evidence"] = [_span(text, min(head[0], tail[0]), max(head[1], tail[1]))]
        elif head:
            rel["evidence"] = [_span(text, *head)]
        relations.append(rel)
    extraction["entities"], extraction["relations"] = entities, relations
    return extraction


def gold_extractor(gold_dir: Path, version: str = "gold"):
    """An extractor callable reading ``{gold_dir}/{stem}.json``."""

    def run(path: Path, max_bytes: int) -> ArticleExtraction:
        text = read_text(path, max_bytes)
        gold = json.loads((Path(gold_dir) / f"{Path(path).stem}.json").read_text(encoding="utf-8"))
        return ArticleExtraction(text, version, with_evidence(gold, text))

    return run
