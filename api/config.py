"""Settings: the one configuration object, read from ``SZKG_*`` environment variables.

Created by the app factory or the CLI, never at import time. ``graph`` and
``loaders`` never read settings; they receive plain values as arguments.
"""

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Validated settings for the store, the loaders, the API and the CLI."""

    model_config = SettingsConfigDict(
        env_prefix="SZKG_", env_file=".env", env_ignore_empty=True, extra="ignore"
    )

    store: str = Field(
        default="oxigraph:data/store",
        description=(
            "Which triple store to use: 'oxigraph:PATH' (embedded, on disk), 'memory' "
            "(embedded, in memory, for tests) or 'sparql:QUERY_URL,UPDATE_URL[,GSP_URL]' "
            "(any SPARQL 1.1 server)."
        ),
    )
    base_iri: str = Field(
        default="https://w3id.org/szreform/",
        description="Base IRI of every minted resource; the ontology lives at BASE + 'ontology#'.",
    )
    ontology_dir: Path = Field(default=REPO_ROOT / "ontology", description="Folder of the ontology, schemes, reference data and shapes.")
    queries_dir: Path = Field(default=REPO_ROOT / "queries", description="Folder of curated SPARQL queries (*.rq).")
    corpus_dir: Path = Field(default=REPO_ROOT / "data" / "corpus", description="Sample corpus loaded by 'make run'.")
    query_timeout_s: float = Field(default=10.0, gt=0, le=600, description="Default and maximum time limit of one query, in seconds; a request may lower it.")
    max_rows: int = Field(default=10_000, gt=0, description="Row cap of one SELECT result; a capped result says so.")
    page_size: int = Field(default=100, gt=0, description="Rows per page of a curated query's result; a request may ask for up to max_rows with limit=N and move on with offset= or page=.")
    max_heavy_queries: int = Field(default=4, gt=0, description="Concurrent ad-hoc SPARQL queries before 429 + Retry-After.")
    query_workers: int = Field(default=4, gt=0, le=32, description="Warm worker processes that run queries and can be killed at the time limit (4: 1.1-1.3x the throughput of 2 at 8 clients on a shared 2-core machine, same CPU a request, ~55 MB each).")
    query_memory_mb: int = Field(default=2048, ge=0, description="Address-space cap of one query worker process, in MiB (0: no cap); a query past it gets 503.")
    max_query_bytes: int = Field(default=100_000, gt=0, description="Largest query text accepted (413/414 beyond).")
    max_article_bytes: int = Field(default=5_000_000, gt=0, description="Largest article file the loaders read.")
    validate_on_load: bool = Field(default=True, description="Validate every article graph against the SHACL shapes before committing it.")
    shacl_engine: Literal["auto", "oxigraph", "pyshacl", "turbo"] = Field(default="auto", description="SHACL engine: 'auto' picks oxigraph (the shapes compiled to SPARQL, run on the store) when the shapes compile, else pyshacl-turbo when installed, else pySHACL.")
    host: str = Field(default="127.0.0.1", description="Address 'szkg serve' binds to.")
    port: int = Field(default=8000, ge=0, le=65535, description="Port 'szkg serve' listens on.")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(default="INFO", description="Log level, configured by the CLI only.")
    cors_origins: list[str] = Field(default_factory=list, description="Origins allowed by CORS (empty: CORS off).")

    @field_validator("store")
    @classmethod
    def _check_store(cls, value: str) -> str:
        kind = value.split(":", 1)[0]
        if kind not in {"oxigraph", "memory", "sparql"}:
            raise ValueError(
                f"SZKG_STORE={value!r}: expected 'oxigraph:PATH', 'memory' or 'sparql:QUERY_URL,UPDATE_URL'"
            )
        if kind == "sparql" and not value.split(":", 1)[1].strip():
            raise ValueError("SZKG_STORE=sparql: needs QUERY_URL[,UPDATE_URL[,GSP_URL]]")
        return value

    @model_validator(mode="after")
    def _check_paths(self) -> "Settings":
        for name in ("ontology_dir", "queries_dir"):
            path = getattr(self, name)
            if not Path(path).is_dir():
                raise ValueError(f"SZKG_{name.upper()}={path}: not a directory")
        return self

    @property
    def ontology_iri(self) -> str:
        """Namespace of the ontology's own terms (``szr:``)."""
        return self.base_iri + "ontology#"
