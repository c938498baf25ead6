# shape: szsh:Quantity-printedValue
# focus: outcome/fixture_a/136#quantity
# message: printed value must be an xsd:decimal
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <outcome/fixture_a/136#quantity> szr:printedValue "6635"^^xsd:decimal } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <outcome/fixture_a/136#quantity> szr:printedValue "6635万" } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <outcome/fixture_a/136#quantity> szr:printedValue "6635万" } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <outcome/fixture_a/136#quantity> szr:printedValue "6635"^^xsd:decimal } }
