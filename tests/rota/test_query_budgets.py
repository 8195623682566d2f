"""Lists keep a flat query count whether the month holds 1 shift or 50."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from rota.models import ShiftKind

from . import factories as rf

START = datetime.date(2026, 12, 1)


def _month(fuxiang, count):
    workers = fuxiang["workers"]
    shifts = []
    for n in range(count):
        day = START + datetime.timedelta(days=n // len(workers))
        worker = workers[n % len(workers)]
        shifts.append((worker, rf.at(day, 8, 30), rf.at(day, 12), ShiftKind.REGULAR))
    return rf.published_rota(fuxiang["community"], START, shifts)


@pytest.mark.parametrize("count", [1, 50])
def test_month_page_and_shifts_api_query_budget(client, fuxiang, count, django_assert_max_num_queries):
    rota = _month(fuxiang, count)
    admin = fuxiang["workers"][0].user
    client.force_login(admin)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("rota:month", args=[rota.pk])).status_code == 200
    api = APIClient()
    api.force_authenticate(admin)
    with django_assert_max_num_queries(10):
        response = api.get(reverse("api-rota-shifts"), {"community": fuxiang["community"].pk, "month": "2026-12"})
    assert len(response.json()["shifts"]) == count


@pytest.mark.parametrize("count", [1, 50])
def test_my_shifts_page_query_budget(client, fuxiang, count, django_assert_max_num_queries, time_machine):
    time_machine.move_to(rf.at(START, 6))
    _month(fuxiang, count)
    client.force_login(fuxiang["workers"][0].user)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("rota:my_shifts")).status_code == 200
