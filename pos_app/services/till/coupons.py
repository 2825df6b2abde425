"""`till.coupons`: the guide's gift redemption at this till (PRODUCT §5), for the screens.

The person signed in is the guide who hands the gift over (the unit, the redemption and the
slip name them); a member attached to the sale in progress must be the coupon's member. The
slip is printed after the commit: a printer out of paper never undoes a gift handed over,
and the slip can be printed again from the redemption.
"""

from __future__ import annotations

from pos_app.domain.gift_slip import GiftSlip
from pos_app.domain.permissions import Action
from pos_app.services.coupons import CouponView, GiftRedeemed
from pos_app.services.coupons.reconciliation import CouponReconciliationService
from pos_app.services.till.sale import SaleFeature
from pos_app.services.till.services import TillServices
from pos_app.services.till.session import TillSession


class CouponsFeature:
    def __init__(self, services: TillServices, session: TillSession, sale: SaleFeature) -> None:
        self._s = services
        self._session = session
        self._sale = sale

    def gift_coupon(self, raw: str) -> CouponView:
        """The gift coupon scanned, checked offline (member, gift, validity, where), or the
        PosError that says why it cannot be redeemed here."""
        self._session.staff_required()
        member = self._sale.member
        return self._s.gifts.inspect(raw, member.id if member else None)

    def is_gift(self, raw: str) -> bool:
        """Whether a coupon code scanned at the sale field is a gift coupon (the gift
        screen takes it), read without its checks: those come when the screen opens."""
        return self._s.gifts.looks_like_gift(raw)

    def check_unit(self, view: CouponView, raw: str) -> str:
        """The gift unit's key when `raw` is this coupon's gift in stock here."""
        return self._s.gifts.check_unit(view, raw)

    def give_gift(self, view: CouponView, raw_unit: str) -> GiftRedeemed:
        """Hand the unit over against the coupon (one transaction); the slip is printed by
        `print_slip` after, so a printer fault never undoes the gift."""
        return self._s.gifts.redeem(view, raw_unit, self._session.staff_required())

    def may_reconcile(self) -> bool:
        """Managers see HQ's coupon reconciliation (the right to HQ's campaign figures)."""
        return self._session.may(Action.SEE_CAMPAIGN_ROI)

    def reconciliation(self) -> CouponReconciliationService:
        """The service asking HQ for this store's reconciliation (call `report` off the GUI
        thread); refused to whoever may not see it."""
        self._session.require(Action.SEE_CAMPAIGN_ROI)
        return self._s.coupon_recon  # type: ignore[return-value]

    def print_slip(self, slip: GiftSlip) -> GiftSlip:
        return self._s.receipts.print_gift_slip(slip)
