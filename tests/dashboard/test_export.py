import csv
import io

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def download(client, user, query="?days=7"):
    client.force_login(user)
    response = client.get(reverse("dashboard:export") + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    return response


def table(response) -> list[list[str]]:
    raw = response.content
    assert raw.startswith("\ufeff".encode())  # BOM: Excel opens the Chinese correctly
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_csv_for_a_community_admin_has_only_their_row(client, people, world):
    rows = table(download(client, people["admin_a1"]))
    assert rows[0] == ["统计区间", "2026-12-04", "2026-12-10"]
    header, body = rows[1], rows[2:]
    assert header[:3] == ["社区", "诉求数", "已答复/办结"]
    assert [r[0] for r in body] == ["甲一社区"]
    record = dict(zip(header, body[0], strict=True))
    assert record["诉求数"] == "4" and record["诉求按时办结率"] == "0.6667"
    assert record["取号数"] == "3" and record["平均等候（分钟）"] == "15.0" and record["场地使用次数"] == "1"


def test_csv_for_a_street_admin_has_each_community(client, people, world):
    rows = table(download(client, people["street_a"]))
    assert [r[0] for r in rows[2:]] == ["甲一社区", "甲二社区"]


def test_csv_with_a_bad_period_falls_back(client, people, world):
    rows = table(download(client, people["admin_a1"], "?days=oops"))
    assert rows[0] == ["统计区间", "2026-11-11", "2026-12-10"]


def test_csv_writes_formula_like_community_names_as_text():
    import datetime
    from types import SimpleNamespace

    from taijiang.dashboard.exporting import COLUMNS, rows_to_csv

    period = SimpleNamespace(date_from=datetime.date(2026, 12, 1), date_to=datetime.date(2026, 12, 7))
    row = {key: 3 for key, _label in COLUMNS} | {"community": '=HYPERLINK("http://x","点击")', "avg_wait_min": None}
    rows = list(csv.reader(io.StringIO(rows_to_csv([row], period=period).lstrip("\ufeff"))))
    assert rows[2][0] == '\'=HYPERLINK("http://x","点击")'
    assert rows[2][1] == "3" and "" in rows[2]  # numbers and empty figures are unchanged
