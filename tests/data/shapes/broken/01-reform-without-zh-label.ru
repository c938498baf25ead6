# shape: szsh:Labelled-zh
# focus: reform/440307/you-hua-ying-shang-huan-jing-gai-ge
# message: no Chinese name
#### break
DELETE WHERE { GRAPH ?g { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> skos:prefLabel ?label } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> skos:prefLabel "business environment reform"@en } }
#### fix
INSERT DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> skos:prefLabel "优化营商环境改革"@zh } }
