# shape: szsh:conferredBy-range
# focus: pilot/440307/she-qu-zhi-li-shi-dian
# message: must be an organisation or a media outlet
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <pilot/440307/she-qu-zhi-li-shi-dian> szr:conferredBy <org/440307-qu-zheng-fu> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <pilot/440307/she-qu-zhi-li-shi-dian> szr:conferredBy <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <pilot/440307/she-qu-zhi-li-shi-dian> szr:conferredBy <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <pilot/440307/she-qu-zhi-li-shi-dian> szr:conferredBy <org/440307-qu-zheng-fu> } }
