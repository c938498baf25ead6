# shape: szsh:CommunityDistrict
# focus: place/440307/pinghu/shang-mu-gu
# message: does not contain it
#### break
INSERT DATA { GRAPH <graph/doc/fixture_a> { <place/440307/pinghu/shang-mu-gu> schema:containedInPlace <place/440303> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <place/440307/pinghu/shang-mu-gu> schema:containedInPlace <place/440303> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <place/440307/pinghu/shang-mu-gu> schema:containedInPlace <place/440307> } }
