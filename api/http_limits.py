"""uvicorn's HTTP/1.1 protocol, answering oversized request heads with 414/431 in the error shape.

uvicorn buffers a request's line and headers up to ``h11_max_incomplete_event_size``
(``szkg serve`` sets it to room for a ``max_query_bytes`` query, percent-encoded).
Past that, h11 gives up and uvicorn answers a bare ``400 Invalid HTTP request`` in
plain text. This protocol tells the client what is wrong instead: ``414 URI Too Long``
when the request line never ended, ``431 Request Header Fields Too Large`` when the
headers did not, with the JSON body every other error has. The connection is closed
either way and nothing is buffered beyond the limit.
"""

import json

import h11
from uvicorn.protocols.http.h11_impl import DEFAULT_MAX_INCOMPLETE_EVENT_SIZE, H11Protocol

from api.errors import error_body


class _HeadLimitedConnection(h11.Connection):
    """An h11 server connection that remembers why it gave up on a request head."""

    oversized: int | None = None

    def next_event(self):
        """h11's next event; records 414 or 431 when the head outgrew the buffer."""
        reading_head = self.their_state is h11.IDLE  # h11 moves to ERROR before it raises
        try:
            return super().next_event()
        except h11.RemoteProtocolError as exc:
            if exc.error_status_hint == 431 and reading_head:
                self.oversized = 431 if b"\n" in self.trailing_data[0] else 414  # did the request line end?
            raise


class LimitedH11Protocol(H11Protocol):
    """``uvicorn.run(..., http=LimitedH11Protocol)``: 414/431 JSON for oversized request heads."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.head_limit = self.config.h11_max_incomplete_event_size or DEFAULT_MAX_INCOMPLETE_EVENT_SIZE
        self.conn = _HeadLimitedConnection(h11.SERVER, self.head_limit)

    def send_400_response(self, msg: str) -> None:
        """The oversize answer when that is what went wrong; uvicorn's 400 otherwise."""
        status = getattr(self.conn, "oversized", None)
        if status is None:
            super().send_400_response(msg)
            return
        if status == 414:
            title = "URI Too Long"
            detail = f"the request line is longer than this server reads ({self.head_limit} bytes): POST long queries"
        else:
            title = "Request Header Fields Too Large"
            detail = f"the request headers are larger than this server reads ({self.head_limit} bytes)"
        payload = json.dumps(error_body(status, title, detail)).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()),
                   (b"connection", b"close")]
        response = h11.Response(status_code=status, headers=headers, reason=title.encode())
        for event in (response, h11.Data(data=payload), h11.EndOfMessage()):
            self.transport.write(self.conn.send(event))
        self.transport.close()
