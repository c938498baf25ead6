# shape: szsh:Recognition-recognizes
# focus: recognition/50b05609828fed21
# message: recognises nothing
#### break
DELETE DATA { GRAPH <graph/doc/fixture_a> { <recognition/50b05609828fed21> szr:recognizes <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> } }
#### fix
INSERT DATA { GRAPH <graph/doc/fixture_a> { <recognition/50b05609828fed21> szr:recognizes <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> } }
