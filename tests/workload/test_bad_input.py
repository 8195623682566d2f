"""Bad input on every page: a clear 400 / field error or a 404, never a 500."""

import pytest
from django.urls import reverse

from workload.models import Application, Refusal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("who", "url", "params"), [
    ("district", "workload:tasks", {"task_list": "zzz", "status": "x", "page": "-1"}),
    ("district", "workload:tasks", {"page": "99999999999999999999"}),
    ("district", "workload:applications", {"status": "bogus", "page": "abc"}),
    ("district", "workload:overview", {"month": "2026-13"}),
    ("district", "workload:ledgers", {"community": "abc"}),
    ("district", "workload:refusals", {"page": "x"}),
])
def test_bad_query_strings_still_render(client, people, who, url, params):
    client.force_login(people[who])
    assert client.get(reverse(url), params).status_code == 200


@pytest.mark.parametrize(("who", "url", "data"), [
    ("cg", "workload:application_create", {}),
    ("cg", "workload:application_create", {"title": "x", "task_list": "duty", "legal_basis": "x",
                                           "hours_per_month": "abc", "resources_offered": "x", "start_date": "x"}),
    ("community_a1", "workload:refusal_create", {"department": "999999", "pushed_on": "2026-99-01"}),
    ("community_a1", "workload:ledgers", {"community": "abc", "name": ""}),
    ("district", "workload:lists", {"community": "999999"}),
])
def test_bad_forms_are_400_with_field_errors(client, people, who, url, data):
    client.force_login(people[who])
    response = client.post(reverse(url), data)
    assert response.status_code == 400
    assert "invalid-feedback" in response.content.decode() or "alert" in response.content.decode()


def test_too_short_notice_keeps_what_was_typed(client, people, today):
    client.force_login(people["cg"])
    response = client.post(reverse("workload:application_create"), {
        "title": "我填写的事项", "task_list": "duty", "legal_basis": "依据", "hours_per_month": 3,
        "resources_offered": "经费", "start_date": today.isoformat()})
    page = response.content.decode()
    assert response.status_code == 400 and "须至少提前 30 个工作日申请" in page and "我填写的事项" in page
    assert not Application.objects.exists()


def test_unknown_action_and_missing_rows_are_404(client, people, application):
    client.force_login(people["district"])
    assert client.post(reverse("workload:application_act", args=[application.pk, "explode"])).status_code == 404
    assert client.post(reverse("workload:application_act", args=[999999, "decide"])).status_code == 404
    assert client.get(reverse("workload:task_detail", args=[999999])).status_code == 404
    assert client.post(reverse("workload:ledger_cut", args=[999999]), {"status": "abolished"}).status_code == 404


def test_page_actions_refused_say_why(client, people, application):
    client.force_login(people["district"])
    response = client.post(reverse("workload:application_act", args=[application.pk, "decide"]),
                           {"admit": "1", "reason": "我的理由"})
    page = response.content.decode()
    assert response.status_code == 409 and "不能从“待街道审核”变为“已准入”。" in page
    response = client.post(reverse("workload:application_act", args=[application.pk, "decide"]), {"admit": "1"})
    assert response.status_code == 400


def test_page_flow_review_decide_and_refusal(client, people, application, departments, today):
    client.force_login(people["street_a"])
    response = client.post(reverse("workload:application_act", args=[application.pk, "review"]),
                           {"agrees": "1", "opinion": "同意"})
    assert response.status_code == 302
    client.force_login(people["district"])
    response = client.post(reverse("workload:application_act", args=[application.pk, "decide"]),
                           {"admit": "1", "reason": "准入"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "admitted"
    client.force_login(people["community_a1"])
    response = client.post(reverse("workload:refusal_create"), {
        "department": departments["tj"].pk, "what": "月报", "pushed_on": today.isoformat(), "channel": "phone",
        "reason": "未经准入"})
    refusal = Refusal.objects.get()
    assert response.status_code == 302 and refusal.status == "refused"
    client.force_login(people["tj"])
    response = client.post(reverse("workload:refusal_act", args=[refusal.pk, "acknowledge"]), {"note": "撤回"})
    assert response.status_code == 302
    response = client.post(reverse("workload:refusal_act", args=[refusal.pk, "acknowledge"]), {"note": "再"})
    assert response.status_code == 409 or response.status_code == 403
