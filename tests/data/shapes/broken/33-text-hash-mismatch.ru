# shape: szsh:DocumentHash
# focus: doc/fixture_a
# message: differs from szr:textSha256
#### break
DELETE WHERE { GRAPH <graph/doc/fixture_a> { <doc/fixture_a> szr:textSha256 ?sha } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <doc/fixture_a> szr:textSha256 "11925383ee5270b3bf518e4e38a2258278bcd9c75350a18ed02787795c2598fd"^^xsd:hexBinary } }
#### fix
DELETE WHERE { GRAPH <graph/doc/fixture_a> { <doc/fixture_a> szr:textSha256 ?sha } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <doc/fixture_a> szr:textSha256 "00925383EE5270B3BF518E4E38A2258278BCD9C75350A18ED02787795C2598FD"^^xsd:hexBinary } }
