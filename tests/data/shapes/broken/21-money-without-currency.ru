# shape: szsh:Money-currency
# focus: outcome/fixture_a/136#quantity
# message: needs schema:currency
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <outcome/fixture_a/136#quantity> schema:currency "CNY" } }
#### fix
INSERT DATA { GRAPH <graph/doc/fixture_a> { <outcome/fixture_a/136#quantity> schema:currency "CNY" } }
