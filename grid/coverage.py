"""Coverage figures: who was visited within their policy period, overdue high-risk households, and
visits per week. Read-only selectors for the coverage pages and the dashboard.

A household counts as covered when it has a completed visit (outcome "met") and its next-due date
(last visit + the policy period of its tier, earlier after an emergency) is today or later.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from taijiang.users.models import Role

from .models import Community, Grid, Household, Visit
from .services.policy import policy_for

WEEKS = 8


@dataclass
class CoverageRow:
    label: str
    households: int = 0
    covered: int = 0
    overdue: int = 0
    overdue_high_risk: int = 0
    weekly_visits: list[int] = field(default_factory=lambda: [0] * WEEKS)
    target_percent: int = 90
    obj: object = None

    @property
    def percent(self) -> float | None:
        """Covered households in %; None when there are no households ("无住户", never 100 %)."""
        return round(100 * self.covered / self.households, 1) if self.households else None

    @property
    def below_target(self) -> bool:
        return self.households > 0 and self.percent < self.target_percent


def week_starts(today: datetime.date, weeks: int = WEEKS) -> list[datetime.date]:
    """Mondays of the last `weeks` weeks, oldest first, the current week last."""
    monday = today - datetime.timedelta(days=today.weekday())
    return [monday - datetime.timedelta(weeks=weeks - 1 - i) for i in range(weeks)]


def _week_counts(today: datetime.date) -> dict:
    tz = timezone.get_current_timezone()
    starts = week_starts(today)
    bounds = [datetime.datetime.combine(d, datetime.time.min, tzinfo=tz) for d in starts]
    bounds.append(bounds[-1] + datetime.timedelta(weeks=1))
    return {f"w{i}": Count("pk", filter=Q(visited_at__gte=bounds[i], visited_at__lt=bounds[i + 1]))
            for i in range(WEEKS)}


def _in_weeks(today: datetime.date) -> Q:
    """Only the visits of the counted weeks: without it each count read a household's whole history."""
    tz = timezone.get_current_timezone()
    starts = week_starts(today)
    first = datetime.datetime.combine(starts[0], datetime.time.min, tzinfo=tz)
    return Q(visited_at__gte=first, visited_at__lt=first + datetime.timedelta(weeks=len(starts)))


def _household_counts(today: datetime.date) -> dict:
    return {
        "households": Count("pk"),
        "covered": Count("pk", filter=Q(last_visited_at__isnull=False, next_visit_due__gte=today)),
        "overdue": Count("pk", filter=Q(next_visit_due__lt=today)),
        "overdue_high_risk": Count("pk", filter=Q(risk_rank=1, next_visit_due__lt=today)),
    }


def _fill(row: CoverageRow, counts: dict | None, weeks: dict | None) -> CoverageRow:
    if counts:
        row.households, row.covered = counts["households"], counts["covered"]
        row.overdue, row.overdue_high_risk = counts["overdue"], counts["overdue_high_risk"]
    if weeks:
        row.weekly_visits = [weeks[f"w{i}"] for i in range(WEEKS)]
    return row


def coverage_by_grid(grids, today: datetime.date) -> list[CoverageRow]:
    """One row per grid (3 queries)."""
    grids = list(grids.select_related("community") if hasattr(grids, "select_related") else grids)
    ids = [g.pk for g in grids]
    counts = {r["building__grid"]: r for r in Household.objects.filter(is_active=True, building__grid__in=ids)
              .values("building__grid").annotate(**_household_counts(today))}
    weeks = {r["household__building__grid"]: r for r in Visit.objects.filter(_in_weeks(today), household__building__grid__in=ids)
             .values("household__building__grid").annotate(**_week_counts(today))}
    targets = _targets({g.community_id for g in grids})
    return [_fill(CoverageRow(label=str(g), obj=g, target_percent=targets[g.community_id]), counts.get(g.pk),
                  weeks.get(g.pk)) for g in grids]


def coverage_by_worker(community: Community, today: datetime.date) -> list[CoverageRow]:
    """One row per grid worker of the community: their grids' households, their own visits."""
    from django.contrib.auth import get_user_model

    workers = list(get_user_model().objects.filter(role=Role.GRID_WORKER, grids__community=community)
                   .distinct().prefetch_related("grids").order_by("display_name", "username"))
    grid_rows = {row.obj.pk: row for row in coverage_by_grid(Grid.objects.filter(community=community), today)}
    weeks = {r["worker"]: r for r in Visit.objects.filter(_in_weeks(today), worker__in=workers).values("worker")
             .annotate(**_week_counts(today))}
    target = policy_for(community).coverage_target_percent
    rows = []
    for worker in workers:
        row = CoverageRow(label=worker.name, obj=worker, target_percent=target)
        for grid in worker.grids.all():
            part = grid_rows.get(grid.pk)
            if part:
                row.households += part.households
                row.covered += part.covered
                row.overdue += part.overdue
                row.overdue_high_risk += part.overdue_high_risk
        rows.append(_fill(row, None, weeks.get(worker.pk)))
    return rows


def coverage_by_community(communities, today: datetime.date) -> list[CoverageRow]:
    communities = list(communities)
    ids = [c.pk for c in communities]
    counts = {r["building__grid__community"]: r for r in Household.objects
              .filter(is_active=True, building__grid__community__in=ids)
              .values("building__grid__community").annotate(**_household_counts(today))}
    weeks = {r["household__building__grid__community"]: r for r in Visit.objects
             .filter(_in_weeks(today), household__building__grid__community__in=ids)
             .values("household__building__grid__community").annotate(**_week_counts(today))}
    targets = _targets(set(ids))
    return [_fill(CoverageRow(label=str(c), obj=c, target_percent=targets[c.pk]), counts.get(c.pk), weeks.get(c.pk))
            for c in communities]


def _targets(community_ids: set) -> dict:
    from .models import VisitPolicy

    saved = dict(VisitPolicy.objects.filter(community_id__in=community_ids)
                 .values_list("community_id", "coverage_target_percent"))
    return {cid: saved.get(cid, VisitPolicy.DEFAULTS["coverage_target_percent"]) for cid in community_ids}
