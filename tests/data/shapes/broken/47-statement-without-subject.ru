# shape: szsh:Statement-subject
# focus: statement/fe0543f8b6273364
# message: exactly one rdf:subject
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <statement/fe0543f8b6273364> rdf:subject <place/440307/pinghu> } }
#### fix
INSERT DATA { GRAPH <graph/doc/fixture_a> { <statement/fe0543f8b6273364> rdf:subject <place/440307/pinghu> } }
