import datetime

from django.utils import timezone

from rota.models import ShiftKind
from services.models import QueueTicket, TicketStatus, Window
from taijiang.dashboard.rota_figures import rota_figures

from . import factories as rf

DAY = datetime.date(2026, 10, 12)  # Monday


def _ticket(centre, served_at, number):
    return QueueTicket.objects.create(centre=centre, service_date=timezone.localdate(served_at), number=f"A{number:03d}",
                                      sequence=number, issued_at=served_at, served_at=served_at,
                                      status=TicketStatus.COMPLETED)


def test_figures_per_community_and_month(fuxiang):
    centre = fuxiang["centre"]
    Window.objects.create(centre=centre, number=1)
    w = fuxiang["workers"]
    rf.published_rota(fuxiang["community"], DAY, [
        (w[1], rf.at(DAY, 7, 30), rf.at(DAY, 8, 30), ShiftKind.STAGGERED_EARLY),
        (w[2], rf.at(DAY, 17, 30), rf.at(DAY, 19, 30), ShiftKind.STAGGERED_LATE),
        (w[3], rf.at(datetime.date(2026, 10, 5), 9), rf.at(datetime.date(2026, 10, 5), 12), ShiftKind.HOLIDAY_DUTY),
    ])
    _ticket(centre, rf.at(DAY, 18), 1)  # an evening visit
    _ticket(centre, rf.at(DAY, 10), 2)  # regular hours: not counted
    _ticket(centre, rf.at(datetime.date(2026, 10, 5), 10), 3)  # holiday duty
    (row,) = rota_figures(communities=[fuxiang["community"]], month=datetime.date(2026, 10, 1))
    # 18 working days (incl. the make-up Saturday) × 2 staggered periods; 2 covered
    assert row["staggered_periods"] == 36 and row["staggered_covered"] == 2
    assert row["staggered_coverage"] == round(100 * 2 / 36, 1)
    assert row["holiday_duty_days"] == 1
    assert row["extended_hours_visits"] == 2
    assert row["appointments_handled"] == 0


def test_a_month_without_a_published_rota_has_no_coverage_figure(fuxiang):
    (row,) = rota_figures(communities=[fuxiang["community"]], month=datetime.date(2026, 10, 1))
    assert row["staggered_coverage"] is None and row["holiday_duty_days"] == 0
