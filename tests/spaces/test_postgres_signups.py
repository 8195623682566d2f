"""Sign-ups and waitlist promotion racing each other on real PostgreSQL connections."""

import threading

import pytest
from django.db import connection

from spaces.models import Activity, SignUp, SignUpStatus
from spaces.services import activity_publish, signup_cancel, signup_create
from tests import factories
from tests.spaces.conftest import TUESDAY, at

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _run_together(jobs):
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.fixture
def activity(now, room, admin):
    return activity_publish(actor=admin, room=room, start=at(TUESDAY, "14:00"), end=at(TUESDAY, "16:00"),
                            kind=Activity.Kind.PARENT_CHILD, title="亲子手作：灯笼", capacity=3)


def test_twenty_concurrent_signups_fill_exactly_the_capacity_and_wait_the_rest(activity):
    residents = [factories.resident() for _ in range(20)]
    errors = _run_together([lambda r=r: signup_create(activity=activity, actor=r) for r in residents])
    assert errors == []
    statuses = list(SignUp.objects.filter(activity=activity).values_list("status", flat=True))
    assert statuses.count(SignUpStatus.CONFIRMED) == 3 and statuses.count(SignUpStatus.WAITLISTED) == 17


def test_concurrent_cancellations_promote_the_longest_waiting_and_never_overfill(activity):
    first = [signup_create(activity=activity, actor=factories.resident()) for _ in range(3)]
    waiting = [signup_create(activity=activity, actor=factories.resident()) for _ in range(4)]
    latecomers = [factories.resident() for _ in range(6)]
    jobs = [lambda s=s: signup_cancel(signup=s, actor=s.resident) for s in first[:2]]
    jobs += [lambda r=r: signup_create(activity=activity, actor=r) for r in latecomers]
    assert _run_together(jobs) == []
    confirmed = set(SignUp.objects.filter(activity=activity, status=SignUpStatus.CONFIRMED).values_list("pk", flat=True))
    assert confirmed == {first[2].pk, waiting[0].pk, waiting[1].pk}
    assert SignUp.objects.filter(activity=activity, status=SignUpStatus.WAITLISTED).count() == 2 + 6
