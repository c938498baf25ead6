"""Generators for the parts of the docs that would otherwise drift from the code.

Used from cog blocks in docs/*.md (``cog -r docs/*.md`` rewrites them,
``cog --check`` fails when they are stale; a test runs the check).
"""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def settings_reference() -> str:
    """A Markdown table of every setting, its environment variable and default."""
    from api.config import Settings

    lines = ["| setting | environment variable | default | what it does |", "|---|---|---|---|"]
    for name, field in Settings.model_fields.items():
        default = field.default if field.default_factory is None else field.default_factory()
        if isinstance(default, Path):
            default = _relative(default)
        lines.append(f"| `{name}` | `SZKG_{name.upper()}` | `{default}` | {field.description or ''} |")
    return "\n".join(lines)


def cli_reference() -> str:
    """``--help`` of ``szkg`` and of every command, as Markdown sections."""
    from typer.main import get_command
    from typer.testing import CliRunner

    from api.cli import app

    runner = CliRunner()
    group = get_command(app)
    out = [_help_block("szkg", runner.invoke(app, ["--help"], prog_name="szkg", env={"COLUMNS": "100", "TERM": "dumb"}).output)]
    for name in sorted(group.commands):  # type: ignore[attr-defined]
        result = runner.invoke(app, [name, "--help"], prog_name="szkg", env={"COLUMNS": "100", "TERM": "dumb"})
        out.append(_help_block(f"szkg {name}", result.output))
    return "\n".join(out)


def _help_block(title: str, text: str) -> str:
    return f"## `{title}`\n\n```\n{text.rstrip()}\n```\n"


def http_reference() -> str:
    """Every HTTP operation of the OpenAPI document with its parameters."""
    from api.app import create_app
    from api.config import Settings

    app = create_app(Settings(store="memory"))
    spec = app.openapi()
    out = []
    for path, ops in sorted(spec["paths"].items()):
        for method, op in ops.items():
            out.append(f"### `{method.upper()} {path}`\n")
            if op.get("summary"):
                out.append(f"{op['summary']}\n")
            if op.get("description"):
                out.append(f"{op['description'].strip()}\n")
            params = op.get("parameters", [])
            if params:
                out.append("| parameter | in | type | required | description |")
                out.append("|---|---|---|---|---|")
                for p in params:
                    schema = p.get("schema", {})
                    kind = schema.get("type") or "/".join(s.get("type", "?") for s in schema.get("anyOf", []))
                    desc = (p.get("description") or "").replace("\n", " ")
                    out.append(f"| `{p['name']}` | {p['in']} | {kind} | {'yes' if p.get('required') else 'no'} | {desc} |")
                out.append("")
    return "\n".join(out)


def openapi_json() -> str:
    """The OpenAPI document, pretty-printed."""
    from api.app import create_app
    from api.config import Settings

    return json.dumps(create_app(Settings(store="memory")).openapi(), ensure_ascii=False, indent=1)


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)
