"""Pages of every curated SELECT, read one after another, give the whole result in its order."""

import pytest

from graph.queries import load_registry
from tests.unit.test_curated_queries import ROOT

# Values for the required parameters, found in the sample corpus.
REQUIRED = {"domain": "economy", "district": "龙岗区", "q": "改革", "org": "区",
            "doc": "/doc/000_2cfde935c3116cc9", "fact": "/reform/440307/ying-shang-huan-jing-gai-ge",
            "reform": "/reform/440307/ying-shang-huan-jing-gai-ge"}


@pytest.fixture(scope="module")
def registry():
    return load_registry(ROOT / "queries", ontology_dir=ROOT / "ontology")


def _value(term) -> str | None:
    """A term as text; GROUP_CONCAT lists sorted, as their order is the engine's."""
    if term is None:
        return None
    for separator in ("; ", " | "):
        if separator in term.value:
            return separator.join(sorted(term.value.split(separator)))
    return str(term)


def _rows(store, text, substitutions) -> list[tuple]:
    return [tuple(_value(term) for term in row) for row in store.query(text, substitutions=substitutions)]


def test_pages_read_in_turn_give_the_whole_result(registry, loaded_store) -> None:
    checked = 0
    for query in registry:
        if query.form != "SELECT":
            continue
        values = {p.name: REQUIRED[p.name] for p in query.params if p.required}
        substitutions = registry.bind(query.name, values)
        whole = _rows(loaded_store, registry.sparql(query.name), substitutions)
        paged: list[tuple] = []
        for start in range(0, len(whole) + 3, 3):
            page = _rows(loaded_store, registry.page_sparql(query.name, 3, start), substitutions)
            assert len(page) <= 4, query.name  # the page and one row more
            assert (len(page) == 4) == (start + 3 < len(whole)), query.name
            paged += page[:3]
        assert paged == whole, query.name
        checked += bool(whole)
    assert checked >= 10
