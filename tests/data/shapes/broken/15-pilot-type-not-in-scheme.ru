# shape: szsh:Pilot-pilotType
# focus: pilot/440307/she-qu-zhi-li-shi-dian
# message: not a concept of the pilot-type scheme
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <pilot/440307/she-qu-zhi-li-shi-dian> szr:pilotType <scheme/pilot-type/pilot> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <pilot/440307/she-qu-zhi-li-shi-dian> szr:pilotType <scheme/domain/society> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <pilot/440307/she-qu-zhi-li-shi-dian> szr:pilotType <scheme/domain/society> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <pilot/440307/she-qu-zhi-li-shi-dian> szr:pilotType <scheme/pilot-type/pilot> } }
