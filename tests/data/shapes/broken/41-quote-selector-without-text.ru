# shape: szsh:Quote-exact
# focus: evidence/fixture_a/99-109#quote
# message: non-empty oa:exact
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109#quote> oa:exact "国务院办公厅发文推广" } }
#### fix
INSERT DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109#quote> oa:exact "国务院办公厅发文推广" } }
