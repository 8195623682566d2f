import datetime
from collections import Counter, defaultdict

from rota import generator
from rota.models import Absence, ShiftKind

OCTOBER = datetime.date(2026, 10, 1)


def _solve(community, month=OCTOBER):
    return generator.solve(generator.load_inputs(community, month))


def test_month_with_national_day_week_is_fully_covered_with_two_staggered_days_a_week(fuxiang):
    plan = _solve(fuxiang["community"])
    assert plan.status == "covered", plan.uncovered
    inputs = generator.load_inputs(fuxiang["community"], OCTOBER)
    qualified = {w.pk for w in fuxiang["workers"] if w.window_qualified}
    staffed = defaultdict(set)
    for worker_id, slot in plan.assignments:
        staffed[slot.index].add(worker_id)
    assert all(staffed[slot.index] & qualified for slot in inputs.slots)
    holiday_slots = [s for s in inputs.slots if s.kind == ShiftKind.HOLIDAY_DUTY]
    assert len(holiday_slots) == 7  # 1–7 October, duty mornings only
    # Full working weeks of October 2026: 12–16, 19–23 and 26–30 October.
    days = defaultdict(set)
    for worker_id, slot in plan.assignments:
        if slot.kind in (ShiftKind.STAGGERED_EARLY, ShiftKind.STAGGERED_LATE):
            days[worker_id, slot.day.isocalendar()[1]].add(slot.day)
    for week in (42, 43, 44):
        for worker in fuxiang["workers"]:
            assert len(days[worker.pk, week]) == 2, (worker, week)


def test_holiday_duty_is_spread_fairly(fuxiang):
    plan = _solve(fuxiang["community"])
    duty = Counter()
    for worker_id, slot in plan.assignments:
        if slot.kind == ShiftKind.HOLIDAY_DUTY:
            duty[worker_id] += 1
    counts = [duty[w.pk] for w in fuxiang["workers"]]
    assert max(counts) - min(counts) <= 1


def test_rest_between_shifts_and_weekly_cap_hold(fuxiang):
    plan = _solve(fuxiang["community"])
    by_worker = defaultdict(list)
    for worker_id, slot in plan.assignments:
        by_worker[worker_id].append(slot.period)
    for periods in by_worker.values():
        periods.sort(key=lambda p: p.start)
        for a, b in zip(periods, periods[1:], strict=False):
            if b.day != a.day:
                assert b.start - a.end >= datetime.timedelta(hours=11)
        weekly = Counter()
        for p in periods:
            weekly[p.day.isocalendar()[1]] += p.minutes
        assert max(weekly.values()) <= 40 * 60


def test_leave_is_respected(fuxiang):
    worker = fuxiang["workers"][1]
    Absence.objects.create(worker=worker, kind=Absence.Kind.LEAVE, first_day=datetime.date(2026, 10, 12),
                           last_day=datetime.date(2026, 10, 16))
    plan = _solve(fuxiang["community"])
    assert plan.status == "covered"
    assert not [s for w, s in plan.assignments
                if w == worker.pk and datetime.date(2026, 10, 12) <= s.day <= datetime.date(2026, 10, 16)]


def test_infeasible_setup_names_every_uncovered_period_and_why(fuxiang):
    # All five window-qualified workers are on leave on 14 October.
    for worker in fuxiang["workers"]:
        if worker.window_qualified:
            Absence.objects.create(worker=worker, kind=Absence.Kind.LEAVE, first_day=datetime.date(2026, 10, 14),
                                   last_day=datetime.date(2026, 10, 14))
    plan = _solve(fuxiang["community"])
    assert plan.status == "uncovered"
    assert {(u["day"], u["opens"]) for u in plan.uncovered} == {
        ("2026-10-14", "07:30"), ("2026-10-14", "08:30"), ("2026-10-14", "14:00"), ("2026-10-14", "17:30")}
    assert all("5 名窗口人员请假" in u["reason"] for u in plan.uncovered)


def test_holiday_duty_already_served_this_year_counts_towards_fairness(fuxiang):
    from rota.models import Rota, Shift

    from . import factories as rf

    workers = fuxiang["workers"]
    may = Rota.objects.create(community=fuxiang["community"], month=datetime.date(2026, 5, 1), status="published")
    for worker in workers[:4]:
        for day in (1, 2, 3):
            start = rf.at(datetime.date(2026, 5, day), 9)
            Shift.objects.create(rota=may, worker=worker, centre=fuxiang["centre"], day=start.date(), start=start,
                                 end=start + datetime.timedelta(hours=3), kind=ShiftKind.HOLIDAY_DUTY)
    plan = _solve(fuxiang["community"])
    assert plan.status == "covered"
    october = Counter(w for w, slot in plan.assignments if slot.kind == ShiftKind.HOLIDAY_DUTY)
    # Those with three May holidays take at most one more; the year's spread is the best the caps allow
    # (7 duty mornings × 2 places, each needing one of the 5 window-qualified workers): 2.
    assert all(october[w.pk] <= 1 for w in workers[:4])
    assert sum(october[w.pk] for w in workers[4:]) > sum(october[w.pk] for w in workers[:4])
    totals = [3 * (i < 4) + october[w.pk] for i, w in enumerate(workers)]
    assert max(totals) - min(totals) == 2


def test_weekly_unavailability_is_respected(fuxiang):
    worker = fuxiang["workers"][2]
    Absence.objects.create(worker=worker, kind=Absence.Kind.UNAVAILABLE, weekday=2, starts=datetime.time(17),
                           ends=datetime.time(21))
    plan = _solve(fuxiang["community"])
    assert plan.status == "covered"
    mine = [s for w, s in plan.assignments if w == worker.pk]
    assert mine and not [s for s in mine if s.day.weekday() == 2 and s.period.closes > datetime.time(17)]
