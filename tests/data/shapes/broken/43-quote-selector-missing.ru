# shape: szsh:Evidence-quote
# focus: evidence/fixture_a/99-109
# message: exactly one oa:TextQuoteSelector
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109#target> oa:hasSelector <evidence/fixture_a/99-109#quote> } }
#### fix
INSERT DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/99-109#target> oa:hasSelector <evidence/fixture_a/99-109#quote> } }
