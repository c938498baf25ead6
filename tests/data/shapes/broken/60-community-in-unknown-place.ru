# shape: szsh:containedInPlace-range
# focus: place/440307/pinghu/shang-mu-gu
# message: not a known place
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <place/440307/pinghu/shang-mu-gu> schema:containedInPlace <place/440307/pinghu> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <place/440307/pinghu/shang-mu-gu> schema:containedInPlace <place/440307/pinghu-jiedao> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <place/440307/pinghu/shang-mu-gu> schema:containedInPlace <place/440307/pinghu-jiedao> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <place/440307/pinghu/shang-mu-gu> schema:containedInPlace <place/440307/pinghu> } }
