"""A name typed by staff or imported from a spreadsheet is shown as text, never run as script,
on the pages that hand data to JavaScript."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from tests import factories
from tests.grid.factories import HouseholdFactory, ResidentFactory

pytestmark = pytest.mark.django_db

PAYLOAD = "</script><img src=x onerror=alert(1)>"


def _json_script(html, element_id):
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.DOTALL)
    assert match, f"no json_script block #{element_id}"
    return match.group(1)


def test_resident_name_cannot_end_the_households_script_on_the_visit_form(client, territory):
    worker = factories.grid_worker(territory["g1"])
    household = HouseholdFactory(building=territory["b_g1"], door_number="101")
    ResidentFactory(household=household, name=PAYLOAD, birth_date=datetime.date(1950, 1, 1))
    client.force_login(worker)

    html = client.get(reverse("grid:visit_create")).content.decode()

    assert PAYLOAD not in html and "<img src=x" not in html
    block = _json_script(html, "households-data")
    assert "</script" not in block and "<" not in block  # json_script writes \u003C for <
    households = json.loads(block)
    assert households[0]["residents"][0]["name"] == PAYLOAD  # the name itself reaches the page intact


def test_resident_name_is_escaped_in_the_preselected_household_on_the_visit_form(client, territory):
    worker = factories.grid_worker(territory["g1"])
    household = HouseholdFactory(building=territory["b_g1"], door_number="101")
    ResidentFactory(household=household, name=PAYLOAD, birth_date=datetime.date(1950, 1, 1))
    client.force_login(worker)

    html = client.get(reverse("grid:visit_create"), {"household": household.pk}).content.decode()

    assert PAYLOAD not in html and "<img src=x" not in html
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html


def test_resident_name_and_building_are_escaped_on_the_appeals_submit_page(client, territory):
    territory["b_g1"].name = PAYLOAD
    territory["b_g1"].save()
    resident = factories.resident(display_name=PAYLOAD)
    client.force_login(resident)

    response = client.get(reverse("appeals:submit"))

    html = response.content.decode()
    assert response.status_code == 200
    assert PAYLOAD not in html and "<img src=x" not in html
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    # The page's configuration travels as attributes of its script tag, not as inline JSON.
    assert 'id="appeals-submit-config"' not in html
    assert re.search(r'<script src="/static/appeals/submit\.js" data-suggest="/appeals/suggest/"', html)
