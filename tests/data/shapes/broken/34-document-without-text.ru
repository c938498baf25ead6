# shape: szsh:Document-content
# focus: doc/fixture_b
# message: stores exactly one text
#### break
DELETE WHERE { GRAPH <graph/doc/fixture_b> { <doc/fixture_b> szr:content ?text } }
#### fix
INSERT DATA { GRAPH <graph/doc/fixture_b> { <doc/fixture_b> szr:content "龙岗区坂田街道推行“一网通办”改革，入选2019年广东省政务服务创新案例。龙岗区优化营商环境改革持续深化。" } }
