# shape: szsh:RecognitionAfterArticle
# focus: recognition/c9afa9df4d704c08
# message: is after the article
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <recognition/c9afa9df4d704c08> szr:year "2018"^^xsd:gYear } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <recognition/c9afa9df4d704c08> szr:year "2020"^^xsd:gYear } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <recognition/c9afa9df4d704c08> szr:year "2020"^^xsd:gYear } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <recognition/c9afa9df4d704c08> szr:year "2017"^^xsd:gYear } }
