"""Page journeys through the Django test client, permissions on pages, query budgets."""

import pytest
from django.urls import reverse

from grid.models import Visit
from services import services
from services.models import QueueTicket, ServiceRequest
from tests.factories import ServiceCentreFactory
from tests.services.factories import ItemFactory, not_a_file, pdf, png, registry_resident

pytestmark = pytest.mark.django_db


def test_catalogue_is_public_searchable_and_printable(client, item):
    ItemFactory(code="jr-x", name="退役军人信息采集", group="veterans")
    page = client.get(reverse("services:catalogue"), {"q": "高龄"}).content.decode()
    assert "高龄补贴" in page and "退役军人信息采集" not in page
    page = client.get(reverse("services:catalogue"), {"group": "veterans"}).content.decode()
    assert "退役军人信息采集" in page and "高龄补贴" not in page
    detail = client.get(reverse("services:item_detail", args=["mz-test"])).content.decode()
    assert "户口簿" in detail and "data-print" in detail and "材料清单" in detail


def test_draft_item_is_hidden_from_the_public(client, db):
    ItemFactory(code="draft-x", status="draft")
    assert client.get(reverse("services:item_detail", args=["draft-x"])).status_code == 404


def test_resident_journey_apply_missing_notice_supplement_timeline(client, item, people):
    resident, staff = people["resident"], people["window"]
    client.force_login(resident)
    assert "网上预申请" in client.get(reverse("services:item_detail", args=["mz-test"])).content.decode()
    materials = list(item.materials.all())
    response = client.post(reverse("services:request_create", args=["mz-test"]), {
        "applicant_phone": "13812345678", "description": "母亲满 80 岁",
        f"material_{materials[0].pk}": png("身份证.png"), f"material_{materials[1].pk}": pdf("户口簿.pdf"),
    })
    request = ServiceRequest.objects.get()
    assert response.status_code == 302 and response.url == reverse("services:request_detail", args=[request.pk])
    assert request.attachments.count() == 2

    client.force_login(staff)
    client.post(reverse("services:request_action", args=[request.pk, "review"]))
    client.post(reverse("services:request_action", args=[request.pk, "missing"]),
                {"materials": ["照片"], "other": "收入证明、结婚证", "note": "照片须白底"})
    request.refresh_from_db()
    assert request.status == "materials_missing" and request.missing_materials == ["照片", "收入证明", "结婚证"]

    client.force_login(resident)
    page = client.get(reverse("services:request_detail", args=[request.pk])).content.decode()
    assert "请一次补齐以下材料" in page and "收入证明" in page and "结婚证" in page
    photo = next(m for m in materials if m.name == "照片")
    client.post(reverse("services:request_action", args=[request.pk, "supplement"]),
                {f"material_{photo.pk}": png("照片.png"), "other_file": pdf("收入证明.pdf")})
    request.refresh_from_db()
    assert request.status == "pre_review" and request.attachments.count() == 4
    page = client.get(reverse("services:request_detail", args=[request.pk])).content.decode()
    for title in ("提交申请", "开始预审", "一次性告知补正材料", "已补正材料"):
        assert title in page
    attachment = request.attachments.first()
    assert client.get(reverse("services:attachment", args=[request.pk, attachment.pk])).status_code == 200


def test_bad_upload_keeps_the_form_and_names_the_refused_file(client, item, people):
    client.force_login(people["resident"])
    material = item.materials.first()
    response = client.post(reverse("services:request_create", args=["mz-test"]), {
        "description": "请保留这段文字", f"material_{material.pk}": not_a_file("病毒.png"), "other_file": png(),
    })
    page = response.content.decode()
    assert response.status_code == 200 and not ServiceRequest.objects.exists()
    assert "请保留这段文字" in page and "病毒.png" in page and "既不是图片也不是 PDF" in page


def test_another_resident_gets_404_and_anonymous_goes_to_login(client, item, people, territory):
    request = services.request_submit(item=item, actor=people["resident"], applicant=people["resident"],
                                      community=territory["a1"])
    url = reverse("services:request_detail", args=[request.pk])
    assert client.get(url).status_code == 302
    client.force_login(people["other_resident"])
    assert client.get(url).status_code == 404
    assert client.post(reverse("services:request_action", args=[request.pk, "withdraw"])).status_code == 404
    client.force_login(people["window_a2"])
    assert client.get(url).status_code == 404


def test_window_journey_issue_call_complete(client, hall, people, item):
    staff = people["window"]
    for _ in range(3):
        client.post(reverse("services:kiosk", args=[hall["centre"].pk]), {"item": item.pk})
    assert QueueTicket.objects.count() == 3
    client.force_login(staff)
    page = client.get(reverse("services:console"), {"window": hall["w1"].pk}).content.decode()
    assert "A001" in page and "叫下一位" in page
    panel = client.post(reverse("services:window_action", args=[hall["w1"].pk, "call-next"]),
                        HTTP_HX_REQUEST="true").content.decode()
    assert "A001" in panel and "办结" in panel
    ticket = QueueTicket.objects.get(number="A001")
    panel = client.post(reverse("services:ticket_action", args=[ticket.pk, "complete"]),
                        {"window": hall["w1"].pk, "items": [item.pk], "applicant_name": "王先生"},
                        HTTP_HX_REQUEST="true").content.decode()
    ticket.refresh_from_db()
    assert ticket.status == "completed" and "A001 号已办结" in panel
    assert ticket.requests.get().applicant_name == "王先生"
    waiting = client.get(reverse("services:console_waiting")).content.decode()
    assert "A002" in waiting and "A001" not in waiting


def test_console_messages_for_closed_window_and_other_window(client, hall, people):
    staff = people["window"]
    services.ticket_issue(centre=hall["centre"])
    ticket = services.ticket_call_next(window=hall["w1"], actor=staff)
    client.force_login(staff)
    panel = client.post(reverse("services:ticket_action", args=[ticket.pk, "complete"]), {"window": hall["w2"].pk},
                        HTTP_HX_REQUEST="true").content.decode()
    assert "正由 1 号窗口" in panel
    hall["w2"].is_open = False
    hall["w2"].save()
    panel = client.post(reverse("services:window_action", args=[hall["w2"].pk, "call-next"]),
                        HTTP_HX_REQUEST="true").content.decode()
    assert "未开启" in panel


def test_wrong_roles_are_refused_with_a_message(client, hall, people, territory):
    client.force_login(people["resident"])
    response = client.get(reverse("services:console"))
    assert response.status_code == 403 and "叫号台仅供窗口人员使用" in response.content.decode()
    client.force_login(people["window"])
    response = client.get(reverse("services:holidays"))
    assert response.status_code == 403 and "节假日" in response.content.decode()
    response = client.get(reverse("services:manage"))
    assert response.status_code == 403 and "只有区级管理员可以修改和发布" in response.content.decode()
    response = client.get(reverse("services:figures"))
    assert response.status_code == 403
    client.force_login(people["window_a2"])
    response = client.get(reverse("services:console"))
    assert response.status_code == 403 and "没有所属社区中心" in response.content.decode()
    ServiceCentreFactory(community=territory["a2"])
    assert client.get(reverse("services:console"), {"window": hall["w1"].pk}).status_code == 404
    assert client.post(reverse("services:window_action", args=[hall["w1"].pk, "call-next"])).status_code == 404


def test_grid_worker_journey_from_a_visit(client, item, people, territory):
    worker, staff = people["grid_worker"], people["window"]
    person = registry_resident(territory["b_g1"])
    visit = Visit.objects.create(household=person.household, worker=worker)
    client.force_login(worker)
    url = reverse("services:request_create_for_resident") + f"?resident={person.pk}&visit={visit.pk}&proxy=1"
    page = client.get(url).content.decode()
    assert "张阿公" in page and "来自" in page
    assert "139****2222" in page and "13911112222" not in page  # the registry phone stays masked
    response = client.post(url, {"item_choice": item.pk, "is_proxy": "on", "consent_by": "张阿公",
                                 "consent_method": "in_person", "assign_to_me": "on", "description": "行动不便",
                                 "other_file": png()})
    request = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert request.source_visit == visit and request.registry_resident == person and request.assignee == worker
    assert request.grid == territory["g1"] and request.is_proxy and request.applicant_phone == "13911112222"
    assert request in client.get(reverse("services:proxy_tasks")).context["tasks"]
    detail = client.get(reverse("services:request_detail", args=[request.pk])).content.decode()
    assert "来自走访" in detail
    client.post(reverse("services:request_action", args=[request.pk, "handling"]))
    client.force_login(staff)
    for action in ("review", "accept"):
        client.post(reverse("services:request_action", args=[request.pk, action]))
    client.post(reverse("services:request_action", args=[request.pk, "complete"]), {"result": "已办结"})
    client.force_login(worker)
    for action in ("replied", "handed_over"):
        client.post(reverse("services:request_action", args=[request.pk, action]))
    client.post(reverse("services:request_action", args=[request.pk, "confirm"]), {"confirmed_by_name": "张阿公"})
    request.refresh_from_db()
    assert request.status == "completed" and request.proxy_status == "confirmed"
    assert request not in client.get(reverse("services:proxy_tasks")).context["tasks"]


def test_grid_worker_of_another_grid_gets_404_and_resident_403(client, people, territory):
    person = registry_resident(territory["b_g1"])
    url = reverse("services:request_create_for_resident") + f"?resident={person.pk}"
    client.force_login(people["grid_worker_g3"])
    assert client.get(url).status_code == 404
    client.force_login(people["resident"])
    response = client.get(url)
    assert response.status_code == 403 and "网格员" in response.content.decode()


def test_hall_display_kiosk_and_ticket_status(client, hall, people):
    response = client.post(reverse("services:kiosk", args=[hall["centre"].pk]), {"item": ""})
    assert response.status_code == 302
    services.ticket_issue(centre=hall["centre"])
    page = client.get(response.url).content.decode()
    assert "A001" in page and "前面还有 0 人" in page
    client2_ticket = QueueTicket.objects.get(number="A002")
    from services.views.queue import ticket_url

    assert "前面还有 1 人" in client.get(ticket_url(client2_ticket)).content.decode()
    services.ticket_call_next(window=hall["w1"], actor=people["window"])
    board = client.get(reverse("services:display_board", args=[hall["centre"].pk])).content.decode()
    assert "A001" in board and "1 号窗口" in board and "A002" in board
    assert "speechSynthesis" not in client.get(reverse("services:display", args=[hall["centre"].pk])).content.decode()
    assert client.get(reverse("services:ticket_status", args=["forged"])).status_code == 404


def test_admin_pages_publish_holidays_admission(client, people, item):
    from services.models import ApprovalStep

    client.force_login(people["district"])
    assert client.get(reverse("services:manage")).status_code == 200
    response = client.post(reverse("services:item_create"), {
        "code": "new-x", "name": "新事项", "group": "other", "level": "community", "accepting_place": "综合窗口",
        "promised_days": 3, "legal_days": 5, "fee": "不收费", "order": 1,
        "materials-TOTAL_FORMS": 1, "materials-INITIAL_FORMS": 0, "materials-0-name": "身份证",
        "materials-0-form": "original", "materials-0-copies": 1, "materials-0-order": 0,
    })
    assert response.status_code == 302
    client.post(reverse("services:publish"), {"note": "第二版"})
    assert "new-x" in client.get(reverse("services:version_detail", args=[1])).content.decode()
    ApprovalStep.objects.create(order=1, label="区级审批", role="district_admin")
    client.force_login(people["street_admin"])
    response = client.post(reverse("services:admission_propose"), {
        "title": "文明城市创建督导", "group": "other", "description": "入户宣传", "reason": "阶段性任务"})
    assert response.status_code == 302
    client.force_login(people["district"])
    client.post(reverse("services:holidays"), {"date": "2026-12-31", "kind": "holiday", "name": "测试"})
    client.force_login(people["community_admin"])
    assert "测试" in client.get(reverse("services:holidays")).content.decode()
    assert "文明城市创建督导" in client.get(reverse("services:admission_list")).content.decode()


@pytest.mark.parametrize("role", ["community_admin", "street_admin"])
def test_street_admin_cannot_edit_or_publish_the_district_catalogue_pages(client, people, item, role):
    client.force_login(people[role])
    refused = [client.get(reverse("services:manage")), client.get(reverse("services:item_edit", args=[item.code])),
               client.post(reverse("services:item_status", args=[item.code]), {"status": "suspended"}),
               client.post(reverse("services:publish"), {"note": "x"})]
    for response in refused:
        assert response.status_code == 403
        assert "事项清单全区通用，只有区级管理员可以修改和发布" in response.content.decode()
    item.refresh_from_db()
    assert item.status != "suspended"


@pytest.mark.parametrize("role", ["community_admin", "street_admin"])
def test_holiday_page_is_read_only_below_the_district(client, people, role):
    from taijiang.workdays.models import CalendarDay

    day = CalendarDay.objects.create(date="2026-10-01", kind="holiday", name="国庆节")
    client.force_login(people[role])
    page = client.get(reverse("services:holidays"))
    assert page.status_code == 200 and "国庆节" in page.content.decode()
    assert 'name="delete"' not in page.content.decode() and "由区级管理员维护" in page.content.decode()
    for data in ({"date": "2026-12-31", "kind": "holiday", "name": "测试"}, {"delete": day.pk}):
        response = client.post(reverse("services:holidays"), data)
        assert response.status_code == 403
        assert "节假日日历全区通用，只有区级管理员可以修改" in response.content.decode()
    assert list(CalendarDay.objects.values_list("name", flat=True)) == ["国庆节"]


def test_district_admin_deletes_a_holiday_on_the_page(client, people):
    from taijiang.workdays.models import CalendarDay

    day = CalendarDay.objects.create(date="2026-10-01", kind="holiday", name="国庆节")
    client.force_login(people["district"])
    assert 'name="delete"' in client.get(reverse("services:holidays")).content.decode()
    assert client.post(reverse("services:holidays"), {"delete": day.pk}).status_code == 302
    assert not CalendarDay.objects.exists()


def test_appointment_pages(client, hall, people, item, time_machine):
    import datetime

    from django.utils import timezone

    from grid.models import OpeningPeriod

    time_machine.move_to(datetime.datetime(2026, 12, 4, 10, 0, tzinfo=timezone.get_current_timezone()))
    OpeningPeriod.objects.create(centre=hall["centre"], weekday=0, opens=datetime.time(9, 0),
                                 closes=datetime.time(10, 0))
    client.force_login(people["resident"])
    page = client.get(reverse("services:appointment_book"), {"day": "2026-12-07"})
    slots = page.context["slots"]
    assert len(slots) == 2
    client.post(reverse("services:appointment_book") + "?day=2026-12-07", {"item": item.pk, "slot": slots[0].pk})
    page = client.get(reverse("services:appointment_list")).content.decode()
    assert "2026-12-07 09:00" in page and item.name in page


def test_figures_page_for_admins(client, people):
    client.force_login(people["community_admin"])
    assert "一窗服务统计" in client.get(reverse("services:figures")).content.decode()


def test_home_cards_and_mine(client, hall, people, item, territory):
    services.ticket_issue(centre=hall["centre"])
    services.request_submit(item=item, actor=people["resident"], applicant=people["resident"],
                            community=territory["a1"])
    client.force_login(people["window"])
    assert "等候中的号" in client.get("/").content.decode()
    client.force_login(people["resident"])
    assert "办理中的办件" in client.get("/").content.decode()
    assert "高龄补贴" in client.get("/me/mine/").content.decode()


# --- query budgets ----------------------------------------------------------------------

@pytest.mark.parametrize("rows", [1, 50])
def test_console_query_budget(client, hall, people, rows, django_assert_max_num_queries):
    for _ in range(rows):
        services.ticket_issue(centre=hall["centre"], item=ItemFactory(materials=[]))
    # A ticket at the window: the panel lists every active item (with its 即办 badge) to pick from.
    services.window_set_open(window=hall["w1"], actor=people["window"], is_open=True)
    assert services.ticket_call_next(window=hall["w1"], actor=people["window"]) is not None
    client.force_login(people["window"])
    with django_assert_max_num_queries(14):
        assert client.get(reverse("services:console"), {"window": hall["w1"].pk}).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("services:console_waiting")).status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_request_list_query_budget(client, people, territory, rows, django_assert_max_num_queries):
    item = ItemFactory(materials=[])
    for _ in range(rows):
        services.request_submit(item=item, actor=people["resident"], applicant=people["resident"],
                                community=territory["a1"], is_proxy=True, consent_by="x", consent_method="phone")
    for user in (people["resident"], people["window"]):
        client.force_login(user)
        with django_assert_max_num_queries(9):
            assert client.get(reverse("services:request_list")).status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_catalogue_query_budget(client, rows, django_assert_max_num_queries, db):
    for _ in range(rows):
        ItemFactory()
    with django_assert_max_num_queries(4):
        assert client.get(reverse("services:catalogue")).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/catalogue/items/").status_code == 200


def test_every_page_renders_for_its_role(client, hall, people, item, territory):
    from services.models import AdmissionProposal, ApprovalStep

    services.catalogue_publish(actor=people["district"])
    step = ApprovalStep.objects.create(order=1, label="区级审批", role="district_admin")
    proposal = AdmissionProposal.objects.create(street=territory["street_a"], title="督导", description="x", reason="y",
                                                proposed_by=people["street_admin"], next_step=step)
    checks = {
        None: [reverse("services:catalogue"), reverse("services:versions"), reverse("services:version_detail", args=[1]),
               reverse("services:display", args=[hall["centre"].pk]), reverse("services:kiosk", args=[hall["centre"].pk])],
        "resident": [reverse("services:request_list"), reverse("services:appointment_list"),
                     reverse("services:appointment_book"), reverse("services:my_tickets"),
                     reverse("services:request_create", args=["mz-test"])],
        "window": [reverse("services:request_list") + "?status=submitted&q=FW", reverse("services:proxy_tasks"),
                   reverse("services:console"), reverse("services:admission_list")],
        "street_admin": [reverse("services:admission_propose"),
                         reverse("services:admission_detail", args=[proposal.pk]), reverse("services:figures"),
                         reverse("services:holidays")],
        "district": [reverse("services:admission_steps"), reverse("services:admission_detail", args=[proposal.pk]),
                     reverse("services:figures"), reverse("services:manage"), reverse("services:item_create"),
                     reverse("services:item_edit", args=["mz-test"])],
        "grid_worker": [reverse("services:proxy_tasks"), reverse("services:request_list")],
    }
    for role, urls in checks.items():
        if role:
            client.force_login(people[role])
        for url in urls:
            assert client.get(url).status_code == 200, (role, url)
    client.force_login(people["district"])
    assert "提交审批意见" in client.get(reverse("services:admission_detail", args=[proposal.pk])).content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_proxy_tasks_and_ticket_api_query_budget(client, api_client, hall, people, territory, rows,
                                                 django_assert_max_num_queries):
    item = ItemFactory(materials=[])
    worker = people["grid_worker"]
    for _ in range(rows):
        request = services.request_submit(item=item, actor=worker, community=territory["a1"], grid=territory["g1"],
                                          applicant_name="张阿公", is_proxy=True, consent_by="张阿公",
                                          consent_method="in_person", channel="proxy")
        services.proxy_assign(request=request, assignee=worker, actor=worker)
        services.ticket_issue(centre=hall["centre"], item=item)
    client.force_login(worker)
    with django_assert_max_num_queries(8):
        assert len(client.get(reverse("services:proxy_tasks")).context["tasks"]) == rows
    api_client.force_authenticate(people["window"])
    with django_assert_max_num_queries(8):
        assert api_client.get("/api/v1/queue/tickets/").json()["count"] == rows
    with django_assert_max_num_queries(8):
        assert api_client.get("/api/v1/service-requests/").json()["count"] == rows


def test_console_waiting_list_verifies_priority_with_a_button(client, hall, people):
    walk_in = services.ticket_issue(centre=hall["centre"])
    services.ticket_issue(centre=hall["centre"])
    later = services.ticket_issue(centre=hall["centre"])
    client.force_login(people["window"])
    page = client.get(reverse("services:console")).content.decode()
    url = reverse("services:ticket_action", args=[later.pk, "priority"])
    assert "核验优先" in page and url in page
    partial = client.post(url, {"priority_reason": "孕妇"}, HTTP_HX_REQUEST="true").content.decode()
    later.refresh_from_db()
    assert later.is_priority and later.priority_verified_by == people["window"]
    assert "已核验为优先" in partial and "孕妇" in partial
    # a made-up reason is refused with the list of reasons, nothing changes
    partial = client.post(reverse("services:ticket_action", args=[walk_in.pk, "priority"]),
                          {"priority_reason": "x" * 100}, HTTP_HX_REQUEST="true").content.decode()
    walk_in.refresh_from_db()
    assert not walk_in.is_priority and "请选择优先原因" in partial
    # the priority holder is called first
    assert services.ticket_call_next(window=hall["w1"], actor=people["window"]).pk == later.pk


def test_priority_button_is_refused_to_staff_of_another_community(client, hall, people):
    ticket = services.ticket_issue(centre=hall["centre"])
    client.force_login(people["window_a2"])
    response = client.post(reverse("services:ticket_action", args=[ticket.pk, "priority"]),
                           {"priority_reason": "孕妇"}, HTTP_HX_REQUEST="true")
    ticket.refresh_from_db()
    assert response.status_code in (403, 404) and not ticket.is_priority
