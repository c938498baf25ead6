"""The ``szkg`` command line.

Each command lives in ``api/commands/<name>.py`` and registers itself on ``app``
through its ``register(app)`` function. Logging is configured here and nowhere else.
"""

import importlib
import logging
from typing import Annotated

import typer

from api import __version__

app = typer.Typer(
    name="szkg",
    help="Shenzhen Reform KG: extract, load, validate, query, serve and export the graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

COMMAND_MODULES = ("extract", "load", "validate", "query", "serve", "export", "analyze", "bench")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"szkg {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
    log_level: Annotated[str, typer.Option("--log-level", envvar="SZKG_LOG_LEVEL", help="DEBUG, INFO, WARNING or ERROR.")] = "WARNING",
) -> None:
    """Shenzhen Reform KG."""
    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")


for _name in COMMAND_MODULES:
    importlib.import_module(f"api.commands.{_name}").register(app)
