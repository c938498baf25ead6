# shape: szsh:hasOutcome-domain
# focus: plan/440307/2018-nian-du-zhong-dian-gai-ge-xiang-mu
# message: only a reform or pilot has outcomes
#### break
INSERT DATA { GRAPH <graph/doc/fixture_a> { <plan/440307/2018-nian-du-zhong-dian-gai-ge-xiang-mu> szr:hasOutcome <outcome/fixture_a/125> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <plan/440307/2018-nian-du-zhong-dian-gai-ge-xiang-mu> szr:hasOutcome <outcome/fixture_a/125> } }
