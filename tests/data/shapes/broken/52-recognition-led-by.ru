# shape: szsh:ledBy-domain
# focus: recognition/50b05609828fed21
# message: only a reform, reform plan or pilot is led
#### break
INSERT DATA { GRAPH <graph/doc/fixture_a> { <recognition/50b05609828fed21> szr:ledBy <org/440307-qu-fa-gai-ju> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <recognition/50b05609828fed21> szr:ledBy <org/440307-qu-fa-gai-ju> } }
