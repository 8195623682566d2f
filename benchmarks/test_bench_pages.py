"""Benchmarks of what users wait for, on the demo data (`make bench`; never part of `make test`).

Prints the median and worst response time and the query count of each page; it asserts nothing
about time, only that the page answered, so a slow machine never fails it.
"""

import statistics
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROUNDS = 15

PAGES = [  # (user, url name, query string, label)
    ("demo-resident", "home", "", "resident home"),
    ("demo-resident", "dashboard:mine", "", "resident 我的"),
    ("demo-resident", "services:catalogue", "", "catalogue"),
    ("demo-resident", "services:catalogue", "?q=补贴", "catalogue search"),
    ("demo-window", "services:console", "", "queue console"),
    ("demo-window", "services:console_waiting", "", "console waiting list (htmx poll)"),
    ("demo-grid", "home", "", "grid worker home"),
    ("demo-grid", "grid:due", "", "due visits"),
    ("demo-grid", "grid:household_list", "", "household list"),
    ("demo-grid", "appeals:worklist", "", "appeal worklist (grid)"),
    ("demo-street", "appeals:worklist", "", "appeal worklist (street)"),
    ("demo-community", "grid:coverage", "", "coverage"),
    ("demo-community", "spaces:figures", "", "space figures"),
]


def test_pages_users_wait_for(client, demo_data, capsys):
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="demo-")}
    rows = []
    for username, url_name, query, label in PAGES:
        url = reverse(url_name) + query
        client.force_login(users[username])
        timings = []
        for _ in range(ROUNDS):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, url
        rows.append((label, url, statistics.median(timings), max(timings), len(queries)))
    with capsys.disabled():
        print(f"\n{'page':36} {'median ms':>10} {'max ms':>8} {'queries':>8}")
        for label, _url, median, worst, count in rows:
            print(f"{label:36} {median:10.1f} {worst:8.1f} {count:8d}")
