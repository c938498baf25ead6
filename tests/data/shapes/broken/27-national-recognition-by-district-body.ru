# shape: szsh:NationalByLocalBody
# focus: recognition/c9afa9df4d704c08
# message: conferred by the district or subdistrict body
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <recognition/c9afa9df4d704c08> szr:conferredBy <org/cn-guo-wu-yuan-ban-gong-ting> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <recognition/c9afa9df4d704c08> szr:conferredBy <org/440307-qu-zheng-fu> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <recognition/c9afa9df4d704c08> szr:conferredBy <org/440307-qu-zheng-fu> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <recognition/c9afa9df4d704c08> szr:conferredBy <org/cn-guo-wu-yuan-ban-gong-ting> } }
