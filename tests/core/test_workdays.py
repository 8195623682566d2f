import datetime

import pytest
from django.utils import timezone

from taijiang.workdays.calendar import (
    add_working_days,
    add_working_hours,
    is_working_day,
    working_days_between,
)
from taijiang.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def national_day():
    for day in range(1, 8):
        CalendarDay.objects.create(date=D(2026, 10, day), kind="holiday", name="国庆节")
    CalendarDay.objects.create(date=D(2026, 10, 10), kind="workday", name="国庆节调休")


def test_weekend_is_not_working_but_make_up_saturday_is(national_day):
    assert not is_working_day(D(2026, 10, 3))
    assert is_working_day(D(2026, 10, 10))  # Saturday make-up day
    assert not is_working_day(D(2026, 10, 11))


def test_add_working_days_skips_holiday_and_counts_make_up_day(national_day):
    # Tue 29 Sep + 3 working days: Wed 30 Sep, (holiday week), Thu 8 Oct, Fri 9 Oct.
    assert add_working_days(D(2026, 9, 29), 3) == D(2026, 10, 9)
    # ...and a fourth lands on the make-up Saturday.
    assert add_working_days(D(2026, 9, 29), 4) == D(2026, 10, 10)
    assert working_days_between(D(2026, 9, 29), D(2026, 10, 10)) == 4


def test_add_working_hours_crosses_weekend():
    tz = timezone.get_current_timezone()
    friday_evening = datetime.datetime(2026, 11, 27, 16, 30, tzinfo=tz)
    # One hour left on Friday (16:30–17:30), three more from Monday 8:30.
    assert add_working_hours(friday_evening, 4) == datetime.datetime(2026, 11, 30, 11, 30, tzinfo=tz)


def test_add_working_hours_skips_lunch_and_holiday(national_day):
    tz = timezone.get_current_timezone()
    start = datetime.datetime(2026, 9, 30, 11, 0, tzinfo=tz)
    # 1 h before lunch, 3 h in the afternoon, then the holiday week, then 8 Oct 8:30 + 1 h.
    assert add_working_hours(start, 5) == datetime.datetime(2026, 10, 8, 9, 30, tzinfo=tz)
