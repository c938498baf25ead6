"""``szkg export``: the graph as GraphML, GEXF, Cytoscape.js, node-link JSON, CSV or RDF."""

import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

from api.config import Settings
from graph.errors import SZKGError
from graph.export import FORMATS, ExportFilter, export
from graph.store import open_store

FORMAT_HELP = "One of: " + ", ".join(FORMATS) + "; or csv (nodes and edges, needs --out)."
District = Annotated[str | None, typer.Option("--district", help="District name (龙岗区, 龙岗), code (440307) or IRI.")]
YearFrom = Annotated[int | None, typer.Option("--year-from", help="Earliest year of dated entities.")]
YearTo = Annotated[int | None, typer.Option("--year-to", help="Latest year of dated entities.")]
Types = Annotated[str | None, typer.Option("--types", help="Entity types, comma-separated (Reform,Pilot,Organization…).")]
Relations = Annotated[str | None, typer.Option("--relations", help="Relations, comma-separated (ledBy,recognizes,partOf…).")]
Entity = Annotated[str | None, typer.Option("--entity", help="Keep only this entity's neighbourhood (IRI or exact label).")]
Depth = Annotated[int, typer.Option("--depth", min=0, help="Neighbourhood depth for --entity.")]
Lang = Annotated[str, typer.Option("--lang", help="Labels: zh, en (falls back to zh) or pinyin.")]


def split_list(text: str | None) -> tuple[str, ...]:
    """``"a, b,c"`` → ``("a", "b", "c")``."""
    return tuple(part.strip() for part in (text or "").split(",") if part.strip())


def write_atomically(path: Path, chunks: Iterable[bytes]) -> int:
    """Write chunks to ``path`` through a temporary file, so a failure leaves no half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    size = 0
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in chunks:
                size += out.write(chunk)
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise
    return size


def _targets(fmt: str, out: Path | None) -> list[tuple[str, Path | None]]:
    if fmt != "csv":
        return [(fmt, out)]
    if out is None:
        raise typer.BadParameter("--format csv writes two files: give --out PREFIX (PREFIX.nodes.csv, PREFIX.edges.csv)")
    stem = str(out).removesuffix(".csv")
    return [("nodes-csv", Path(stem + ".nodes.csv")), ("edges-csv", Path(stem + ".edges.csv"))]


def export_command(
    fmt: Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP)],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Output file (default: standard output).")] = None,
    district: District = None, year_from: YearFrom = None, year_to: YearTo = None,
    types: Types = None, relations: Relations = None, entity: Entity = None, depth: Depth = 1, lang: Lang = "zh",
) -> None:
    """Export the graph (or the part the filters keep) for Gephi, Cytoscape, D3, spreadsheets or RDF tools."""
    settings = Settings()
    try:
        filters = ExportFilter(district, year_from, year_to, split_list(types), split_list(relations), entity, depth)
        store = open_store(settings.store)
        try:
            for name, path in _targets(fmt.lower(), out):
                chunks = export(store, name, filters, lang, settings.base_iri)
                if path is None:
                    for chunk in chunks:
                        sys.stdout.buffer.write(chunk)
                    sys.stdout.buffer.flush()
                else:
                    typer.echo(f"wrote {path} ({write_atomically(path, chunks)} bytes)", err=True)
        finally:
            store.close()
    except SZKGError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


def register(app: typer.Typer) -> None:
    """Add ``export`` to the CLI."""
    app.command("export")(export_command)
