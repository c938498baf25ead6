# shape: szsh:ReformTwoDistricts
# focus: reform/440307/you-hua-ying-shang-huan-jing-gai-ge
# message: the same reform is placed in
#### break
DELETE DATA { GRAPH <graph/doc/fixture_b> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> szr:implementedIn <place/440307> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_b> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> szr:implementedIn <place/440310> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_b> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> szr:implementedIn <place/440310> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_b> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> szr:implementedIn <place/440307/bantian> } }
