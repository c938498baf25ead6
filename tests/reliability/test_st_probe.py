import collections, pytest, schemathesis
from hypothesis import settings, HealthCheck
from api.app import create_app
from api.config import Settings
from tests.reliability.conftest import *  # noqa
COUNTS = collections.Counter()
schema = schemathesis.openapi.from_dict(create_app(Settings(store="memory")).openapi()).include(path_regex="^/(queries/(articles|district_pilots_compared|media_coverage)|analytics|validate)")
@schema.parametrize()
@settings(max_examples=5, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_api(case, reliable_server):
    r = case.call(base_url=reliable_server.url, timeout=30)
    COUNTS[case.operation.label] += 1
    if r.status_code >= 500:
        print("5XX", case.operation.label, r.status_code, r.text[:200], case.path_parameters, case.query)
def test_zz():
    print(sum(COUNTS.values()), COUNTS)
