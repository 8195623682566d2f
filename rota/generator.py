"""The month generator: an OR-Tools CP-SAT model of who covers which opening period.

Decision variable x[w, p]: worker w works opening period p (one period on one date, from grid.hours).

Hard rules
- nobody works a period on leave, or in a weekly time they are unavailable;
- at most `max_staff_per_period` workers per period, and nobody in two overlapping periods;
- weekly hours (ISO weeks, counted within the month) stay under the cap;
- rest between the last period of a day and the first of the next is at least `min_rest_hours`;
- every open period has at least one window-qualified worker (coverage);
- each worker works exactly the policy's staggered days in each week: N for a full working week,
  N × (working days the worker is available that week) / 5 rounded down for weeks cut by holidays,
  leave or the month's edge (a holiday week has fewer staggered periods to share).

Goals, solved one pass after another (each pass keeps the previous pass's optimum): spread holiday
duty fairly over the year (the max–min of holiday-duty days per worker, counting the year's published
months before this one), then even out hours (best effort, HOURS_PASS_SECONDS at most).

When the hard model has no solution, a relaxed model turns coverage and staggered days into slack
variables and minimises them first, so the answer names exactly which periods stay uncovered;
each is explained from the data (how many window-qualified workers are on leave, unavailable, or
held back by the hours cap and the rest rule).
"""

import datetime
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from ortools.sat.python import cp_model

from grid.hours import DayHours, OpenPeriod, Pattern, centre_hours
from grid.models import OpeningPeriod

from .models import Absence, RotaPolicy, Shift, ShiftKind, Worker
from .months import month_bounds
from .selectors import policy_for

K = OpeningPeriod.Kind
WORKING_PATTERNS = (Pattern.WORKING, Pattern.MAKE_UP)


def shift_kind(period: OpenPeriod, pattern: str) -> str:
    if pattern == Pattern.HOLIDAY:
        return ShiftKind.HOLIDAY_DUTY
    if pattern == Pattern.WEEKEND:
        return ShiftKind.WEEKEND
    if period.kind == K.STAGGERED_EARLY:
        return ShiftKind.STAGGERED_EARLY
    if period.kind in (K.STAGGERED_LATE, K.EXTENDED):
        return ShiftKind.STAGGERED_LATE
    return ShiftKind.REGULAR


@dataclass(frozen=True)
class Slot:
    """An opening period on a date, as the generator sees it."""

    index: int
    period: OpenPeriod
    kind: str

    @property
    def day(self) -> datetime.date:
        return self.period.day


@dataclass
class Plan:
    status: str  # "covered", "uncovered" or "no_solution"
    assignments: list[tuple[int, Slot]] = field(default_factory=list)  # (worker id, slot)
    uncovered: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    solver_status: str = ""

    def report(self) -> dict:
        return {"status": self.status, "uncovered": self.uncovered, "notes": self.notes,
                "solver": self.solver_status}


def _blocked(absence: Absence, period: OpenPeriod) -> bool:
    if absence.first_day and period.day < absence.first_day:
        return False
    if absence.last_day and period.day > absence.last_day:
        return False
    if absence.kind == Absence.Kind.LEAVE:
        return True
    if absence.weekday != period.day.weekday():
        return False
    if absence.starts is None or absence.ends is None:
        return True
    return absence.starts < period.closes and period.opens < absence.ends


def prior_holiday_days(workers: list[Worker], month: datetime.date) -> dict[int, int]:
    """Holiday-duty days each worker already served in this year's published months before `month`."""
    rows = (Shift.objects.filter(worker__in=workers, kind=ShiftKind.HOLIDAY_DUTY, rota__status="published",
                                 day__gte=month.replace(month=1, day=1), day__lt=month)
            .values_list("worker_id", "day").distinct())
    counts: dict[int, int] = defaultdict(int)
    for worker_id, _day in rows:
        counts[worker_id] += 1
    return counts


@dataclass
class Inputs:
    days: list[DayHours]
    slots: list[Slot]
    workers: list[Worker]
    absences: dict[int, list[Absence]]
    policy: RotaPolicy
    prior_holidays: dict[int, int]


def load_inputs(community, month: datetime.date) -> Inputs:
    first, last = month_bounds(month)
    days = centre_hours(community.centre, first, last)
    slots = []
    for day in days:
        for period in day.periods:
            slots.append(Slot(index=len(slots), period=period, kind=shift_kind(period, day.pattern)))
    workers = list(Worker.objects.filter(community=community, active=True, user__is_active=True)
                   .select_related("user").order_by("pk"))
    absences: dict[int, list[Absence]] = defaultdict(list)
    for absence in Absence.objects.filter(worker__in=workers):
        absences[absence.worker_id].append(absence)
    return Inputs(days=days, slots=slots, workers=workers, absences=absences, policy=policy_for(community),
                  prior_holidays=prior_holiday_days(workers, first))


def _week(day: datetime.date) -> tuple[int, int]:
    iso = day.isocalendar()
    return iso[0], iso[1]


class _Model:
    """Builds the CP-SAT model; `relaxed` turns coverage and staggered days into penalised slack."""

    def __init__(self, inputs: Inputs, *, relaxed: bool):
        self.inputs, self.relaxed = inputs, relaxed
        self.model = cp_model.CpModel()
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}
        self.uncovered: dict[int, cp_model.IntVar] = {}
        self.shortfall: list[cp_model.IntVar] = []
        self.available: dict[tuple[int, int], bool] = {}
        self._build()

    def _build(self) -> None:
        inputs, model = self.inputs, self.model
        policy = inputs.policy
        for worker in inputs.workers:
            for slot in inputs.slots:
                free = not any(_blocked(a, slot.period) for a in inputs.absences.get(worker.pk, []))
                self.available[worker.pk, slot.index] = free
                if free:
                    self.x[worker.pk, slot.index] = model.new_bool_var(f"x_{worker.pk}_{slot.index}")
        by_slot = defaultdict(list)
        for (worker_id, index), var in self.x.items():
            by_slot[index].append((worker_id, var))
        qualified = {w.pk for w in inputs.workers if w.window_qualified}
        for slot in inputs.slots:
            staff = by_slot[slot.index]
            model.add(sum(v for _w, v in staff) <= policy.max_staff_per_period)
            cover = sum(v for w, v in staff if w in qualified)
            if self.relaxed:
                slack = model.new_bool_var(f"uncovered_{slot.index}")
                self.uncovered[slot.index] = slack
                model.add(cover + slack >= 1)
            else:
                model.add(cover >= 1)
        self._hours_and_rest()
        self._staggered_days()
        self._objective(qualified)

    def _worker_slots(self, worker_id):
        return [(slot, self.x[worker_id, slot.index]) for slot in self.inputs.slots
                if (worker_id, slot.index) in self.x]

    def _hours_and_rest(self) -> None:
        policy, model = self.inputs.policy, self.model
        rest = datetime.timedelta(hours=policy.min_rest_hours)
        for worker in self.inputs.workers:
            mine = self._worker_slots(worker.pk)
            weeks = defaultdict(list)
            for slot, var in mine:
                weeks[_week(slot.day)].append(slot.period.minutes * var)
            for terms in weeks.values():
                model.add(sum(terms) <= policy.weekly_hours_cap * 60)
            by_day = defaultdict(list)
            for slot, var in mine:
                by_day[slot.day].append((slot, var))
            for day, today in by_day.items():
                # Periods of different kinds may overlap (a season's row beside a year-round one):
                # nobody is in two places at once.
                for i, (a, va) in enumerate(today):
                    for b, vb in today[i + 1:]:
                        if a.period.start < b.period.end and b.period.start < a.period.end:
                            model.add(va + vb <= 1)
                tomorrow = by_day.get(day + datetime.timedelta(days=1), [])
                for a, va in today:
                    for b, vb in tomorrow:
                        if b.period.start - a.period.end < rest:
                            model.add(va + vb <= 1)

    def _staggered_days(self) -> None:
        inputs, model = self.inputs, self.model
        per_week = inputs.policy.staggered_days_per_week
        working_days = defaultdict(set)
        for day in inputs.days:
            if day.pattern in WORKING_PATTERNS and day.periods:
                working_days[_week(day.day)].add(day.day)
        for worker in inputs.workers:
            staggered_by_day = defaultdict(list)
            available_days = defaultdict(set)
            for slot, var in self._worker_slots(worker.pk):
                if slot.day in working_days[_week(slot.day)]:
                    available_days[_week(slot.day)].add(slot.day)
                if slot.kind in (ShiftKind.STAGGERED_EARLY, ShiftKind.STAGGERED_LATE):
                    staggered_by_day[slot.day].append(var)
            for week, days in working_days.items():
                wanted = min(per_week, per_week * len(available_days[week]) // 5)
                day_flags = []
                for day in sorted(days):
                    terms = staggered_by_day.get(day, [])
                    if not terms:
                        continue
                    flag = model.new_bool_var(f"stag_{worker.pk}_{day:%m%d}")
                    model.add_max_equality(flag, terms)
                    day_flags.append(flag)
                if self.relaxed:
                    short = model.new_int_var(0, per_week, f"short_{worker.pk}_{week[1]}")
                    self.shortfall.append(short)
                    model.add(sum(day_flags) + short >= wanted)
                    model.add(sum(day_flags) <= wanted)
                else:
                    model.add(sum(day_flags) == wanted)

    def _objective(self, qualified) -> None:
        inputs, model = self.inputs, self.model
        holiday_days_by_worker = []
        minutes_by_worker = []
        horizon = len(inputs.days) + 366
        for worker in inputs.workers:
            mine = self._worker_slots(worker.pk)
            by_day = defaultdict(list)
            for slot, var in mine:
                if slot.kind == ShiftKind.HOLIDAY_DUTY:
                    by_day[slot.day].append(var)
            flags = []
            for day, terms in by_day.items():
                flag = model.new_bool_var(f"hol_{worker.pk}_{day:%m%d}")
                model.add_max_equality(flag, terms)
                flags.append(flag)
            total = model.new_int_var(0, horizon, f"hol_total_{worker.pk}")
            model.add(total == inputs.prior_holidays.get(worker.pk, 0) + sum(flags))
            holiday_days_by_worker.append(total)
            minutes = model.new_int_var(0, 60 * 24 * 31, f"minutes_{worker.pk}")
            model.add(minutes == sum(slot.period.minutes * var for slot, var in mine))
            minutes_by_worker.append(minutes)
        self.goals = []  # lexicographic: each pass fixes the previous pass's value
        if self.relaxed:
            # Coverage first, then the staggered days: the answer names the fewest uncovered periods.
            self.goals.append(("slack", 1000 * sum(self.uncovered.values()) + sum(self.shortfall)))
        if holiday_days_by_worker:
            hi, lo = model.new_int_var(0, horizon, "hol_max"), model.new_int_var(0, horizon, "hol_min")
            model.add_max_equality(hi, holiday_days_by_worker)
            model.add_min_equality(lo, holiday_days_by_worker)
            m_hi, m_lo = model.new_int_var(0, 60 * 24 * 31, "min_max"), model.new_int_var(0, 60 * 24 * 31, "min_min")
            model.add_max_equality(m_hi, minutes_by_worker)
            model.add_min_equality(m_lo, minutes_by_worker)
            self.goals.append(("holiday_spread", hi - lo))
            self.goals.append(("hours_spread", m_hi - m_lo))

    def keep(self, solver, expression) -> None:
        """Fix a finished pass's value and start the next pass from its solution."""
        self.model.add(expression <= int(solver.objective_value))
        self.model.clear_hints()
        for var in self.x.values():
            self.model.add_hint(var, solver.value(var))


# Evening out hours is a nicety: it gets at most this long, the rest of the budget is for coverage.
HOURS_PASS_SECONDS = 5


def solve(inputs: Inputs) -> Plan:
    if not inputs.slots:
        return Plan(status="covered", notes=[_("本月没有开放时段。")])
    if not inputs.workers:
        plan = Plan(status="uncovered")
        plan.uncovered = [_describe(inputs, slot, reason=_("本社区没有参加排班的人员")) for slot in inputs.slots]
        return plan
    # One budget for every pass, so a month never takes longer than the policy allows (≤ 30 s).
    deadline = time.monotonic() + min(int(inputs.policy.solver_seconds), 30)
    built = _Model(inputs, relaxed=False)
    best = _passes(built, deadline)
    if best is None:
        built = _Model(inputs, relaxed=True)
        best = _passes(built, deadline)
    if best is None:
        return Plan(status="no_solution", notes=[_("求解器在时限内未找到方案，请放宽规则或延长求解时限后重试。")])
    return _plan(built, *best)


def _passes(built: _Model, deadline: float):
    """Solve the goals one after another; the last feasible (solver, status) or None."""
    best = None
    for name, expression in built.goals:
        built.model.minimize(expression)
        limit = deadline if name != "hours_spread" else min(deadline, time.monotonic() + HOURS_PASS_SECONDS)
        status, solver = _run(built, limit)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return best
        best = (solver, status)
        if status != cp_model.OPTIMAL:
            return best  # out of time: keep what we have rather than fix a value that is not the best
        built.keep(solver, expression)
    return best


def _run(built: _Model, deadline: float):
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(deadline - time.monotonic(), 1.0)
    solver.parameters.num_workers = 2  # the server's cores are shared with the web workers
    solver.parameters.random_seed = 7  # the same inputs give the same proposal
    return solver.solve(built.model), solver


def _plan(built: _Model, solver, status) -> Plan:
    inputs = built.inputs
    assignments = [(worker_id, inputs.slots[index]) for (worker_id, index), var in built.x.items()
                   if solver.value(var)]
    plan = Plan(status="covered", assignments=assignments, solver_status=solver.status_name(status))
    if built.relaxed:
        uncovered = [inputs.slots[i] for i, var in built.uncovered.items() if solver.value(var)]
        if uncovered:
            plan.status = "uncovered"
            plan.uncovered = [_describe(inputs, slot) for slot in uncovered]
        short = sum(solver.value(v) for v in built.shortfall)
        if short:
            plan.notes.append(_("有 %(n)s 个人次未能排满每周错时天数。") % {"n": short})
    return plan


def _describe(inputs: Inputs, slot: Slot, reason: str | None = None) -> dict:
    period = slot.period
    if reason is None:
        reason = _why_uncovered(inputs, slot)
    return {"day": period.day.isoformat(), "opens": f"{period.opens:%H:%M}", "closes": f"{period.closes:%H:%M}",
            "kind": slot.kind, "kind_label": str(ShiftKind(slot.kind).label), "reason": reason}


def _why_uncovered(inputs: Inputs, slot: Slot) -> str:
    qualified = [w for w in inputs.workers if w.window_qualified]
    if not qualified:
        return _("本社区没有可独立值守窗口的人员")
    on_leave = unavailable = 0
    for worker in qualified:
        blocking = [a for a in inputs.absences.get(worker.pk, []) if _blocked(a, slot.period)]
        if any(a.kind == Absence.Kind.LEAVE for a in blocking):
            on_leave += 1
        elif blocking:
            unavailable += 1
    parts = []
    if on_leave:
        parts.append(_("%(n)s 名窗口人员请假") % {"n": on_leave})
    if unavailable:
        parts.append(_("%(n)s 名窗口人员该时段不可排班") % {"n": unavailable})
    rest = len(qualified) - on_leave - unavailable
    if rest:
        parts.append(_("其余 %(n)s 名窗口人员已达每周工时上限或需保证班间休息") % {"n": rest})
    return _("共 %(total)s 名窗口人员：") % {"total": len(qualified)} + "，".join(parts)
