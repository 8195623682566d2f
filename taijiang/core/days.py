"""Local days as ranges of aware datetimes.

A filter on `start__date=day` makes PostgreSQL convert every row's timestamp to a local date before
comparing, so no index on `start` can serve it; `start__gte=first, start__lt=after` with the bounds
from here uses the index."""

import datetime

from django.utils import timezone


def day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) of a local (Asia/Shanghai) day as aware datetimes."""
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())
    return start, start + datetime.timedelta(days=1)
