# shape: szsh:recognizes-range
# focus: recognition/50b05609828fed21
# message: must be a reform, pilot, organisation, person or place
#### break
INSERT DATA { GRAPH <graph/doc/fixture_a> { <recognition/50b05609828fed21> szr:recognizes <doc/fixture_a> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <recognition/50b05609828fed21> szr:recognizes <doc/fixture_a> } }
