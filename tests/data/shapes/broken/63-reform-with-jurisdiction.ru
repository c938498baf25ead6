# shape: szsh:jurisdiction-domain
# focus: reform/440307/you-hua-ying-shang-huan-jing-gai-ge
# message: only an organisation has a jurisdiction
#### break
INSERT DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> szr:jurisdiction <place/440307> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> szr:jurisdiction <place/440307> } }
