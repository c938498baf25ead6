# shape: szsh:Document-identifier
# focus: doc/fixture_b
# message: exactly one dct:identifier
#### break
DELETE DATA { GRAPH <graph/doc/fixture_b> { <doc/fixture_b> dct:identifier "fixture_b" } }
#### fix
INSERT DATA { GRAPH <graph/doc/fixture_b> { <doc/fixture_b> dct:identifier "fixture_b" } }
