# shape: szsh:Fact-derivedFrom
# focus: media/jiao-dian-fang-tan
# message: has no source article
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <media/jiao-dian-fang-tan> prov:wasDerivedFrom <doc/fixture_a> } }
#### fix
INSERT DATA { GRAPH <graph/doc/fixture_a> { <media/jiao-dian-fang-tan> prov:wasDerivedFrom <doc/fixture_a> } }
