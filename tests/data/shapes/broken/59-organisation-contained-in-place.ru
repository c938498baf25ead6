# shape: szsh:containedInPlace-domain
# focus: org/440307-qu-zheng-fu
# message: only a place is contained in a place
#### break
INSERT DATA { GRAPH <graph/doc/fixture_a> { <org/440307-qu-zheng-fu> schema:containedInPlace <place/440307> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <org/440307-qu-zheng-fu> schema:containedInPlace <place/440307> } }
