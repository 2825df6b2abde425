"""A return of a coupon sale, and the coupon (issue 17): it stays redeemed unless a manager
decides, at the return, that the customer may use it again.

Why a manager: a revived coupon is money off a later sale, and the return already gave the
money back; it is the store's goodwill, so it is a manager's word (Action.REVIVE_COUPON),
audited, never a default. Revived, the till forgets its own redemption row (UNIQUE(coupon_id)
would otherwise refuse the coupon here forever; the audit row keeps what was undone) and
queues `coupon.revived`, on which HQ opens the coupon again (17-B). A gift's coupon is never
revived by a return: its unit was handed over, not sold.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, select

from local_db.models import CouponRedemption
from pos_app.services import audit, outbox
from pos_app.services.context import StaffInfo, TerminalInfo
from sync.contract.events_coupons import CouponRevivedPayload


def sale_coupon_ids(session: Session, sale_id: str) -> tuple[str, ...]:
    """The coupons the sale redeemed (not gifts), as the returns dialog offers them."""
    return tuple(session.exec(select(CouponRedemption.coupon_id).where(
        CouponRedemption.sale_id == sale_id, CouponRedemption.unit_id == None)  # noqa: E711
        .order_by(CouponRedemption.coupon_id)).all())


def revive_sale_coupons(session: Session, sale_id: str, return_id: str, manager: StaffInfo,
                        terminal: TerminalInfo, at: datetime) -> tuple[str, ...]:
    """Inside the return's transaction: each of the sale's coupons revived (event + audit),
    its local redemption row removed; the coupon ids."""
    rows = session.exec(select(CouponRedemption).where(
        CouponRedemption.sale_id == sale_id, CouponRedemption.unit_id == None)).all()  # noqa: E711
    for r in rows:
        outbox.enqueue(session, r.id, CouponRevivedPayload(
            redemption_id=r.id, coupon_id=r.coupon_id, store_id=terminal.store_id,
            terminal_id=terminal.terminal_id, return_id=return_id, manager_id=manager.id,
            revived_at=at))
        audit.append(session, "coupon_revived", manager.id, r.id, coupon=r.coupon_id,
                     sale=sale_id, return_id=return_id, mode=r.mode)
    ids = tuple(r.coupon_id for r in rows)
    if ids:
        session.execute(delete(CouponRedemption).where(CouponRedemption.coupon_id.in_(ids)))
    return ids
