# shape: szsh:EvidenceOffsets
# focus: doc/fixture_a
# message: beyond the stored text
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109#position> oa:end 109 } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109#position> oa:end 400 } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109#position> oa:end 400 } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109#position> oa:end 109 } }
