# shape: szsh:ReferencePartOf
# focus: place/440307/pinghu
# message: the reference data puts it inside
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <statement/fe0543f8b6273364> rdf:object <place/440307> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <statement/fe0543f8b6273364> rdf:object <place/440303> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <statement/fe0543f8b6273364> rdf:object <place/440303> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <statement/fe0543f8b6273364> rdf:object <place/440307> } }
