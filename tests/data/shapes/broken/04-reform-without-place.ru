# shape: szsh:Reform-implementedIn
# focus: reform/440307/yi-wang-tong-ban-gai-ge
# message: no place it is implemented in
#### break
DELETE DATA { GRAPH <graph/doc/fixture_b> { <reform/440307/yi-wang-tong-ban-gai-ge> szr:implementedIn <place/440307/bantian> } }
#### fix
INSERT DATA { GRAPH <graph/doc/fixture_b> { <reform/440307/yi-wang-tong-ban-gai-ge> szr:implementedIn <place/440307/bantian> } }
