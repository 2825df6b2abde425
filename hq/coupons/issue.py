"""Coupon instances HQ issues to members (PRODUCT §5), as far as members need them.

A coupon is claimed online (e.g. a mini-program) or issued by HQ; here HQ issues it with
`shopfloor-hq admin issue-coupon`. The member's `members` stream row carries its open
coupons, so a till shows them on the profile offline. Redemption (signed SFC1 codes, the
gift flow) builds on this table.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import get_args

from sqlalchemy import Engine, insert, select

from hq import members
from hq import models as m
from hq.admin import AdminError
from hq.db import writer
from pos_app.domain.codes.shortcode import ALPHABET, LENGTH, make_short_code
from sync.contract.streams_members import CouponKind

COUPON = m.Coupon.__table__
IDENT = m.MemberIdentifier.__table__
KINDS: tuple[str, ...] = get_args(CouponKind)  # the wire format's list, not a copy
MAX_DAYS = 3660


@dataclass(frozen=True)
class IssuedCoupon:
    id: str
    code: str
    member_id: str


def new_code() -> str:
    """A random short code (9 base32 symbols ≈ 45 bits, plus the check symbol)."""
    return make_short_code("".join(secrets.choice(ALPHABET) for _ in range(LENGTH - 1)))


def issue(engine: Engine, member_ref: str, title: str, kind: str = "amount_off",
          value: int = 0, min_spend: int = 0, days: int = 30, campaign: str = ""
          ) -> IssuedCoupon:
    """Issue one coupon to the member named by id, phone or card (merges followed) and
    publish the member, so its stores see the coupon on their next pull."""
    title = title.strip()
    if not title or len(title) > 200:
        raise AdminError("a coupon needs a title (at most 200 characters)")
    if kind not in KINDS:
        raise AdminError(f"coupon kind must be one of {', '.join(KINDS)}")
    if value < 0 or min_spend < 0 or (kind == "percent_off" and not 0 < value < 1000) or (
            kind == "amount_off" and value == 0):
        raise AdminError("coupon value out of range (amount_off: more than ¥0; "
                         "percent_off: 1–99 %)")
    if not 1 <= days <= MAX_DAYS:
        raise AdminError(f"validity must be 1–{MAX_DAYS} days")
    with writer(engine).begin() as conn:
        holder = conn.execute(select(IDENT.c.member_id).where(
            IDENT.c.kind.in_(("phone", "card")), IDENT.c.value == member_ref.strip())).scalar()
        member_id = members.resolve(conn, holder or member_ref.strip())
        if member_id is None:
            raise AdminError(f"unknown member {member_ref!r}")
        now = m.utcnow()
        row = {"id": m.new_id(), "code": new_code(), "member_id": member_id,
               "campaign": campaign.strip()[:64], "kind": kind, "title": title,
               "value": value, "min_spend": min_spend, "valid_from": now,
               "valid_until": now + timedelta(days=days), "status": "open", "issued_at": now}
        conn.execute(insert(COUPON), row)
        members.publish(conn, member_id)
    return IssuedCoupon(row["id"], row["code"], member_id)
