"""Call-next under real concurrency (PostgreSQL, SELECT … FOR UPDATE SKIP LOCKED)."""

import threading
from collections import Counter

import pytest
from django.db import connection

from services import services
from services.models import QueueTicket, Window
from tests import factories
from tests.factories import ServiceCentreFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_eight_windows_calling_at_once_take_every_ticket_exactly_once():
    community = factories.CommunityFactory()
    staff = factories.window_staff(community)
    centre = ServiceCentreFactory(community=community)
    windows = [Window.objects.create(centre=centre, number=n, is_open=True) for n in range(1, 9)]
    tickets = [services.ticket_issue(centre=centre) for _ in range(200)]
    order = {t.pk: index for index, t in enumerate(tickets)}
    calls: dict[int, list[int]] = {w.pk: [] for w in windows}
    errors = []
    barrier = threading.Barrier(len(windows))

    def work(window):
        try:
            barrier.wait()
            while True:
                ticket = services.ticket_call_next(window=window, actor=staff)
                if ticket is None:
                    break
                calls[window.pk].append(ticket.pk)
                services.ticket_complete(ticket=ticket, window=window, actor=staff)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(w,)) for w in windows]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    called = [pk for seq in calls.values() for pk in seq]
    assert Counter(called).most_common(1)[0][1] == 1  # nobody called twice
    assert set(called) == set(order)  # every ticket called
    for seq in calls.values():  # each window took ever newer tickets: none skipped while older waited
        assert [order[pk] for pk in seq] == sorted(order[pk] for pk in seq)
    assert QueueTicket.objects.filter(status="completed").count() == 200
    assert sum(1 for seq in calls.values() if seq) > 1  # the windows really worked in parallel


def test_concurrent_issuing_never_duplicates_a_number():
    community = factories.CommunityFactory()
    centre = ServiceCentreFactory(community=community)
    numbers, errors = [], []
    barrier = threading.Barrier(8)

    def work():
        try:
            barrier.wait()
            for _ in range(10):
                numbers.append(services.ticket_issue(centre=centre).number)
        except Exception as exc:  # pragma: no cover
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == [f"A{n:03d}" for n in range(1, 81)]
