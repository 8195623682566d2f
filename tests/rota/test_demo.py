"""The demo month: 福祥社区, 8 workers (5 window-qualified), 2 windows, October 2026 with National Day."""

import datetime
from collections import defaultdict

from grid.hours import centre_hours
from rota.models import STAGGERED_SHIFT_KINDS, Rota, RotaStatus, Worker
from services.models import Window


def test_demo_month_is_published_and_covers_every_open_period(db, demo_data):
    rota = Rota.objects.select_related("community").get(community__code="fuxiang", month=datetime.date(2026, 10, 1))
    assert rota.status == RotaStatus.PUBLISHED and rota.report["status"] == "covered"
    workers = list(Worker.objects.filter(community=rota.community))
    assert len(workers) == 8 and sum(w.window_qualified for w in workers) == 5
    centre = rota.community.centre
    assert Window.objects.filter(centre=centre).count() == 2
    shifts = list(rota.shifts.select_related("worker"))
    days = centre_hours(centre, datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))
    assert any(d.pattern == "holiday" and d.periods for d in days)
    for day in days:
        for period in day.periods:
            assert any(s.worker.window_qualified and s.start <= period.start and s.end >= period.end
                       for s in shifts), (day.day, period)
    staggered_days = defaultdict(set)
    for shift in shifts:
        if shift.kind in STAGGERED_SHIFT_KINDS:
            staggered_days[shift.worker_id, shift.day.isocalendar()[1]].add(shift.day)
    for week in (42, 43, 44):  # the full working weeks of October 2026
        assert all(len(staggered_days[w.pk, week]) == 2 for w in workers)


def test_demo_publishes_the_month_it_is_loaded_in_and_the_next(db, demo_data):
    """So a worker's "我的排班" and the coverage checks have a rota on whatever day the demo runs."""
    from django.utils import timezone

    from rota.months import next_month

    this_month = timezone.localdate().replace(day=1)
    published = set(Rota.objects.filter(community__code="fuxiang", status=RotaStatus.PUBLISHED)
                    .values_list("month", flat=True))
    assert {datetime.date(2026, 10, 1), this_month, next_month(this_month)} <= published
