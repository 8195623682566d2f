"""Percentiles of durations (minutes between two timestamps), computed by the database on PostgreSQL
(`percentile_cont`, one grouped query) and in Python elsewhere, with the same answer: linear
interpolation between the closest ranks, rounded to one decimal (tests/dashboard/test_stats.py runs
both on one fixture).

Before, every timestamp of the range was read into Python: a district-year is ~100,000 appeals.
"""

import math
from collections import defaultdict

from django.db import connection
from django.db.models import Aggregate, F, FloatField, Func


def percentile(values, q: float) -> float | None:
    """The q-th percentile (0–100) with linear interpolation (PostgreSQL's percentile_cont)."""
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    rank = (len(values) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    value = values[low] + (values[high] - values[low]) * (rank - low)
    return round(value, 1)


class Minutes(Func):
    """Minutes from the second expression to the first, as a double (NULL when either is NULL)."""

    template = "(EXTRACT(EPOCH FROM (%(expressions)s)) / 60)::double precision"
    arg_joiner = " - "
    output_field = FloatField()


class PercentileCont(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()
    allow_distinct = False

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def duration_percentiles(qs, spans: dict, *, by: str | None = None, qs_filter=None, method: str | None = None,
                         scale: float = 1) -> dict:
    """Percentiles of the minutes between two fields of `qs`' rows.

    `spans` maps a name to (start field, end field, [q, ...], filter Q or None); rows where either
    field is NULL are left out, as percentile_cont leaves out NULLs. `scale` divides the minutes
    (60 for hours) before rounding. Returns {name: {q: value}}, or with `by` (a field path)
    {group key: {name: {q: value}}}. One query either way.
    """
    if method is None:
        method = "sql" if connection.vendor == "postgresql" else "python"
    if method == "sql":
        aggregates = {}
        for name, (start, end, qs_, where) in spans.items():
            for q in qs_:
                aggregates[f"{name}__{q}"] = PercentileCont(Minutes(F(end), F(start)), q / 100, filter=where)
        if by is None:
            rows = [dict(qs.order_by().aggregate(**aggregates), _key=None)]
        else:
            rows = [dict(row, _key=row[by]) for row in qs.order_by().values(by).annotate(**aggregates)]
        answer = {}
        for row in rows:
            answer[row["_key"]] = {
                name: {q: (None if row[f"{name}__{q}"] is None else round(row[f"{name}__{q}"] / scale, 1))
                       for q in qs_} for name, (_s, _e, qs_, _w) in spans.items()}
        return answer[None] if by is None else answer
    # Python: the rows' timestamps, grouped.
    values = defaultdict(lambda: defaultdict(list))
    for name, (start, end, _qs, where) in spans.items():
        rows = qs.filter(where) if where is not None else qs
        fields = ([by] if by else []) + [start, end]
        for row in rows.order_by().values_list(*fields):
            key = row[0] if by else None
            begin, finish = row[-2], row[-1]
            if begin is not None and finish is not None:
                values[key][name].append((finish - begin).total_seconds() / 60 / scale)
    answer = {key: {name: {q: percentile(per_name.get(name, []), q) for q in qs_}
                    for name, (_s, _e, qs_, _w) in spans.items()} for key, per_name in values.items()}
    if by is None:
        return answer.get(None) or {name: dict.fromkeys(qs_) for name, (_s, _e, qs_, _w) in spans.items()}
    return answer
