import datetime

import pytest
from django.utils import timezone

from services import services
from services.models import QueueTicket, ServiceRequest
from taijiang.core.exceptions import Conflict, DomainError, InvalidTransition, NotAllowed
from tests.services.factories import ItemFactory

pytestmark = pytest.mark.django_db


def issue(hall, **kwargs):
    return services.ticket_issue(centre=hall["centre"], **kwargs)


def test_numbers_are_sequential_per_centre_and_kind(hall, people):
    a = [issue(hall).number for _ in range(3)]
    y = issue(hall, kind=QueueTicket.Kind.APPOINTMENT, slot_start=timezone.now()).number
    assert a == ["A001", "A002", "A003"] and y == "Y001"


def test_kiosk_cannot_grant_priority_and_staff_must_give_a_reason(hall, people):
    with pytest.raises(NotAllowed) as exc:
        issue(hall, is_priority=True, priority_reason="70岁以上")
    assert "核验" in str(exc.value.message)
    with pytest.raises(DomainError):
        issue(hall, actor=people["window"], is_priority=True, priority_reason=" ")
    ticket = issue(hall, actor=people["window"], is_priority=True, priority_reason="70岁以上")
    assert ticket.priority_verified_by == people["window"]


def test_call_next_order_priority_then_due_appointments_then_fifo(hall, people, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=timezone.get_current_timezone()))
    staff = people["window"]
    first = issue(hall)
    later_appointment = issue(hall, kind=QueueTicket.Kind.APPOINTMENT,
                              slot_start=timezone.now() + datetime.timedelta(hours=1))
    due_appointment = issue(hall, kind=QueueTicket.Kind.APPOINTMENT, slot_start=timezone.now())
    second = issue(hall)
    priority = issue(hall, actor=staff, is_priority=True, priority_reason="孕妇")
    order = []
    for _ in range(5):
        ticket = services.ticket_call_next(window=hall["w1"], actor=staff)
        order.append(ticket.pk)
        services.ticket_complete(ticket=ticket, window=hall["w1"], actor=staff)
    assert order == [priority.pk, due_appointment.pk, first.pk, later_appointment.pk, second.pk]
    assert services.ticket_call_next(window=hall["w1"], actor=staff) is None


def test_calling_on_a_closed_window_is_refused(hall, people):
    issue(hall)
    hall["w1"].is_open = False
    hall["w1"].save()
    with pytest.raises(DomainError) as exc:
        services.ticket_call_next(window=hall["w1"], actor=people["window"])
    assert "未开启" in str(exc.value.message)


def test_window_must_finish_its_ticket_before_calling_again(hall, people):
    issue(hall), issue(hall)
    services.ticket_call_next(window=hall["w1"], actor=people["window"])
    with pytest.raises(Conflict) as exc:
        services.ticket_call_next(window=hall["w1"], actor=people["window"])
    assert "A001" in str(exc.value.message)


def test_staff_of_another_community_cannot_operate_windows(hall, people):
    issue(hall)
    with pytest.raises(NotAllowed) as exc:
        services.ticket_call_next(window=hall["w1"], actor=people["window_a2"])
    assert "窗口人员" in str(exc.value.message)


def test_completing_a_ticket_another_window_holds_is_refused(hall, people):
    issue(hall)
    ticket = services.ticket_call_next(window=hall["w1"], actor=people["window"])
    with pytest.raises(Conflict) as exc:
        services.ticket_complete(ticket=ticket, window=hall["w2"], actor=people["window"])
    assert "1 号窗口" in str(exc.value.message)


def test_recall_then_no_show_after_n_recalls(hall, people):
    staff = people["window"]
    issue(hall)
    ticket = services.ticket_call_next(window=hall["w1"], actor=staff)
    with pytest.raises(DomainError) as exc:
        services.ticket_no_show(ticket=ticket, window=hall["w1"], actor=staff)
    assert "重呼" in str(exc.value.message)
    for _ in range(services.recalls_before_no_show()):
        services.ticket_recall(ticket=ticket, window=hall["w1"], actor=staff)
    with pytest.raises(DomainError):
        services.ticket_recall(ticket=ticket, window=hall["w1"], actor=staff)
    ticket = services.ticket_no_show(ticket=ticket, window=hall["w1"], actor=staff)
    assert ticket.status == "no_show" and ticket.recall_count == services.recalls_before_no_show()


def test_recalls_before_no_show_is_read_from_settings_at_call_time(hall, people, settings):
    settings.QUEUE_RECALLS_BEFORE_NO_SHOW = 1
    staff = people["window"]
    issue(hall)
    ticket = services.ticket_call_next(window=hall["w1"], actor=staff)
    services.ticket_recall(ticket=ticket, window=hall["w1"], actor=staff)
    with pytest.raises(DomainError) as exc:
        services.ticket_recall(ticket=ticket, window=hall["w1"], actor=staff)
    assert "已重呼 1 次" in str(exc.value.message)
    assert services.ticket_no_show(ticket=ticket, window=hall["w1"], actor=staff).status == "no_show"


def test_transfer_to_another_window_goes_first_there(hall, people):
    staff = people["window"]
    a, b = issue(hall), issue(hall)
    services.ticket_call_next(window=hall["w1"], actor=staff)
    services.ticket_transfer(ticket=a, window=hall["w1"], actor=staff, to_window=hall["w2"])
    assert services.ticket_call_next(window=hall["w2"], actor=staff).pk == a.pk
    assert services.ticket_call_next(window=hall["w1"], actor=staff).pk == b.pk


def test_transfer_to_street_is_final(hall, people):
    staff = people["window"]
    issue(hall)
    ticket = services.ticket_call_next(window=hall["w1"], actor=staff)
    ticket = services.ticket_transfer(ticket=ticket, window=hall["w1"], actor=staff, to_street=True, note="低保复核")
    assert ticket.status == "transferred"
    with pytest.raises(InvalidTransition):
        services.ticket_complete(ticket=ticket, window=hall["w1"], actor=staff)


def test_complete_with_items_creates_and_links_requests(hall, people, territory, item):
    staff = people["window"]
    other = ItemFactory(code="qt-x", name="居住证明")
    existing = services.request_submit(item=item, actor=people["resident"], applicant=people["resident"],
                                       community=territory["a1"])
    issue(hall)
    ticket = services.ticket_call_next(window=hall["w1"], actor=staff)
    ticket = services.ticket_complete(ticket=ticket, window=hall["w1"], actor=staff, handled=[existing, other],
                                      applicant_name="王先生")
    assert ticket.status == "completed" and ticket.completed_at
    linked = set(ticket.requests.values_list("pk", flat=True))
    created = ServiceRequest.objects.get(item=other)
    assert linked == {existing.pk, created.pk}
    assert created.status == "accepted" and created.channel == "window" and created.due_date


@pytest.mark.parametrize("status", ["completed", "no_show", "transferred", "cancelled"])
def test_final_tickets_cannot_be_recalled_or_completed(hall, people, status):
    ticket = issue(hall)
    QueueTicket.objects.filter(pk=ticket.pk).update(status=status, window=hall["w1"])
    for action in (services.ticket_recall, services.ticket_complete, services.ticket_start):
        with pytest.raises(InvalidTransition):
            action(ticket=ticket, window=hall["w1"], actor=people["window"])
    with pytest.raises(InvalidTransition):
        services.ticket_cancel(ticket=ticket, actor=people["window"])


def test_resident_may_cancel_own_waiting_ticket_only(hall, people):
    ticket = issue(hall, resident=people["resident"])
    with pytest.raises(NotAllowed):
        services.ticket_cancel(ticket=ticket, actor=people["other_resident"])
    assert services.ticket_cancel(ticket=ticket, actor=people["resident"]).status == "cancelled"


def test_closing_a_window_with_a_called_ticket_is_refused(hall, people):
    issue(hall)
    services.ticket_call_next(window=hall["w1"], actor=people["window"])
    with pytest.raises(Conflict):
        services.window_set_open(window=hall["w1"], actor=people["window"], is_open=False)


def test_position_and_estimate(hall, people):
    from services.selectors import ticket_position

    tickets = [issue(hall) for _ in range(4)]
    position = ticket_position(tickets[3])
    assert position["ahead"] == 3
    assert position["minutes"] == round(8.0 * 3 / 2)


def test_positions_of_several_tickets_agree_with_one_by_one_in_constant_queries(hall, people,
                                                                                django_assert_num_queries):
    from services.selectors import ticket_position, ticket_positions

    tickets = [issue(hall) for _ in range(3)]
    tickets.append(issue(hall, actor=people["window"], is_priority=True, priority_reason="elderly"))
    tickets += [issue(hall) for _ in range(3)]
    expected = {t.pk: ticket_position(t) for t in tickets}
    assert expected[tickets[3].pk]["ahead"] == 0 and expected[tickets[4].pk]["ahead"] == 4
    with django_assert_num_queries(3):  # one centre: its line, its open windows, its service times
        assert ticket_positions(tickets) == expected


def test_resident_three_places_from_the_front_is_told_once(hall, people):
    from taijiang.notifications.models import Notification

    staff = people["window"]
    for _ in range(3):
        issue(hall)
    mine = issue(hall, resident=people["resident"])
    services.ticket_call_next(window=hall["w1"], actor=staff)  # now 2 ahead of mine: mine is 3rd in line
    services.ticket_call_next(window=hall["w2"], actor=staff)
    notices = Notification.objects.filter(recipient=people["resident"], event="services.ticket_soon")
    assert notices.count() == 1 and mine.number in notices.get().title


def test_a_waiting_ticket_cannot_be_served_recalled_or_completed(hall, people):
    ticket = issue(hall)
    for action in (services.ticket_recall, services.ticket_no_show, services.ticket_start,
                   services.ticket_complete):
        with pytest.raises(InvalidTransition) as exc:
            action(ticket=ticket, window=hall["w1"], actor=people["window"])
        assert "等候中" in str(exc.value.message)
    with pytest.raises(InvalidTransition):
        services.ticket_transfer(ticket=ticket, window=hall["w1"], actor=people["window"], to_street=True)


def test_serving_ticket_cannot_be_recalled_or_marked_no_show(hall, people):
    staff = people["window"]
    issue(hall)
    ticket = services.ticket_call_next(window=hall["w1"], actor=staff)
    services.ticket_start(ticket=ticket, window=hall["w1"], actor=staff)
    for action in (services.ticket_recall, services.ticket_no_show, services.ticket_start):
        with pytest.raises(InvalidTransition):
            action(ticket=ticket, window=hall["w1"], actor=staff)
    assert services.ticket_complete(ticket=ticket, window=hall["w1"], actor=staff).status == "completed"


def test_transfer_to_a_closed_window_is_refused(hall, people):
    staff = people["window"]
    services.ticket_issue(centre=hall["centre"])
    ticket = services.ticket_call_next(window=hall["w1"], actor=staff)
    services.window_set_open(window=hall["w2"], actor=staff, is_open=False)
    with pytest.raises(DomainError) as exc:
        services.ticket_transfer(ticket=ticket, window=hall["w1"], actor=staff, to_window=hall["w2"])
    assert "未开启" in str(exc.value.message)
    ticket.refresh_from_db()
    assert ticket.status == "called" and ticket.window == hall["w1"] and ticket.reserved_for is None


def test_closing_a_window_returns_tickets_handed_to_it_to_the_common_queue(hall, people):
    staff = people["window"]
    first = services.ticket_issue(centre=hall["centre"])
    services.ticket_issue(centre=hall["centre"])
    services.ticket_call_next(window=hall["w1"], actor=staff)
    services.ticket_transfer(ticket=first, window=hall["w1"], actor=staff, to_window=hall["w2"])
    services.window_set_open(window=hall["w2"], actor=staff, is_open=False)
    first.refresh_from_db()
    assert first.status == "waiting" and first.reserved_for is None
    assert first.events.filter(action="release").exists()
    # window 1 now gets it back in its original place (issued first)
    assert services.ticket_call_next(window=hall["w1"], actor=staff).pk == first.pk
