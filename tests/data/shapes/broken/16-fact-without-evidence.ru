# shape: szsh:Fact-evidence
# focus: person/zhang-ming-440307
# message: has no evidence
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/46-48> oa:hasBody <person/zhang-ming-440307> } }
#### fix
INSERT DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/46-48> oa:hasBody <person/zhang-ming-440307> } }
