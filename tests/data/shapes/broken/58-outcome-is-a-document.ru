# shape: szsh:hasOutcome-range
# focus: reform/440307/you-hua-ying-shang-huan-jing-gai-ge
# message: points at an outcome
#### break
INSERT DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> szr:hasOutcome <doc/fixture_a> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> szr:hasOutcome <doc/fixture_a> } }
