# shape: szsh:Pilot-programme
# focus: pilot/440307/she-qu-zhi-li-shi-dian
# message: belongs to one pilot programme
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <pilot/440307/she-qu-zhi-li-shi-dian> szr:programme <programme/she-qu-zhi-li-shi-dian> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <pilot/440307/she-qu-zhi-li-shi-dian> szr:programme <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <pilot/440307/she-qu-zhi-li-shi-dian> szr:programme <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <pilot/440307/she-qu-zhi-li-shi-dian> szr:programme <programme/she-qu-zhi-li-shi-dian> } }
