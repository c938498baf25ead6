# shape: szsh:Evidence-source szsh:Evidence-position szsh:Evidence-quote
# focus: evidence/fixture_a/25-33-copy
# message: exactly one source article
#### break
INSERT DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/25-33-copy> a szr:Evidence, oa:Annotation ; oa:motivatedBy oa:identifying ; oa:hasBody <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> ; prov:wasDerivedFrom <doc/fixture_a> } }
#### fix
INSERT DATA { GRAPH <graph/doc/fixture_a> { <evidence/fixture_a/25-33-copy> oa:hasTarget <evidence/fixture_a/25-33#target> } }
