import pytest
from django.urls import reverse

from appeals import services
from appeals.models import ApiKey, Appeal, CannedReply
from appeals.models.open311 import hash_key
from appeals.workflow import Status
from grid.models import Household, Resident, Visit
from taijiang.core.exceptions import NotAllowed
from tests import factories

from .conftest import jpeg, submit

pytestmark = pytest.mark.django_db


def test_resident_opening_another_residents_appeal_gets_404(client, appeal, people):
    client.force_login(people["neighbour"])
    assert client.get(reverse("appeals:detail", args=[appeal.pk])).status_code == 404
    assert client.get(reverse("appeals:detail_by_number", args=[appeal.number])).status_code == 404


def test_staff_outside_the_territory_gets_404(client, appeal, people):
    for outsider in (people["worker_g2"], people["admin_a2"], people["street_b"]):
        client.force_login(outsider)
        assert client.get(reverse("appeals:detail", args=[appeal.pk])).status_code == 404, outsider.role


def test_detail_by_number_redirects_to_the_appeal(client, appeal, people):
    client.force_login(people["resident"])
    response = client.get(reverse("appeals:detail_by_number", kwargs={"number": appeal.number.lower()}))
    assert response.status_code == 302 and response.url == reverse("appeals:detail", args=[appeal.pk])


def test_photos_are_served_only_to_those_who_may_see_the_appeal(client, people):
    appeal = submit(people["resident"], photos=[jpeg()])
    url = reverse("appeals:photo", args=[appeal.photos.get().pk])
    client.force_login(people["resident"])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    client.force_login(people["neighbour"])
    assert client.get(url).status_code == 404
    client.force_login(people["worker_g2"])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404


def test_result_photos_follow_the_same_rule(client, appeal, people):
    services.appeal_accept(appeal=appeal, actor=people["worker_g1"])
    services.appeal_reply(appeal=appeal, actor=people["worker_g1"], text="已清理", resolve=True, photos=[jpeg()])
    url = reverse("appeals:photo", args=[appeal.photos.get().pk])
    client.force_login(people["worker_g1"])
    assert client.get(url).status_code == 200
    client.force_login(people["neighbour"])
    assert client.get(url).status_code == 404


def test_staff_journey_on_the_page(client, appeal, people, categories):
    CannedReply.objects.create(title="已派保洁", text="已安排保洁人员清理。")
    client.force_login(people["worker_g1"])
    page = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert "受理" in page and "已派保洁" not in page  # the reply form appears once accepted
    assert client.post(reverse("appeals:act", args=[appeal.pk, "accept"])).status_code == 302
    page = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert "已派保洁" in page and "appeals-canned" in page
    response = client.post(reverse("appeals:act", args=[appeal.pk, "reply"]), {"text": "", "resolve": "on"})
    assert response.status_code == 400 and "请填写答复内容" in response.content.decode()
    response = client.post(reverse("appeals:act", args=[appeal.pk, "reply"]), {"text": "已清理", "resolve": "on"})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == Status.REPLIED


def test_resident_rates_on_the_page_and_a_second_rating_is_refused(client, appeal, people):
    services.appeal_accept(appeal=appeal, actor=people["worker_g1"])
    services.appeal_reply(appeal=appeal, actor=people["worker_g1"], text="已清理", resolve=True)
    client.force_login(people["resident"])
    url = reverse("appeals:act", args=[appeal.pk, "rate"])
    assert client.post(url, {"rating": "5", "comment": "谢谢"}).status_code == 302
    response = client.post(url, {"rating": "1"})
    assert response.status_code == 409 and "已经评价过" in response.content.decode()


def test_wrong_grid_worker_posting_an_action_gets_404(client, appeal, people):
    client.force_login(people["worker_g2"])
    assert client.post(reverse("appeals:act", args=[appeal.pk, "accept"])).status_code == 404


def test_window_staff_sees_but_cannot_act(client, appeal, people):
    client.force_login(people["window_a1"])
    response = client.post(reverse("appeals:act", args=[appeal.pk, "accept"]))
    assert response.status_code == 403 and "当前承办层级" in response.content.decode()


def test_unknown_action_is_404(client, appeal, people):
    client.force_login(people["worker_g1"])
    assert client.post(reverse("appeals:act", args=[appeal.pk, "explode"])).status_code == 404


# --- worklist -------------------------------------------------------------------------

def test_worklist_shows_my_grid_overdue_first(client, people, categories, territory):
    late = submit(people["resident"], category=categories["noise"], text="迟到的")
    fresh = submit(people["resident"], category=categories["noise"], text="新的")
    elsewhere = submit(people["resident"], category=categories["noise"], building=territory["b_g2"])
    Appeal.objects.filter(pk=late.pk).update(is_overdue=True)
    client.force_login(people["worker_g1"])
    page = client.get(reverse("appeals:worklist")).content.decode()
    assert page.index(late.number) < page.index(fresh.number)
    assert elsewhere.number not in page


def test_worklist_refuses_residents_with_a_message(client, people):
    client.force_login(people["resident"])
    response = client.get(reverse("appeals:worklist"))
    assert response.status_code == 403 and "仅供工作人员" in response.content.decode()


def test_community_worklist_shows_community_level_cases(client, people, categories):
    at_grid = submit(people["resident"], category=categories["noise"])
    at_community = submit(people["resident"], category=categories["policy"])
    client.force_login(people["admin_a1"])
    page = client.get(reverse("appeals:worklist")).content.decode()
    assert at_community.number in page and at_grid.number not in page
    assert at_grid.number in client.get(reverse("appeals:worklist") + "?all=1").content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_worklist_query_budget(client, people, categories, rows, django_assert_max_num_queries):
    for i in range(rows):
        submit(people["resident"] if i % 2 else people["neighbour"], category=categories["noise"], text=f"噪音{i}")
    Appeal.objects.update(is_overdue=False)
    client.force_login(people["worker_g1"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("appeals:worklist"))
    # each case twice: a card for phones and a table row for wider screens
    assert response.status_code == 200 and response.content.decode().count("YSS-") == 2 * rows


# --- on behalf ------------------------------------------------------------------------

@pytest.fixture
def visit(territory, people):
    household = Household.objects.create(building=territory["b_g1"], door_number="302")
    Resident.objects.create(household=household, name="陈大爷", sex="M")
    return Visit.objects.create(household=household, worker=people["worker_g1"], needs="楼道灯坏了，需要维修")


def test_visit_link_prefills_and_creates_on_behalf(client, people, visit, territory):
    resident = visit.household.residents.get()
    client.force_login(people["worker_g1"])
    query = f"?building={territory['b_g1'].pk}&visit={visit.pk}&resident={resident.pk}&channel=visit"
    page = client.get(reverse("appeals:staff_create") + query).content.decode()
    assert "楼道灯坏了" in page and "陈大爷" in page
    response = client.post(reverse("appeals:staff_create") + query, {
        "channel": "visit", "text": "楼道灯坏了，需要维修", "building": territory["b_g1"].pk,
        "resident": resident.pk, "visit": visit.pk, "contact_name": "陈大爷"})
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert (appeal.channel, appeal.source_visit, appeal.registry_resident) == ("visit", visit, resident)
    assert appeal.grid == territory["g1"] and appeal.created_by == people["worker_g1"]
    assert visit.appeals.get() == appeal
    page = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert "来自走访" in page


def test_on_behalf_outside_the_grid_is_refused(client, people, visit, territory):
    client.force_login(people["worker_g2"])
    response = client.get(reverse("appeals:staff_create") + f"?visit={visit.pk}")
    assert response.status_code == 404
    with pytest.raises(NotAllowed) as info:
        services.appeal_create_on_behalf(actor=people["worker_g2"], channel="phone", text="x",
                                         building=territory["b_g1"])
    assert "本辖区" in str(info.value)


def test_resident_cannot_open_the_staff_form(client, people):
    client.force_login(people["resident"])
    response = client.get(reverse("appeals:staff_create"))
    assert response.status_code == 403 and "仅供工作人员" in response.content.decode()


def test_window_staff_files_a_phone_call(people, territory):
    appeal = services.appeal_create_on_behalf(actor=people["window_a1"], channel="phone", text="老人求助买药",
                                              building=territory["b_g2"], contact_phone="13912345678")
    assert appeal.channel == "phone" and appeal.grid == territory["g2"] and appeal.submitter is None


def test_registry_resident_with_an_account_follows_the_case(people, visit, client):
    resident = visit.household.residents.get()
    account = factories.resident()
    resident.user = account
    resident.save()
    appeal = services.appeal_create_on_behalf(actor=people["worker_g1"], channel="visit", text="求助",
                                              registry_resident=resident, source_visit=visit)
    client.force_login(account)
    assert client.get(reverse("appeals:detail", args=[appeal.pk])).status_code == 200


# --- board ----------------------------------------------------------------------------

def test_public_board_shows_allowed_resolved_cases_without_personal_data(client, people, categories):
    shown = submit(people["resident"], category=categories["noise"],
                   text="我叫张三丰，住5单元602，电话13912345678，楼上装修太吵")
    hidden = submit(people["neighbour"], category=categories["noise"], text="不要公开的事", publish_allowed=False)
    still_open = submit(people["neighbour"], category=categories["noise"], text="还在办的事")
    for a in (shown, hidden):
        services.appeal_accept(appeal=a, actor=people["worker_g1"])
        services.appeal_reply(appeal=a, actor=people["worker_g1"], text="已联系王先生，13800001111 已协调", resolve=True)
    html = client.get(reverse("appeals:board")).content.decode()
    assert shown.number in html and hidden.number not in html and still_open.number not in html
    for secret in ("张三丰", "13912345678", "602", "13800001111", "王先生"):
        assert secret not in html, secret
    assert "张**" in html


def test_public_board_is_paginated(client, people, categories):
    for i in range(21):
        a = submit(people["resident"] if i % 2 else people["neighbour"], category=categories["noise"], text=f"吵{i}")
        Appeal.objects.filter(pk=a.pk).update(status=Status.CLOSED)
    html = client.get(reverse("appeals:board")).content.decode()
    assert html.count("YSS-") == 20 and "?page=2" in html


# --- admin pages ----------------------------------------------------------------------

def test_admin_pages_refuse_other_roles_with_a_message(client, people):
    client.force_login(people["admin_a1"])
    for name in ("appeals:categories", "appeals:canned_replies", "appeals:api_keys"):
        response = client.get(reverse(name))
        assert response.status_code == 403 and "街道或区级管理员" in response.content.decode()


def test_canned_replies_crud(client, people):
    client.force_login(people["district"])
    assert client.post(reverse("appeals:canned_create"), {"title": "已转物业", "text": "已转交物业处理。",
                                                          "is_active": "on"}).status_code == 302
    reply = CannedReply.objects.get()
    client.post(reverse("appeals:canned_edit", args=[reply.pk]), {"title": "已转物业", "text": "改过", "is_active": "on"})
    reply.refresh_from_db()
    assert reply.text == "改过"
    assert client.post(reverse("appeals:canned_create"), {"title": "", "text": ""}).status_code == 400
    client.post(reverse("appeals:canned_delete", args=[reply.pk]))
    assert not CannedReply.objects.exists()


def test_category_edit_checks_deadline_order(client, people, categories):
    client.force_login(people["district"])
    c = categories["noise"]
    data = {"code": c.code, "name": c.name, "group": "", "description": "", "keywords": "噪音", "default_level": "grid",
            "accept_hours": 10, "reply_hours": 5, "resolve_hours": 20, "order": 1}
    response = client.post(reverse("appeals:category_edit", args=[c.pk]), data)
    assert response.status_code == 400 and "受理 ≤ 首次答复 ≤ 办结" in response.content.decode()


def test_api_key_is_shown_once_and_stored_hashed(client, people):
    client.force_login(people["street_a"])
    response = client.post(reverse("appeals:api_keys"), {"system_name": "12345热线"})
    key = ApiKey.objects.get()
    raw = response.context["new_key"]
    assert raw and raw in response.content.decode() and key.key_hash == hash_key(raw) and raw not in key.key_hash
    assert raw not in client.get(reverse("appeals:api_keys")).content.decode()
    client.post(reverse("appeals:api_key_toggle", args=[key.pk]))
    key.refresh_from_db()
    assert not key.is_active


def test_portal_pieces_render_for_every_role(client, people, appeal):
    for user in people.values():
        client.force_login(user)
        assert client.get("/").status_code == 200
        assert client.get("/me/mine/").status_code == 200
    client.force_login(people["resident"])
    assert appeal.number in client.get("/me/mine/").content.decode()


def test_navigation_per_role(people):
    from taijiang.core.portal import nav_items_for

    def names(user):
        return {item.url_name for item in nav_items_for(user)}

    assert {"appeals:submit", "appeals:board"} <= names(people["resident"])
    assert "appeals:worklist" in names(people["worker_g1"]) and "appeals:submit" not in names(people["worker_g1"])
    assert {"appeals:categories", "appeals:canned_replies", "appeals:api_keys"} <= names(people["district"])
    assert "appeals:api_keys" not in names(people["admin_a1"])
    tile = next(i for i in nav_items_for(people["resident"]) if i.url_name == "appeals:submit")
    assert tile.tile and tile.icon == "💬"


def test_home_cards_count_what_matters(people, categories):
    from appeals.portal import home_cards

    late = submit(people["resident"], category=categories["noise"])
    Appeal.objects.filter(pk=late.pk).update(is_overdue=True)
    other = submit(people["resident"], category=categories["noise"])
    services.appeal_accept(appeal=other, actor=people["worker_g1"])
    services.appeal_reply(appeal=other, actor=people["worker_g1"], text="好", resolve=True)
    grid_cards = {c.title: c.count for c in home_cards(people["worker_g1"])}
    assert grid_cards == {"本网格待办诉求": 1, "超时诉求": 1}
    assert {c.title: c.count for c in home_cards(people["admin_a1"])} == {"辖区超时诉求": 1}
    resident_cards = {c.title: c.count for c in home_cards(people["resident"])}
    assert resident_cards == {"我的诉求（办理中）": 1, "诉求已答复，等您评价": 1}


def test_street_worklist_holds_street_cases_of_its_street_only(client, people, categories, territory):
    ours = submit(people["resident"], category=categories["illegal-building"])
    theirs = submit(people["resident"], category=categories["illegal-building"], building=territory["b_g4"])
    client.force_login(people["street_a"])
    page = client.get(reverse("appeals:worklist")).content.decode()
    assert ours.number in page and theirs.number not in page
    client.force_login(people["street_b"])
    page = client.get(reverse("appeals:worklist")).content.decode()
    assert theirs.number in page and ours.number not in page


@pytest.mark.parametrize("rows", [1, 50])
def test_public_board_query_budget(client, people, categories, rows, django_assert_max_num_queries):
    for i in range(rows):
        a = submit(people["resident"], category=categories["noise"], text=f"吵{i}")
        services.appeal_accept(appeal=a, actor=people["worker_g1"])
        services.appeal_reply(appeal=a, actor=people["worker_g1"], text="已协调", resolve=True)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("appeals:board"))
    assert response.status_code == 200 and response.content.decode().count("已协调") == min(rows, 20)


def test_superuser_sees_every_appeal(client, appeal):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", "root@example.com", "x")
    client.force_login(root)
    assert client.get(reverse("appeals:detail", args=[appeal.pk])).status_code == 200
