"""Request limits on a real server: oversized query strings, heads and bodies get 413/414/431
in the error shape, and slow clients (slowloris heads, dribbled bodies, readers that never
read) tie up no query worker while a normal request still answers fast."""

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from tests.reliability.conftest import tree_rss

MAX_QUERY_BYTES = 100_000  # the server's default SZKG_MAX_QUERY_BYTES
FAST_S = 1.0  # a normal request next to the slow clients
SLOW_HEADS, SLOW_BODIES, SLOW_READERS = 64, 16, 8


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def _raw_request(url: str, head: bytes, body: bytes = b"", chunk: int = 65536) -> tuple[int, dict, bytes]:
    """Send ``head`` + ``body`` on a raw socket (as far as the server lets us); (status, headers, body).

    Every head asks for ``Connection: close``, so the reply ends when the server hangs up.
    """
    with socket.create_connection(("127.0.0.1", _port(url)), timeout=30) as sock:
        try:
            data = head + body
            for start in range(0, len(data), chunk):
                sock.sendall(data[start:start + chunk])
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before taking it all: what we want
        reply = b""
        try:
            while piece := sock.recv(65536):
                reply += piece
        except ConnectionResetError:
            pass
    head_part, _, content = reply.partition(b"\r\n\r\n")
    lines = head_part.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, content


def _head(request_line: str, *headers: str) -> bytes:
    """A request head that asks the server to close the connection after answering."""
    return "\r\n".join([request_line + " HTTP/1.1", "Host: t", "Connection: close", *headers, "", ""]).encode()


def _error(status: int, content: bytes) -> dict:
    body = json.loads(content)
    assert body["ok"] is False and body["status"] == status and body["detail"], body
    return body


def test_a_query_string_past_the_query_limit_is_414(reliable_server):
    query = "ASK%7B%7D%23" + "a" * MAX_QUERY_BYTES  # ASK{}#aaaa…: a comment past the limit
    status, _, content = _raw_request(reliable_server.url, _head(f"GET /sparql?query={query}"))
    assert status == 414 and f"{MAX_QUERY_BYTES} bytes" in _error(414, content)["detail"]


def test_a_request_line_past_what_the_server_reads_is_414_in_the_error_shape(reliable_server):
    query = "ASK{}" + "%20" * 700_000  # 2 MB: past the HTTP parser's buffer, not only the query limit
    status, headers, content = _raw_request(reliable_server.url, _head(f"GET /sparql?query={query}"))
    assert status == 414 and headers["content-type"] == "application/json"
    assert "POST" in _error(414, content)["detail"]


def test_headers_past_what_the_server_reads_are_431_in_the_error_shape(reliable_server):
    filler = [f"X-Filler-{i}: {'a' * 1000}" for i in range(2000)]  # 2 MB of headers
    status, _, content = _raw_request(reliable_server.url, _head("GET /-/health", *filler))
    assert status == 431
    _error(431, content)


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_a_50_mb_body_is_413_without_the_server_holding_it(reliable_server, figures, declared):
    before = tree_rss(reliable_server.process.pid)[0]
    body = b"ASK {}" + b" " * 50_000_000
    if declared:
        framing, payload = f"Content-Length: {len(body)}", body
    else:
        pieces = (body[i:i + 65536] for i in range(0, len(body), 65536))
        chunks = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces)
        framing, payload = "Transfer-Encoding: chunked", chunks + b"0\r\n\r\n"
    started = time.monotonic()
    head = _head("POST /sparql", "Content-Type: application/sparql-query", framing)
    status, _, content = _raw_request(reliable_server.url, head, payload)
    seconds = time.monotonic() - started
    assert status == 413
    _error(413, content)
    growth = tree_rss(reliable_server.process.pid)[0] - before
    assert growth < 40 * 2**20, f"the server grew by {growth / 2**20:.0f} MiB after refusing the body"
    figures[f"limits.body_50mb_{'declared' if declared else 'chunked'}"] = {"status": status, "seconds": round(seconds, 3),
                                                                           "rss_growth_mib": round(growth / 2**20, 1)}


def test_a_large_form_body_is_413(http):
    response = http.post("/sparql", data={"query": "ASK {}", "filler": "x" * 1_000_000})
    assert response.status_code == 413 and response.json()["status"] == 413


def _open(url: str) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", _port(url)), timeout=30)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    return sock


@contextmanager
def slow_clients(url: str) -> Iterator[dict]:
    """Slowloris heads, dribbled bodies and readers that never read, kept going in a thread."""
    slow_head = _head("GET /-/health").removesuffix(b"\r\n") + b"X-Slow: " + b"a" * 10_000  # never ends
    slow_body = _head("POST /sparql", "Content-Type: application/sparql-query", "Content-Length: 1000") + b" " * 1000
    heads = [(_open(url), slow_head) for _ in range(SLOW_HEADS)]
    bodies = [(_open(url), slow_body) for _ in range(SLOW_BODIES)]
    readers = [_open(url) for _ in range(SLOW_READERS)]
    big = _head("GET /sparql?query=CONSTRUCT%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D&format=nt")
    for sock in readers:
        sock.sendall(big)  # and never read the answer
    state = {"bytes_sent": 0, "stop": threading.Event()}

    def dribble() -> None:
        offset = 0
        while not state["stop"].is_set():
            for sock, data in heads + bodies:
                if offset < len(data):
                    try:
                        sock.send(data[offset:offset + 1])
                        state["bytes_sent"] += 1
                    except OSError:
                        pass
            offset += 1
            state["stop"].wait(0.05)

    thread = threading.Thread(target=dribble, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state["stop"].set()
        thread.join()
        for sock in [s for s, _ in heads + bodies] + readers:
            sock.close()


def test_slow_clients_tie_up_no_worker_and_a_normal_request_answers_fast(reliable_server, figures):
    url = reliable_server.url
    with slow_clients(url) as state:
        time.sleep(1.5)  # every slow client is connected and sending
        timings = {}
        with httpx.Client(base_url=url, timeout=30) as client:
            for name, path, params in [("sparql", "/sparql", {"query": "ASK { ?s ?p ?o }"}), ("health", "/-/health", {}),
                                       ("curated", "/queries/reforms_by_keyword", {"q": "改革"})]:
                started = time.monotonic()
                response = client.get(path, params=params)
                timings[name] = time.monotonic() - started
                assert response.status_code == 200, (name, response.text[:200])
        workers = reliable_server.stats()["workers"]
        assert state["bytes_sent"] > SLOW_HEADS  # the dribbling really happened
    assert all(seconds < FAST_S for seconds in timings.values()), timings
    assert workers["busy"] == 0, f"slow clients hold query workers: {workers}"
    assert httpx.get(f"{url}/-/health", timeout=30).status_code == 200  # and after they hang up
    figures["slow_clients"] = {"slowloris_heads": SLOW_HEADS, "dribbled_bodies": SLOW_BODIES,
                               "non_reading_readers": SLOW_READERS,
                               "normal_request_seconds": {k: round(v, 3) for k, v in timings.items()},
                               "busy_workers_meanwhile": workers["busy"]}
