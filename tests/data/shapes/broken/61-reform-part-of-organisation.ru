# shape: szsh:subOrganizationOf-domain
# focus: reform/440307/you-hua-ying-shang-huan-jing-gai-ge
# message: only an organisation has a parent
#### break
INSERT DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> org:subOrganizationOf <org/440307-qu-zheng-fu> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <reform/440307/you-hua-ying-shang-huan-jing-gai-ge> org:subOrganizationOf <org/440307-qu-zheng-fu> } }
