"""Coverage drives the service: appointments only in covered periods, holiday duty, console warning,
the admin's home and the street's selector."""

import datetime

import pytest
from django.urls import reverse

from rota.models import ShiftKind
from rota.selectors import bookable_periods, uncovered_periods
from services import services as service_calls
from services.models import Window
from taijiang.core.exceptions import DomainError
from tests import factories
from tests.services.factories import ItemFactory

from . import factories as rf

MONDAY = datetime.date(2026, 12, 14)
HOLIDAY = datetime.date(2026, 10, 5)


@pytest.fixture
def hall(fuxiang, time_machine):
    time_machine.move_to(rf.at(datetime.date(2026, 9, 1), 9))
    for number in (1, 2):
        Window.objects.create(centre=fuxiang["centre"], number=number)
    return fuxiang


def _slot_times(centre, day):
    return sorted({f"{s.start.astimezone(rf.at(day, 0).tzinfo):%H:%M}"
                   for s in service_calls.ensure_slots(centre=centre, day=day)})


def test_without_a_published_rota_slots_follow_opening_hours_and_holidays_have_none(hall):
    centre = hall["centre"]
    times = _slot_times(centre, MONDAY)
    assert "07:30" in times and "08:30" in times and "17:30" in times
    assert _slot_times(centre, HOLIDAY) == []


def test_with_a_published_rota_only_covered_periods_offer_slots(hall):
    qualified, unqualified = hall["workers"][1], hall["workers"][6]
    rf.published_rota(hall["community"], MONDAY, [
        (qualified, rf.at(MONDAY, 8, 30), rf.at(MONDAY, 12), ShiftKind.REGULAR),
        # a worker who may not run the window alone does not make the evening covered
        (unqualified, rf.at(MONDAY, 17, 30), rf.at(MONDAY, 19, 30), ShiftKind.STAGGERED_LATE),
    ])
    times = _slot_times(hall["centre"], MONDAY)
    assert times == ["08:30", "09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
    assert [f"{p.opens:%H:%M}" for p in bookable_periods(hall["centre"], MONDAY)] == ["08:30"]


def test_booking_a_slot_in_an_uncovered_period_is_refused(hall):
    centre = hall["centre"]
    slots = service_calls.ensure_slots(centre=centre, day=MONDAY)  # no rota yet: evening slots exist
    evening = next(s for s in slots if s.start == rf.at(MONDAY, 17, 30))
    rf.published_rota(hall["community"], MONDAY, [
        (hall["workers"][1], rf.at(MONDAY, 8, 30), rf.at(MONDAY, 12), ShiftKind.REGULAR)])
    resident = factories.resident(community=hall["community"])
    with pytest.raises(DomainError, match="没有窗口人员值班，不能预约"):
        service_calls.appointment_book(resident=resident, slot=evening, item=ItemFactory(), actor=resident)
    assert evening not in service_calls.ensure_slots(centre=centre, day=MONDAY)


def test_a_covered_holiday_duty_period_offers_appointments(hall):
    rf.published_rota(hall["community"], HOLIDAY, [
        (hall["workers"][2], rf.at(HOLIDAY, 9), rf.at(HOLIDAY, 12), ShiftKind.HOLIDAY_DUTY)])
    assert _slot_times(hall["centre"], HOLIDAY) == ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
    # the day after has no duty rostered: nothing offered
    assert _slot_times(hall["centre"], HOLIDAY + datetime.timedelta(days=1)) == []


def test_uncovered_periods_in_the_coming_two_weeks(hall, time_machine):
    time_machine.move_to(rf.at(MONDAY, 6))
    rf.published_rota(hall["community"], MONDAY, [
        (hall["workers"][1], rf.at(MONDAY, 8, 30), rf.at(MONDAY, 12), ShiftKind.REGULAR)])
    gaps = uncovered_periods([hall["community"].pk], today=MONDAY, days=1)
    assert [(f"{g.opens:%H:%M}", g.reason) for g in gaps] == [
        ("07:30", "uncovered"), ("14:00", "uncovered"), ("17:30", "uncovered")]
    # January has no published rota: the street sees that services run on the fallback
    later = uncovered_periods([hall["community"].pk], today=datetime.date(2027, 1, 4), days=1)
    assert [g.reason for g in later] == ["no_rota"]


def test_uncovered_periods_cost_the_same_queries_for_one_centre_or_many(hall, territory, time_machine,
                                                                         django_assert_num_queries):
    time_machine.move_to(rf.at(MONDAY, 6))
    for community in (territory["a2"], territory["b1"]):
        rf.hours(rf.centre_for(community))
    with django_assert_num_queries(6):
        one = uncovered_periods([hall["community"].pk], today=MONDAY, days=14)
    with django_assert_num_queries(6):
        three = uncovered_periods([territory[c].pk for c in ("a1", "a2", "b1")], today=MONDAY, days=14)
    assert len(three) > len(one) > 0
    assert [g for g in three if g.community == hall["community"]] == one


def test_street_dashboard_names_the_gaps_of_its_communities_only(client, hall, territory, time_machine):
    time_machine.move_to(rf.at(MONDAY, 6))
    rf.published_rota(hall["community"], MONDAY, [
        (hall["workers"][1], rf.at(MONDAY, 8, 30), rf.at(MONDAY, 12), ShiftKind.REGULAR)])
    rf.hours(rf.centre_for(territory["b1"]))
    client.force_login(factories.street_admin(territory["street_a"]))
    page = client.get(reverse("dashboard:overview")).content.decode()
    assert "弹性服务：未来两周的值班缺口" in page
    assert f"?community={hall['community'].pk}" in page
    assert "12-14 07:30–08:30" in page  # the first uncovered period: Monday's staggered early hour
    assert territory["b1"].name not in page  # another street's community is not this admin's business

    client.force_login(factories.street_admin(territory["street_b"]))
    page = client.get(reverse("dashboard:overview")).content.decode()
    assert f"?community={territory['b1'].pk}" in page  # b1 has hours but no published rota
    assert hall["community"].name not in page


def test_admin_home_flags_uncovered_periods_and_months_without_a_rota(client, hall, time_machine):
    time_machine.move_to(rf.at(datetime.date(2026, 12, 24), 6))  # the two weeks reach into January
    rf.published_rota(hall["community"], MONDAY, [
        (hall["workers"][1], rf.at(MONDAY, 8, 30), rf.at(MONDAY, 12), ShiftKind.REGULAR)])
    client.force_login(hall["workers"][0].user)
    page = client.get(reverse("home")).content.decode()
    assert "未来两周无人覆盖的时段" in page
    assert "未来两周尚无已发布的排班" in page


def test_console_warns_when_a_window_opens_with_nobody_rostered(client, hall, time_machine):
    time_machine.move_to(rf.at(MONDAY, 15))
    window_user = hall["workers"][1].user
    rf.published_rota(hall["community"], MONDAY, [
        (hall["workers"][1], rf.at(MONDAY, 8, 30), rf.at(MONDAY, 12), ShiftKind.REGULAR)])
    client.force_login(window_user)
    window = Window.objects.get(centre=hall["centre"], number=1)
    response = client.post(reverse("services:window_action", args=[window.pk, "open"]), follow=True)
    assert "当前时段排班表上没有人值班" in response.content.decode()


def test_console_does_not_warn_when_someone_is_rostered(client, hall, time_machine):
    time_machine.move_to(rf.at(MONDAY, 9))
    rf.published_rota(hall["community"], MONDAY, [
        (hall["workers"][1], rf.at(MONDAY, 8, 30), rf.at(MONDAY, 12), ShiftKind.REGULAR)])
    client.force_login(hall["workers"][1].user)
    window = Window.objects.get(centre=hall["centre"], number=1)
    response = client.post(reverse("services:window_action", args=[window.pk, "open"]), follow=True)
    assert response.status_code == 200
    assert "当前时段排班表上没有人值班" not in response.content.decode()


def test_other_roles_see_no_rota_cards(client, hall, time_machine):
    time_machine.move_to(rf.at(MONDAY, 6))
    client.force_login(hall["workers"][1].user)
    assert "未来两周无人覆盖的时段" not in client.get(reverse("home")).content.decode()
