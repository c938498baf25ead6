# shape: szsh:EvidenceSource
# focus: evidence/fixture_a/99-109
# message: points into the text of
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109> prov:wasDerivedFrom <doc/fixture_a> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109> prov:wasDerivedFrom <doc/fixture_b> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109> prov:wasDerivedFrom <doc/fixture_b> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109> prov:wasDerivedFrom <doc/fixture_a> } }
