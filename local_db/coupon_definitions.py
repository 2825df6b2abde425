"""Coupon definitions this till holds (the `coupon_definitions` stream), read when a signed
coupon is scanned offline: its campaign's offline policy for it.

A signed code carries hash refs (pos_app.domain.coupons): the campaign's, and a gift's
product's. The definition is found by campaign ref and kind, and for a gift by its gift ref;
several definitions of one campaign and kind with different policies → the strictest
(deny before allow_under before allow; the lowest ceiling), so a till never allows more than
HQ meant. None: the till holds no definition (the caller then denies).
"""

from __future__ import annotations

from sqlalchemy import Table, select
from sqlmodel import Session

from local_db.models_coupon_definitions import CouponDefinition

_T: Table = CouponDefinition.__table__  # type: ignore[assignment]
_STRICTNESS = {"deny": 0, "allow_under": 1, "allow": 2}


def offline_policy(session: Session, campaign_ref: str, kind: str,
                   gift_ref: str | None = None) -> tuple[str, int] | None:
    """(offline, offline_under fen) for a coupon of this campaign ref and kind, or None."""
    query = select(_T.c.offline, _T.c.offline_under).where(
        _T.c.campaign_ref == campaign_ref, _T.c.kind == kind)
    if kind == "gift" and gift_ref:
        query = query.where(_T.c.gift_ref == gift_ref)
    rows = session.connection().execute(query).all()
    if not rows:
        return None
    strictest = min(rows, key=lambda r: (_STRICTNESS.get(r.offline, 0), r.offline_under))
    return strictest.offline, strictest.offline_under
