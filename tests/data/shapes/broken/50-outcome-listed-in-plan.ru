# shape: szsh:listedIn-domain
# focus: outcome/fixture_a/125
# message: only a reform is listed in a plan
#### break
INSERT DATA { GRAPH <graph/doc/fixture_a> { <outcome/fixture_a/125> szr:listedIn <plan/440307/2018-nian-du-zhong-dian-gai-ge-xiang-mu> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <outcome/fixture_a/125> szr:listedIn <plan/440307/2018-nian-du-zhong-dian-gai-ge-xiang-mu> } }
