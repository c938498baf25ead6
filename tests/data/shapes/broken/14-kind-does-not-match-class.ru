# shape: szsh:RecognitionKindClass
# focus: recognition/50b05609828fed21
# message: requires class
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <recognition/50b05609828fed21> szr:recognitionKind <scheme/recognition-kind/media> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <recognition/50b05609828fed21> szr:recognitionKind <scheme/recognition-kind/case> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <recognition/50b05609828fed21> szr:recognitionKind <scheme/recognition-kind/case> } } ;
INSERT DATA { GRAPH <graph/doc/fixture_a> { <recognition/50b05609828fed21> szr:recognitionKind <scheme/recognition-kind/media> } }
