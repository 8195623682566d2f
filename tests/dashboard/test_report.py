"""The monthly report: printable page and PDF with server-drawn SVG charts, and its notification to
street admins on the first working day of the month (through the outbox, once)."""

import datetime

import pytest
from django.urls import reverse

from taijiang.dashboard.report import bar_svg, parse_month
from taijiang.dashboard.services import first_working_day, send_monthly_reports
from taijiang.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_report_page_shows_the_month_of_the_street(client, people, world, territory):
    client.force_login(people["street_a"])
    response = client.get(reverse("dashboard:report") + "?month=2026-12")
    assert response.status_code == 200
    assert response.context["period"].date_from == datetime.date(2026, 12, 1)
    assert response.context["figures"]["appeals"]["total"] == 5
    body = response.content.decode()
    assert "<svg" in body and "甲街道" in body and "<script" not in body.split("<main")[-1].split("</main>")[0]


@pytest.mark.pdf
def test_report_pdf_renders(client, people, world):
    client.force_login(people["admin_a1"])
    response = client.get(reverse("dashboard:report_pdf") + "?month=2026-12")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_without_pango_the_pdf_link_says_so_and_points_to_the_printable_page(client, people, world, monkeypatch):
    from taijiang.dashboard import report

    def missing(*args, **kwargs):
        raise report.PdfUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(report, "render_pdf", missing)
    client.force_login(people["admin_a1"])
    response = client.get(reverse("dashboard:report_pdf") + "?month=2026-12")
    assert response.status_code == 503
    body = response.content.decode()
    assert "暂不能生成 PDF" in body and reverse("dashboard:report") + "?month=2026-12" in body


def test_report_of_another_community_is_refused(client, people, world, territory):
    client.force_login(people["admin_a2"])
    for name in ("dashboard:report", "dashboard:report_pdf"):
        response = client.get(reverse(name) + f"?community={territory['a1'].pk}")
        assert response.status_code == 403
        assert "您只能查看本人管辖范围内的数据看板。" in response.content.decode()


def test_bad_or_future_month_falls_back_to_last_month():
    today = datetime.date(2026, 12, 10)
    for value in ("2026-13", "abc", "2027-01", None, "2026-1"):
        assert parse_month(value, today) == datetime.date(2026, 11, 1)
    assert parse_month("2026-10", today) == datetime.date(2026, 10, 1)


def test_svg_escapes_its_labels():
    svg = str(bar_svg(["<b>&"], [3]))
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg and svg.startswith("<svg")


def test_first_working_day_skips_weekends_and_holidays(db):
    from taijiang.workdays.models import CalendarDay

    assert first_working_day(datetime.date(2026, 11, 15)) == datetime.date(2026, 11, 2)  # Nov 1 is a Sunday
    CalendarDay.objects.create(date=datetime.date(2026, 12, 1), kind="holiday", name="测试假日")
    assert first_working_day(datetime.date(2026, 12, 20)) == datetime.date(2026, 12, 2)


def test_street_admins_are_told_once_on_the_first_working_day(people, world, territory, django_capture_on_commit_callbacks):
    assert send_monthly_reports(today=datetime.date(2026, 12, 2)) == 0  # not the first working day
    with django_capture_on_commit_callbacks(execute=True):
        assert send_monthly_reports(today=datetime.date(2026, 12, 1)) == 2
        send_monthly_reports(today=datetime.date(2026, 12, 1))  # a restarted beat: no second message
    notes = Notification.objects.filter(event="dashboard.monthly_report").order_by("recipient_id")
    assert [n.recipient for n in notes] == [people["street_a"], people["street_b"]]
    assert notes[0].link == f"{reverse('dashboard:report')}?street={territory['street_a'].pk}&month=2026-11"
    assert "2026-11" in notes[0].title
