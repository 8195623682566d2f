"""Month arithmetic shared by the rota's reads and writes (kept apart from the solver's heavy import)."""

import datetime


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of `month`'s calendar month."""
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def next_month(month: datetime.date) -> datetime.date:
    """The first day of the calendar month after `month`'s."""
    return month_bounds(month)[1] + datetime.timedelta(days=1)
