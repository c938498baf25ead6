"""Read one article (plain text, HTML or Markdown; UTF-8 or GB18030) into a ``Document``.

The text is decoded, turned into plain text, normalised to NFC once, and every
offset the extractor reports refers to ``Document.text``. Bad input raises
``DocumentError`` naming the file and what is wrong with it.
"""

import hashlib
import logging
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from loaders.errors import DocumentError
from loaders.extract_metadata import Byline, Metadata, parse_metadata

logger = logging.getLogger(__name__)

__all__ = ["Byline", "Document", "read_document", "decode_bytes", "SUFFIX_FORMATS"]

SUFFIX_FORMATS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html",
                  ".md": "markdown", ".markdown": "markdown"}
BINARY_PROBE = 8192


@dataclass(frozen=True)
class Document:
    """One article as the extractor sees it; offsets are code points into ``text``."""

    doc_id: str
    path: Path
    text: str
    sha256: str
    format: str
    encoding: str
    title: str | None
    published: str | None
    published_raw: str | None
    published_month_day: str | None
    publisher: str | None
    bylines: tuple[Byline, ...]


def read_document(path: Path, max_bytes: int = 5_000_000) -> Document:
    """Read, decode, convert and normalise one article file; raise ``DocumentError`` if it is unusable."""
    path = Path(path)
    raw = _read_bytes(path, max_bytes)
    text, encoding = decode_bytes(raw, str(path))
    fmt = _detect_format(path, text)
    hint = Metadata()
    if fmt == "html":
        text, hint = _html_to_text(text, str(path))
    elif fmt == "markdown":
        text = _markdown_to_text(text)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise DocumentError(str(path), "no text in the file (only whitespace or markup)")
    meta = parse_metadata(text).merged_over(hint)
    return Document(
        doc_id=path.stem, path=path, text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), format=fmt, encoding=encoding,
        title=meta.title, published=meta.published, published_raw=meta.published_raw,
        published_month_day=meta.published_month_day, publisher=meta.publisher, bylines=meta.bylines,
    )


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(str(path), f"cannot read the file ({exc.strerror or exc})") from exc
    if size > max_bytes:
        raise DocumentError(str(path), f"file is {size} bytes, over the limit of {max_bytes} bytes")
    if size == 0:
        raise DocumentError(str(path), "empty file")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DocumentError(str(path), f"cannot read the file ({exc.strerror or exc})") from exc


def decode_bytes(raw: bytes, where: str) -> tuple[str, str]:
    """Decode article bytes: UTF-8 (BOM or not), then GB18030, then charset-normalizer's guess."""
    nul = raw.find(b"\x00", 0, BINARY_PROBE)
    if nul >= 0:
        raise DocumentError(where, f"binary file (NUL byte at offset {nul}), not a text article")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        gb_error = exc
    guess = _guess_encoding(raw)
    if guess:
        return guess
    raise DocumentError(
        where,
        f"undecodable text: not UTF-8 (invalid byte 0x{raw[utf8_error.start]:02x} at offset "
        f"{utf8_error.start}) nor GB18030 (invalid byte at offset {gb_error.start}), "
        "and no other encoding fits",
    )


def _guess_encoding(raw: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or best.encoding is None:
        return None
    text = str(best)
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > len(text) // 100:
        return None  # a "decoding" full of control characters is a binary file
    return text, best.encoding


def _detect_format(path: Path, text: str) -> str:
    fmt = SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt:
        return fmt
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    return "text"


def _html_to_text(html: str, where: str) -> tuple[str, Metadata]:
    import trafilatura

    text = trafilatura.extract(html, output_format="txt", include_comments=False,
                               include_tables=True, favor_recall=True)
    if not text or not text.strip():
        raise DocumentError(where, "HTML with no extractable main text (truncated or empty page?)")
    meta = trafilatura.extract_metadata(html)
    hint = Metadata()
    if meta is not None:
        hint = Metadata(title=meta.title or None, published_raw=meta.date or None,
                        publisher=meta.sitename or None)
    if hint.title and not text.startswith(hint.title):
        text = f"{hint.title}\n\n{text}"  # keep the headline in the stored text, as plain text has it
    return text, hint


def _markdown_to_text(source: str) -> str:
    from markdown_it import MarkdownIt

    lines: list[str] = []
    for token in MarkdownIt("commonmark").parse(source):
        if token.type == "inline":
            lines.append("".join(_inline_text(child) for child in token.children or ()))
        elif token.type in ("code_block", "fence"):
            lines.append(token.content.rstrip("\n"))
        elif token.type in ("paragraph_close", "heading_close", "blockquote_close"):
            lines.append("")
    return "\n".join(lines).strip() + "\n"


def _inline_text(token) -> str:
    if token.type in ("text", "code_inline"):
        return token.content
    if token.type in ("softbreak", "hardbreak"):
        return "\n"
    return ""
