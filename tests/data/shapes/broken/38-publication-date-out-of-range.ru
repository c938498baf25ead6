# shape: szsh:Document-published
# focus: doc/fixture_a
# message: within 1978–2100
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <doc/fixture_a> schema:datePublished "2018-09-26"^^xsd:date } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <doc/fixture_a> schema:datePublished "2118-09-26"^^xsd:date } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <doc/fixture_a> schema:datePublished "2118-09-26"^^xsd:date } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <doc/fixture_a> schema:datePublished "2018-09"^^xsd:gYearMonth } }
