"""HEAD on a GET route: the same status and headers, no body (RFC 9110 §9.3.2).

FastAPI's routes answer only the methods they declare, so HEAD on a GET-only route
gets 405; Starlette's plain routes add HEAD by themselves. ``head_route(get_handler)``
is the handler to register for HEAD: it runs the GET handler (so the answer, errors
and Content-Length included, is the one GET would give) and drops the body.
"""

import functools

from fastapi.responses import Response


def head_route(endpoint):
    """A HEAD handler taking the same parameters as the GET handler ``endpoint``."""

    @functools.wraps(endpoint)  # FastAPI reads the parameters through __wrapped__ / __signature__
    async def head(*args, **kwargs) -> Response:
        answer = await endpoint(*args, **kwargs)
        bodiless = Response(status_code=answer.status_code)
        bodiless.raw_headers = list(answer.raw_headers)  # Content-Length stays the GET body's
        return bodiless

    head.__name__ = f"{endpoint.__name__}_head"
    return head
