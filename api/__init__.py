"""The HTTP API (FastAPI) and the command-line interface."""

from graph import __version__

__all__ = ["__version__"]
