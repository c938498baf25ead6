# shape: szsh:jurisdiction-range
# focus: org/440307-qu-fa-gai-ju
# message: must be a place
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <org/440307-qu-fa-gai-ju> szr:jurisdiction <place/440307> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <org/440307-qu-fa-gai-ju> szr:jurisdiction <org/440307-qu-zheng-fu> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <org/440307-qu-fa-gai-ju> szr:jurisdiction <org/440307-qu-zheng-fu> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <org/440307-qu-fa-gai-ju> szr:jurisdiction <place/440307> } }
