"""One JSON error shape for every error the API returns.

``{"ok": false, "status": 404, "error": "short title", "detail": "what is wrong and where"}``
plus optional ``errors`` (a list of per-field problems) and ``position``.
"""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.errors import (
    QueryMemoryExceeded,
    QueryNotFound,
    QueryParameterError,
    QuerySyntaxError,
    QueryTimeout,
    StoreUnavailable,
    SZKGError,
    TooManyQueries,
    UpdateForbidden,
    ValidationFailed,
)

logger = logging.getLogger(__name__)

# Most specific first: the first isinstance match wins.
STATUS_BY_ERROR: list[tuple[type[Exception], int, str]] = [
    (QuerySyntaxError, 400, "Malformed SPARQL"),
    (QueryParameterError, 422, "Invalid query parameter"),
    (QueryNotFound, 404, "No such query"),
    (UpdateForbidden, 403, "Updates are not allowed"),
    (QueryTimeout, 503, "Query time limit reached"),
    (QueryMemoryExceeded, 503, "Query memory limit reached"),
    (TooManyQueries, 429, "Too many queries"),
    (StoreUnavailable, 502, "SPARQL server unavailable"),
    (ValidationFailed, 422, "SHACL validation failed"),
    (SZKGError, 500, "Internal error"),
]


class APIError(Exception):
    """An error raised by a route with its status and the error shape's fields."""

    def __init__(self, status: int, error: str, detail: str = "", headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(detail or error)
        self.status, self.error, self.detail, self.headers, self.extra = status, error, detail, headers, extra


def error_body(status: int, error: str, detail: str = "", **extra: Any) -> dict[str, Any]:
    """The error shape every route returns."""
    body: dict[str, Any] = {"ok": False, "status": status, "error": error, "detail": detail}
    body.update({k: v for k, v in extra.items() if v is not None})
    return body


def error_response(status: int, error: str, detail: str = "", headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    """A JSONResponse in the error shape."""
    return JSONResponse(error_body(status, error, detail, **extra), status_code=status, headers=headers)


def _from_szkg_error(exc: SZKGError) -> JSONResponse:
    for cls, status, title in STATUS_BY_ERROR:
        if isinstance(exc, cls):
            extra: dict[str, Any] = {}
            if isinstance(exc, QuerySyntaxError) and exc.position:
                extra["position"] = {"line": exc.position[0], "column": exc.position[1]}
            if isinstance(exc, QueryParameterError) and exc.errors:
                extra["errors"] = exc.errors
            if status >= 500 and status != 503 and status != 502:
                logger.exception("unexpected error", exc_info=exc)
            headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyQueries) else None
            return error_response(status, title, str(exc), headers, **extra)
    raise AssertionError("unreachable: SZKGError is in the table")


def install_error_handlers(app: FastAPI) -> None:
    """Route every exception through the one error shape."""

    @app.exception_handler(APIError)
    async def _api_error(_: Request, exc: APIError) -> JSONResponse:
        return error_response(exc.status, exc.error, exc.detail, exc.headers, **exc.extra)

    @app.exception_handler(SZKGError)
    async def _szkg_error(_: Request, exc: SZKGError) -> JSONResponse:
        return _from_szkg_error(exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return error_response(exc.status_code, _title(exc.status_code), str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in exc.errors()]
        detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors)
        return error_response(422, "Invalid request", detail, errors=errors)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        logger.exception("unhandled error", exc_info=exc)
        return error_response(500, "Internal error", type(exc).__name__)


def _title(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
