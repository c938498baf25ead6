# shape: szsh:ReferencePartOf
# focus: place/440307/bantian
# message: the reference data puts it inside
#### break
INSERT DATA { GRAPH <graph/doc/fixture_b> { <place/440307/bantian> schema:containedInPlace <place/440310> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_b> { <place/440307/bantian> schema:containedInPlace <place/440310> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_b> { <place/440307/bantian> schema:containedInPlace <place/440300> } }
