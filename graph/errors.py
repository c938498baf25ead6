"""Exceptions raised by the graph layer and, through subclasses, by the loaders.

The hierarchy, in one place::

    SZKGError
    ├── StoreError                  the store cannot be opened, read or written
    │   └── StoreUnavailable        a remote SPARQL server did not answer
    ├── QueryError                  a query could not be run
    │   ├── QuerySyntaxError        malformed SPARQL (also a ValueError); .position
    │   ├── QueryNotFound           no curated query of that name
    │   ├── QueryParameterError     a curated query's parameter is missing or ill-typed
    │   ├── UpdateForbidden         an update operation sent to the read-only endpoint
    │   ├── QueryTimeout            the time limit was reached and the work stopped
    │   ├── QueryMemoryExceeded     the query needed more memory than allowed and was stopped
    │   └── TooManyQueries          too many heavy queries at once; .retry_after (seconds)
    ├── ValidationFailed            SHACL violations; .report holds them
    └── LoaderError                 (loaders.errors) an article cannot be read
        ├── DocumentError           empty, binary, too large, undecodable input
        └── ExtractionError         the extractor failed on a readable document

Only ``api`` turns these into HTTP responses.
"""

from typing import Any


class SZKGError(Exception):
    """Root of every error this project raises on purpose."""


class StoreError(SZKGError):
    """The store cannot be opened, read or written."""


class StoreUnavailable(StoreError):
    """A remote SPARQL server did not answer or answered with an error."""


class QueryError(SZKGError):
    """A query could not be run."""


class QuerySyntaxError(QueryError, ValueError):
    """Malformed SPARQL; ``position`` is the parser's (line, column) when known."""

    def __init__(self, message: str, position: tuple[int, int] | None = None) -> None:
        super().__init__(message)
        self.position = position


class QueryNotFound(QueryError):
    """No curated query has this name."""


class QueryParameterError(QueryError, ValueError):
    """A curated query's parameter is missing, unknown or of the wrong type."""

    def __init__(self, message: str, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []


class UpdateForbidden(QueryError):
    """An update operation (INSERT, DELETE, LOAD, DROP, CLEAR…) reached a read-only endpoint."""


class QueryTimeout(QueryError):
    """The query reached its time limit and its work was stopped."""


class QueryMemoryExceeded(QueryError):
    """The query needed more memory than a query may use; its work was stopped."""


class TooManyQueries(QueryError):
    """Too many heavy queries are running; try again after ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ValidationFailed(SZKGError):
    """A graph violates the SHACL shapes; ``report`` is a ``graph.validate.ValidationReport``."""

    def __init__(self, message: str, report: Any = None) -> None:
        super().__init__(message)
        self.report = report
