"""``szkg analyze``: organisation centrality, shared reforms, communities, per-district timeline."""

import json
from pathlib import Path
from typing import Annotated

import typer

from api.commands.export import District, Lang, write_atomically
from api.config import Settings
from graph.analytics import ANALYSES, analyze
from graph.errors import SZKGError
from graph.store import open_store


def _table(name: str, results) -> list[str]:
    """A few readable lines per analysis for the terminal."""
    if name == "centrality":
        return [f"{r['pagerank']:.4f}  leads {r['leads']:>2}  confers {r['confers']:>2}  "
                f"recognised {r['recognitions_of_led']:>2}  {r['label']} ({r['district'] or r['level'] or '-'})" for r in results]
    if name == "shared-reforms":
        return [f"{r['name']}: {'、'.join(r['districts'])} (similarity ≥ {r['similarity']})" for r in results]
    if name == "communities":
        head = [f"modularity {results['modularity']}"]
        return head + [f"#{c['id']:<3} {c['size']:>3} members  {c['label']}  {c['districts']}" for c in results["communities"]]
    return [f"{r['district']}  {r['year'] or '未注明'}  reforms {r['reforms']}  pilots {r['pilots']}  recognitions {r['recognitions']}"
            for r in results]


def analyze_command(
    name: Annotated[str, typer.Argument(help="centrality, shared-reforms, communities or timeline.")] = "timeline",
    district: District = None,
    png: Annotated[Path | None, typer.Option("--png", help="Also draw the result as a PNG chart into this file.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
    lang: Lang = "zh",
    seed: Annotated[int, typer.Option("--seed", help="Random seed of the community detection.")] = 42,
    threshold: Annotated[float, typer.Option("--threshold", min=0.5, max=1.0, help="Name similarity for shared reforms.")] = 0.8,
) -> None:
    """Network measures of the graph, as text, JSON or a PNG chart."""
    if name not in ANALYSES:
        raise typer.BadParameter(f"{name!r}: expected one of {', '.join(ANALYSES)}", param_hint="NAME")
    settings = Settings()
    try:
        store = open_store(settings.store)
        try:
            result = analyze(store, name, district, lang, settings.base_iri, seed=seed, threshold=threshold)
        finally:
            store.close()
        if png is not None:
            from graph.charts import analysis_png

            typer.echo(f"wrote {png} ({write_atomically(png, [analysis_png(name, result['results'])])} bytes)", err=True)
    except SZKGError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        typer.echo("\n".join(_table(name, result["results"])) or "(nothing)")


def register(app: typer.Typer) -> None:
    """Add ``analyze`` to the CLI."""
    app.command("analyze")(analyze_command)
