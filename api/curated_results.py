"""The JSON body of a curated query's result: SPARQL JSON plus plain ``rows`` and ``szkg``.

``rows`` is what a spreadsheet or a chart wants: one ``{variable: value}`` per
solution, IRIs and strings as text, numbers as numbers, booleans as booleans,
unbound variables as ``null``. ``szkg.page`` describes the page: its size and offset,
whether a next page exists and that page's URL.
"""

import json
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import URL

from api.config import Settings
from api.errors import APIError
from api.plain_values import simple_value
from api.query_runner import QueryOutcome
from graph.queries import CuratedQuery


@dataclass(frozen=True)
class Page:
    """One page of a result: ``size`` rows from row ``start`` (0-based)."""

    size: int
    start: int


@dataclass(frozen=True)
class PageRequest:
    """What a request asked for: ``limit`` rows, from ``offset`` or from page ``page`` (1-based)."""

    limit: int | None = None
    offset: int | None = None
    page: int | None = None

    def resolve(self, settings: Settings) -> Page:
        """The page to serve; 422 when the request asks for too many rows or for both offset and page."""
        size = self.limit or min(settings.page_size, settings.max_rows)
        if size > settings.max_rows:
            raise APIError(422, "Invalid query parameter", f"limit: at most {settings.max_rows} rows per page, got {size}",
                           errors=[{"loc": ["query", "limit"], "msg": f"at most {settings.max_rows}", "type": "too_large"}])
        if self.offset is not None and self.page is not None:
            raise APIError(422, "Invalid query parameter", "give offset or page, not both",
                           errors=[{"loc": ["query", "page"], "msg": "give offset or page, not both", "type": "conflict"}])
        start = self.offset if self.offset is not None else ((self.page or 1) - 1) * size
        return Page(size, start)


def apply_page(outcome: QueryOutcome, page: Page, url: URL) -> dict[str, Any]:
    """Keep the page's rows (the query fetched one more) and describe the page, with the next one's URL.

    A result the runner cut short (its text cap) has a next page too, from the first row left out.
    """
    has_next = len(outcome.rows) > page.size or outcome.truncated
    if len(outcome.rows) > page.size:
        outcome.rows = outcome.rows[: page.size]  # a new list: the encoded rows are redone
    outcome.truncated, outcome.row_cap = has_next, page.size
    return page_info(page, len(outcome.rows), has_next, url)


def page_info(page: Page, rows: int, has_next: bool, url: URL) -> dict[str, Any]:
    """``szkg.page``: the page's size, offset and rows, and the next page's URL if there is one."""
    following = url.remove_query_params("page").include_query_params(offset=page.start + rows)
    return {"limit": page.size, "offset": page.start, "rows": rows, "has_next": has_next,
            "next": f"{following.path}?{following.query}" if has_next else None}


def simple_rows(outcome: QueryOutcome) -> list[dict[str, Any]]:
    """The solutions (or triples) as plain ``{name: value}`` dicts."""
    if outcome.is_graph:
        return [{"subject": simple_value(t.subject), "predicate": simple_value(t.predicate), "object": simple_value(t.object)}
                for t in outcome.triples]
    return [{name: simple_value(row.get(name)) for name in outcome.variables} for row in outcome.rows]


def curated_json(outcome: QueryOutcome, query: CuratedQuery, params: dict[str, str],
                 page: dict[str, Any] | None = None) -> bytes:
    """SPARQL JSON results + ``rows`` + ``szkg`` (query name, parameters, cap, timing, page)."""
    if outcome.body is not None:  # the worker wrote SPARQL JSON and rows: splice the report in
        report = curated_report(outcome, query, params, page, outcome.row_count or 0)
        return b"".join((b'{"szkg":', json.dumps(report, ensure_ascii=False, separators=(",", ":")).encode(), b",",
                         memoryview(outcome.body)[1:]))
    body = outcome.to_json()
    body["rows"] = simple_rows(outcome)
    body["szkg"] = curated_report(outcome, query, params, page, len(body["rows"]))
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def curated_report(outcome: QueryOutcome, query: CuratedQuery, params: dict[str, str],
                   page: dict[str, Any] | None, row_count: int) -> dict[str, Any]:
    """The ``szkg`` member: cap and timing, query name and titles, parameters, row count, page."""
    report = {**outcome.report(), "query": query.name, "title": {"zh": query.title_zh, "en": query.title_en},
              "params": params, "row_count": row_count}
    if page is not None:
        report["page"] = page
    return report
