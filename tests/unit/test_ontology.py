"""The OWL ontology, the SKOS schemes and the store quads built from them."""

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graph.ns import DEFAULT_BASE, PREFIXES, SZR
from graph.ontology import (
    DEFAULT_ONTOLOGY_DIR,
    load_ontology_graph,
    ontology_files,
    ontology_quads,
    reference_files,
    reference_graph,
    undeclared_terms,
    used_terms,
)

ARCHITECTURE = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"
CURIE = re.compile(r"(?<![\w/])(" + "|".join(PREFIXES) + r"):([A-Za-z][\w-]*)")
SCHEMES = ("level", "domain", "recognition-kind", "pilot-type", "reform-status")
GUIDE_CODES = {
    "level": {"national", "provincial", "municipal", "district", "subdistrict", "community"},
    "domain": {"economy", "rule_of_law", "culture", "society", "ecology", "party_building",
               "discipline", "government"},
    "recognition-kind": {"award", "title", "case", "promotion", "media", "endorsement", "first"},
    "pilot-type": {"pilot", "demonstration-zone", "demonstration-base", "practice-zone",
                   "demonstration-county", "demonstration-school", "demonstration-community",
                   "pilot-district"},
    "reform-status": {"planned", "in-progress", "completed", "achieved-results", "scaled-up"},
}
REQUIRED_CLASSES = """AdministrativeDivision Municipality District FunctionalZone Subdistrict Community
    PartyCommittee PeoplesGovernment GovernmentDepartment BranchOffice ReformCommission ReformOffice
    SpecialTaskGroup WorkingGroup MediaOutlet MediaProgramme Reform ReformMeasure ReformPlan
    PolicyDocument PilotProgramme PilotDesignation Recognition AwardOrTitle TypicalCaseSelection
    OfficialPromotion MediaCoverage LeaderEndorsement FirstClaim Outcome SourceDocument Evidence""".split()
REQUIRED_PROPERTIES = """divisionCode jurisdiction implementedIn ledBy leadOrganization conferredBy
    recognizes hasOutcome listedIn policyDomain level year reformCount recognitionKind pilotType
    programme designee quantity printedValue surfaceForm textSha256 content publishedMonthDay
    confidence status""".split()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_ontology_graph()


@pytest.fixture(scope="module")
def everything(ontology: Graph) -> Graph:
    return ontology + reference_graph()


def szr_terms(graph: Graph, *types: URIRef) -> set[URIRef]:
    return {s for t in types for s in graph.subjects(RDF.type, t) if str(s).startswith(str(SZR))}


def test_every_file_parses_on_its_own() -> None:
    files = ontology_files(DEFAULT_ONTOLOGY_DIR) + reference_files(DEFAULT_ONTOLOGY_DIR)
    assert {f.stem for f in files} >= {"szkg", "places", *SCHEMES}
    for path in files:
        assert len(Graph().parse(path, format="turtle")) > 10, path


def test_ontology_header_states_the_offset_convention(ontology: Graph) -> None:
    header = URIRef(DEFAULT_BASE + "ontology")
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionInfo) is not None
    description = " ".join(str(d) for d in ontology.objects(header, URIRef(PREFIXES["dct"] + "description")))
    for phrase in ("code points", "NFC", "exclusive", "szr:textSha256"):
        assert phrase in description


def test_the_required_terms_exist(ontology: Graph) -> None:
    classes = szr_terms(ontology, OWL.Class)
    properties = szr_terms(ontology, OWL.ObjectProperty, OWL.DatatypeProperty)
    assert {SZR[c] for c in REQUIRED_CLASSES} <= classes
    assert {SZR[p] for p in REQUIRED_PROPERTIES} <= properties


def test_every_own_term_is_labelled_and_explained(ontology: Graph) -> None:
    terms = szr_terms(ontology, OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)
    assert len(terms) > 60
    for term in terms:
        languages = {label.language for label in ontology.objects(term, RDFS.label)}
        assert {"zh", "en"} <= languages, term
        comments = {c.language for c in ontology.objects(term, RDFS.comment)}
        assert "en" in comments, term


def test_every_own_property_has_domain_and_range(ontology: Graph) -> None:
    for prop in szr_terms(ontology, OWL.ObjectProperty, OWL.DatatypeProperty):
        assert ontology.value(prop, RDFS.domain) is not None, prop
        assert ontology.value(prop, RDFS.range) is not None, prop


def test_reused_superclasses_follow_the_contract(ontology: Graph) -> None:
    prov = PREFIXES["prov"]
    expected = {
        "MediaOutlet": PREFIXES["schema"] + "NewsMediaOrganization", "ReformPlan": prov + "Plan",
        "Reform": prov + "Activity", "PilotDesignation": prov + "Activity", "Outcome": prov + "Entity",
        "SourceDocument": PREFIXES["schema"] + "NewsArticle", "Evidence": PREFIXES["oa"] + "Annotation",
    }
    for name, parent in expected.items():
        assert (SZR[name], RDFS.subClassOf, URIRef(parent)) in ontology, name
    assert (SZR.ledBy, RDFS.subPropertyOf, URIRef(prov + "wasAssociatedWith")) in ontology
    assert (SZR.conferredBy, RDFS.subPropertyOf, URIRef(prov + "wasAssociatedWith")) in ontology


def test_no_term_is_used_without_declaration(everything: Graph) -> None:
    assert undeclared_terms(used_terms(everything), everything) == set()


def test_architecture_uses_only_declared_terms(everything: Graph) -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    curies = {URIRef(PREFIXES[prefix] + local) for prefix, local in CURIE.findall(text)}
    assert len(curies) > 40
    assert undeclared_terms(curies, everything) == set()


def test_the_declaration_checker_catches_bad_terms(everything: Graph) -> None:
    bad = Graph().parse(data="""
        @prefix szr: <https://w3id.org/szreform/ontology#> .
        @prefix schema: <http://schema.org/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <https://w3id.org/szreform/reform/440307/x> a szr:Reformm ; rdfs:lable "x" ;
            schema:containedInPlace <https://w3id.org/szreform/place/440399> ;
            schema:nonsense <https://w3id.org/szreform/scheme/domain/economy> .
    """, format="turtle")
    missing = undeclared_terms(used_terms(bad), everything)
    assert {str(t).rsplit("/", 1)[-1].split("#")[-1] for t in missing} == {
        "Reformm", "lable", "440399", "nonsense"}


def concepts_of(graph: Graph, scheme: str) -> dict[str, URIRef]:
    scheme_iri = URIRef(f"{DEFAULT_BASE}scheme/{scheme}")
    return {str(graph.value(c, SKOS.notation)): c for c in graph.subjects(SKOS.inScheme, scheme_iri)}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_schemes_hold_the_guide_codes(ontology: Graph, scheme: str) -> None:
    scheme_iri = URIRef(f"{DEFAULT_BASE}scheme/{scheme}")
    assert (scheme_iri, RDF.type, SKOS.ConceptScheme) in ontology
    concepts = concepts_of(ontology, scheme)
    assert GUIDE_CODES[scheme] <= set(concepts)
    for code, concept in concepts.items():
        assert concept == URIRef(f"{scheme_iri}/{code}")
        assert (concept, RDF.type, SKOS.Concept) in ontology
        assert {"zh", "en"} <= {label.language for label in ontology.objects(concept, SKOS.prefLabel)}
        assert ontology.value(concept, SKOS.definition) is not None
        top = (concept, SKOS.topConceptOf, scheme_iri) in ontology
        broader = ontology.value(concept, SKOS.broader)
        assert top != (broader is not None), f"{concept}: top concept xor broader"
        assert top == ((scheme_iri, SKOS.hasTopConcept, concept) in ontology)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_labels_are_unambiguous_within_a_scheme(ontology: Graph, scheme: str) -> None:
    seen: dict[Literal, URIRef] = {}
    for concept in concepts_of(ontology, scheme).values():
        labels = [*ontology.objects(concept, SKOS.prefLabel), *ontology.objects(concept, SKOS.altLabel)]
        assert len(labels) == len(set(labels)), f"{concept} repeats a label"
        for label in labels:
            assert seen.setdefault(label, concept) == concept, f"{label} labels two concepts"


def test_domain_scheme_layers(ontology: Graph) -> None:
    domain = concepts_of(ontology, "domain")
    tops = {c for c in domain.values() if ontology.value(c, SKOS.broader) is None}
    assert len(tops) == 6
    for code in GUIDE_CODES["domain"]:
        assert ontology.value(domain[code], SKOS.broader) in tops, code
    society_labels = {str(label) for label in ontology.objects(domain["society"], SKOS.altLabel)}
    assert {"社会领域", "重大民生领域", "民生事业", "社会治理体制"} <= society_labels
    national = concepts_of(ontology, "level")["national"]
    assert {"中央", "国家", "全国"} <= {str(a) for a in ontology.objects(national, SKOS.altLabel)}


def test_recognition_kinds_point_at_their_classes(ontology: Graph) -> None:
    for code, concept in concepts_of(ontology, "recognition-kind").items():
        target = ontology.value(concept, RDFS.seeAlso)
        assert (target, RDFS.subClassOf, SZR.Recognition) in ontology, code


def test_store_quads_go_to_two_named_graphs_and_reload_idempotently() -> None:
    quads = ontology_quads()
    graphs = {q.graph_name for q in quads}
    assert graphs == {ox.NamedNode(DEFAULT_BASE + "graph/ontology"), ox.NamedNode(DEFAULT_BASE + "graph/reference")}
    store = ox.Store()
    store.extend(quads)
    size = len(store)
    store.extend(ontology_quads())
    assert len(store) == size == len(set(quads))


def test_another_base_moves_every_iri() -> None:
    base = "http://example.org/kg/"
    quads = ontology_quads(base=base)
    assert len(quads) == len(ontology_quads())
    iris = [t.value for q in quads for t in (q.subject, q.predicate, q.object, q.graph_name)
            if isinstance(t, ox.NamedNode)]
    assert not [i for i in iris if i.startswith(DEFAULT_BASE)]
    graph = load_ontology_graph(base=base)
    assert (URIRef(base + "ontology#Reform"), RDF.type, OWL.Class) in graph


def test_a_broken_file_is_reported_with_its_path(tmp_path: Path) -> None:
    (tmp_path / "schemes").mkdir()
    (tmp_path / "szkg.ttl").write_text("@prefix x: <http://x/> .\nx:a x:b", encoding="utf-8")
    with pytest.raises(ValueError, match="szkg.ttl"):
        load_ontology_graph(tmp_path)
    with pytest.raises(FileNotFoundError, match="szkg.ttl"):
        load_ontology_graph(tmp_path / "missing")


SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample.trig"


@pytest.mark.skipif(not SAMPLE.exists(), reason="no mapped sample corpus in tests/data")
def test_the_mapped_sample_corpus_speaks_this_ontology(everything: Graph) -> None:
    used: set[URIRef] = set()
    wrong_datatype = set()
    for quad in ox.parse(path=SAMPLE, format=ox.RdfFormat.TRIG):
        used.update(URIRef(t.value) for t in (quad.subject, quad.predicate, quad.object)
                    if isinstance(t, ox.NamedNode))
        if isinstance(quad.object, ox.Literal):
            declared = everything.value(URIRef(quad.predicate.value), RDFS.range)
            if isinstance(declared, URIRef) and str(declared).startswith(PREFIXES["xsd"]) \
                    and quad.object.datatype.value != str(declared):
                wrong_datatype.add((quad.predicate.value, quad.object.datatype.value))
    # communities are minted per article, so only vocabulary and reference IRIs must be declared
    vocabulary = {t for t in used if "/place/" not in t or t.count("/") <= 6}  # …/place/{code}/{slug}
    assert undeclared_terms(vocabulary, everything) == set()
    assert wrong_datatype == set()
