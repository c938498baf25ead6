# shape: szsh:Recognition-kind
# focus: recognition/50b05609828fed21
# message: needs a kind
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <recognition/50b05609828fed21> szr:recognitionKind <scheme/recognition-kind/media> } }
#### fix
INSERT DATA { GRAPH <graph/doc/fixture_a> { <recognition/50b05609828fed21> szr:recognitionKind <scheme/recognition-kind/media> } }
