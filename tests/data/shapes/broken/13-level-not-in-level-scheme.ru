# shape: szsh:Level-scheme
# focus: org/440307-qu-fa-gai-ju
# message: not a concept of the level scheme
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <org/440307-qu-fa-gai-ju> szr:level <scheme/level/district> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <org/440307-qu-fa-gai-ju> szr:level <scheme/level/county> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <org/440307-qu-fa-gai-ju> szr:level <scheme/level/county> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <org/440307-qu-fa-gai-ju> szr:level <scheme/level/district> } }
