# shape: szsh:Document-sha256
# focus: doc/fixture_b
# message: text SHA-256
#### break
DELETE WHERE { GRAPH <graph/doc/fixture_b> { <doc/fixture_b> szr:textSha256 ?sha } }
#### fix
INSERT DATA { GRAPH <graph/doc/fixture_b> { <doc/fixture_b> szr:textSha256 "90693eade3709a24c28814ee758501eba82c471b5f5e0909cb426e1fe1da5902" } }
