"""`coupon.redeemed`: a till redeemed a coupon (issue 17), online or offline.

Queued in the same local transaction as the sale (`sale_id`) or the guide's gift redemption
(`gift_redemption_id`, with the gift unit's `unit_code`). For an online redemption HQ already
holds the row (made by POST /v1/coupons/redeem under `redemption_id`); the event confirms it.
For an offline one HQ accepts the first redemption of a coupon it sees and books any later
one as a `coupon_conflict` with both receipts, guides and units. Replays change nothing.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import model_validator

from sync.contract.fields import Id, Instant, Payload, Text, UnitKey


class CouponRedeemedPayload(Payload):
    entity_field: ClassVar[str | None] = "redemption_id"

    redemption_id: Id  # the till's id of this redemption (the online idempotency key)
    coupon_id: Id
    code_kind: Literal["signed", "short"]
    store_id: Id
    terminal_id: Id
    sale_id: Id | None = None  # exactly one of sale_id / gift_redemption_id
    gift_redemption_id: Id | None = None
    receipt_no: Text = ""
    member_id: Id | None = None
    guide_id: Id | None = None
    product_id: Id | None = None  # the gift's product, for a gift
    unit_code: UnitKey | None = None  # the gift unit handed out (its unit key)
    redeemed_at: Instant
    online: bool

    @model_validator(mode="after")
    def _one_target(self) -> CouponRedeemedPayload:
        if (self.sale_id is None) == (self.gift_redemption_id is None):
            raise ValueError("exactly one of sale_id and gift_redemption_id")
        if self.gift_redemption_id is not None and self.unit_code is None:
            raise ValueError("a gift redemption needs its unit_code")
        return self


class CouponRevivedPayload(Payload):
    """`coupon.revived`: a manager decided, at a return of the sale, that its coupon may be
    used again (audited on the till). HQ opens the coupon again and marks the redemption
    `revived`; a gift's coupon is never revived by a return."""

    entity_field: ClassVar[str | None] = "redemption_id"

    redemption_id: Id  # the redemption being undone
    coupon_id: Id
    store_id: Id
    terminal_id: Id
    return_id: Id
    manager_id: Id
    revived_at: Instant
