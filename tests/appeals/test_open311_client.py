"""Open311 GeoReport v2 through a real third-party client, over HTTP (issue #11).

The client is the `georeport` package from PyPI (pinned in pyproject.toml), the same code an
outside channel would use against a city's endpoint, in both of its formats (JSON and XML). It has
no call for discovery or for POST requests: those two go through `requests` (which georeport
itself uses) with the form fields of the specification, and are read back with georeport.
"""

import pytest
import requests
import xmltodict
from georeport import GeoReport

from appeals.models import ApiKey

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def endpoint(live_server, categories, territory):
    raw = ApiKey.generate()
    key = ApiKey(system_name="12345热线")
    key.set_key(raw)
    key.save()
    return {"root": f"{live_server.url}/open311/v2", "key": raw}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_client_reads_and_files_requests(endpoint, fmt):
    client = GeoReport(endpoint["root"], api_key=endpoint["key"], output_format=fmt)

    discovery = requests.get(f"{endpoint['root']}/discovery.{fmt}", timeout=10)
    assert discovery.status_code == 200
    body = discovery.json() if fmt == "json" else xmltodict.parse(discovery.content)["discovery"]
    assert body["endpoints"]

    services = client.get_service_list()
    codes = {service["service_code"] for service in services}
    assert {"noise", "municipal"} <= codes and all(service["service_name"] for service in services)

    definition = client.get_service_definition("noise")
    assert definition["service_code"] == "noise"

    created = requests.post(f"{endpoint['root']}/requests.{fmt}", data={
        "api_key": endpoint["key"], "service_code": "noise", "address_string": "台江区2号楼楼下",
        "description": "夜里施工很吵", "first_name": "王", "phone": "13900000000"}, timeout=10)
    assert created.status_code == 201, created.text
    if fmt == "json":
        request_id = created.json()[0]["service_request_id"]
    else:
        request_id = xmltodict.parse(created.content)["service_requests"]["request"]["service_request_id"]
    assert request_id

    one = client.get_service_request(request_id)
    assert one["service_request_id"] == request_id and one["service_code"] == "noise"
    assert one["status"] == "open"

    listed = client.get_service_requests(service_code="noise", status="open")
    listed = listed if isinstance(listed, list) else [listed]  # xmltodict: one element is not a list
    assert request_id in {row["service_request_id"] for row in listed}

    by_ids = client.get_service_requests(service_request_id=request_id)
    by_ids = by_ids if isinstance(by_ids, list) else [by_ids]
    assert [row["service_request_id"] for row in by_ids] == [request_id]


def test_georeport_client_sees_unknown_codes_as_http_errors(endpoint):
    client = GeoReport(endpoint["root"])
    with pytest.raises(requests.HTTPError) as error:
        client.get_service_definition("nope")
    assert error.value.response.status_code == 404
