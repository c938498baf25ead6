"""``szkg load`` while ``szkg serve`` runs on the same embedded store: the new article is served at once.

The server is started on a store path that does not exist yet (it serves an empty
store), then the real CLI loads an article into it, with the server still running,
and ``/sparql``, ``/-/stats`` and ``/search`` answer with the new article, no restart.
"""

import os
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import SZKG, start_server, stop_server

ARTICLE = Path(__file__).parents[1] / "data" / "articles" / "futian_2021.txt"
DOC = "https://w3id.org/szreform/doc/futian_2021"
ASK = f"ASK {{ <{DOC}> ?p ?o }}"


@pytest.fixture
def empty_server(tmp_path, live_server_settings):
    """A ``szkg serve`` over a store folder nobody created yet; (base URL, store path)."""
    store = tmp_path / "not-yet" / "store"
    process, base_url = start_server(store, live_server_settings, tmp_path / "server.log")
    try:
        yield base_url, store
    finally:
        stop_server(process)


def ask(base_url: str) -> bool:
    response = httpx.get(f"{base_url}/sparql", params={"query": ASK}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return response.json()["boolean"]


def test_an_article_loaded_while_the_server_runs_is_served(empty_server):
    base_url, store = empty_server
    assert ask(base_url) is False
    assert httpx.get(f"{base_url}/-/stats").json()["articles"] == 0
    env = os.environ | {"SZKG_STORE": f"oxigraph:{store}", "SZKG_LOG_LEVEL": "WARNING"}
    loaded = subprocess.run([str(SZKG), "load", str(ARTICLE)], env=env, capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr  # no RocksDB lock held by the server
    assert "loaded 1" in loaded.stdout
    # Every read checks the store folder first: the very next request sees the article.
    assert ask(base_url) is True
    assert httpx.get(f"{base_url}/-/stats").json()["articles"] == 1
    deadline = time.monotonic() + 10  # the search index re-checks the store every 2 s
    while not (hits := httpx.get(f"{base_url}/search", params={"q": "福田区", "type": "place"}).json()):
        assert time.monotonic() < deadline, "the search index never saw the new article"
        time.sleep(0.3)
    assert any(hit["label"] == "福田区" for hit in hits)
    assert httpx.get(f"{base_url}/-/health").status_code == 200


def test_raw_utf8_in_the_url_is_answered_like_its_encoded_form(live_server):
    # curl 'http://…/search?q=罗湖' sends the UTF-8 bytes unencoded; h11 alone answers a bare 400.
    host, port = live_server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall("GET /search?q=罗湖&limit=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        raw = b""
        while chunk := sock.recv(65536):
            raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), raw[:300]
    encoded = httpx.get(f"{live_server}/search", params={"q": "罗湖", "limit": 1})
    assert body == encoded.content and "罗湖" in encoded.json()[0]["label"]
