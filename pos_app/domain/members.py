"""Member rules without a database: phone numbers, masking, names (PRODUCT §4); tiers are in
pos_app.domain.tiers."""

from __future__ import annotations

import re
from datetime import date

from pos_app.errors import PosError

_MOBILE = re.compile(r"1[3-9]\d{9}")
_SEPARATORS = re.compile(r"[\s\-().\u3000]")
NAME_MAX = 40
TAG_MAX = 32


def normalise_phone(text: str) -> str:
    """An 11-digit mainland mobile (1[3-9]xxxxxxxxx) from what a person typed.

    Strips spaces, dashes, brackets and a +86 / 0086 / 86 country prefix; anything else is
    PosError("phone_invalid"). The message never repeats the number (no personal data).
    """
    raw = text if isinstance(text, str) else ""
    digits = _SEPARATORS.sub("", raw.strip())
    # Full-width digits typed through an IME count as digits.
    digits = digits.translate({0xFF10 + i: 0x30 + i for i in range(10)}).replace("＋", "+")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not _MOBILE.fullmatch(digits):
        raise PosError("phone_invalid")
    return digits


def is_phone(text: str) -> bool:
    try:
        normalise_phone(text)
    except PosError:
        return False
    return True


def mask_phone(phone: str | None) -> str:
    """138****5678; empty for no phone; short odd values keep only their last 2 characters."""
    if not phone:
        return ""
    if len(phone) == 11:
        return f"{phone[:3]}****{phone[7:]}"
    return "*" * max(0, len(phone) - 2) + phone[-2:]


def mask_code(code: str | None) -> str:
    """A member card or code on paper: "****1234" (its last 4, or 2 when short); empty for none."""
    if not code:
        return ""
    return "****" + code[-4:] if len(code) > 6 else "*" * max(0, len(code) - 2) + code[-2:]


def mask_name(name: str | None) -> str:
    """陈静 -> 陈*: enough for the customer to know the receipt is theirs."""
    name = (name or "").strip()
    return name[:1] + "*" * min(3, max(1, len(name) - 1)) if name else ""


def validate_name(text: str) -> str:
    """Trimmed name with inner runs of spaces folded; PosError("member_name_required")."""
    name = " ".join((text or "").split())
    if not name:
        raise PosError("member_name_required")
    if len(name) > NAME_MAX:
        raise PosError("member_name_too_long", limit=NAME_MAX)
    return name


def validate_birthday(text: str | None, today: date) -> str | None:
    """ISO date (optional: empty is None), not in the future nor before 1900;
    PosError("member_birthday_invalid")."""
    value = (text or "").strip()
    if not value:
        return None
    try:
        born = date.fromisoformat(value)
    except ValueError as exc:
        raise PosError("member_birthday_invalid") from exc
    if born > today or born.year < 1900:
        raise PosError("member_birthday_invalid")
    return born.isoformat()


def validate_tag(text: str) -> str:
    tag = " ".join((text or "").split())
    if not tag:
        raise PosError("member_tag_required")
    if len(tag) > TAG_MAX:
        raise PosError("member_tag_too_long", limit=TAG_MAX)
    return tag


GENDERS = ("", "female", "male", "other")
