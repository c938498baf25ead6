"""Where the loader gets an article's facts: the extractor, or extraction JSON written earlier.

An extractor is a callable ``(path, max_bytes) -> ArticleExtraction``; the loader
does not care which one it is given.
"""

import hashlib
import json
import logging
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from loaders.errors import DocumentError, ExtractionError

logger = logging.getLogger(__name__)


class ArticleExtraction:
    """An article's NFC text, the extractor version, and its facts (extracted on first use,
    so an unchanged article is recognised from its text alone)."""

    def __init__(self, text: str, version: str | None, extraction: dict[str, Any] | Callable[[], dict]) -> None:
        self.text = text
        self.version = version
        self._extraction = extraction

    @property
    def extraction(self) -> dict[str, Any]:
        """The extraction JSON (docs/architecture.md)."""
        if callable(self._extraction):
            self._extraction = self._extraction()
        return self._extraction


def read_text(path: Path, max_bytes: int) -> str:
    """The article's stored text: ``loaders.documents.read_document`` when present, else UTF-8 NFC."""
    try:
        from loaders.documents import read_document
    except ModuleNotFoundError:
        read_document = None
    if read_document is not None:
        return read_document(path, max_bytes=max_bytes).text
    data = Path(path).read_bytes()
    if len(data) > max_bytes:
        raise DocumentError(str(path), f"{len(data)} bytes, more than the limit of {max_bytes}")
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise DocumentError(str(path), f"not UTF-8 text: {exc}") from exc


def default_extractor() -> Callable[[Path, int], ArticleExtraction]:
    """The project's extractor (``loaders.extract``)."""
    try:
        from loaders import extract as extract_module
    except ImportError as exc:
        raise ExtractionError("loaders.extract", "the extractor is not installed") from exc
    version = getattr(extract_module, "EXTRACTOR_VERSION", None) or source_version()

    def run(path: Path, max_bytes: int) -> ArticleExtraction:
        from loaders.documents import read_document

        document = read_document(path, max_bytes=max_bytes)
        return ArticleExtraction(document.text, version, lambda: extract_module.extract_document(document).to_json())

    return run


def source_version() -> str:
    """A version for an extractor without one: a hash of its source and data files, so any
    change to the rules makes the next load redo every article."""
    here = Path(__file__).resolve().parent
    digest = hashlib.sha1()
    for path in sorted([*here.glob("extract*.py"), *here.glob("segment.py"), *here.glob("documents.py"),
                        *(p for p in (here / "data").rglob("*") if p.is_file())]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return "src-" + digest.hexdigest()[:12]


def json_extractor(json_dir: Path, version: str = "json") -> Callable[[Path, int], ArticleExtraction]:
    """Facts from ``{json_dir}/{stem}.json`` (the output of ``szkg extract --out``)."""

    def run(path: Path, max_bytes: int) -> ArticleExtraction:
        text = read_text(path, max_bytes)
        source = Path(json_dir) / f"{Path(path).stem}.json"
        try:
            extraction = json.loads(source.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ExtractionError(str(path), f"no extraction file {source}") from exc
        except ValueError as exc:
            raise ExtractionError(str(path), f"{source} is not valid JSON: {exc}") from exc
        return ArticleExtraction(text, extraction.get("extractor_version") or version, extraction)

    return run
