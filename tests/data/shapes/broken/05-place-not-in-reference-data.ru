# shape: szsh:implementedIn-range
# focus: reform/440307/yi-wang-tong-ban-gai-ge
# message: is not a municipality, district, subdistrict or community
#### break
DELETE DATA { GRAPH <graph/doc/fixture_b> { <reform/440307/yi-wang-tong-ban-gai-ge> szr:implementedIn <place/440307/bantian> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_b> { <reform/440307/yi-wang-tong-ban-gai-ge> szr:implementedIn <place/440399/bantian> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_b> { <reform/440307/yi-wang-tong-ban-gai-ge> szr:implementedIn <place/440399/bantian> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_b> { <reform/440307/yi-wang-tong-ban-gai-ge> szr:implementedIn <place/440307/bantian> } }
