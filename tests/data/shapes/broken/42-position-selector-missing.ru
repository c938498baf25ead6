# shape: szsh:Evidence-position
# focus: evidence/fixture_a/99-109
# message: exactly one oa:TextPositionSelector
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109#target> oa:hasSelector <evidence/fixture_a/99-109#position> } }
#### fix
INSERT DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109#target> oa:hasSelector <evidence/fixture_a/99-109#position> } }
