"""partOf edges of organisations: to the body whose name they extend, else to the district they are named under."""

import logging
import re

from loaders.extract_context import Article
from loaders.extract_model import Entity
from loaders.extract_places import main_district

logger = logging.getLogger(__name__)


def link_organizations(art: Article) -> None:
    """partOf: to a body whose name it extends (市委 → 市委政法委), else to the district it is named under."""
    orgs = art.book.of_type("Organization")
    district = main_district(art)
    for org in orgs:
        start, end = org.mentions[0]
        parents = [o for o in orgs if o is not org and org.name.startswith(o.name)]
        if parents:
            parent = max(parents, key=lambda o: len(o.name))
            art.book.relate(org, "partOf", parent, start, end)
        elif district and org.attrs.get("level") == "district" and _named_under(art, org, district):
            art.book.relate(org, "partOf", district, *_mention_with_context(art, org, district))


def _named_under(art: Article, org: Entity, district: Entity) -> bool:
    place = district.info["place"]
    if org.name.startswith("区") or place.short_name in org.name or _kind_prefix(org.name, place.name):
        return True
    for start, _ in org.mentions:
        lo, _ = art.clause_bounds(start)
        if re.search(f"{place.short_name}区?(?:成立|设立|组建|新设)了?$", art.text[lo:start]):
            return True
    return False


def _kind_prefix(name: str, district: str) -> bool:
    """'合作区某某局' in an article on 某某特别合作区: the body is named under the district's kind."""
    return any(district.endswith(kind) and name.startswith(kind) for kind in ("合作区", "新区"))


def _mention_with_context(art: Article, org: Entity, district: Entity) -> tuple[int, int]:
    start, end = org.mentions[0]
    lo, _ = art.clause_bounds(start)
    place = district.info["place"]
    found = art.text.rfind(place.short_name, lo, start)
    return (found, end) if found >= 0 else (start, end)
