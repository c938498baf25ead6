# shape: szsh:FactEvidencePerDocument
# focus: reform/440307/yi-wang-tong-ban-gai-ge
# message: has no evidence in it
#### break
INSERT DATA { GRAPH <graph/doc/fixture_b> { <reform/440307/yi-wang-tong-ban-gai-ge> prov:wasDerivedFrom <doc/fixture_a> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_b> { <reform/440307/yi-wang-tong-ban-gai-ge> prov:wasDerivedFrom <doc/fixture_a> } }
