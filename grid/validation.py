"""Checks of a resident's personal fields, shared by the forms, the API and the import.

Returns normalised values or raises ValidationError naming the field, in Chinese.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The largest row id the databases store (a bigint): larger ids from a URL are not ids.
from taijiang.core.http import MAX_ID  # noqa: F401  (re-exported for the API filters)
from taijiang.core.validators import (
    id_number_birth_date,
    normalize_id_number,
    normalize_mobile,
    validate_id_number,
    validate_mobile,
)


def clean_birth_date(value: datetime.date | None) -> datetime.date | None:
    if value is None:
        return None
    if value > datetime.date.today():
        raise ValidationError({"birth_date": _("出生日期不能晚于今天。")})
    if value.year < 1890:
        raise ValidationError({"birth_date": _("出生日期不合理，请核对。")})
    return value


def clean_personal_fields(*, id_number: str = "", phone: str = "", birth_date=None, sex: str = "") -> dict:
    """Validate ID number, phone, birth date and sex together (the ID number carries both).

    Returns {"id_number", "phone", "birth_date", "sex"} with normalised values; when the ID number
    is given, a missing birth date or sex is taken from it.
    """
    errors: dict[str, list[str]] = {}
    id_number = normalize_id_number(id_number)
    phone = normalize_mobile(phone)
    if id_number:
        try:
            validate_id_number(id_number)
        except ValidationError as exc:
            errors["id_number"] = exc.messages
    if phone:
        try:
            validate_mobile(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    try:
        birth_date = clean_birth_date(birth_date)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if id_number and "id_number" not in errors:
        id_birth = id_number_birth_date(id_number)
        id_sex = "M" if int(id_number[16]) % 2 else "F"
        if birth_date and "birth_date" not in errors and birth_date != id_birth:
            errors["birth_date"] = [_("出生日期与身份证号中的出生日期（%(date)s）不一致。") % {"date": id_birth}]
        birth_date = birth_date or id_birth
        if sex and sex != id_sex:
            errors["sex"] = [_("性别与身份证号不一致。")]
        sex = sex or id_sex
    if errors:
        raise ValidationError(errors)
    return {"id_number": id_number, "phone": phone, "birth_date": birth_date, "sex": sex}
