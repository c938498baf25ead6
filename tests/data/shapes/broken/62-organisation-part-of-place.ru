# shape: szsh:subOrganizationOf-range
# focus: org/440307-qu-fa-gai-ju
# message: must be an organisation
#### break
INSERT DATA { GRAPH <graph/doc/fixture_a> { <org/440307-qu-fa-gai-ju> org:subOrganizationOf <place/440307> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <org/440307-qu-fa-gai-ju> org:subOrganizationOf <place/440307> } }
