# shape: szsh:OneValuePerArticle
# focus: reform/440307/you-hua-ying-shang-huan-jing-gai-ge
# message: one article gives two values
#### break
INSERT DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> szr:policyDomain <scheme/domain/government> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> szr:policyDomain <scheme/domain/government> } }
