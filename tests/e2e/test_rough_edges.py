"""Issue #15 in the browser, the interactions that live in the page's script: 全部正常 and the person met
pre-ticked on the visit form, booking a room by tapping a free slot, the console's searchable item list,
and the resident's live queue number on the home page."""

import datetime

import pytest
from django.utils import timezone

from services import services as service_calls
from services.models import Window
from spaces.models import Room, TimeSlice
from tests import factories
from tests.factories import PASSWORD
from tests.grid.factories import HouseholdFactory, ResidentFactory
from tests.services.factories import ItemFactory
from tests.spaces.factories import open_all_week

from .conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_visit_form_all_normal_in_one_tap_and_the_only_resident_pre_ticked(phone):
    grid = factories.GridFactory()
    household = HouseholdFactory(building=factories.BuildingFactory(grid=grid), door_number="301")
    elder = ResidentFactory(household=household, name="林秀英")
    factories.grid_worker(grid, username="e2e-visit")
    login(phone, "e2e-visit", PASSWORD)
    phone.goto(f"/grid/visits/new/?household={household.pk}")
    assert phone.is_checked(f"#met-{elder.pk}")
    phone.click("[data-all-normal]")
    answers = phone.eval_on_selector_all("input[type=radio][name^=obs_]:checked", "els => els.map(e => e.value)")
    assert answers and set(answers) == {"ok"}
    phone.click("label:has-text('无人在家')")
    assert not phone.is_checked(f"#met-{elder.pk}")  # nobody was met: nobody stays ticked


def test_a_room_is_booked_by_tapping_a_free_slot(phone):
    community = factories.CommunityFactory()
    centre = factories.ServiceCentreFactory(community=community)
    open_all_week(centre)
    room = Room.objects.create(centre=centre, name="多功能室", kind=Room.Kind.OPEN, area_m2=40, capacity=20,
                               min_notice_hours=1, max_notice_days=30, min_duration_minutes=30,
                               max_duration_minutes=240)
    day = timezone.localdate() + datetime.timedelta(days=2)
    TimeSlice.objects.create(room=room, weekday=day.weekday(), starts=datetime.time(9), ends=datetime.time(12),
                             function="general")
    factories.resident(community=community, username="e2e-booker")
    login(phone, "e2e-booker", PASSWORD)
    phone.goto(f"/spaces/rooms/{room.pk}/book/?date={day.isoformat()}")
    phone.click("button[data-fill-form]:has-text('10:00–11:00')")
    assert phone.input_value("#id_start_time") == "10:00" and phone.input_value("#id_end_time") == "11:00"
    assert phone.input_value("#id_purpose") == "general"
    phone.fill("#id_title", "书法练习")
    with phone.expect_navigation():
        phone.click("#booking-form button[type=submit]")
    assert "/spaces/mine/" in phone.url, phone.inner_text("main")
    assert room.bookings.get().title == "书法练习"


def test_the_console_filters_the_items_handled_and_the_resident_sees_the_number_called(browser, live_server):
    community = factories.CommunityFactory()
    centre = factories.ServiceCentreFactory(community=community)
    clerk = factories.window_staff(community, username="e2e-clerk")
    window = Window.objects.create(centre=centre, number=1, is_open=True, staff=clerk)
    resident = factories.resident(community=community, username="e2e-waiting")
    ticket = service_calls.ticket_issue(centre=centre, resident=resident, actor=resident)
    service_calls.ticket_call_next(window=window, actor=clerk)
    ItemFactory(code="e2e-a", name="高龄补贴")
    ItemFactory(code="e2e-b", name="居住证明", promised_days=0)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", base_url=live_server.url)
    try:
        page = context.new_page()
        login(page, "e2e-clerk", PASSWORD)
        page.goto(f"/services/queue/console/?window={window.pk}")
        page.fill("[data-filter-list]", "居住")
        visible = page.eval_on_selector_all("[data-filter-text]:not([hidden])", "els => els.map(e => e.dataset.filterText)")
        assert visible == ["居住证明"]
        page.context.clear_cookies()
        login(page, "e2e-waiting", PASSWORD)
        page.goto("/")
        assert f"我的排队号 {ticket.number}" in page.inner_text("main") and "请到" in page.inner_text("main")
    finally:
        context.close()


def test_catalogue_search_in_residents_words_on_a_phone(phone):
    from services.demo import seed_catalogue

    seed_catalogue()
    phone.goto("/services/")
    phone.fill("input[name=q]", "老人补贴")
    phone.press("input[name=q]", "Enter")
    phone.wait_for_load_state()
    assert phone.locator("main .list-group-item strong").first.inner_text() == "高龄补贴"


@pytest.mark.parametrize("width, cards", [(360, True), (1280, False)])
def test_the_worklist_is_cards_on_a_phone_and_a_table_on_a_desktop(browser, live_server, width, cards):
    grid = factories.GridFactory()
    factories.grid_worker(grid, username="e2e-worklist")
    from appeals.services import appeal_create_on_behalf

    appeal = appeal_create_on_behalf(actor=factories.grid_worker(grid), channel="phone", text="楼道灯坏了\n详情",
                                     building=factories.BuildingFactory(grid=grid), contact_phone="13900001111")
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="zh-CN", base_url=live_server.url)
    try:
        page = context.new_page()
        login(page, "e2e-worklist", PASSWORD)
        page.goto("/appeals/worklist/")
        assert page.locator("#worklist-cards").is_visible() is cards
        assert page.locator("table").is_visible() is not cards
        assert "楼道灯坏了" in page.inner_text("main")
        page.fill("#f-q", appeal.number)
        page.click("#worklist-filter button[type=submit]")
        page.wait_for_load_state()
        assert appeal.number in page.inner_text("main")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


def test_an_appeal_for_a_resident_without_an_account_is_answered_by_sms_and_closed_with_their_rating(phone):
    from appeals.models import Appeal
    from appeals.services import appeal_accept, appeal_create_on_behalf
    from taijiang.notifications.models import Notification

    grid = factories.GridFactory()
    household = HouseholdFactory(building=factories.BuildingFactory(grid=grid), door_number="302")
    elder = ResidentFactory(household=household, name="陈阿婆", phone="13955556666")
    worker = factories.grid_worker(grid, username="e2e-answer")
    appeal = appeal_create_on_behalf(actor=worker, channel="visit", text="楼道灯坏了", registry_resident=elder)
    appeal_accept(appeal=appeal, actor=worker)
    login(phone, "e2e-answer", PASSWORD)
    phone.goto(f"/appeals/{appeal.pk}/")
    assert "这位居民没有账号" in phone.inner_text("#no-account")
    phone.fill("textarea[name=text]", "已更换灯泡。")
    phone.check("input[name=resolve]")
    phone.click("form[action$='/act/reply/'] button[type=submit]")
    phone.wait_for_load_state()
    assert "答复已通过短信发送到 139****6666" in phone.inner_text("main")
    assert Notification.objects.filter(event="appeals.replied_sms").count() == 1
    phone.check("#staff-rate input[name=rating][value='5']", force=True)
    phone.click("#staff-rate button[type=submit]")
    phone.wait_for_load_state()
    appeal.refresh_from_db()
    assert appeal.status == Appeal.Status.CLOSED and appeal.rating == 5
