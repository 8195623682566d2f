import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from services import services
from services.models import Appointment, AppointmentSlot, QueueTicket, Window
from taijiang.core.exceptions import Conflict, DomainError, InvalidTransition, NotAllowed
from taijiang.notifications.models import Notification
from taijiang.workdays.models import CalendarDay
from tests import factories
from tests.factories import ServiceCentreFactory
from tests.services.factories import ItemFactory

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()
MONDAY = datetime.date(2026, 12, 7)


@pytest.fixture
def booking(hall, people, item, time_machine):
    from grid.models import OpeningPeriod

    time_machine.move_to(datetime.datetime(2026, 12, 4, 10, 0, tzinfo=TZ))  # Friday before
    OpeningPeriod.objects.create(centre=hall["centre"], weekday=0, opens=datetime.time(8, 30),
                                 closes=datetime.time(12, 0))
    slots = services.ensure_slots(centre=hall["centre"], day=MONDAY)
    return {"slots": slots, **hall}


def test_slots_come_from_opening_hours_with_capacity_of_windows(booking):
    slots = booking["slots"]
    assert len(slots) == 7  # 8:30–12:00 in 30-minute slots
    assert timezone.localtime(slots[0].start).time() == datetime.time(8, 30)
    assert all(s.capacity == 2 for s in slots)
    assert services.ensure_slots(centre=booking["centre"], day=MONDAY) == slots  # idempotent


def test_no_slots_on_an_official_holiday(booking):
    CalendarDay.objects.create(date=MONDAY + datetime.timedelta(days=7), kind="holiday", name="测试假日")
    assert services.ensure_slots(centre=booking["centre"], day=MONDAY + datetime.timedelta(days=7)) == []


def test_booking_sends_confirmation_and_schedules_two_reminders(booking, people, item):
    resident = people["resident"]
    appointment = services.appointment_book(resident=resident, slot=booking["slots"][1], item=item, actor=resident)
    keys = set(Notification.objects.filter(recipient=resident, dedupe_key__isnull=False)
               .values_list("dedupe_key", flat=True))
    prefix = f"services.appointment:{appointment.pk}:{appointment.slot_id}"
    assert keys == {f"{prefix}:24h", f"{prefix}:1h"}
    assert Notification.objects.filter(recipient=resident, event="services.appointment_booked").count() == 1
    assert AppointmentSlot.objects.get(pk=appointment.slot_id).booked == 1


def test_full_slot_is_refused(booking, people, item):
    slot = booking["slots"][0]
    for user in (people["resident"], people["other_resident"]):
        services.appointment_book(resident=user, slot=slot, item=item, actor=user)
    third = factories.resident()
    with pytest.raises(Conflict) as exc:
        services.appointment_book(resident=third, slot=slot, item=item, actor=third)
    assert "约满" in str(exc.value.message)


def test_resident_cannot_book_for_another(booking, people, item):
    with pytest.raises(NotAllowed):
        services.appointment_book(resident=people["other_resident"], slot=booking["slots"][0], item=item,
                                  actor=people["resident"])


def test_cancel_frees_the_place_and_withdraws_reminders(booking, people, item):
    resident = people["resident"]
    appointment = services.appointment_book(resident=resident, slot=booking["slots"][1], item=item, actor=resident)
    services.appointment_cancel(appointment=appointment, actor=resident)
    assert AppointmentSlot.objects.get(pk=appointment.slot_id).booked == 0
    assert not Notification.objects.filter(dedupe_key__startswith=f"services.appointment:{appointment.pk}:",
                                           status="active").exists()
    with pytest.raises(InvalidTransition):
        services.appointment_cancel(appointment=appointment, actor=resident)


def test_reschedule_moves_counts_and_reminders(booking, people, item):
    resident = people["resident"]
    old, new = booking["slots"][1], booking["slots"][3]
    appointment = services.appointment_book(resident=resident, slot=old, item=item, actor=resident)
    services.appointment_reschedule(appointment=appointment, actor=resident, slot=new)
    old.refresh_from_db(), new.refresh_from_db()
    assert (old.booked, new.booked) == (0, 1)
    active = set(Notification.objects.filter(dedupe_key__startswith=f"services.appointment:{appointment.pk}:",
                                             status="active").values_list("dedupe_key", flat=True))
    assert active == {f"services.appointment:{appointment.pk}:{new.pk}:24h",
                      f"services.appointment:{appointment.pk}:{new.pk}:1h"}


def test_check_in_on_the_day_issues_an_appointment_ticket(booking, people, item, time_machine):
    resident = people["resident"]
    slot = booking["slots"][2]  # 9:30
    appointment = services.appointment_book(resident=resident, slot=slot, item=item, actor=resident)
    with pytest.raises(DomainError) as exc:
        services.appointment_check_in(appointment=appointment, actor=resident)
    assert "当天" in str(exc.value.message)
    time_machine.move_to(datetime.datetime(2026, 12, 7, 9, 20, tzinfo=TZ))
    ticket = services.appointment_check_in(appointment=appointment, actor=resident)
    assert ticket.number == "Y001" and ticket.kind == QueueTicket.Kind.APPOINTMENT and ticket.slot_start == slot.start
    appointment.refresh_from_db()
    assert appointment.status == "checked_in" and appointment.ticket == ticket


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_never_exceed_capacity(time_machine):
    from grid.models import OpeningPeriod

    time_machine.move_to(datetime.datetime(2026, 12, 4, 10, 0, tzinfo=TZ))
    community = factories.CommunityFactory()
    centre = ServiceCentreFactory(community=community)
    for n in (1, 2):
        Window.objects.create(centre=centre, number=n)
    OpeningPeriod.objects.create(centre=centre, weekday=0, opens=datetime.time(9, 0), closes=datetime.time(9, 30))
    slot = services.ensure_slots(centre=centre, day=MONDAY)[0]
    item = ItemFactory()
    residents = [factories.resident() for _ in range(6)]
    results = []
    barrier = threading.Barrier(len(residents))

    def work(user):
        try:
            barrier.wait()
            services.appointment_book(resident=user, slot=slot, item=item, actor=user)
            results.append("ok")
        except Conflict:
            results.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(u,)) for u in residents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["full"] * 4 + ["ok"] * 2
    assert Appointment.objects.filter(slot=slot, status="booked").count() == 2


def test_staff_check_in_from_the_console_and_nightly_no_show(client, booking, people, item, time_machine):
    from django.urls import reverse

    from services.tasks import mark_missed_appointments

    resident = people["resident"]
    first = services.appointment_book(resident=resident, slot=booking["slots"][0], item=item, actor=resident)
    second = services.appointment_book(resident=people["other_resident"], slot=booking["slots"][1], item=item,
                                       actor=people["other_resident"])
    time_machine.move_to(datetime.datetime(2026, 12, 7, 8, 40, tzinfo=TZ))
    client.force_login(people["window"])
    page = client.get(reverse("services:console"), {"window": booking["w1"].pk}).content.decode()
    assert resident.name in page and "签到" in page
    client.post(reverse("services:staff_check_in", args=[first.pk]))
    first.refresh_from_db()
    assert first.status == "checked_in" and first.ticket.number == "Y001"
    time_machine.move_to(datetime.datetime(2026, 12, 7, 23, 0, tzinfo=TZ))
    assert mark_missed_appointments.delay().get() == 1
    second.refresh_from_db()
    assert second.status == "no_show"
    assert mark_missed_appointments() == 0  # idempotent


def test_staff_of_another_centre_cannot_check_in(client, booking, people, item):
    """Window staff of another community's centre get 404 (outside their scope)."""
    from django.urls import reverse

    resident = people["resident"]
    appointment = services.appointment_book(resident=resident, slot=booking["slots"][0], item=item, actor=resident)
    ServiceCentreFactory(community=people["window_a2"].community)
    client.force_login(people["window_a2"])
    assert client.post(reverse("services:staff_check_in", args=[appointment.pk])).status_code == 404
    with pytest.raises(NotAllowed):
        services.appointment_check_in(appointment=appointment, actor=people["window_a2"])


@pytest.mark.parametrize("status", ["cancelled", "checked_in", "no_show"])
def test_closed_appointments_cannot_change(booking, people, item, status):
    resident = people["resident"]
    appointment = services.appointment_book(resident=resident, slot=booking["slots"][0], item=item, actor=resident)
    Appointment.objects.filter(pk=appointment.pk).update(status=status)
    for attempt in (lambda: services.appointment_cancel(appointment=appointment, actor=resident),
                    lambda: services.appointment_check_in(appointment=appointment, actor=resident),
                    lambda: services.appointment_reschedule(appointment=appointment, actor=resident,
                                                            slot=booking["slots"][3])):
        with pytest.raises(InvalidTransition):
            attempt()
