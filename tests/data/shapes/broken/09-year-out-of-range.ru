# shape: szsh:Year-range
# focus: plan/440307/2018-nian-du-zhong-dian-gai-ge-xiang-mu
# message: outside 1978–2100
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <plan/440307/2018-nian-du-zhong-dian-gai-ge-xiang-mu> szr:year "2018"^^xsd:gYear } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <plan/440307/2018-nian-du-zhong-dian-gai-ge-xiang-mu> szr:year "1918"^^xsd:gYear } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <plan/440307/2018-nian-du-zhong-dian-gai-ge-xiang-mu> szr:year "1918"^^xsd:gYear } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <plan/440307/2018-nian-du-zhong-dian-gai-ge-xiang-mu> szr:year "2018"^^xsd:gYear } }
