# shape: szsh:Reform-policyDomain
# focus: reform/440307/yi-wang-tong-ban-gai-ge
# message: not a concept of the domain scheme
#### break
DELETE DATA { GRAPH <graph/doc/fixture_b> { <reform/440307/yi-wang-tong-ban-gai-ge> szr:policyDomain <scheme/domain/government> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_b> { <reform/440307/yi-wang-tong-ban-gai-ge> szr:policyDomain <scheme/level/district> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_b> { <reform/440307/yi-wang-tong-ban-gai-ge> szr:policyDomain <scheme/level/district> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_b> { <reform/440307/yi-wang-tong-ban-gai-ge> szr:policyDomain <scheme/domain/government> } }
