"""Validators for Chinese personal identifiers, with messages in Chinese."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
ID_RE = re.compile(r"^\d{17}[\dX]$")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def normalize_mobile(value: str) -> str:
    value = (value or "").strip().replace(" ", "").replace("-", "")
    if value.startswith("+86"):
        value = value[3:]
    return value


def validate_mobile(value: str) -> None:
    if not MOBILE_RE.match(normalize_mobile(value)):
        raise ValidationError(_("请输入有效的 11 位手机号码，例如 13812345678。"), code="invalid_mobile")


def normalize_id_number(value: str) -> str:
    return (value or "").strip().replace(" ", "").upper()


def id_number_birth_date(value: str) -> datetime.date | None:
    value = normalize_id_number(value)
    try:
        return datetime.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def validate_id_number(value: str) -> None:
    """Mainland resident ID (GB 11643-1999): 18 characters, a real birth date, a check digit."""
    value = normalize_id_number(value)
    if not ID_RE.match(value):
        raise ValidationError(_("身份证号应为 18 位，最后一位可以是数字或 X。"), code="invalid_id_format")
    birth = id_number_birth_date(value)
    if birth is None or birth > datetime.date.today() or birth.year < 1890:
        raise ValidationError(_("身份证号中的出生日期不正确。"), code="invalid_id_birth")
    total = sum(int(digit) * weight for digit, weight in zip(value[:17], ID_WEIGHTS, strict=True))
    if ID_CHECK[total % 11] != value[17]:
        raise ValidationError(_("身份证号校验位不正确，请核对。"), code="invalid_id_checksum")


def id_number_with_check_digit(first17: str) -> str:
    """Complete 17 digits with the right check digit (demo data and tests)."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + ID_CHECK[total % 11]


def validate_plausible_date(value) -> None:
    """A date (or a datetime's date) the portal can calculate with: within taijiang.core.http's
    EARLIEST_DATE..LATEST_DATE. Form and serializer date fields carry it, so "9999-12-31" is a field
    error instead of an overflow when a day or a week is added to it."""
    from .http import EARLIEST_DATE, LATEST_DATE

    day = value.date() if isinstance(value, datetime.datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(_("请填写 %(earliest)s 年至 %(latest)s 年之间的日期。"), code="date_out_of_range",
                              params={"earliest": EARLIEST_DATE.year, "latest": LATEST_DATE.year})
