"""``szkg extract``: articles to extraction JSON; ``szkg eval``: extract and score against gold files."""

import glob
import json
import subprocess
import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from api.config import REPO_ROOT, Settings
from loaders.documents import SUFFIX_FORMATS
from loaders.errors import LoaderError
from loaders.extract import extract_path

DEFAULT_SCORER = REPO_ROOT / "tests" / "eval" / "score.py"


class OutputFormat(str, Enum):
    """How ``szkg extract`` writes its results."""

    json = "json"
    jsonl = "jsonl"


MaxBytes = Annotated[int | None, typer.Option("--max-bytes", min=1, help="Largest article file read (default: SZKG_MAX_ARTICLE_BYTES).")]


def article_paths(specs: list[str]) -> tuple[list[Path], list[str]]:
    """Files named directly, found in folders (.txt .html .htm .md .markdown) or matched by globs; and the specs that matched nothing."""
    found: list[Path] = []
    missing: list[str] = []
    for spec in specs:
        path = Path(spec)
        if path.is_dir():
            matches = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIX_FORMATS)
        elif path.is_file():
            matches = [path]
        else:
            matches = sorted(Path(p) for p in glob.glob(spec, recursive=True) if Path(p).is_file())
        if not matches:
            missing.append(spec)
        found += [m for m in matches if m not in found]
    return found, missing


def extract_files(paths: list[Path], max_bytes: int, out: Path | None, jsonl: bool) -> int:
    """Extract each file; write ``out/<stem>.json`` or a JSON line to stdout. Returns the number that failed."""
    failed = 0
    for path in paths:
        try:
            data = extract_path(path, max_bytes).to_json()
        except LoaderError as exc:
            typer.echo(f"error: {path}: {exc.reason}", err=True)
            failed += 1
            continue
        for warning in data.get("warnings", ()):
            typer.echo(f"warning: {path}: {warning}", err=True)
        if jsonl:
            typer.echo(json.dumps(data, ensure_ascii=False))
        else:
            target = out / f"{path.stem}.json"
            target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return failed


def extract(
    paths: Annotated[list[str], typer.Argument(help="Article files, folders or glob patterns.")],
    out: Annotated[Path | None, typer.Option("--out", help="Folder for <stem>.json files.")] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format", help="json: files in --out; jsonl: one line per article on stdout.")] = OutputFormat.json,
    max_bytes: MaxBytes = None,
) -> None:
    """Extract the guide's facts, with evidence, from Chinese reform articles."""
    jsonl = output_format is OutputFormat.jsonl
    if not jsonl and out is None:
        raise typer.BadParameter("give --out DIR, or --format jsonl to print to stdout", param_hint="--out")
    limit = max_bytes or Settings().max_article_bytes
    files, missing = article_paths(paths)
    for spec in missing:
        typer.echo(f"error: {spec}: no such article file or folder", err=True)
    if out is not None and not jsonl:
        out.mkdir(parents=True, exist_ok=True)
    failed = extract_files(files, limit, out, jsonl)
    if not jsonl:
        typer.echo(f"extracted {len(files) - failed} of {len(files)} articles into {out}", err=True)
    raise typer.Exit(1 if failed or missing else 0)


def evaluate(
    paths: Annotated[list[str], typer.Argument(help="Article files, folders or glob patterns.")],
    gold: Annotated[Path, typer.Option("--gold", exists=True, file_okay=False, help="Folder of gold <stem>.json files.")],
    scorer: Annotated[Path, typer.Option("--scorer", exists=True, dir_okay=False, help="The scorer script.")] = DEFAULT_SCORER,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scorer's JSON summary.")] = False,
    per_doc: Annotated[bool, typer.Option("--per-doc", help="A line per document.")] = False,
    max_bytes: MaxBytes = None,
) -> None:
    """Extract into a temporary folder and score it against gold annotations."""
    limit = max_bytes or Settings().max_article_bytes
    files, missing = article_paths(paths)
    for spec in missing:
        typer.echo(f"error: {spec}: no such article file or folder", err=True)
    with tempfile.TemporaryDirectory(prefix="szkg-eval-") as tmp:
        failed = extract_files(files, limit, Path(tmp), jsonl=False) + len(missing)
        command = [sys.executable, str(scorer), str(gold), tmp] + (["--json"] if as_json else []) + (["--per-doc"] if per_doc else [])
        result = subprocess.run(command, capture_output=True, text=True)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    raise typer.Exit(result.returncode or (1 if failed else 0))


def register(app: typer.Typer) -> None:
    """Add ``extract`` and ``eval`` to the CLI."""
    app.command("extract")(extract)
    app.command("eval")(evaluate)
