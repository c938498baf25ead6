# shape: szsh:Outcome-quantity
# focus: outcome/fixture_a/125
# message: has one quantity
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <outcome/fixture_a/125> szr:quantity <outcome/fixture_a/125#quantity> } }
#### fix
INSERT DATA { GRAPH <graph/doc/fixture_a> { <outcome/fixture_a/125> szr:quantity <outcome/fixture_a/125#quantity> } }
