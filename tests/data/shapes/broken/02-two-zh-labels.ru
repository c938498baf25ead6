# shape: szsh:Labelled-uniqueLang
# focus: reform/440307/you-hua-ying-shang-huan-jing-gai-ge
# message: more than one preferred name
#### break
INSERT DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> skos:prefLabel "营商环境改革"@zh } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> skos:prefLabel "营商环境改革"@zh } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> skos:altLabel "营商环境改革"@zh } }
