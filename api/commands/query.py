"""``szkg query``: run a curated query (``queries/*.rq``) from the command line, or list them.

    szkg query --list
    szkg query reforms_per_district_year -p district=龙岗 -p from=2019 --format csv
    szkg query reform_profile -p reform=/reform/440307/ying-shang-huan-jing-gai-ge --format ttl

Parameters are validated and bound exactly as ``GET /queries/{name}`` does; the query
runs through the same runner (time limit, row cap). Exit 0 on success, 2 on a bad
name or parameter, 1 when the query fails.
"""

import asyncio
import sys
from typing import Annotated

import typer

from api.config import Settings
from api.curated_results import curated_json
from api.query_runner import QueryRunner
from api.routes.queries import registry_for
from api.sparql_formats import negotiate, serialize_outcome
from graph.errors import QueryNotFound, QueryParameterError, SZKGError
from graph.queries import QueryRegistry, prologue_prefixes
from graph.store import open_store


def _parse_params(pairs: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise typer.BadParameter(f"expected NAME=VALUE, got {pair!r}", param_hint="-p")
        if name.strip() in values:
            raise typer.BadParameter(f"{name.strip()!r} given twice", param_hint="-p")
        values[name.strip()] = value
    return values


def _listing(registry: QueryRegistry) -> str:
    lines = []
    for query in registry:
        params = " ".join(f"{p.name}:{p.type}{'!' if p.required else ''}" for p in query.params)
        lines.append(f"{query.name:<30} {query.title_en} | {query.title_zh}" + (f"\n{'':<30} params: {params}" if params else ""))
    return "\n".join(lines)


async def _run(settings: Settings, registry: QueryRegistry, name: str, values: dict[str, str], fmt_name: str) -> bytes:
    query = registry.get(name)
    substitutions = registry.bind(name, values)
    if fmt_name == "sparql":
        return registry.sparql(name).encode()
    fmt = negotiate(None, fmt_name, query.form in ("CONSTRUCT", "DESCRIBE")).format
    store = open_store(settings.store)
    runner = QueryRunner(store, settings)
    try:
        outcome = await runner.run(registry.sparql(name), substitutions=substitutions, heavy=False)
    finally:
        runner.close()
        store.close()
    if fmt.name == "json" and not outcome.is_graph:
        return curated_json(outcome, query, values)
    return serialize_outcome(outcome, fmt, prologue_prefixes(settings.base_iri))


def query_command(
    name: Annotated[str | None, typer.Argument(help="The query's name (see --list).")] = None,
    param: Annotated[list[str], typer.Option("--param", "-p", help="A parameter as NAME=VALUE; repeat for more.")] = [],
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, csv, tsv, xml; ttl, nt, jsonld for CONSTRUCT; sparql for the query text.")] = "json",
    list_queries: Annotated[bool, typer.Option("--list", "-l", help="List the curated queries and their parameters.")] = False,
) -> None:
    """Run a curated query, or list them with --list."""
    settings = Settings()
    registry = registry_for(settings)
    if list_queries or not name:
        typer.echo(_listing(registry))
        return
    try:
        body = asyncio.run(_run(settings, registry, name, _parse_params(param), fmt.lower()))
    except (QueryNotFound, QueryParameterError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    except SZKGError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    except Exception as exc:  # negotiate raises the API's 406 error for an unknown --format
        if getattr(exc, "status", None) == 406:
            typer.echo(f"error: {getattr(exc, 'detail', exc)}", err=True)
            raise typer.Exit(2) from exc
        raise
    sys.stdout.buffer.write(body if body.endswith(b"\n") else body + b"\n")
    sys.stdout.buffer.flush()


def register(app: typer.Typer) -> None:
    """Add ``szkg query`` to the CLI."""
    app.command("query")(query_command)
