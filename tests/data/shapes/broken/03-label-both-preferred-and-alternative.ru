# shape: szsh:Labelled-altLabel
# focus: reform/440307/you-hua-ying-shang-huan-jing-gai-ge
# message: also an alternative name
#### break
INSERT DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> skos:altLabel "优化营商环境改革"@zh } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> skos:altLabel "优化营商环境改革"@zh } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> skos:altLabel "营商环境优化改革"@zh } }
