# shape: szsh:SubOrganizationCycle
# focus: org/440307-qu-zheng-fu
# message: its own ancestor
#### break
INSERT DATA { GRAPH <graph/doc/fixture_a> { <org/440307-qu-zheng-fu> org:subOrganizationOf <org/440307-qu-fa-gai-ju> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <org/440307-qu-zheng-fu> org:subOrganizationOf <org/440307-qu-fa-gai-ju> } }
