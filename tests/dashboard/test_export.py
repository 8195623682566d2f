import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def download(client, user, query="?days=7", name="dashboard:export"):
    client.force_login(user)
    response = client.get(reverse(name) + query)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return response


def table(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    raw = response.content
    assert raw.startswith("\ufeff".encode())  # BOM: Excel opens the Chinese correctly
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def sheet(response) -> list[list]:
    book = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def test_csv_for_a_community_admin_has_only_their_row(client, people, world):
    rows = table(download(client, people["admin_a1"]))
    assert rows[0] == ["统计区间", "2026-12-04", "2026-12-10"]
    assert rows[1] == ["范围", "甲一社区"]
    header, body = rows[2], rows[3:]
    assert header[:3] == ["名称", "诉求数（件）", "已答复/办结（件）"]
    assert [r[0] for r in body] == ["甲一社区"]
    record = dict(zip(header, body[0], strict=True))
    # Rates are percentages in the export as on the page, and the header says so.
    assert record["诉求数（件）"] == "4" and record["诉求按时办结率（%）"] == "50.0"
    assert record["取号数（张）"] == "3" and record["等候时间中位数（分钟）"] == "15.0"
    assert record["场地使用次数（次）"] == "1" and record["走访覆盖率（%）"] != "100.0"


def test_csv_for_a_street_admin_has_each_community(client, people, world):
    rows = table(download(client, people["street_a"]))
    assert [r[0] for r in rows[3:]] == ["甲一社区", "甲二社区"]


def test_csv_of_the_district_has_each_street_and_an_empty_cell_for_no_households(client, people, world):
    rows = table(download(client, people["district"]))
    header = rows[2]
    body = {r[0]: dict(zip(header, r, strict=True)) for r in rows[3:]}
    assert set(body) == {"甲街道", "乙街道"}
    assert body["乙街道"]["走访覆盖率（%）"] == ""  # no households: no rate, never 100


def test_page_csv_and_xlsx_agree(client, people, world):
    client.force_login(people["street_a"])
    page = client.get(reverse("dashboard:overview") + "?days=7").context["rows"]
    csv_rows = table(download(client, people["street_a"]))
    xlsx_rows = sheet(download(client, people["street_a"], name="dashboard:export_xlsx"))
    assert xlsx_rows[2] == csv_rows[2]
    from taijiang.dashboard.exporting import COLUMNS

    for page_row, csv_row, xlsx_row in zip(page, csv_rows[3:], xlsx_rows[3:], strict=True):
        expected = [str(page_row["community"])] + [page_row[key] for key in COLUMNS]
        assert xlsx_row == expected
        assert csv_row == ["" if v is None else str(v) for v in expected]


def test_csv_with_a_bad_period_falls_back(client, people, world):
    rows = table(download(client, people["admin_a1"], "?days=oops"))
    assert rows[0] == ["统计区间", "2026-11-11", "2026-12-10"]


def test_export_of_another_community_is_refused(client, people, world, territory):
    client.force_login(people["admin_a2"])
    for name in ("dashboard:export", "dashboard:export_xlsx"):
        response = client.get(reverse(name) + f"?community={territory['a1'].pk}")
        assert response.status_code == 403
        assert "您只能查看本人管辖范围内的数据看板。" in response.content.decode()


def test_exports_write_formula_like_names_as_text():
    import datetime
    from types import SimpleNamespace

    from taijiang.dashboard.exporting import COLUMNS, rows_to_csv, rows_to_xlsx

    period = SimpleNamespace(date_from=datetime.date(2026, 12, 1), date_to=datetime.date(2026, 12, 7))
    row = dict.fromkeys(COLUMNS, 3) | {"community": '=HYPERLINK("http://x","点击")', "wait_p50": None}
    rows = list(csv.reader(io.StringIO(rows_to_csv([row], period=period).lstrip("\ufeff"))))
    assert rows[3][0] == '\'=HYPERLINK("http://x","点击")'
    assert rows[3][1] == "3" and "" in rows[3]  # numbers and empty figures are unchanged
    book = load_workbook(io.BytesIO(rows_to_xlsx([row], period=period)))
    cell = book.active["A4"]
    assert cell.value == '=HYPERLINK("http://x","点击")' and cell.data_type == "s" and cell.quotePrefix


@pytest.fixture
def items_world(world, territory):
    """On DAY in 甲一社区: 退休认证 has two tickets (one served in 10 minutes after a 10-minute wait,
    one a no-show after 20), 低保申请 one waiting ticket, and one ticket has no item (world's third)."""
    from services.models import QueueTicket
    from tests.services.factories import ItemFactory

    pension, relief = ItemFactory(name="退休认证"), ItemFactory(name="低保申请")
    first, second, third = QueueTicket.objects.filter(centre=world["centre_a1"]).order_by("issued_at")
    QueueTicket.objects.filter(pk__in=[first.pk, second.pk]).update(item=pension)
    QueueTicket.objects.filter(pk=third.pk).update(item=relief)
    return {"pension": pension, "relief": relief}


def test_by_item_table_known_answers_links_and_exports_agree(client, people, items_world):
    client.force_login(people["admin_a1"])
    response = client.get(reverse("dashboard:overview") + "?days=7")
    rows = response.context["figures"]["services"]["by_item"]
    assert [(r["name"], r["tickets"], r["tickets_served"], r["tickets_no_show"], r["avg_wait_minutes"],
             r["avg_service_minutes"]) for r in rows] == [
        ("退休认证", 2, 1, 1, 15.0, 10.0), ("低保申请", 1, 0, 0, None, None)]
    page = response.content.decode()
    assert 'id="dash-items"' in page and "平均等候" in page
    link = rows[0]["href"]
    assert f"item={items_world['pension'].pk}" in link and "from=2026-12-04" in link
    listed = client.get(link)
    assert listed.status_code == 200 and listed.context["page"].paginator.count == 2
    csv_rows = table(download(client, people["admin_a1"], "?days=7&table=items"))
    assert csv_rows[2] == ["事项", "取号数（张）", "办结取号（张）", "过号（张）", "平均等候（分钟）", "平均办理（分钟）"]
    assert csv_rows[3:] == [["退休认证", "2", "1", "1", "15.0", "10.0"], ["低保申请", "1", "0", "0", "", ""]]
    xlsx = sheet(download(client, people["admin_a1"], "?days=7&table=items", name="dashboard:export_xlsx"))
    assert xlsx[2][0] == "事项" and xlsx[3:] == [["退休认证", 2, 1, 1, 15.0, 10.0], ["低保申请", 1, 0, 0, None, None]]


def test_ticket_list_item_filter_only_narrows_the_scope(client, people, items_world, world):
    from services.models import QueueTicket

    QueueTicket.objects.filter(centre=world["centre_a2"]).update(item=items_world["pension"])
    client.force_login(people["admin_a1"])
    response = client.get(f"/services/queue/tickets/?item={items_world['pension'].pk}&community={world['centre_a2'].community_id}")
    assert response.status_code == 200 and response.context["page"].paginator.count == 0
