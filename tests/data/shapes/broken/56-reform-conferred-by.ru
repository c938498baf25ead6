# shape: szsh:conferredBy-domain
# focus: reform/440307/you-hua-ying-shang-huan-jing-gai-ge
# message: only a recognition or pilot is conferred
#### break
INSERT DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> szr:conferredBy <org/440307-qu-zheng-fu> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> szr:conferredBy <org/440307-qu-zheng-fu> } }
