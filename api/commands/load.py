"""``szkg load``, ``szkg drop`` and ``szkg stats``: fill, prune and describe the store."""

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from api.config import Settings
from graph.errors import SZKGError
from graph.stats import store_stats
from graph.store import open_store


@contextmanager
def _store(settings: Settings) -> Iterator:
    try:
        store = open_store(settings.store)
    except SZKGError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    try:
        yield store
    finally:
        store.close()


def _validator(settings: Settings, store) -> Callable | None:
    """SHACL validation of each article graph, unless turned off (SZKG_VALIDATE_ON_LOAD=false)."""
    if not settings.validate_on_load:
        return None
    from graph.validate import validate_article

    return lambda quads: validate_article(
        quads, ontology_dir=settings.ontology_dir, base=settings.base_iri, store=store, engine=settings.shacl_engine
    )


@contextmanager
def _progress(total: int) -> Iterator[Callable[[str, str], None] | None]:
    """A progress bar on a terminal; nothing otherwise."""
    if not sys.stderr.isatty() or total == 0:
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task("loading", total=total)
        yield lambda path, outcome: bar.update(task, advance=1, description=f"{outcome}: {Path(path).name}")


def _report(summary, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
        return
    for problem in summary.rejected:
        typer.echo(f"rejected {problem.path}: {problem.message}", err=True)
    for problem in summary.failed:
        typer.echo(f"failed {problem.path}: {problem.message}", err=True)
    typer.echo(summary.line())


def load(
    paths: Annotated[list[str], typer.Argument(help="Article files, folders or globs.")],
    facts: Annotated[Path | None, typer.Option("--facts", help="Folder of extraction JSON ({stem}.json) to load instead of running the extractor.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print 'committed PATH' as each article is written.")] = False,
) -> None:
    """Load articles into the store (SZKG_STORE); exit 1 if any was rejected or failed."""
    from loaders.extraction_source import default_extractor, json_extractor
    from loaders.load import expand_paths, load_paths

    settings = Settings()
    try:
        extract = json_extractor(facts) if facts else default_extractor()
    except SZKGError as exc:
        typer.echo(f"error: {exc} (use --facts DIR to load extraction JSON)", err=True)
        raise typer.Exit(2) from exc
    with _store(settings) as store, _progress(len(expand_paths(paths)[0])) as progress:
        summary = load_paths(
            store, paths, ontology_dir=settings.ontology_dir, base=settings.base_iri,
            validate=_validator(settings, store), max_bytes=settings.max_article_bytes, progress=progress, extract=extract,
            committed=(lambda path: typer.echo(f"committed {path}")) if verbose else None,
        )
    _report(summary, as_json)
    raise typer.Exit(0 if summary.ok else 1)


def drop(article: Annotated[str, typer.Argument(help="Document id (000_2cfde935c3116cc9) or file name.")]) -> None:
    """Remove one article's graph from the store."""
    from loaders.load import drop_article

    settings = Settings()
    with _store(settings) as store:
        try:
            held = drop_article(store, article, settings.base_iri)
        except LookupError as exc:
            typer.echo(f"error: {exc.args[0]}", err=True)
            raise typer.Exit(1) from exc
    typer.echo(f"dropped {Path(article).stem}: {held} triples")


def stats(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Triples, graphs, articles and entities per class in the store."""
    settings = Settings()
    with _store(settings) as store:
        figures = store_stats(store, settings.base_iri)
    if as_json:
        typer.echo(json.dumps(figures, ensure_ascii=False, indent=2))
        return
    typer.echo(f"triples  {figures['triples']}\ngraphs   {figures['graphs']}\narticles {figures['articles']}")
    for name, count in figures["entities"].items():
        typer.echo(f"  {name:<28} {count}")


def register(app: typer.Typer) -> None:
    """Add ``load``, ``drop`` and ``stats`` to the CLI."""
    app.command("load")(load)
    app.command("drop")(drop)
    app.command("stats")(stats)
