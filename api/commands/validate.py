"""``szkg validate``: check the whole store (SZKG_STORE) against the SHACL shapes.

    szkg validate                          # readable report
    szkg validate --format json --engine pyshacl
    szkg validate --format turtle > report.ttl

Exit codes as pySHACL's: 0 the store conforms, 1 it has violations, 2 the validation could
not run (no store there, unreadable shapes, bad settings), with one line on stderr.
"""

from pathlib import Path
from typing import Annotated

import typer

from graph.errors import SZKGError

FORMATS = ("text", "turtle", "json")


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


def _open(spec: str):
    """The store to read: an on-disk Oxigraph store must already exist (never create one here)."""
    from graph.store import open_store

    kind, _, path = spec.partition(":")
    if kind == "oxigraph":
        if not path or not Path(path).is_dir():
            raise _fail(f"no store at {path or '?'} (SZKG_STORE={spec}): load articles first with 'szkg load'")
        from graph._oxigraph import OxigraphStore

        return OxigraphStore.read_only(path)  # works while a server holds the store
    return open_store(spec)


def validate(
    fmt: Annotated[str, typer.Option("--format", "-f", help="Report format: text, turtle or json.")] = "text",
    engine: Annotated[str | None, typer.Option("--engine", help="auto, oxigraph, pyshacl or turbo (default: SZKG_SHACL_ENGINE).")] = None,
    shapes: Annotated[Path | None, typer.Option("--shapes", help="Shapes file (default: SZKG_ONTOLOGY_DIR/shapes.ttl).")] = None,
) -> None:
    """Validate the whole store against the SHACL shapes; exit 0 conforms, 1 violations, 2 error."""
    from api.config import Settings
    from graph.validate import validate_store

    if fmt not in FORMATS:
        raise _fail(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")
    try:
        settings = Settings()
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise _fail(" ".join(str(exc).split())) from exc
    store = _open(settings.store)
    try:
        report = validate_store(store, shapes_file=shapes, ontology_dir=settings.ontology_dir,
                                base=settings.base_iri, engine=engine or settings.shacl_engine)
    except (SZKGError, ValueError, OSError) as exc:
        raise _fail(str(exc)) from exc
    finally:
        store.close()
    rendered = {"text": report.to_text, "turtle": report.to_turtle, "json": report.to_json}[fmt]()
    typer.echo(rendered.rstrip("\n"))
    raise typer.Exit(0 if report.conforms else 1)


def register(app: typer.Typer) -> None:
    """Add ``szkg validate``."""
    app.command("validate")(validate)
