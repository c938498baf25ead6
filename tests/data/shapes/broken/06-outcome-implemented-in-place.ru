# shape: szsh:implementedIn-domain
# focus: outcome/fixture_a/125
# message: only a reform, reform plan or pilot
#### break
INSERT DATA { GRAPH <graph/doc/fixture_a> { <outcome/fixture_a/125> szr:implementedIn <place/440307> } }
#### fix
DELETE DATA { GRAPH <graph/doc/fixture_a> { <outcome/fixture_a/125> szr:implementedIn <place/440307> } }
