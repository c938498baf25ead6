"""Extract the facts of the annotation guide, with evidence, from one article.

``extract_document(doc)`` runs the extractors in order (places, outlets, bodies,
persons, plans, reforms, pilots, recognitions, metrics, relations, attributes) over
the article's layout and returns an ``Extraction`` whose ``to_json()`` is the guide's
format plus evidence spans and document metadata.
"""

import logging
from dataclasses import dataclass
from pathlib import Path

from loaders.documents import Document, read_document
from loaders.errors import ExtractionError
from loaders.extract_attributes import assign_attributes
from loaders.extract_context import Article
from loaders.extract_model import ID_PREFIX, FactBook
from loaders.extract_orgs import extract_organizations
from loaders.extract_people import extract_media, extract_persons
from loaders.extract_places import extract_places, link_communities
from loaders.extract_plans import extract_plans
from loaders.extract_pilots import extract_pilots
from loaders.extract_recognitions import extract_recognitions
from loaders.extract_metrics import extract_metrics
from loaders.extract_reforms import extract_reforms
from loaders.extract_relations import extract_relations

logger = logging.getLogger(__name__)

__all__ = ["Extraction", "extract_document", "extract_path"]

ATTRIBUTE_ORDER = ("role", "level", "domain", "kind", "year", "count", "value", "unit")
STEPS = (extract_places, extract_media, extract_organizations, extract_persons, extract_plans,
         extract_pilots, extract_reforms, extract_recognitions, extract_metrics, link_communities,
         extract_relations, assign_attributes)


@dataclass(frozen=True)
class Extraction:
    """The facts of one document and the document they came from."""

    document: Document
    book: FactBook
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict:
        """The guide's JSON plus evidence on every entity and relation, and document metadata."""
        doc = self.document
        entities = []
        order = list(ID_PREFIX.values())
        for entity in sorted(self.book.entities.values(), key=lambda e: (order.index(e.id.rstrip("0123456789")), _num(e.id))):
            record = {"id": entity.id, "type": entity.type, "name": entity.name}
            record.update({k: entity.attrs[k] for k in ATTRIBUTE_ORDER if entity.attrs.get(k) is not None})
            record["evidence"] = self.book.evidence(entity.mentions)
            entities.append(record)
        relations = [{"head": r.head.id, "type": r.type, "tail": r.tail.id, "evidence": self.book.evidence(r.evidence)}
                     for r in sorted(self.book.relations.values(), key=lambda r: (r.type, r.head.id, r.tail.id))]
        return {
            "document": doc.path.name, "title": doc.title, "published": doc.published,
            "published_raw": doc.published_raw, "published_month_day": doc.published_month_day,
            "publisher": doc.publisher, "bylines": [{"role": b.role, "name": b.name} for b in doc.bylines],
            "text_sha256": doc.sha256, "normalization": "NFC", "text_length": len(doc.text),
            "entities": entities, "relations": relations,
        } | ({"warnings": list(self.warnings)} if self.warnings else {})


def _num(entity_id: str) -> int:
    digits = "".join(ch for ch in entity_id if ch.isdigit())
    return int(digits) if digits else 0


def extract_document(doc: Document) -> Extraction:
    """Run every extractor over ``doc``.

    A rule that fails on an unforeseen sentence is logged with the file and the step, and
    noted in the result's ``warnings``; the other steps still run, so one odd sentence does
    not cost the whole article. Only a failure of the final naming steps raises ``ExtractionError``.
    """
    art = Article.of(doc.text, doc.title, doc.published, doc.bylines)
    warnings = []
    for step in STEPS:
        try:
            step(art)
        except Exception as exc:
            logger.exception("%s failed on %s", step.__name__, doc.path)
            warnings.append(f"{step.__name__} failed: {type(exc).__name__}: {exc}")
    try:
        art.restore_names()
        art.book.assign_ids()
    except Exception as exc:
        raise ExtractionError(str(doc.path), f"naming the facts failed: {exc}") from exc
    return Extraction(doc, art.book, tuple(warnings))


def extract_path(path: Path, max_bytes: int = 5_000_000) -> Extraction:
    """Read and extract one article file."""
    return extract_document(read_document(Path(path), max_bytes=max_bytes))
