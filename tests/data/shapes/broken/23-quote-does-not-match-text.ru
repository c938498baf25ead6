# shape: szsh:EvidenceQuote
# focus: doc/fixture_a
# message: does not match
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109#quote> oa:exact "国务院办公厅发文推广" } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109#quote> oa:exact "国务院发文推广" } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109#quote> oa:exact "国务院发文推广" } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109#quote> oa:exact "国务院办公厅发文推广" } }
