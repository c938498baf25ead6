# shape: szsh:Year-datatype
# focus: reform/440307/you-hua-ying-shang-huan-jing-gai-ge
# message: must be an xsd:gYear
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> szr:year "2018"^^xsd:gYear } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> szr:year "2018"^^xsd:integer } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> szr:year "2018"^^xsd:integer } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> szr:year "2018"^^xsd:gYear } }
