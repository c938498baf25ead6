"""``szkg bench``: run the benchmarks (``benchmarks/run_all.py``) in a child process.

The benchmarks are not part of the installed package's import graph: this command
never imports ``benchmarks``; it starts ``python -m benchmarks.run_all`` from the
repository root with this interpreter and streams its output.
"""

import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from api.config import REPO_ROOT


def bench(
    quick: Annotated[bool, typer.Option("--quick", help="10k and 100k triples only (a few minutes).")] = False,
    smoke: Annotated[bool, typer.Option("--smoke", help="A tiny corpus and 1 s per measurement: proves every section runs.")] = False,
    sizes: Annotated[list[str] | None, typer.Option("--sizes", help="Corpus sizes, e.g. --sizes 10k,100k,1M.")] = None,
    sections: Annotated[list[str] | None, typer.Option("--section", help="Only these sections, e.g. --section query,http (query, http, load, extract, shacl, export, profile).")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Folder for <date>.json, <date>.md and the plots (default benchmarks/results).")] = None,
    merge: Annotated[bool, typer.Option("--merge", help="Fill the sections not run from their newest saved figures in the results folder.")] = False,
) -> None:
    """Measure speed, memory and growth against the peers; write JSON, Markdown and plots."""
    if not (REPO_ROOT / "benchmarks" / "run_all.py").is_file():
        typer.echo(f"error: {REPO_ROOT / 'benchmarks'} is missing: szkg bench runs from a source checkout", err=True)
        raise typer.Exit(2)
    command = [sys.executable, "-m", "benchmarks.run_all"]
    command += ["--smoke"] if smoke else ["--quick"] if quick else []
    command += ["--sizes", *_split(sizes)] if sizes else []
    command += ["--sections", *_split(sections)] if sections else []
    command += ["--out", str(out.resolve())] if out else []
    command += ["--merge"] if merge else []
    # Output streams straight through (inherited stdout/stderr).
    code = subprocess.run(command, cwd=REPO_ROOT).returncode
    if code:
        raise typer.Exit(code)


def _split(values: list[str]) -> list[str]:
    """Accept both ``--sizes 10k --sizes 1M`` and ``--sizes 10k,1M``."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def register(app: typer.Typer) -> None:
    """Add ``bench`` to the CLI."""
    app.command("bench")(bench)
