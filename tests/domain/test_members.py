"""Member rules without a database: phones, masking, names, tiers."""

from __future__ import annotations

import pytest

from pos_app.domain.members import mask_phone, normalise_phone, validate_name
from pos_app.errors import PosError


@pytest.mark.parametrize("typed", [
    "13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "+8613812345678",
    "0086 13812345678", "8613812345678", " 13812345678\n", "１３８１２３４５６７８",
])
def test_mobile_numbers_are_normalised(typed):
    assert normalise_phone(typed) == "13812345678"


@pytest.mark.parametrize("typed", [
    "", "1381234567", "138123456789", "12812345678", "23812345678", "021-12345678",
    "1381234567a", "+1 138 1234 5678", "abc",
])
def test_bad_mobile_numbers_are_refused_without_repeating_them(typed):
    with pytest.raises(PosError) as err:
        normalise_phone(typed)
    assert err.value.code == "phone_invalid"
    assert "1381234567" not in err.value.message()
    assert "mobile" in err.value.message()


def test_phone_masking():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone(None) == ""
    assert mask_phone("") == ""


def test_names_are_trimmed_and_required():
    assert validate_name("  王  芳 ") == "王 芳"
    for empty in ("", "   ", "\u3000"):
        with pytest.raises(PosError) as err:
            validate_name(empty)
        assert err.value.code == "member_name_required"
        assert err.value.message() == "Type the member's name."
