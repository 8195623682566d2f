"""A community centre with hours, workers and the holiday calendar, for the rota tests."""

import datetime

from grid.models import OpeningPeriod
from rota.models import Worker
from taijiang.workdays.models import CalendarDay
from tests import factories

T = datetime.time
K = OpeningPeriod.Kind

NATIONAL_DAY_2026 = [*[(f"2026-10-0{d}", "holiday", "国庆节") for d in range(1, 8)],
                     ("2026-09-20", "workday", "国庆节调休"), ("2026-10-10", "workday", "国庆节调休")]


def calendar(rows=NATIONAL_DAY_2026) -> None:
    for day, kind, name in rows:
        CalendarDay.objects.get_or_create(date=datetime.date.fromisoformat(day), defaults={"kind": kind, "name": name})


def hours(centre, *, summer_until=datetime.date(2026, 9, 30)) -> None:
    """Weekdays 8:30–12:00 and afternoons (summer 14:30–17:30, winter 14:00–17:30), staggered early
    7:30–8:30 and late 17:30–19:30, Saturday 9:00–12:00, holiday duty 9:00–12:00."""
    rows = []
    for weekday in range(5):
        rows += [
            OpeningPeriod(centre=centre, weekday=weekday, opens=T(8, 30), closes=T(12, 0)),
            OpeningPeriod(centre=centre, weekday=weekday, opens=T(14, 30), closes=T(17, 30),
                          valid_from=datetime.date(2026, 5, 1), valid_until=summer_until),
            OpeningPeriod(centre=centre, weekday=weekday, opens=T(14, 0), closes=T(17, 30),
                          valid_from=summer_until + datetime.timedelta(days=1), valid_until=datetime.date(2027, 4, 30)),
            OpeningPeriod(centre=centre, weekday=weekday, opens=T(7, 30), closes=T(8, 30), kind=K.STAGGERED_EARLY),
            OpeningPeriod(centre=centre, weekday=weekday, opens=T(17, 30), closes=T(19, 30), kind=K.STAGGERED_LATE),
        ]
    rows.append(OpeningPeriod(centre=centre, weekday=5, opens=T(9, 0), closes=T(12, 0)))
    rows.append(OpeningPeriod(centre=centre, weekday=None, opens=T(9, 0), closes=T(12, 0), kind=K.HOLIDAY_DUTY))
    OpeningPeriod.objects.bulk_create(rows)


def workers(community, *, total=8, qualified=5) -> list[Worker]:
    people = [factories.community_admin(community, display_name="社区管理员")]
    people += [factories.window_staff(community, display_name=f"窗口{i}") for i in range(1, 5)]
    people += [factories.grid_worker(*community.grids.all()[:1], display_name=f"网格{i}") for i in range(1, total - 4)]
    return [Worker.objects.create(user=user, community=community, window_qualified=index < qualified)
            for index, user in enumerate(people[:total])]


def centre_for(community, **kwargs):
    return factories.ServiceCentreFactory(community=community, street=community.street, **kwargs)


def published_rota(community, month, shifts, *, status="published"):
    """A rota with the given shifts [(worker, start, end, kind)], without the solver."""
    from django.utils import timezone

    from rota.models import Rota, Shift

    rota = Rota.objects.create(community=community, month=month.replace(day=1), status=status)
    for worker, start, end, kind in shifts:
        Shift.objects.create(rota=rota, worker=worker, centre=community.centre, day=timezone.localtime(start).date(),
                             start=start, end=end, kind=kind)
    return rota


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    from django.utils import timezone

    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone())
