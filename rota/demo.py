"""Demo rota of 福祥社区: 8 workers (5 window-qualified), staggered and holiday-duty hours, and a
generated, published October 2026 (the National Day week from the demo calendar), and the month
the demo is loaded in and the next, so "我的排班", coverage and appointments work on any date.

Idempotent: hours by (weekday, opens, kind), staff by username, workers by user; the month is
generated only when it does not exist yet (the generator is deterministic).
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from grid.models import Community, OpeningPeriod, ServiceCentre
from taijiang.users.models import Role

from .models import Rota, RotaStatus, Worker
from .months import next_month
from .services import rota_generate, rota_publish

T = datetime.time
K = OpeningPeriod.Kind
DEMO_MONTH = datetime.date(2026, 10, 1)

# username, name, role, window-qualified (the demo accounts already exist; four colleagues join them)
STAFF = [
    ("demo-community", "郑书记", Role.COMMUNITY_ADMIN, True),
    ("demo-window", "陈窗口", Role.WINDOW_STAFF, True),
    ("demo-window-2", "林窗口", Role.WINDOW_STAFF, True),
    ("demo-window-3", "黄窗口", Role.WINDOW_STAFF, True),
    ("demo-window-4", "吴窗口", Role.WINDOW_STAFF, True),
    ("demo-grid", "王网格", Role.GRID_WORKER, False),
    ("demo-grid-2", "刘网格", Role.GRID_WORKER, False),
    ("demo-grid-3", "张网格", Role.GRID_WORKER, False),
]


def _hours(centre) -> None:
    wanted = [(weekday, T(7, 30), T(8, 30), K.STAGGERED_EARLY) for weekday in range(5)]
    wanted += [(weekday, T(17, 30), T(19, 30), K.STAGGERED_LATE) for weekday in (0, 2, 4)]
    wanted.append((None, T(9, 0), T(12, 0), K.HOLIDAY_DUTY))
    for weekday, opens, closes, kind in wanted:
        OpeningPeriod.objects.get_or_create(centre=centre, weekday=weekday, opens=opens, kind=kind,
                                            defaults={"closes": closes})


def seed(*, stdout=None) -> None:
    community = Community.objects.filter(code="fuxiang").first()
    centre = ServiceCentre.objects.filter(community=community).first() if community else None
    if centre is None:
        return
    _hours(centre)
    User = get_user_model()
    for username, name, role, qualified in STAFF:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username=username, password=None, display_name=name, role=role,
                                            community=community, street=community.street)
            if role == Role.GRID_WORKER:
                user.grids.set(community.grids.all()[:1])
        Worker.objects.get_or_create(user=user, defaults={"community": community, "window_qualified": qualified})
    admin = User.objects.get(username="demo-community")
    this_month = timezone.localdate().replace(day=1)
    for month in sorted({DEMO_MONTH, this_month, next_month(this_month)}):
        if not Rota.objects.filter(community=community, month=month).exists():
            rota = rota_generate(community=community, month=month, actor=admin)
            if rota.report.get("status") == "covered":
                rota_publish(rota=rota, actor=admin)
    if stdout:
        for rota in Rota.objects.filter(community=community).order_by("month"):
            stdout.write(f"  rota: {Worker.objects.filter(community=community).count()} workers, "
                         f"{rota.month:%Y-%m} {rota.shifts.count()} shifts "
                         f"({'published' if rota.status == RotaStatus.PUBLISHED else rota.report.get('status')})")
