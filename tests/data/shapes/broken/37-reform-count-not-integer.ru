# shape: szsh:ReformPlan-reformCount
# focus: plan/440307/2018-nian-du-zhong-dian-gai-ge-xiang-mu
# message: positive xsd:integer
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <plan/440307/2018-nian-du-zhong-dian-gai-ge-xiang-mu> szr:reformCount 18 } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <plan/440307/2018-nian-du-zhong-dian-gai-ge-xiang-mu> szr:reformCount "18项" } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <plan/440307/2018-nian-du-zhong-dian-gai-ge-xiang-mu> szr:reformCount "18项" } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <plan/440307/2018-nian-du-zhong-dian-gai-ge-xiang-mu> szr:reformCount 18 } }
