"""Request lines with raw UTF-8 in the URL (``curl 'http://…/search?q=罗湖'``) answered normally.

HTTP requires a request target of ASCII characters, so a client should send
``/search?q=%E7%BD%97%E6%B9%96``. Browsers do; curl, wget and hand-written
clients send the UTF-8 bytes as typed, which h11 refuses (its request-target grammar
is visible ASCII only) and uvicorn answers with a bare ``400 Invalid HTTP request``.
:class:`Utf8TargetH11Protocol` percent-encodes the bytes above 0x7F of a request
line before h11 reads it: the URL means the same, since percent-encoding UTF-8 is
exactly what a browser would have sent. Nothing else of the request is touched.

Limit: a request pipelined behind another in the same packet is passed on as it came.
"""

import h11

from api.http_limits import LimitedH11Protocol


def encode_request_line(data: bytes, in_request_line: bool) -> bytes:
    """``data`` with every byte above 0x7F percent-encoded up to the end of the request line."""
    if not in_request_line:
        return data
    line, newline, rest = data.partition(b"\n")
    if line.isascii():
        return data
    encoded = b"".join(b"%%%02X" % byte if byte > 0x7F else bytes((byte,)) for byte in line)
    return encoded + newline + rest


class Utf8TargetH11Protocol(LimitedH11Protocol):
    """uvicorn's h11 protocol (with the 414/431 answers) that accepts raw UTF-8 in request targets."""

    def data_received(self, data: bytes) -> None:
        """Percent-encode non-ASCII bytes while h11 waits for the end of a request line."""
        buffered, _ = self.conn.trailing_data
        in_line = self.conn.their_state is h11.IDLE and b"\n" not in buffered
        super().data_received(encode_request_line(data, in_line))
