"""The section a reform heads: a heading that names a reform (（一）推进X改革, or its quoted
term alone) makes the mechanisms set out under it parts of that reform (guide: parts of a reform)."""

import re

from loaders.extract_context import Article
from loaders.extract_model import Entity


def in_reform_section(art: Article, block, lo: int) -> bool:
    """A paragraph under a heading that names a reform (（一）推进X改革) sets out its parts,
    unless a lower body (a subdistrict, a community or its team) opens the clause: its own model."""
    if block.kind == "heading" or block.heading < 0:
        return False
    run = art.layout.heading_run(block)
    head = run[-1] if run else None  # the heading right above, not a chapter title further up
    if head is None:
        return False
    if not any(r.name.endswith("改革") and any(head.start <= s < head.end for s, _ in r.mentions)
               for r in art.book.of_type("Reform")) and quoted_in_heading(art, head) is None:
        return False
    return art.clause_subject(lo, "Subdistrict", "Community") is None and not _lower_body(art, lo)


def quoted_in_heading(art: Article, heading) -> Entity | None:
    """'“甲乙”让诉求直达': a heading that names a reform by its quoted term alone."""
    terms = set(re.findall(r"“([^”]{2,12})”", heading.text))
    found = [r for r in art.book.of_type("Reform") if r.name.endswith("改革")
             and any(f"“{t}”" in r.name for t in terms)]
    return found[0] if len(found) == 1 else None


def _lower_body(art: Article, lo: int) -> bool:
    sent = art.sentence(lo)
    org = art.covered_by(sent.start, sent.start + 2, "Organization") if sent else None
    return org is not None and org.attrs.get("level") in ("subdistrict", "community")
