# shape: szsh:Position-start
# focus: evidence/fixture_a/99-109#position
# message: below its end
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109#position> oa:start 99 } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109#position> oa:start 109 } } ;
DELETE DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109#position> oa:end 109 } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109#position> oa:end 99 } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109#position> oa:start 109 } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109#position> oa:start 99 } } ;
DELETE DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109#position> oa:end 99 } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109#position> oa:end 109 } }
