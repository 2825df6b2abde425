"""The signed coupon payload, version 1: 44 bytes, fixed layout (docs/coupons.md).

44 bytes is what fits: with the 64-byte Ed25519 signature they make 108 bytes, 173 base32
symbols, and with "SFC1." 178 characters — all a QR code of version 7 at level M holds in
alphanumeric mode. So the campaign, the member, the store and a gift's product travel as
hash prefixes ("refs"): the till compares them with the ids it holds; HQ keeps the ids.

    offset size field
         0    1 version (high 4 bits, 1) | kind (low 4 bits: 1 amount_off, 2 percent_off,
                3 gift, 4 bogo)
         1    1 key_id (1-255)
         2   16 coupon_id (UUID)
        18    4 campaign_ref = SHA-256("campaign:" + campaign id)[:4]
        22    6 member_ref = SHA-256("member:" + member id)[:6]; zero: a bearer coupon
        28    3 value (fen for amount_off; percent for percent_off; units for bogo)
        31    3 min_spend (fen)
                for a gift coupon these 6 bytes are gift_ref = SHA-256("sku:" + SKU)[:6]
                (its value is 1 unit, its min_spend 0)
        34    4 valid_until (Unix seconds, UTC; refused from that second on)
        38    2 valid_hours: valid_from = valid_until - valid_hours hours
        40    4 store_ref = SHA-256("store:" + store id)[:4]; zero: every store
All integers are unsigned big-endian.
"""

from __future__ import annotations

import hashlib
import struct
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

CouponKind = Literal["amount_off", "percent_off", "gift", "bogo"]
KINDS: tuple[CouponKind, ...] = ("amount_off", "percent_off", "gift", "bogo")
VERSION = 1
SIZE = 44
_LAYOUT = struct.Struct(">BB16s4s6s6sIH4s")
assert _LAYOUT.size == SIZE
_U24 = 2**24
_HOUR = 3600


def _ref(prefix: str, text: str, size: int) -> str:
    return hashlib.sha256(f"{prefix}:{text}".encode()).digest()[:size].hex()


def campaign_ref(campaign_id: str) -> str:
    """The 8 hex digits a code carries for campaign `campaign_id`."""
    return _ref("campaign", campaign_id, 4)


def member_ref(member_id: str) -> str:
    """The 12 hex digits a code carries for member `member_id`."""
    return _ref("member", member_id, 6)


def gift_ref(sku: str) -> str:
    """The 12 hex digits a gift coupon carries for its gift product of SKU `sku`."""
    return _ref("sku", sku, 6)


def store_ref(store_id: str) -> str:
    """The 8 hex digits a code carries for a coupon honoured only at store `store_id`."""
    return _ref("store", store_id, 4)


@dataclass(frozen=True)
class CouponPayload:
    """What a signed code proves. Refs are hex hash prefixes (module docstring): build a
    payload from full ids with `make`, and compare with `for_campaign`, `for_member`,
    `gift_is`, `honoured_at`. `member_ref` None: a bearer coupon; `store_ref` None: every
    store; `gift_ref` is set exactly for kind "gift". Times are whole UTC seconds."""

    key_id: int
    coupon_id: str
    campaign_ref: str
    member_ref: str | None
    kind: CouponKind
    value: int
    min_spend: int
    valid_from: datetime
    valid_until: datetime
    gift_ref: str | None = None
    store_ref: str | None = None

    @classmethod
    def make(cls, *, key_id: int, coupon_id: str, campaign_id: str, member_id: str | None,
             kind: CouponKind, valid_from: datetime, valid_until: datetime, value: int = 1,
             min_spend: int = 0, gift_sku: str | None = None, store_id: str | None = None
             ) -> CouponPayload:
        """A payload from HQ's full ids (hashed here). valid_until is cut to the second;
        valid_from becomes a whole number of hours before it, rounded up (earlier by less
        than an hour: a coupon issued now, valid_until to the microsecond, must work at
        once, and before it was issued nobody holds its code), at most 65535 hours (later,
        for windows over 7.4 years)."""
        until = _second(valid_until)
        seconds = max(0, int((until - valid_from).total_seconds()))
        hours = min(-(-seconds // _HOUR), 2**16 - 1)
        gift = kind == "gift"
        return cls(
            key_id=key_id, coupon_id=str(uuid.UUID(coupon_id)),
            campaign_ref=campaign_ref(campaign_id),
            member_ref=member_ref(member_id) if member_id else None,
            kind=kind, value=1 if gift else value, min_spend=0 if gift else min_spend,
            valid_from=until - timedelta(hours=hours), valid_until=until,
            gift_ref=gift_ref(gift_sku) if gift and gift_sku else None,
            store_ref=store_ref(store_id) if store_id else None,
        )

    def for_campaign(self, campaign_id: str) -> bool:
        return self.campaign_ref == campaign_ref(campaign_id)

    def for_member(self, member_id: str | None) -> bool:
        """True when `member_id` may use it: its own member, or anyone for a bearer coupon."""
        return self.member_ref is None or (
            member_id is not None and self.member_ref == member_ref(member_id))

    def gift_is(self, sku: str) -> bool:
        """True when `sku` is this gift coupon's gift product."""
        return self.gift_ref is not None and self.gift_ref == gift_ref(sku)

    def honoured_at(self, store_id: str) -> bool:
        """True when the coupon may be used at store `store_id`."""
        return self.store_ref is None or self.store_ref == store_ref(store_id)


def _second(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("coupon times must be timezone-aware")
    return datetime.fromtimestamp(int(moment.timestamp()), UTC)


def _ref_bytes(ref: str | None, size: int, what: str) -> bytes:
    if ref is None:
        return bytes(size)
    raw = bytes.fromhex(ref)
    if len(raw) != size or not any(raw):
        raise ValueError(f"{what} is {size * 2} hex digits, not all zero")
    return raw


def pack(p: CouponPayload) -> bytes:
    """The 44 bytes of `p`; ValueError when a field does not fit the layout."""
    if not 1 <= p.key_id <= 255:
        raise ValueError("key_id is 1-255")
    if p.kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    until = int(_second(p.valid_until).timestamp())
    seconds = until - int(_second(p.valid_from).timestamp())
    if not 0 <= until < 2**32 or seconds % _HOUR or not 0 <= seconds // _HOUR < 2**16:
        raise ValueError("valid_from is 0-65535 whole hours before valid_until")
    if p.kind == "gift":
        if p.value != 1 or p.min_spend != 0 or p.gift_ref is None:
            raise ValueError("a gift coupon is 1 unit of its gift_ref, with no min_spend")
        amounts = _ref_bytes(p.gift_ref, 6, "gift_ref")
    else:
        if p.gift_ref is not None or not (0 <= p.value < _U24 and 0 <= p.min_spend < _U24):
            raise ValueError("value and min_spend are 0-16777215; gift_ref is for gifts")
        amounts = p.value.to_bytes(3, "big") + p.min_spend.to_bytes(3, "big")
    return _LAYOUT.pack(
        VERSION << 4 | KINDS.index(p.kind) + 1, p.key_id, uuid.UUID(p.coupon_id).bytes,
        _ref_bytes(p.campaign_ref or "", 4, "campaign_ref"),
        _ref_bytes(p.member_ref, 6, "member_ref"), amounts, until, seconds // _HOUR,
        _ref_bytes(p.store_ref, 4, "store_ref"),
    )


def unpack(data: bytes) -> CouponPayload | None:
    """The payload of 44 bytes of version 1, or None when they are not one."""
    if len(data) != SIZE:
        return None
    head, key_id, coupon, campaign, member, amounts, until, hours, store = _LAYOUT.unpack(data)
    kind = head & 15
    if head >> 4 != VERSION or not 1 <= kind <= len(KINDS) or key_id == 0 or not any(
            campaign):
        return None
    gift = KINDS[kind - 1] == "gift"
    if gift and not any(amounts):
        return None
    end = datetime.fromtimestamp(until, UTC)
    return CouponPayload(
        key_id=key_id, coupon_id=str(uuid.UUID(bytes=coupon)), campaign_ref=campaign.hex(),
        member_ref=member.hex() if any(member) else None, kind=KINDS[kind - 1],
        value=1 if gift else int.from_bytes(amounts[:3], "big"),
        min_spend=0 if gift else int.from_bytes(amounts[3:], "big"),
        valid_from=end - timedelta(hours=hours), valid_until=end,
        gift_ref=amounts.hex() if gift else None,
        store_ref=store.hex() if any(store) else None,
    )
