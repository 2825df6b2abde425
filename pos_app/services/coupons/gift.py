"""The guide's gift redemption (PRODUCT §5, the seeds' anti-leakage point): scan the coupon,
see whose it is and what it gives, scan the gift unit's own code, hand it over.

No unit code, no redemption: the coupon is redeemed only in the transaction that moves that
very unit `in_stock → gifted` here, linked to the coupon, the member, the guide and the time,
with its `coupon.redeemed` event (gift_write.py). HQ is asked first, briefly (online.py); its
refusal, or its silence under a `deny` policy, stops everything before a row is written.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from local_db.ids import new_id, utcnow
from local_db.models import CouponRedemption, Product
from local_db.uow import read_session, write_session
from pos_app.domain.codes import CodeKind, classify
from pos_app.domain.coupons import read as read_claim
from pos_app.domain.gift_slip import GiftSlip
from pos_app.errors import PosError
from pos_app.services.context import StaffInfo, TerminalInfo
from pos_app.services.coupons.codes import CouponReader, CouponView
from pos_app.services.coupons.gift_write import GiftWrite, write_gift
from pos_app.services.coupons.online import OnlineRedeemer
from pos_app.services.coupons.policy import PolicySource, decide, held_policy
from pos_app.services.units import UnitService, lookup_row, refusal_for
from sync.contract.coupons_api import CouponRedeemRequest

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class GiftRedeemed:
    redemption_id: str
    slip: GiftSlip
    mode: str  # online | offline


class GiftRedemption:
    def __init__(self, engine: Engine, terminal: TerminalInfo, reader: CouponReader,
                 units: UnitService, online: OnlineRedeemer,
                 policy: PolicySource | None = None) -> None:
        self._engine = engine
        self._terminal = terminal
        self._reader = reader
        self._units = units
        self._online = online
        self._policy = policy or held_policy(engine)

    @staticmethod
    def looks_like_gift(raw: str) -> bool:
        """A signed code claiming to be a gift coupon (its checks come with `inspect`)."""
        try:
            return read_claim(raw.strip()).kind == "gift"
        except PosError:
            return False

    def inspect(self, raw: str, member_id: str | None = None) -> CouponView:
        """The gift coupon `raw` is, checked offline, or why it cannot be redeemed here."""
        view = self._reader.read(raw, member_id)
        if view.kind != "gift":
            raise PosError("coupon_not_gift")
        if view.gift_product_id is None:
            raise PosError("gift_product_unknown")
        with read_session(self._engine) as session:
            done = session.exec(select(CouponRedemption).where(
                CouponRedemption.coupon_id == view.coupon_id)).first()
        if done is not None:
            raise _redeemed_here(done.slip_no, done.redeemed_at)
        return view

    def check_unit(self, view: CouponView, raw: str) -> str:
        """The unit key of `raw` when it is this coupon's gift, in stock at this store."""
        code = classify(raw, "sale")
        if code.kind != CodeKind.UNIT:
            raise PosError("gift_unit_required")
        key = str(self._units.as_registered(code).unit_key)
        with read_session(self._engine) as session:
            refusal = refusal_for(session, key, self._terminal.store_id)
            if refusal is not None:
                raise refusal
            unit = lookup_row(session, key)
            if unit is not None and unit.product_id != view.gift_product_id:
                product = session.get(Product, unit.product_id)
                raise PosError("gift_wrong_unit", code=key, gift=view.gift_name or "",
                               name=product.name_zh if product else "?")
        return key

    def redeem(self, view: CouponView, raw_unit: str, guide: StaffInfo,
               now: datetime | None = None) -> GiftRedeemed:
        """Hand the unit over against the coupon: HQ asked, then one local transaction."""
        key = self.check_unit(view, raw_unit)
        at = now or utcnow()
        redemption_id = new_id()
        answer = self._online.redeem(CouponRedeemRequest(
            idempotency_key=redemption_id, code=view.code, gift_redemption_id=redemption_id,
            member_id=view.member_id, guide_id=guide.id, unit_code=key, redeemed_at=at))
        mode = decide(answer, self._online.paired(), self._policy(view.payload),
                      self._gift_price(view))
        try:
            with write_session(self._engine) as session:
                slip_no = write_gift(session, GiftWrite(
                    redemption_id, view, key, guide, self._terminal, mode, at))
        except IntegrityError:
            self._give_back(mode, redemption_id)
            raise self._already(view) from None
        except PosError:
            self._give_back(mode, redemption_id)
            raise
        slip = GiftSlip(
            store_name=self._terminal.store_name, slip_no=slip_no,
            redemption_id=redemption_id, redeemed_at=at.astimezone(),
            member_masked=view.member_masked, gift_name=view.gift_name or "",
            unit_key=key, guide_name=guide.name)
        return GiftRedeemed(redemption_id, slip, mode)

    def _gift_price(self, view: CouponView) -> int:
        with read_session(self._engine) as session:
            product = session.get(Product, view.gift_product_id)
            return product.price if product else 0

    def _give_back(self, mode: str, redemption_id: str) -> None:
        if mode == "online":
            self._online.release(redemption_id)

    def _already(self, view: CouponView) -> PosError:
        with read_session(self._engine) as session:
            done = session.exec(select(CouponRedemption).where(
                CouponRedemption.coupon_id == view.coupon_id)).first()
        if done is None:  # the unit's own UNIQUE: handed out a moment ago
            return PosError("unit_gifted", code=view.gift_sku or "")
        return _redeemed_here(done.slip_no, done.redeemed_at)


def _redeemed_here(slip_no: str, at: datetime) -> PosError:
    return PosError("coupon_redeemed_here", slip=slip_no,
                    time=at.astimezone().strftime("%Y-%m-%d %H:%M"))
