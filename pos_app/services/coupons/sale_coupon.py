"""A discount coupon at the sale (issue 17): read when scanned, redeemed with the sale.

Scanned: the code is verified offline (signature, key, validity, store, member: a coupon
naming a member needs that member, and a different attached member refuses it) and applied
to the cart; the pricing seam prices it (domain.coupons.rule). Nothing is written then.

Paid: before the sale's transaction HQ is asked, briefly (online.py, ~1.5 s), to redeem the
coupon for this sale; its refusal stops the payment, its silence leaves the coupon's offline
policy to decide (policy.py), worth = what the coupon took off this sale. Then the
coupon_redemption row and its `coupon.redeemed` event are written inside the sale's ONE
transaction (`write`); UNIQUE(coupon_id) refuses a coupon this till already redeemed. When
that transaction fails, HQ's hold is given back (`release`). A coupon that took nothing off
(its threshold not reached) is not redeemed: the customer keeps it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, insert
from sqlmodel import Session, select

from local_db.ids import new_id, utcnow
from local_db.models import CouponDefinition, CouponRedemption, Product
from local_db.uow import read_session
from pos_app.domain.cart import Cart, CartTotals
from pos_app.domain.coupons.rule import COUPON_KIND, DISCOUNT_KINDS, AppliedCoupon
from pos_app.domain.pricing import MANUAL_KINDS
from pos_app.errors import PosError
from pos_app.services import audit, outbox
from pos_app.services.context import TerminalInfo
from pos_app.services.coupons.codes import CouponReader
from pos_app.services.coupons.online import OnlineRedeemer
from pos_app.services.coupons.policy import OfflinePolicy, PolicySource, decide, held_policy
from sync.contract.coupons_api import CouponRedeemRequest
from sync.contract.events_coupons import CouponRedeemedPayload


@dataclass(frozen=True)
class HeldCoupon:
    """A coupon this sale redeems: HQ's answer (or the policy) taken, not yet written."""

    coupon: AppliedCoupon
    redemption_id: str  # also HQ's idempotency key
    mode: str  # online | offline
    worth: int  # fen the coupon took off this sale


class SaleCoupons:
    def __init__(self, engine: Engine, terminal: TerminalInfo, reader: CouponReader,
                 online: OnlineRedeemer, policy: PolicySource | None = None) -> None:
        self._engine = engine
        self._terminal = terminal
        self._reader = reader
        self._online = online
        self._policy = policy or held_policy(engine)

    def read(self, raw: str, member_id: str | None, sale_id: str | None = None
             ) -> AppliedCoupon:
        """The discount coupon `raw` proves, ready for the cart, or the PosError saying why
        not (a gift coupon goes to the gift screen; one redeemed on this till is refused).
        A typed short code is resolved by HQ, online only (`short`, for sale `sale_id`)."""
        if not raw.strip().upper().startswith("SFC1"):
            return self.short(raw, member_id, sale_id or new_id())
        view = self._reader.read(raw, member_id)
        if view.kind not in DISCOUNT_KINDS:
            raise PosError("coupon_is_gift")
        if view.payload.member_ref is not None and view.member_id is None:
            raise PosError("coupon_needs_member")
        self.refuse_redeemed(view.coupon_id)
        return AppliedCoupon(
            coupon_id=view.coupon_id, code=view.code, kind=view.kind,
            value=view.payload.value, min_spend=view.payload.min_spend,
            member_id=view.member_id if view.payload.member_ref else None,
            skus=self._bogo_skus(view.payload.campaign_ref) if view.kind == "bogo" else ())

    def short(self, raw: str, member_id: str | None, sale_id: str) -> AppliedCoupon:
        """A typed 10-character short code: it carries no terms and no signature, so only
        HQ can say what it is. HQ's redeem API answers with the terms and holds the coupon
        for `sale_id` (the sale is then written under that id; a void or a removal gives the
        hold back). Offline, or HQ silent: `coupon_short_needs_hq`, nothing held."""
        code = raw.strip().upper()
        redemption_id = new_id()
        answer = self._online.redeem(CouponRedeemRequest(
            idempotency_key=redemption_id, code=code, sale_id=sale_id, member_id=member_id,
            redeemed_at=utcnow()))
        if answer is None:
            raise PosError("coupon_short_needs_hq")
        decide(answer, True, OfflinePolicy(), 0)  # HQ's refusal, translated
        terms = answer.coupon
        if terms is None or terms.kind not in DISCOUNT_KINDS:
            self._online.release(redemption_id)
            raise PosError("coupon_is_gift" if terms is not None else "coupon_unknown_at_hq")
        self.refuse_redeemed(terms.coupon_id)
        value = {"percent_off": terms.value // 10, "bogo": 1}.get(terms.kind, terms.value)
        return AppliedCoupon(
            coupon_id=terms.coupon_id, code=code, kind=terms.kind, value=value,
            min_spend=terms.min_spend, member_id=terms.member_id, hold_key=redemption_id,
            hold_sale_id=sale_id, skus=self._skus(terms.product_ids))

    def _bogo_skus(self, campaign_ref: str) -> tuple[str, ...]:
        """A bogo coupon's products, as the coupon_definitions stream brought its campaign's
        bogo definition (the code carries no set); none held: every product."""
        with read_session(self._engine) as session:
            rows = session.exec(select(CouponDefinition.data).where(
                CouponDefinition.campaign_ref == campaign_ref,
                CouponDefinition.kind == "bogo")).all()
        ids = sorted({p for data in rows for p in json.loads(data).get("product_ids", [])})
        return self._skus(ids)

    def _skus(self, product_ids: list[str]) -> tuple[str, ...]:
        if not product_ids:
            return ()
        with read_session(self._engine) as session:
            return tuple(sorted(session.exec(select(Product.sku).where(
                Product.id.in_(product_ids))).all()))

    def refuse_redeemed(self, coupon_id: str) -> None:
        with read_session(self._engine) as session:
            done = session.exec(select(CouponRedemption).where(
                CouponRedemption.coupon_id == coupon_id)).first()
        if done is not None:
            raise PosError("coupon_redeemed_here", slip=done.slip_no or done.sale_id or "",
                           time=done.redeemed_at.astimezone().strftime("%Y-%m-%d %H:%M"))

    def hold(self, cart: Cart, totals: CartTotals, sale_id: str,
             at: datetime) -> list[HeldCoupon]:
        """Ask HQ (or the policy) for every coupon that took money off; PosError stops the
        sale, with any hold already taken given back."""
        held: list[HeldCoupon] = []
        try:
            for coupon in cart.coupons:
                worth = taken_by(totals, coupon.coupon_id)
                if not worth:
                    continue
                if coupon.member_id and cart.member_id is None:
                    raise PosError("coupon_needs_member")
                if coupon.hold_key:  # a short code: HQ holds it for this sale already
                    held.append(HeldCoupon(coupon, coupon.hold_key, "online", worth))
                    continue
                view = self._reader.read(coupon.code, cart.member_id, now=at)  # valid now
                self.refuse_redeemed(coupon.coupon_id)
                redemption_id = new_id()
                answer = self._online.redeem(CouponRedeemRequest(
                    idempotency_key=redemption_id, code=coupon.code, sale_id=sale_id,
                    member_id=cart.member_id, redeemed_at=at))
                mode = decide(answer, self._online.paired(), self._policy(view.payload), worth)
                held.append(HeldCoupon(coupon, redemption_id, mode, worth))
        except PosError:
            self.release(held)
            raise
        return held

    def release(self, held: list[HeldCoupon]) -> None:
        """Give HQ back what it holds for a sale that was not written (a short code's hold
        stays: the cart still holds the coupon, and a void or a removal gives it back)."""
        for h in held:
            if h.mode == "online" and not h.coupon.hold_key:
                self._online.release(h.redemption_id)

    def release_key(self, hold_key: str) -> bool:
        return self._online.release(hold_key)

    def write(self, session: Session, held: list[HeldCoupon], sale: dict[str, object],
              staff_id: str) -> None:
        """The redemptions inside the sale's transaction (the caller's session)."""
        t = self._terminal
        for h in held:
            at = sale["created_at"]
            session.connection().execute(insert(CouponRedemption.__table__), [{
                "id": h.redemption_id, "coupon_id": h.coupon.coupon_id, "campaign": "",
                "kind": h.coupon.kind, "member_id": str(sale.get("member_id") or ""),
                "store_id": t.store_id, "staff_id": staff_id, "unit_id": None,
                "unit_key": None, "sale_id": sale["id"], "mode": h.mode,
                "slip_no": str(sale["receipt_no"]), "redeemed_at": at}])
            outbox.enqueue(session, h.redemption_id, CouponRedeemedPayload(
                redemption_id=h.redemption_id, coupon_id=h.coupon.coupon_id,
                code_kind="short" if h.coupon.hold_key else "signed",
                store_id=t.store_id, terminal_id=t.terminal_id,
                sale_id=str(sale["id"]), receipt_no=str(sale["receipt_no"]),
                member_id=sale.get("member_id") or None,  # type: ignore[arg-type]
                redeemed_at=at, online=h.mode == "online"))  # type: ignore[arg-type]
            audit.append(session, "coupon_sale_redeemed", staff_id, h.redemption_id,
                         coupon=h.coupon.coupon_id, sale=str(sale["id"]), mode=h.mode,
                         worth=h.worth)


def taken_by(totals: CartTotals, coupon_id: str) -> int:
    """Fen the coupon `coupon_id` took off the priced cart."""
    return sum(a.amount for p in totals.lines for a in p.adjustments
               if a.rule.kind == COUPON_KIND and a.rule.rule_id == coupon_id)


def short_of_minimum(totals: CartTotals, coupon: AppliedCoupon) -> int:
    """Fen the sale is still short of `coupon`'s minimum spend (0 once reached, or with
    none). Read as the coupon's rule reads it: on what the campaigns and member prices left,
    before the cashier's discounts (which never make a coupon's threshold fail)."""
    if not coupon.min_spend:
        return 0
    left = sum(p.gross - sum(a.amount for a in p.adjustments
                             if a.rule.kind not in MANUAL_KINDS and a.rule.kind != COUPON_KIND)
               for p in totals.lines)
    return max(0, coupon.min_spend - left)
