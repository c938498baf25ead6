"""Errors of the loaders: see the tree in ``graph.errors``."""

from graph.errors import SZKGError


class LoaderError(SZKGError):
    """An article cannot be turned into facts."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.reason = message


class DocumentError(LoaderError):
    """The file is empty, binary, too large, truncated or in an encoding we cannot decode."""


class ExtractionError(LoaderError):
    """The extractor failed on a document it could read."""
