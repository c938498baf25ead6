"""``szkg serve`` (the HTTP server) and ``szkg get PATH`` (one request in-process, no server)."""

import sys
from typing import Annotated

import typer

from api.config import Settings


def _settings() -> Settings:
    try:
        return Settings()
    except ValueError as exc:
        typer.echo(f"error: invalid settings: {exc}", err=True)
        raise typer.Exit(2) from exc


def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (default: SZKG_HOST, 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (default: SZKG_PORT, 8000; 0 picks a free one).")] = None,
    reload: Annotated[bool, typer.Option(help="Restart when the code changes (development).")] = False,
    access_log: Annotated[bool, typer.Option(help="Log one line per request (uvicorn's access log, at INFO); off by "
                                                  "default: it costs ~8% of the server's CPU a request.")] = False,
) -> None:
    """Serve the API, the SPARQL endpoint and the web UI over the store SZKG_STORE names."""
    import uvicorn

    from api.utf8_targets import Utf8TargetH11Protocol

    settings = _settings()
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=host or settings.host,
        port=settings.port if port is None else port,
        reload=reload,
        log_level=settings.log_level.lower(),
        access_log=access_log,
        # Room for a GET whose query is max_query_bytes long once percent-encoded: the app answers 414 beyond.
        h11_max_incomplete_event_size=3 * settings.max_query_bytes + 16384,
        # 414/431 in the error shape past that, not a bare 400; raw UTF-8 in URLs (curl) percent-encoded.
        http=Utf8TargetH11Protocol,
    )


def get(
    path: Annotated[str, typer.Argument(help="Path and query string, e.g. '/sparql?query=ASK{}' or /-/health.")],
    accept: Annotated[str | None, typer.Option("--accept", "-a", help="Accept header to send.")] = None,
) -> None:
    """Run one GET request through the app in-process and print the body; exit 1 unless 2xx."""
    import warnings

    with warnings.catch_warnings():  # starlette's notice about httpx versions is not for CLI users
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from api.app import create_app

    headers = {"Accept": accept} if accept else {}
    with TestClient(create_app(_settings()), raise_server_exceptions=False) as client:
        response = client.get(path, headers=headers)
    sys.stdout.buffer.write(response.content)
    if response.content and not response.content.endswith(b"\n"):
        sys.stdout.buffer.write(b"\n")
    sys.stdout.flush()
    if not 200 <= response.status_code < 300:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``serve`` and ``get`` to the CLI."""
    app.command("serve")(serve)
    app.command("get")(get)
