# shape: szsh:Statement-predicate
# focus: statement/fe0543f8b6273364
# message: exactly one rdf:predicate
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <statement/fe0543f8b6273364> rdf:predicate schema:containedInPlace } }
#### fix
INSERT DATA { GRAPH <graph/doc/fixture_a> { <statement/fe0543f8b6273364> rdf:predicate schema:containedInPlace } }
