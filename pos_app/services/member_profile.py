"""What the member screen shows (PRODUCT §4 profile), read in the caller's transaction.

MemberService.profile resolves merges, audits the view and hands the row here; the phone
comes out masked unless the viewer is a manager, and HQ's flagged debt is carried for the
UI to show managers. HQ's purchases at other stores are added later, online
(members_online), so the screen opens at once even when HQ is slow or away.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.engine import Connection

from local_db.ids import as_utc, utcnow
from local_db.models import Member
from pos_app.domain.members import mask_phone
from pos_app.domain.permissions import Action
from pos_app.services.approvals import may
from pos_app.services.context import StaffInfo

HISTORY_LIMIT = 50


@dataclass(frozen=True)
class PurchaseSummary:
    sale_id: str
    receipt_no: str
    created_at: datetime
    total: int  # fen
    store_name: str = ""  # known once HQ's history is added
    from_hq: bool = False  # a sale at another till/store, known only from HQ
    returned: int = 0  # fen refunded by this till's returns of it (the sale's net: total − it)


@dataclass(frozen=True)
class OpenCoupon:
    code: str
    title: str
    kind: str  # amount_off | percent_off | gift | bogo
    value: int  # fen or permille
    min_spend: int  # fen
    valid_until: datetime


@dataclass(frozen=True)
class MemberProfile:
    id: str
    name: str
    phone_display: str  # full for managers, masked for everyone else
    phone_masked: str
    card_no: str | None
    tier: str
    points: int  # hq_balance + pending
    hq_balance: int
    pending: int
    points_debt: int  # flagged overdrafts HQ recorded; shown to managers
    tags: list[str]
    purchases: list[PurchaseSummary]  # local sales, newest first (at most HISTORY_LIMIT)
    coupons: list[OpenCoupon]  # open and not expired, soonest expiry first
    last_visit: datetime | None
    favourite_categories: list[str]  # top 3 by spend
    guide_name: str | None
    birthday: str | None
    gender: str
    provisional: bool
    consent: bool
    created_at: datetime | None = None
    extra: dict[str, object] = field(default_factory=dict)


def read_profile(conn: Connection, member: Member, pending: int, viewer: StaffInfo
                 ) -> MemberProfile:
    sales = conn.execute(
        text("SELECT id, receipt_no, created_at, total, (SELECT coalesce(sum(r.refund_total), 0)"
             " FROM sale_return r WHERE r.sale_id = sale.id) AS returned FROM sale"
             " WHERE member_id = :id ORDER BY created_at DESC LIMIT :n"),
        {"id": member.id, "n": HISTORY_LIMIT},
    ).all()
    # a return shows on the sale it returns (tester 24: the history kept the full amount)
    purchases = [PurchaseSummary(s.id, s.receipt_no, _as_dt(s.created_at), s.total,
                                 returned=int(s.returned)) for s in sales]
    favourites = [r[0] for r in conn.execute(
        text("SELECT p.category, SUM(sl.net) AS spend FROM sale s"
             " JOIN sale_line sl ON sl.sale_id = s.id"
             " JOIN product p ON p.id = sl.product_id"
             " WHERE s.member_id = :id AND s.status = 'completed' AND p.category != ''"
             " GROUP BY p.category ORDER BY spend DESC, p.category LIMIT 3"),
        {"id": member.id},
    )]
    guide_name = None
    if member.owner_guide_id:
        guide_name = conn.execute(
            text("SELECT name FROM staff WHERE id = :id"), {"id": member.owner_guide_id}
        ).scalar()
    masked = mask_phone(member.phone)
    return MemberProfile(
        id=member.id, name=member.name,
        phone_display=(member.phone or "") if may(viewer, Action.SEE_FULL_PHONE) else masked,
        phone_masked=masked, card_no=member.card_no, tier=member.tier,
        points=member.points_balance + pending, hq_balance=member.points_balance,
        pending=pending, points_debt=member.points_debt, tags=tags_of(member.tags),
        purchases=purchases, coupons=_open_coupons(conn, member.id),
        last_visit=purchases[0].created_at if purchases else None,
        favourite_categories=favourites, guide_name=guide_name,
        birthday=member.birthday, gender=member.gender,
        provisional=member.provisional, consent=member.consent,
        created_at=member.created_at,
    )


def _open_coupons(conn: Connection, member_id: str) -> list[OpenCoupon]:
    """HQ's list less what this till redeemed: the redemption row commits with the gift or
    the sale that spent the coupon, while HQ's list only learns of it after a sync (and the
    members stream may send the coupon again before then), so the row is what decides."""
    rows = conn.execute(
        text("SELECT code, title, kind, value, min_spend, valid_until FROM member_coupon c"
             " WHERE member_id = :id AND NOT EXISTS"
             " (SELECT 1 FROM coupon_redemption r WHERE r.coupon_id = c.id)"
             " ORDER BY valid_until, code"), {"id": member_id}).all()
    now = utcnow()
    coupons = [OpenCoupon(r.code, r.title, r.kind, int(r.value), int(r.min_spend),
                          as_utc(_as_dt(r.valid_until))) for r in rows]
    return [c for c in coupons if c.valid_until >= now]


def tags_of(raw: str | None) -> list[str]:
    try:
        value = json.loads(raw or "[]")
    except ValueError:
        return []
    return [str(t) for t in value] if isinstance(value, list) else []


def _as_dt(value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))
