"""The dashboards in Debian's chromium: a phone, the drill-down from the district's figure to one
overdue appeal in three clicks, and the date picker. Screenshots go to /tmp/dash-shots."""

import os

import pytest
from django.core.management import call_command

WIDE = """Array.from(document.querySelectorAll("main *")).filter(e => e.getBoundingClientRect().right > 391)
  .slice(0, 8).map(e => e.tagName + "." + e.className + ":" + Math.round(e.getBoundingClientRect().right))"""
SHOTS = "/tmp/dash-shots"
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def shot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def login(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "taijiang-demo")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("domcontentloaded")


@pytest.fixture
def desk(browser, live_server):
    """A desktop-sized page on the live server (the admins' PC); nothing leaves it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", base_url=live_server.url)
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(live_server.url)
                  else route.abort())
    page = context.new_page()
    try:
        yield page
    finally:
        page.wait_for_load_state("networkidle")
        context.close()
        from django.db import connections

        connections.close_all()


@pytest.fixture
def overdue_appeal(demo_data):
    """Exactly one open appeal past its deadline, in 福祥社区 (others are made current)."""
    from appeals.models import Appeal
    from appeals.workflow import OPEN_STATUSES

    appeal = Appeal.objects.filter(community__name="福祥社区", status__in=OPEN_STATUSES).order_by("pk").first()
    Appeal.objects.filter(status__in=OPEN_STATUSES).update(is_overdue=False)
    Appeal.objects.filter(pk=appeal.pk).update(is_overdue=True)
    return appeal


def test_street_admin_reads_the_overview_on_a_phone(demo_data, phone):
    call_command("rollup_figures", days=30)
    login(phone, "13800000005")
    phone.click("a.card:has-text('数据看板')")
    phone.wait_for_url("**/me/dashboard/")
    phone.click("a[data-preset='7']")
    phone.wait_for_url("**/me/dashboard/?*preset=7")
    phone.wait_for_selector(".dash-chart canvas")
    assert phone.locator(".dash-chart canvas").count() >= 3
    # Wide tables scroll inside their own box; the page itself never scrolls sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, phone.evaluate(WIDE)
    assert "各社区对比" in phone.content()
    shot(phone, "phone-street")


def test_district_figure_to_one_overdue_appeal_in_three_clicks(overdue_appeal, desk):
    login(desk, "demo-district")
    desk.goto("/me/dashboard/")
    desk.wait_for_selector(".dash-chart canvas")
    shot(desk, "1-district")
    desk.click("#dash-children a:has-text('后洲街道')")                      # 1: the street
    desk.wait_for_url("**street=*")
    assert "后洲街道" in desk.locator("h1").inner_text()
    shot(desk, "2-street")
    assert desk.locator("[data-kpi='appeals_overdue_now'] a").inner_text().replace(" ", "") == "1件"
    desk.click("[data-kpi='appeals_overdue_now'] a")                        # 2: its overdue appeals
    desk.wait_for_url("**/appeals/worklist/?*overdue=1*")
    assert desk.locator("tbody tr").count() == 1
    shot(desk, "3-worklist")
    desk.click(f"tbody a:has-text('{overdue_appeal.number}')")              # 3: the appeal
    desk.wait_for_url(f"**/appeals/{overdue_appeal.pk}/")
    assert overdue_appeal.number in desk.content()
    shot(desk, "4-appeal")


def test_date_picker_keeps_the_territory_and_compares_with_the_period_before(demo_data, desk):
    login(desk, "demo-street")
    desk.goto("/me/dashboard/")
    desk.click("#dash-children tbody a >> nth=0")
    desk.wait_for_url("**community=*")
    desk.fill("#id_from", "2026-11-01")
    desk.fill("#id_to", "2026-11-30")
    desk.click("#dash-range button[type=submit]")
    desk.wait_for_url("**from=2026-11-01&to=2026-11-30")
    assert "community=" in desk.url
    body = desk.locator("main").inner_text()
    assert "2026-11-01 – 2026-11-30" in body and "2026-10-02 – 2026-10-31" in body
    desk.wait_for_selector("#dash-previous")
    shot(desk, "5-date-picker")
    desk.goto("/me/dashboard/report/?month=2026-11")
    desk.wait_for_selector("svg")
    shot(desk, "6-report")


def test_room_picker_redraws_the_heatmap_and_a_cell_opens_its_bookings(demo_data, desk):
    from spaces.models import Booking

    held = Booking.objects.filter(status__in=("confirmed", "checked_in"), room__centre__community__name="福祥社区")
    room = held.order_by("-start").first().room
    login(desk, "demo-community")
    desk.goto("/me/dashboard/?preset=90")
    desk.wait_for_selector("#dash-heatmap-pick")
    desk.select_option("#id_room", str(room.pk))
    desk.click("#dash-heatmap-pick button[type=submit]")
    desk.wait_for_url(f"**room={room.pk}*")
    assert "preset=90" in desk.url
    desk.wait_for_selector("[data-source='chart-heatmap'] canvas")
    assert desk.locator("#id_room").input_value() == str(room.pk)
    shot(desk, "7-room-heatmap")
    cells = desk.locator("#dash-heatmap tbody a")
    assert cells.count() > 0
    desk.goto(cells.first.get_attribute("href"))
    desk.wait_for_url("**/spaces/manage/bookings/?*weekday=*")
    assert f"room={room.pk}" in desk.url and "hour=" in desk.url
    shot(desk, "8-heatmap-cell-bookings")
