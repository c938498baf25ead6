# shape: szsh:Quantity-value
# focus: outcome/fixture_a/125#quantity
# message: must be one xsd:decimal number
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <outcome/fixture_a/125#quantity> schema:value "212"^^xsd:decimal } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <outcome/fixture_a/125#quantity> schema:value "212宗" } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <outcome/fixture_a/125#quantity> schema:value "212宗" } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <outcome/fixture_a/125#quantity> schema:value "212"^^xsd:decimal } }
