"""Pages and API: scoping, the wrong role refused with the message, bad input answered with 400."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from grid.models import CentreClosure, OpeningPeriod
from rota.models import Absence, RotaStatus, ShiftKind, SwapRequest
from tests import factories

from . import factories as rf

DAY = datetime.date(2026, 12, 14)


@pytest.fixture
def month(fuxiang, time_machine):
    time_machine.move_to(rf.at(datetime.date(2026, 12, 1), 9))
    w = fuxiang["workers"]
    rota = rf.published_rota(fuxiang["community"], DAY, [
        (w[1], rf.at(DAY, 8, 30), rf.at(DAY, 12), ShiftKind.REGULAR),
        (w[2], rf.at(DAY, 14), rf.at(DAY, 17, 30), ShiftKind.REGULAR),
    ])
    return {"rota": rota, "admin": w[0].user, **fuxiang}


def _api(user=None):
    client = APIClient()
    if user:
        client.force_authenticate(user)
    return client


def test_admin_sees_the_month_worker_sees_only_own_shifts(client, month):
    url = reverse("rota:month", args=[month["rota"].pk])
    client.force_login(month["admin"])
    page = client.get(url).content.decode()
    assert str(month["workers"][1]) in page and str(month["workers"][2]) in page
    client.force_login(month["workers"][1].user)
    page = client.get(url).content.decode()
    assert str(month["workers"][1]) in page and str(month["workers"][2]) not in page


def test_other_communitys_rota_is_404(client, month):
    client.force_login(factories.community_admin(month["a2"]))
    assert client.get(reverse("rota:month", args=[month["rota"].pk])).status_code == 404
    client.force_login(factories.window_staff(month["a2"]))
    assert client.get(reverse("rota:month", args=[month["rota"].pk])).status_code == 404
    client.force_login(factories.street_admin(month["street_b"]))
    assert client.get(reverse("rota:month", args=[month["rota"].pk])).status_code == 404


def test_a_workers_draft_month_is_404(client, month):
    month["rota"].status = RotaStatus.DRAFT
    month["rota"].save()
    client.force_login(month["workers"][1].user)
    assert client.get(reverse("rota:month", args=[month["rota"].pk])).status_code == 404


@pytest.mark.parametrize("name", ["rota:index", "rota:hours", "rota:workers"])
def test_wrong_role_is_refused_with_the_message(client, month, name):
    client.force_login(month["workers"][1].user)
    response = client.get(reverse(name))
    assert response.status_code == 403
    assert "只有本社区的管理员可以编排班表和开放时间" in response.content.decode()


def test_a_worker_posting_an_admin_action_is_refused(client, month):
    client.force_login(month["workers"][1].user)
    response = client.post(reverse("rota:month", args=[month["rota"].pk]), {"action": "publish"})
    assert response.status_code == 403
    assert "只有本社区的管理员可以编排班表和开放时间" in response.content.decode()


def test_resident_is_refused_my_shifts_with_the_message(client, month):
    client.force_login(factories.resident(community=month["community"]))
    response = client.get(reverse("rota:my_shifts"))
    assert response.status_code == 403 and "排班表仅供本社区工作人员和管理员查看" in response.content.decode()


def test_unknown_action_and_bad_ids_are_404_not_500(client, month):
    client.force_login(month["admin"])
    url = reverse("rota:month", args=[month["rota"].pk])
    assert client.post(url, {"action": "explode"}).status_code == 404
    assert client.post(url, {"action": "approve_swap", "swap": "abc"}).status_code == 404
    assert client.post(reverse("rota:hours"), {"action": "delete_period", "pk": "x"}).status_code == 404
    assert client.get(reverse("rota:hours"), {"community": "abc"}).status_code == 200  # falls back to own
    assert client.get(reverse("rota:hours"), {"community": month["a2"].pk}).status_code == 404


def test_publish_through_the_page_action_table(client, month):
    month["rota"].status = RotaStatus.DRAFT
    month["rota"].save()
    client.force_login(month["admin"])
    response = client.post(reverse("rota:month", args=[month["rota"].pk]), {"action": "publish"}, follow=True)
    assert "排班已发布" in response.content.decode()
    response = client.post(reverse("rota:month", args=[month["rota"].pk]), {"action": "publish"}, follow=True)
    assert "不能从“已发布”变为“已发布”" in response.content.decode()


def test_manual_shift_form_keeps_input_and_shows_the_refusal(client, month):
    month["rota"].status = RotaStatus.DRAFT
    month["rota"].save()
    client.force_login(month["admin"])
    response = client.post(reverse("rota:month", args=[month["rota"].pk]), {
        "action": "add_shift", "worker": month["workers"][1].pk, "day": "2026-12-14", "starts": "09:00",
        "ends": "10:00", "kind": "regular"})
    assert response.status_code == 200
    assert "在该时间已有班次" in response.content.decode() and 'value="2026-12-14"' in response.content.decode()


def test_worker_requests_a_swap_on_the_phone_page(client, month):
    client.force_login(month["workers"][1].user)
    shift = month["rota"].shifts.get(worker=month["workers"][1])
    response = client.post(reverse("rota:my_shifts"), {"action": "swap", "shift": shift.pk,
                                                       "take_over_by": month["workers"][3].pk, "reason": "就医"})
    assert response.status_code == 302 and SwapRequest.objects.get().take_over_by == month["workers"][3]
    # someone else's shift is not theirs to swap
    other = month["rota"].shifts.get(worker=month["workers"][2])
    assert client.post(reverse("rota:my_shifts"), {"action": "swap", "shift": other.pk,
                                                   "take_over_by": month["workers"][3].pk, "reason": "x"}
                       ).status_code == 404


def test_ical_feed_has_only_own_published_shifts_and_regenerating_kills_the_old_url(client, month):
    user = month["workers"][1].user
    client.force_login(user)
    page = client.get(reverse("rota:my_shifts")).content.decode()
    token = user.rota_feed.token
    assert f"/rota/feeds/{token}.ics" in page
    client.logout()
    body = client.get(reverse("rota:feed", args=[token])).content.decode()
    assert body.count("BEGIN:VEVENT") == 1 and "正常班" in body
    client.force_login(user)
    client.post(reverse("rota:feed_regenerate"))
    assert client.get(reverse("rota:feed", args=[token])).status_code == 404


def test_print_and_xlsx_export(client, month):
    client.force_login(month["admin"])
    assert "排班表" in client.get(reverse("rota:print", args=[month["rota"].pk])).content.decode()
    response = client.get(reverse("rota:export", args=[month["rota"].pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "日期" and len(rows) == 3 and rows[1][4] == str(month["workers"][1])
    client.force_login(month["workers"][1].user)
    assert client.get(reverse("rota:export", args=[month["rota"].pk])).status_code == 403


def test_hours_editor_adds_periods_and_closures_and_refuses_bad_ones(client, month):
    client.force_login(month["admin"])
    url = reverse("rota:hours")
    response = client.post(url, {"action": "period", "period-kind": "holiday_duty", "period-weekday": "2",
                                 "period-opens": "09:00", "period-closes": "12:00"})
    assert "节假日值班时段不填星期" in response.content.decode()
    response = client.post(url, {"action": "period", "period-kind": "extended", "period-weekday": "2",
                                 "period-opens": "19:30", "period-closes": "21:00"})
    assert response.status_code == 302
    assert OpeningPeriod.objects.filter(centre=month["centre"], kind="extended", weekday=2).exists()
    response = client.post(url, {"action": "period", "period-kind": "regular", "period-weekday": "0",
                                 "period-opens": "09:00", "period-closes": "10:00"})
    assert "与同一天已有的开放时段重叠" in response.content.decode()
    response = client.post(url, {"action": "closure", "closure-first_day": "2026-12-20",
                                 "closure-last_day": "2026-12-19", "closure-reason": "装修"})
    assert "结束日期不能早于起始日期" in response.content.decode()
    client.post(url, {"action": "closure", "closure-first_day": "2026-12-20", "closure-last_day": "2026-12-21",
                      "closure-reason": "装修"})
    assert CentreClosure.objects.filter(centre=month["centre"], reason="装修").exists()


def test_workers_page_registers_leave_and_flags(client, month):
    client.force_login(month["admin"])
    url = reverse("rota:workers")
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "absence", "absence-worker": month["workers"][2].pk,
                                 "absence-kind": "leave", "absence-first_day": "2026-12-20"})
    assert "请假须填写起止日期" in response.content.decode()
    client.post(url, {"action": "absence", "absence-worker": month["workers"][2].pk, "absence-kind": "leave",
                      "absence-first_day": "2026-12-20", "absence-last_day": "2026-12-22"})
    assert Absence.objects.filter(worker=month["workers"][2]).exists()
    client.post(url, {"action": "worker", "user": month["workers"][6].user_id, "window_qualified": "on",
                      "active": "on"})
    month["workers"][6].refresh_from_db()
    assert month["workers"][6].window_qualified


# --- API ------------------------------------------------------------------------------------

def test_api_shifts_admin_sees_all_worker_sees_own(month):
    params = {"community": month["community"].pk, "month": "2026-12"}
    data = _api(month["admin"]).get(reverse("api-rota-shifts"), params).json()
    assert len(data["shifts"]) == 2 and data["status"] == "published"
    data = _api(month["workers"][1].user).get(reverse("api-rota-shifts"), params).json()
    assert [s["worker_id"] for s in data["shifts"]] == [month["workers"][1].user_id]


def test_api_shifts_of_another_community_is_404(month):
    params = {"community": month["community"].pk, "month": "2026-12"}
    assert _api(factories.community_admin(month["a2"])).get(reverse("api-rota-shifts"), params).status_code == 404
    assert _api().get(reverse("api-rota-shifts"), params).status_code in (401, 403)


@pytest.mark.parametrize("params", [
    {"community": "abc", "month": "2026-12"}, {"month": "2026-12"}, {"community": "1", "month": "2026-13"},
    {"community": "1", "month": "December"}, {"community": "1"}, {"community": "1", "month": "2026-1"},
])
def test_api_shifts_bad_input_is_400(month, params):
    response = _api(month["admin"]).get(reverse("api-rota-shifts"), params)
    assert response.status_code == 400


def test_api_coverage_names_who_covers_each_period(month):
    data = _api(month["admin"]).get(reverse("api-rota-coverage"),
                                    {"centre": month["centre"].pk, "date": "2026-12-14"}).json()
    assert data["published"] is True
    covered = {p["opens"]: p["covered"] for p in data["periods"]}
    assert covered == {"07:30": False, "08:30": True, "14:00": True, "17:30": False}


@pytest.mark.parametrize("params", [
    {"centre": "1", "date": "2026-02-30"}, {"centre": "x", "date": "2026-12-14"}, {"date": "2026-12-14"},
    {"centre": "1"}, {"centre": "-3", "date": "2026-12-14"},
])
def test_api_coverage_bad_input_is_400(month, params):
    assert _api(month["admin"]).get(reverse("api-rota-coverage"), params).status_code == 400


def test_api_coverage_outside_scope_is_404(month):
    response = _api(factories.community_admin(month["a2"])).get(
        reverse("api-rota-coverage"), {"centre": month["centre"].pk, "date": "2026-12-14"})
    assert response.status_code == 404


def test_api_coverage_is_refused_to_workers_with_the_message(month):
    response = _api(month["workers"][1].user).get(
        reverse("api-rota-coverage"), {"centre": month["centre"].pk, "date": "2026-12-14"})
    assert response.status_code == 403
    assert "只有本社区的管理员可以编排班表和开放时间" in response.json()["detail"]


def test_generating_a_month_from_the_page_shows_the_uncovered_periods(client, fuxiang, time_machine):
    time_machine.move_to(rf.at(datetime.date(2026, 9, 1), 9))
    for worker in fuxiang["workers"]:
        if worker.window_qualified:
            Absence.objects.create(worker=worker, kind="leave", first_day=datetime.date(2026, 10, 14),
                                   last_day=datetime.date(2026, 10, 14))
    client.force_login(fuxiang["workers"][0].user)
    response = client.post(reverse("rota:index"), {"month": "2026-10"}, follow=True)
    page = response.content.decode()
    assert "已生成排班草稿" in page and "以下时段无人覆盖" in page
    assert "2026-10-14 07:30–08:30" in page and "5 名窗口人员请假" in page
    response = client.post(reverse("rota:index"), {"month": "October"})
    assert response.status_code == 200 and "月份格式应为 YYYY-MM" in response.content.decode()
