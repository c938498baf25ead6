# shape: szsh:listedIn-range
# focus: reform/440307/you-hua-ying-shang-huan-jing-gai-ge
# message: points at a reform plan
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> szr:listedIn <plan/440307/2018-nian-du-zhong-dian-gai-ge-xiang-mu> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> szr:listedIn <org/440307-qu-fa-gai-ju> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> szr:listedIn <org/440307-qu-fa-gai-ju> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> szr:listedIn <plan/440307/2018-nian-du-zhong-dian-gai-ge-xiang-mu> } }
