# shape: szsh:Statement-object
# focus: statement/fe0543f8b6273364
# message: exactly one rdf:object
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <statement/fe0543f8b6273364> rdf:object <place/440307> } }
#### fix
INSERT DATA { GRAPH <graph/doc/fixture_a> { <statement/fe0543f8b6273364> rdf:object <place/440307> } }
