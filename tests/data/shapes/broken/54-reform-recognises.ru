# shape: szsh:recognizes-domain
# focus: reform/440307/you-hua-ying-shang-huan-jing-gai-ge
# message: only a recognition
#### break
INSERT DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> szr:recognizes <reform/440307/yi-wang-tong-ban-gai-ge> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> szr:recognizes <reform/440307/yi-wang-tong-ban-gai-ge> } }
