"""Choosing among the media types a route offers, by the client's ``Accept`` header.

The header is read by the one shared parser (:func:`api.sparql_formats.parse_accept`)
and each offer weighed by the same function as SPARQL results, as RFC 9110 says: an
offer takes the q of the most specific range that matches it (``text/turtle`` over
``text/*`` over ``*/*``), and q=0 refuses it. Ties go to the range the client listed
first, then to the route's own order (its default first). Entity pages, /ontology and
``/validate`` negotiate here.
"""

from collections.abc import Sequence

# One parser and one ranking of a type against the parsed ranges, shared with /sparql's negotiation.
from api.sparql_formats import media_quality, parse_accept


def choose_media(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers; the first offer if ``Accept`` is absent; None if it accepts none of them."""
    ranges = parse_accept(accept or "")
    if not ranges:
        return offers[0] if offers else None
    ranked = [(media_quality(media, ranges), -index, media) for index, media in enumerate(offers)]
    quality, _, media = max(ranked)
    return media if quality[0] > 0 else None
