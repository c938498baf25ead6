"""Build a store holding the sample corpus through the real load path (fixtures, sample.trig).

The facts come from the gold annotations (``tests/gold``), so fixtures do not move
when the extractor changes; mapping, validation (when ``graph.validate`` exists)
and the commit are the loader's own.
"""

from pathlib import Path

from graph.ns import DEFAULT_BASE
from loaders.load import LoadSummary, load_paths
from tests.gold_extraction import gold_extractor

ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = ROOT / "data" / "corpus"
GOLD_DIR = ROOT / "tests" / "gold"
ONTOLOGY_DIR = ROOT / "ontology"


def shacl_validator(store, ontology_dir: Path = ONTOLOGY_DIR, base: str = DEFAULT_BASE):
    """``graph.validate.validate_article`` bound to the ontology and store, or None before it exists."""
    try:
        from graph.validate import validate_article
    except ModuleNotFoundError:
        return None
    return lambda quads: validate_article(quads, ontology_dir=ontology_dir, base=base, store=store)


def load_corpus(store, *, base: str = DEFAULT_BASE, validate: bool = True) -> LoadSummary:
    """Load the five sample articles (gold facts) into ``store``; fails loudly if any is refused."""
    summary = load_paths(
        store, [CORPUS_DIR], ontology_dir=ONTOLOGY_DIR, base=base,
        validate=shacl_validator(store, ONTOLOGY_DIR, base) if validate else None,
        max_bytes=5_000_000, extract=gold_extractor(GOLD_DIR),
    )
    if not summary.ok:
        raise RuntimeError(f"sample corpus did not load: {summary.rejected + summary.failed}")
    return summary


def build_disk_store(path: Path, fill) -> Path:
    """Create an on-disk Oxigraph store at ``path``, ``fill(store)`` it, and release the writer
    so that read-only handles (query workers, the CLI) can open the files."""
    import gc

    from graph._oxigraph import OxigraphStore

    store = OxigraphStore(str(path))
    fill(store)
    store.flush()
    store.close()
    del store
    gc.collect()
    return path
