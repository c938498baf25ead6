# shape: szsh:ledBy-range
# focus: reform/440307/you-hua-ying-shang-huan-jing-gai-ge
# message: must be an organisation or a person
#### break
INSERT DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> szr:ledBy <place/440307> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> szr:ledBy <place/440307> } }
