# shape: szsh:Position-end
# focus: evidence/fixture_a/99-109#position
# message: must be one integer
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109#position> oa:end 109 } }
#### fix
INSERT DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109#position> oa:end 109 } }
