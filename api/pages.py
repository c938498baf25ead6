"""HTML pages: the Jinja2 environment, the interface language and the shared layout context.

Every page (the UI router's and the entity pages) renders through :func:`render_page`,
so all of them get the same context: ``lang`` (``zh`` default, ``en``), ``t(key)``
for interface strings (``static/i18n.json``, one file for the server and the
browser), ``pick(labels)`` for data labels, ``static(path)`` and the language switch.
A ``?lang=`` choice is remembered in a cookie.
"""

import json
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from api import __version__
from api.errors import error_response
from api.entity_graph import neighbourhood
from graph.queries import prologue_prefixes

logger = logging.getLogger(__name__)

API_DIR = Path(__file__).resolve().parent
STATIC_DIR = API_DIR / "static"
TEMPLATES_DIR = API_DIR / "templates"
LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
LANG_COOKIE = "szkg_lang"
_LANG_COOKIE_AGE = 365 * 24 * 3600
# Kinds of minted IRI ({base}{kind}/…), shortened in result tables.
_MINTED_KINDS = ("reform", "pilot", "programme", "recognition", "outcome", "plan", "person", "media", "evidence", "statement")


@lru_cache(maxsize=1)
def ui_strings() -> dict[str, dict[str, str]]:
    """Interface strings by language, from ``static/i18n.json``."""
    return json.loads((STATIC_DIR / "i18n.json").read_text(encoding="utf-8"))


def request_lang(request: Request) -> str:
    """The interface language: ``?lang=``, else the cookie, else zh."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate in LANGS:
            return candidate
    return DEFAULT_LANG


def translator(lang: str) -> Callable[[str], str]:
    """``t(key)``: the string for ``key`` in ``lang`` (the key itself when missing, so gaps show)."""
    strings = ui_strings()[lang]
    return lambda key: strings.get(key, key)


def label_picker(lang: str) -> Callable[..., str]:
    """``pick(labels)``: a label in ``lang`` from ``{"zh": …, "en": …}`` (or a plain string), falling back to the other."""

    def pick(labels: Any, other: bool = False) -> str:
        if not isinstance(labels, dict):
            return "" if labels is None else str(labels)
        order = [lang, *[code for code in LANGS if code != lang]]
        if other:
            order = order[1:]
        return next((str(labels[code]) for code in order if labels.get(code)), "")

    return pick


def ui_prefixes(base_iri: str) -> dict[str, str]:
    """The prefixes the curated queries use (``graph.queries.prologue_prefixes``) for this base IRI."""
    return prologue_prefixes(base_iri)


def display_prefixes(base_iri: str) -> dict[str, str]:
    """Prefixes that shorten the IRIs shown in result tables (never added to query text)."""
    minted = {kind: f"{base_iri}{kind}/" for kind in _MINTED_KINDS}
    return {**minted, **ui_prefixes(base_iri)}


def static_url(path: str) -> str:
    """URL of a file under ``/static``; the version busts caches after an upgrade."""
    return f"/static/{path}?v={__version__}"


def page_context(request: Request) -> dict[str, Any]:
    """Context every template gets (a Jinja2Templates context processor)."""
    lang = request_lang(request)
    other = next(code for code in LANGS if code != lang)
    return {
        "lang": lang,
        "other_lang": other,
        "t": translator(lang),
        "pick": label_picker(lang),
        "static": static_url,
        "lang_switch_url": _switch_url(request, other),
        "ui_strings": ui_strings()[lang],
        "base_iri": request.app.state.settings.base_iri,
    }


def _switch_url(request: Request, lang: str) -> str:
    """The current path and query with ``lang`` swapped: relative, so it never names a host."""
    query = request.url.include_query_params(lang=lang).query
    return f"{request.url.path}?{query}"


templates = Jinja2Templates(directory=str(TEMPLATES_DIR), context_processors=[page_context])
templates.env.globals["neighbourhood"] = neighbourhood


def remember_lang(request: Request, response: HTMLResponse) -> None:
    """Keep an explicit ``?lang=`` choice in a cookie for the next pages."""
    lang = request.query_params.get("lang")
    if lang in LANGS and request.cookies.get(LANG_COOKIE) != lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=_LANG_COOKIE_AGE, samesite="lax")


def render_page(request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200) -> HTMLResponse:
    """Render ``template`` with the shared layout context."""
    response = templates.TemplateResponse(request, template, context or {}, status_code=status_code)
    remember_lang(request, response)
    return response


def render_not_found(request: Request, detail: str) -> Response:
    """The HTML 404 page for browsers; clients that do not accept HTML get the API's error shape."""
    accept = request.headers.get("accept", "")
    if accept and "text/html" not in accept and "*/*" not in accept:
        return error_response(404, "Not found", f"nothing at {detail}")
    title = translator(request_lang(request))("error.not_found")
    return render_page(request, "error.html", {"title": title, "detail": detail}, status_code=404)
