"""The gift redemption's one transaction: the unit gifted, the coupon's redemption row, the
`coupon.redeemed` event and the audit row commit together or not at all.

The unit moves with a conditional UPDATE (`… WHERE state = 'in_stock' AND store AND
product`), as a sale's units do, so a unit sold or gifted at another till a moment ago is
refused here and nothing is written; UNIQUE(coupon_id) refuses a coupon this till redeemed
already, even when two guides scan it at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, insert, update
from sqlmodel import Session

from local_db.bulk import fetch_value
from local_db.ids import new_id
from local_db.models import CouponRedemption, Unit, UnitEvent
from pos_app.domain.units import UnitState
from pos_app.errors import PosError
from pos_app.services import audit, outbox
from pos_app.services.context import StaffInfo, TerminalInfo
from pos_app.services.coupons.codes import CouponView
from pos_app.services.units import refusal_for
from sync.contract.events_coupons import CouponRedeemedPayload

# checkout's gap-free sequence bump (one UPSERT … RETURNING), on a sequence of the slips' own
_BUMP = ("INSERT INTO sequence (name, value) VALUES (?, 1)"
         " ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value")
_U = Unit.__table__.c
_GIFT = (
    update(Unit.__table__)
    .where(_U.unit_key == bindparam("key"), _U.state == UnitState.IN_STOCK.value,
           _U.store_id == bindparam("store"), _U.product_id == bindparam("product"))
    .values(state=UnitState.GIFTED.value, guide_id=bindparam("guide"),
            updated_at=bindparam("at"))
    .returning(_U.id)
)


@dataclass(frozen=True)
class GiftWrite:
    redemption_id: str
    view: CouponView
    unit_key: str
    guide: StaffInfo
    terminal: TerminalInfo
    mode: str  # online | offline
    at: datetime  # UTC


def write_gift(session: Session, w: GiftWrite) -> str:
    """Write the redemption inside `session`'s transaction; its slip number. PosError (the
    caller's transaction rolls back) when the unit is no longer this coupon's gift in stock."""
    conn = session.connection()
    unit_id = conn.execute(_GIFT, {
        "key": w.unit_key, "store": w.terminal.store_id, "product": w.view.gift_product_id,
        "guide": w.guide.id, "at": w.at}).scalar()
    if unit_id is None:
        raise refusal_for(session, w.unit_key, w.terminal.store_id) or PosError(
            "gift_wrong_unit", code=w.unit_key, gift=w.view.gift_name or "")
    conn.execute(insert(UnitEvent.__table__), [{
        "id": new_id(), "unit_id": unit_id, "from_state": UnitState.IN_STOCK,
        "to_state": UnitState.GIFTED, "at": w.at, "staff_id": w.guide.id, "sale_id": None,
        "return_id": None, "reason": f"gift:{w.view.coupon_id}"}])
    seq = int(fetch_value(session, _BUMP, ("gift_slip",)))
    slip_no = f"{w.terminal.store_code}-{w.terminal.terminal_code}-G{seq:06d}"
    conn.execute(insert(CouponRedemption.__table__), [{
        "id": w.redemption_id, "coupon_id": w.view.coupon_id, "campaign": "",
        "kind": w.view.kind, "member_id": w.view.member_id or "", "store_id":
        w.terminal.store_id, "staff_id": w.guide.id, "unit_id": unit_id,
        "unit_key": w.unit_key, "sale_id": None, "mode": w.mode, "slip_no": slip_no,
        "redeemed_at": w.at}])
    outbox.enqueue(session, w.redemption_id, CouponRedeemedPayload(
        redemption_id=w.redemption_id, coupon_id=w.view.coupon_id, code_kind="signed",
        store_id=w.terminal.store_id, terminal_id=w.terminal.terminal_id,
        gift_redemption_id=w.redemption_id, receipt_no=slip_no, member_id=w.view.member_id,
        guide_id=w.guide.id, product_id=w.view.gift_product_id, unit_code=w.unit_key,
        redeemed_at=w.at, online=w.mode == "online"))
    audit.append(session, "coupon_gift_redeemed", w.guide.id, w.redemption_id,
                 coupon=w.view.coupon_id, unit=w.unit_key, mode=w.mode)
    return slip_no
