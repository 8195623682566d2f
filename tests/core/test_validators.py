import pytest
from django.core.exceptions import ValidationError

from taijiang.core.masking import mask_id_number, mask_phone
from taijiang.core.validators import id_number_with_check_digit, validate_id_number, validate_mobile


def test_valid_id_number_passes():
    valid = id_number_with_check_digit("35010219800101123")
    assert len(valid) == 18 and valid[:17] == "35010219800101123"
    assert validate_id_number(valid) is None  # raises ValidationError when refused
    with pytest.raises(ValidationError):  # the same number with another check digit is refused
        validate_id_number(valid[:17] + str((int(valid[17]) + 1) % 10))


@pytest.mark.parametrize("value,code", [
    ("3501021980010112", "invalid_id_format"),
    ("35010219801301123X", "invalid_id_birth"),
    ("35010219800101123" + "0", "invalid_id_checksum"),
])
def test_bad_id_numbers_get_their_own_message(value, code):
    if code == "invalid_id_checksum" and id_number_with_check_digit(value[:17]) == value:
        value = value[:17] + "1"
    with pytest.raises(ValidationError) as info:
        validate_id_number(value)
    assert info.value.code == code


@pytest.mark.parametrize("value", ["1381234567", "23812345678", "abc", ""])
def test_bad_mobiles(value):
    with pytest.raises(ValidationError):
        validate_mobile(value)


def test_masks():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("350102198001011234") == "3501**********1234"
